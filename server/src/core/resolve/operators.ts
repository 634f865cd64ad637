// Operators on values: templates, `+`, `??`/`||`/`&&`, comparisons, ternaries, array literals, truthiness.
import { ts } from "../ts.ts";
import type { Evaluator } from "./evaluate.ts";
import type { TextPart } from "../types.ts";
import { alternativesOf, fullyStaticText, mergeParts, defaultFor, staticText, toTextParts, unknown, labelOf, type ArrayValue, type EvalScope, type Value } from "./values.ts";
import { choice } from "./choice.ts";
import { withTextCombinations } from "./text-alternatives.ts";
import { innerExpression } from "../inner-expression.ts";

export function evaluateTemplate(evaluator: Evaluator, node: ts.TemplateExpression, scope: EvalScope): Value {
  const values = node.templateSpans.map((span) => evaluator.evaluate(span.expression, scope));
  return withTextCombinations(values, (pieces) => {
    const parts: TextPart[] = [{ kind: "static", text: node.head.text }];
    node.templateSpans.forEach((span, index) => {
      const value = pieces[index]!;
      if (value.kind === "text" || value.kind === "number" || value.kind === "boolean") {
        parts.push(...toTextParts(value));
      } else {
        parts.push(...dynamicParts(evaluator, value, span.expression));
      }
      parts.push({ kind: "static", text: span.literal.text });
    });
    return { kind: "text", parts: mergeParts(parts) };
  });
}

/** A value that is not text, placed into text: one dynamic part that remembers where it is written. */
export function dynamicParts(evaluator: Evaluator, value: Value, expression: ts.Expression): TextPart[] {
  const offsets = { start: expression.getStart(), end: expression.getEnd() };
  const file = expression.getSourceFile().fileName;
  if (value.kind === "unknown") {
    const part: TextPart = { kind: "dynamic", label: value.label, offsets, file };
    return [value.collection ? { ...part, collection: value.collection } : part];
  }
  if (value.kind === "array") return [{ kind: "dynamic", label: labelOf(expression), offsets, file, collection: { bounded: true } }];
  return [{ kind: "dynamic", label: labelOf(expression), offsets, file }];
}

export function evaluateBinary(evaluator: Evaluator, node: ts.BinaryExpression, scope: EvalScope): Value {
  const operator = node.operatorToken.kind;
  if (operator === ts.SyntaxKind.PlusToken) {
    const left = evaluator.evaluate(node.left, scope);
    const right = evaluator.evaluate(node.right, scope);
    if (left.kind === "number" && right.kind === "number") return { kind: "number", value: left.value + right.value };
    return withTextCombinations([left, right], ([leftPiece, rightPiece]) => {
      const leftParts = leftPiece!.kind === "text" || leftPiece!.kind === "number" ? toTextParts(leftPiece!) : dynamicParts(evaluator, leftPiece!, node.left);
      const rightParts = rightPiece!.kind === "text" || rightPiece!.kind === "number" ? toTextParts(rightPiece!) : dynamicParts(evaluator, rightPiece!, node.right);
      return { kind: "text", parts: mergeParts([...leftParts, ...rightParts]) };
    });
  }
  if (operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.BarBarToken) {
    // `process.env.MODEL ?? "gpt-4o"`: the left side is unknown at analysis time, so the fallback stands,
    // marked as such for the hover.
    const left = evaluator.evaluate(node.left, scope);
    // `MODEL_ALIASES[model] ?? model`: a read with a run-time key is one of the table's values when the key
    // is in the table, and misses it otherwise, so the right side is a way too.
    if (left.kind !== "unknown" && readsWithRunTimeKey(evaluator, node.left, scope)) return tableOrFallback(left, evaluator.evaluate(node.right, scope), labelOf(node));
    return orElse(left, () => evaluator.evaluate(node.right, scope), labelOf(node.left), operator === ts.SyntaxKind.QuestionQuestionToken);
  }
  if (operator === ts.SyntaxKind.AmpersandAmpersandToken) {
    const left = evaluator.evaluate(node.left, scope);
    const truth = truthiness(left);
    if (truth === false) return left;
    if (truth === true) return evaluator.evaluate(node.right, scope);
    return unknown(labelOf(node));
  }
  if (EQUALITY_OPERATORS.has(operator)) {
    // Compared over every alternative of each side: known only when all of them agree.
    const lefts = alternativesOf(evaluator.evaluate(node.left, scope)).map((value) => fullyStaticText(value));
    const rights = alternativesOf(evaluator.evaluate(node.right, scope)).map((value) => fullyStaticText(value));
    if (lefts.includes(undefined) || rights.includes(undefined)) return unknown(labelOf(node));
    const negated = operator === ts.SyntaxKind.ExclamationEqualsEqualsToken || operator === ts.SyntaxKind.ExclamationEqualsToken;
    const outcomes = new Set(lefts.flatMap((left) => rights.map((right) => (left === right) !== negated)));
    return outcomes.size === 1 ? { kind: "boolean", value: [...outcomes][0]! } : unknown(labelOf(node));
  }
  if (operator === ts.SyntaxKind.CommaToken) return evaluator.evaluate(node.right, scope);
  if (operator === ts.SyntaxKind.AsteriskToken || operator === ts.SyntaxKind.MinusToken || operator === ts.SyntaxKind.SlashToken) {
    const left = evaluator.evaluate(node.left, scope);
    const right = evaluator.evaluate(node.right, scope);
    if (left.kind === "number" && right.kind === "number") {
      const value = operator === ts.SyntaxKind.AsteriskToken ? left.value * right.value : operator === ts.SyntaxKind.MinusToken ? left.value - right.value : left.value / right.value;
      return { kind: "number", value };
    }
  }
  return unknown(labelOf(node));
}

export function evaluateArray(evaluator: Evaluator, node: ts.ArrayLiteralExpression, scope: EvalScope): ArrayValue | Value {
  const elements: Value[] = [];
  for (const element of node.elements) {
    if (ts.isSpreadElement(element)) {
      const spread = evaluator.evaluate(element.expression, scope);
      if (spread.kind === "array") elements.push(...spread.elements);
      // A spread keeps what is known of the collection: `...history.slice(-20)` stays bounded.
      else elements.push(unknown(labelOf(element.expression), spread.kind === "unknown" && spread.collection ? spread.collection : { bounded: false }));
    } else {
      elements.push(evaluator.evaluate(element, scope));
    }
  }
  return { kind: "array", elements, node };
}

export function evaluateConditional(evaluator: Evaluator, node: ts.ConditionalExpression, scope: EvalScope): Value {
  const truth = conditionTruth(evaluator.evaluate(node.condition, scope));
  if (truth === true) return evaluator.evaluate(node.whenTrue, scope);
  if (truth === false) return evaluator.evaluate(node.whenFalse, scope);
  return choice([evaluator.evaluate(node.whenTrue, scope), evaluator.evaluate(node.whenFalse, scope)], labelOf(node));
}

export const EQUALITY_OPERATORS = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);

/**
 * `left || right` (`left ?? right` when `nullish`), its left side read: a left side known only at run time
 * stands for what the user sets, and a text on the right is its default (`process.env.MODEL ?? "gpt-4o"`).
 */
export function orElse(left: Value, readRight: () => Value, leftLabel: string, nullish = false): Value {
  const leftTruth = !nullish ? truthiness(left) : left.kind === "null" ? false : left.kind === "unknown" ? undefined : true;
  if (leftTruth === true) return left;
  const right = readRight();
  if (leftTruth === undefined && left.kind === "unknown" && right.kind === "text") return defaultFor(right, left.label, left.stated);
  // `configurable.queryModel || "openai/gpt-4o"` where `configurable` is read off a parameter of a package's
  // type (LangGraph's RunnableConfig): a field of it is as unknown as any run-time value, so the text stands.
  if (leftTruth === undefined && left.kind === "external" && !left.alternatives && right.kind === "text") return defaultFor(right, leftLabel);
  // `env.SMALL_MODEL ?? env.MODEL`: the first the project states a value for is the one a user gets.
  if (leftTruth === undefined && left.kind === "unknown" && right.kind === "unknown" && left.stated) return left;
  return leftTruth === undefined && left.kind !== "unknown" ? left : right;
}

/** Whether a value is truthy, when that is known at analysis time. */
export function truthiness(value: Value): boolean | undefined {
  switch (value.kind) {
    case "boolean":
      return value.value;
    case "null":
      return false;
    case "number":
      return value.alternatives ? sameTruthiness(value.alternatives) : value.value !== 0;
    case "text": {
      if (value.alternatives) return sameTruthiness(value.alternatives);
      const text = fullyStaticText(value);
      return text === undefined ? (value.parts.some((part) => part.kind === "static" && part.text.length > 0) ? true : undefined) : text.length > 0;
    }
    case "object":
    case "array":
    case "function":
    case "class":
    case "instance":
    case "record":
    case "namespace":
      return true;
    case "unknown":
      return value.truthy;
    default:
      return undefined;
  }
}

/** The truthiness every alternative has (`this.constructor._model ? ... : ""` where each subclass names a model), when they agree. */
function sameTruthiness(alternatives: readonly Value[]): boolean | undefined {
  const first = alternatives[0] && truthiness(alternatives[0]);
  return first !== undefined && alternatives.every((alternative) => truthiness(alternative) === first) ? first : undefined;
}

/**
 * Whether a condition holds, as truthiness, and for an env read the value a user gets with the project's
 * committed env example: set there (`OPENAI_KEY="YOUR_KEY"`) is true, left out or commented out there
 * (`# FIREWORKS_KEY=`) is false. Without an example, an env read stays undecided: both ways are kept.
 */
export function conditionTruth(value: Value): boolean | undefined {
  const truth = truthiness(value);
  if (truth !== undefined || value.kind !== "unknown" || value.env === undefined) return truth;
  if (value.stated) return value.stated.text.length > 0;
  return value.unsetInExample !== undefined ? false : undefined;
}

/** `typeof config.provider`: known when every alternative of the operand is of one JavaScript type. */
export function evaluateTypeOf(evaluator: Evaluator, node: ts.TypeOfExpression, scope: EvalScope): Value {
  const types = new Set(alternativesOf(evaluator.evaluate(node.expression, scope)).map(typeOfValue));
  const [type] = types;
  return types.size === 1 && type !== undefined ? staticText(type) : unknown(labelOf(node));
}

function typeOfValue(value: Value): string | undefined {
  switch (value.kind) {
    case "text":
      return "string";
    case "number":
    case "boolean":
      return value.kind;
    case "object":
    case "instance":
    case "array":
      return "object";
    case "function":
    case "class":
      return "function";
    default:
      return undefined;
  }
}

export function evaluatePrefixUnary(evaluator: Evaluator, unary: ts.PrefixUnaryExpression, scope: EvalScope): Value {
  const operand = evaluator.evaluate(unary.operand, scope);
  if (unary.operator === ts.SyntaxKind.ExclamationToken) {
    const truth = truthiness(operand);
    return truth === undefined ? unknown(labelOf(unary)) : { kind: "boolean", value: !truth };
  }
  if (unary.operator === ts.SyntaxKind.MinusToken && operand.kind === "number") return { kind: "number", value: -operand.value };
  return unknown(labelOf(unary));
}

/** `TABLE[key]` (in parentheses, `as`, `!` too) with a key some way of which is not known statically. */
function readsWithRunTimeKey(evaluator: Evaluator, expression: ts.Expression, scope: EvalScope): boolean {
  const read = innerExpression(expression);
  if (!ts.isElementAccessExpression(read)) return false;
  return alternativesOf(evaluator.evaluate(read.argumentExpression, scope)).some((key) => fullyStaticText(key) === undefined);
}

/** `TABLE[key]` or a member of its entry (`MODELS[name].value`) with a key some way of which is not known statically. */
export function readsEntryWithRunTimeKey(evaluator: Evaluator, expression: ts.Expression, scope: EvalScope): boolean {
  let read = innerExpression(expression);
  while (ts.isPropertyAccessExpression(read)) read = innerExpression(read.expression);
  return readsWithRunTimeKey(evaluator, read, scope);
}

/**
 * The table's values or the fallback: each of them when all are known; the fallback as it is when it is only
 * known at run time (`?? model` with the model from a request: the table's values are not the way that
 * runs, only some requests' way), never the table's values as if certain.
 */
function tableOrFallback(table: Value, fallback: Value, label: string): Value {
  if (fallback.kind === "unknown") return fallback;
  if (alternativesOf(fallback).some((value) => value.kind === "unknown")) return unknown(label);
  return choice([table, fallback], label);
}
