import { ts } from "../ts.ts";
import type { Evaluator } from "./evaluate.ts";
import { fullyStaticText, type Value } from "./values.ts";

/** A plain JSON value when every leaf is known (bounded in depth and size), else undefined. */
export function staticJson(evaluator: Evaluator, value: Value, depth = 0): unknown {
  if (depth > 16) return undefined;
  switch (value.kind) {
    case "text":
      return fullyStaticText(value);
    case "number":
    case "boolean":
      return value.value;
    case "null":
      return null;
    case "array": {
      if (value.elements.length > 10_000) return undefined;
      const items = value.elements.map((element) => staticJson(evaluator, element, depth + 1));
      return items.includes(undefined) ? undefined : items;
    }
    case "object": {
      const result: Record<string, unknown> = {};
      for (const property of value.node.properties) {
        if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) return undefined;
        const name = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name) || ts.isNumericLiteral(property.name)) ? property.name.text : undefined;
        if (name === undefined) return undefined;
        const member = evaluator.objectProperty(value, name);
        const json = member ? staticJson(evaluator, member, depth + 1) : undefined;
        if (json === undefined) return undefined;
        result[name] = json;
      }
      return result;
    }
    default:
      return undefined;
  }
}
