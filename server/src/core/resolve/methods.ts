// The string and array methods prompts are built with (trim, join, slice, map...), evaluated without running them.
import { ts } from "../ts.ts";
import type { Evaluator } from "./evaluate.ts";
import type { TextPart } from "../types.ts";
import { alternativesOf, fullyStaticText, mergeParts, textKnownInFull, staticText, toTextParts, unknown, labelOf, type EvalScope, type TextValue, type Value } from "./values.ts";
import { bindValues, evaluateReturn } from "./calls.ts";
import { withTextCombinations } from "./text-alternatives.ts";
import { choice } from "./choice.ts";

/** How many objects a `find` is read as any of. */
const MAX_FOUND_AMONG = 50;
const OBJECT_KINDS: ReadonlySet<Value["kind"]> = new Set(["object", "instance"]);

/** String and array methods that keep text static, and the ones that stuff collections into prompts. */
export function evaluateMethod(evaluator: Evaluator, receiver: Value, method: string, node: ts.CallExpression, scope: EvalScope): Value | undefined {
  const args = node.arguments;
  if (receiver.kind === "text") {
    switch (method) {
      case "trim":
      case "trimStart":
      case "trimEnd": {
        const text = textKnownInFull(receiver);
        if (text === undefined) return receiver;
        return staticText(method === "trim" ? text.trim() : method === "trimStart" ? text.trimStart() : text.trimEnd(), firstOrigin(receiver));
      }
      case "toString":
      case "valueOf":
      case "normalize":
        return receiver;
      case "concat": {
        const parts = [...receiver.parts];
        for (const argument of args) parts.push(...evaluator.evaluateText(argument, scope));
        return { kind: "text", parts: mergeParts(parts) };
      }
      case "repeat": {
        const count = args[0] ? evaluator.evaluate(args[0], scope) : undefined;
        const text = fullyStaticText(receiver);
        if (count?.kind === "number" && text !== undefined && count.value >= 0 && count.value * text.length < 50_000_000) {
          return staticText(text.repeat(count.value));
        }
        return unknown(labelOf(node));
      }
      case "replace":
      case "replaceAll":
        return replaced(evaluator, receiver, method === "replaceAll", node, scope);
      case "toLowerCase":
      case "toUpperCase":
        return receiver;
      case "indexOf":
      case "lastIndexOf":
      case "slice":
      case "substring":
      case "split":
      case "charAt":
      case "startsWith":
      case "endsWith":
      case "includes":
        return staticTextMethod(evaluator, receiver, method, node, scope);
      default:
        return undefined;
    }
  }
  if (receiver.kind === "array") {
    if (method === "join") {
      const separatorValue = args[0] ? evaluator.evaluate(args[0], scope) : staticText(",");
      const separator = fullyStaticText(separatorValue) ?? "";
      return withTextCombinations(receiver.elements, (elements) => {
        const parts: TextPart[] = [];
        elements.forEach((element, index) => {
          if (index > 0) parts.push({ kind: "static", text: separator });
          parts.push(...toTextParts(element));
        });
        return { kind: "text", parts: mergeParts(parts) };
      });
    }
    if (method === "slice") {
      const start = args[0] ? evaluator.evaluate(args[0], scope) : undefined;
      const end = args[1] ? evaluator.evaluate(args[1], scope) : undefined;
      if ((!start || start.kind === "number") && (!end || end.kind === "number")) {
        return { kind: "array", elements: receiver.elements.slice(start?.value, end?.value) };
      }
      return { kind: "array", elements: receiver.elements };
    }
    if (method === "filter" || method === "reverse" || method === "toReversed" || method === "sort" || method === "toSorted") {
      // A filter keeps at most every element: the expensive case.
      return { kind: "array", elements: method === "reverse" || method === "toReversed" ? [...receiver.elements].reverse() : receiver.elements };
    }
    if (method === "map" || method === "flatMap") {
      const callback = args[0] ? evaluator.evaluate(args[0], scope) : undefined;
      if (callback?.kind !== "function" || receiver.elements.length > 200) return unknown(labelOf(node), { bounded: true });
      const mapped: Value[] = [];
      receiver.elements.forEach((element, index) => {
        const callScope = bindValues(evaluator, callback, [element, { kind: "number", value: index }]);
        const value = evaluator.guarded(callback.node, () => evaluateReturn(evaluator, callback.node, callScope), labelOf(node));
        if (method === "flatMap" && value.kind === "array") mapped.push(...value.elements);
        else mapped.push(value);
      });
      return { kind: "array", elements: mapped };
    }
    // One element of a list of objects (`providerList.find((provider) => provider.id === id)`, a registry of
    // providers): each of them, as a choice of objects is (the first stands; a call through it is each).
    if ((method === "find" || method === "findLast") && receiver.elements.length > 0 && receiver.elements.length <= MAX_FOUND_AMONG && receiver.elements.every((element) => OBJECT_KINDS.has(element.kind))) {
      return choice(receiver.elements, labelOf(node));
    }
    if (method === "concat") {
      const elements = [...receiver.elements];
      for (const argument of args) {
        const value = evaluator.evaluate(argument, scope);
        if (value.kind === "array") elements.push(...value.elements);
        else elements.push(value);
      }
      return { kind: "array", elements };
    }
    return undefined;
  }
  if (receiver.kind === "unknown") {
    // A collection of unknown size: bounded when sliced, filtered to a limit, or truncated on the way.
    if (BOUNDING_METHODS.has(method)) return unknown(receiver.label, { bounded: true });
    if (method === "join" || method === "map" || method === "flatMap" || method === "filter") {
      return unknown(labelOf(node), { bounded: receiver.collection?.bounded ?? false });
    }
  }
  return undefined;
}

/**
 * `name.indexOf("/")`, `name.slice(index + 1)`, `name.split("/")`, `id.endsWith(":1m")` on a text known in
 * full, with arguments known (a model id taken apart: `"openai/gpt-4o"` into provider and model; a suffix
 * tested before it is cut off, so only the branch that runs is read). The pieces keep what the text
 * was a fallback of. Not for a choice of texts, nor with a choice of arguments: the pieces of one way would
 * be read with the positions of another.
 */
function staticTextMethod(evaluator: Evaluator, receiver: TextValue, method: string, node: ts.CallExpression, scope: EvalScope): Value | undefined {
  const text = textKnownInFull(receiver);
  if (text === undefined || alternativesOf(receiver).length > 1) return undefined;
  const args: (string | number)[] = [];
  for (const argument of node.arguments) {
    const value = evaluator.evaluate(argument, scope);
    const known = value.kind === "number" ? value.value : fullyStaticText(value);
    if (known === undefined || alternativesOf(value).length > 1) return undefined;
    args.push(known);
  }
  const [first, second] = args;
  const piece = (value: string): TextValue => ({ ...staticText(value, firstOrigin(receiver)), ...(receiver.fallbackOf !== undefined ? { fallbackOf: receiver.fallbackOf } : {}), ...(receiver.stated ? { stated: receiver.stated } : {}) });
  if (method === "indexOf" || method === "lastIndexOf") {
    if (typeof first !== "string" || (second !== undefined && typeof second !== "number")) return undefined;
    return { kind: "number", value: method === "indexOf" ? text.indexOf(first, second) : text.lastIndexOf(first, second) };
  }
  if (method === "startsWith" || method === "endsWith" || method === "includes") {
    if (typeof first !== "string" || (second !== undefined && typeof second !== "number")) return undefined;
    return { kind: "boolean", value: method === "startsWith" ? text.startsWith(first, second) : method === "endsWith" ? text.endsWith(first, second) : text.includes(first, second) };
  }
  if (method === "charAt") return second === undefined && (first === undefined || typeof first === "number") ? piece(text.charAt(first ?? 0)) : undefined;
  if (method === "split") return typeof first === "string" && second === undefined ? { kind: "array", elements: text.split(first).map(piece) } : undefined;
  if ((first !== undefined && typeof first !== "number") || (second !== undefined && typeof second !== "number")) return undefined;
  return piece(method === "slice" ? text.slice(first, second) : text.substring(first ?? 0, second));
}

/**
 * `template.replace("{context}", documents)`: a run-time replacement puts run-time text into the prompt, at the
 * placeholder when the pattern is a text found in a static template, else after the text (a pattern known only at
 * run time). A static replacement barely changes the length, and exact pattern semantics need the run time: the text is kept.
 */
function replaced(evaluator: Evaluator, receiver: Extract<Value, { kind: "text" }>, all: boolean, node: ts.CallExpression, scope: EvalScope): Value {
  const [patternNode, replacementNode] = node.arguments;
  const replacement = replacementNode ? evaluator.evaluate(replacementNode, scope) : undefined;
  if (!replacement || replacement.kind === "function") return receiver;
  const inserted = toTextParts(replacement);
  // A static replacement barely changes the length; one standing beside a run-time value (`reflections || ""`) is that value.
  if (inserted.every((part) => part.kind === "static" && part.orRunTime === undefined)) return receiver;
  const pattern = patternNode ? fullyStaticText(evaluator.evaluate(patternNode, scope)) : undefined;
  const text = fullyStaticText(receiver);
  const at = pattern && text !== undefined ? text.indexOf(pattern) : -1;
  if (!pattern || text === undefined || at === -1) return { kind: "text", parts: mergeParts([...receiver.parts, ...inserted]) };
  const pieces = all ? text.split(pattern) : [text.slice(0, at), text.slice(at + pattern.length)];
  const origin = firstOrigin(receiver);
  const parts: TextPart[] = [];
  pieces.forEach((piece, index) => {
    if (index > 0) parts.push(...inserted);
    parts.push(...staticText(piece, origin).parts);
  });
  return { kind: "text", parts: mergeParts(parts) };
}

export const BOUNDING_METHODS = new Set(["slice", "splice", "substring", "substr", "take", "limit", "truncate", "at", "first", "last"]);

export function firstOrigin(value: Extract<Value, { kind: "text" }>) {
  const first = value.parts[0];
  return first?.kind === "static" ? first.origin : undefined;
}
