// A zod schema parsing the environment (`z.object({ MODEL: z.string().default("gpt-4o-mini") }).parse(process.env)`,
// then `.transform((val) => ({ inference: { model: val.MODEL } }))`): what the parse gives, read without running
// it. Each field is the env variable it names, or the schema's default for it, marked as the fallback of that
// variable (as `process.env.MODEL ?? "gpt-4o-mini"` is) so a value the project states for the variable wins.
import { ts } from "../ts.ts";
import type { Evaluator } from "./evaluate.ts";
import { bindValues } from "./calls.ts";
import { runTimeValues } from "./run-time-values.ts";
import { choice } from "./choice.ts";
import { defaultFor, unknown, type AccessStep, type EvalScope, type ExternalValue, type Value } from "./values.ts";

const ZOD_MODULE = /^zod(\/|$)/;
/** Object schemas: the first method of a chain whose argument is the shape. */
const OBJECT_SCHEMAS = new Set(["object", "strictObject", "looseObject"]);
/** Methods after which a parse gives the value an absent input takes. */
const DEFAULTS = new Set(["default", "prefault", "catch"]);
/** Methods that change a field's accepted values or checks, not its value (refinements, optionality, coercions). */
const KEEPING = new Set([
  "string", "number", "boolean", "bigint", "date", "enum", "nativeEnum", "literal", "union", "array", "any", "unknown",
  "url", "email", "uuid", "min", "max", "length", "int", "positive", "nonnegative", "negative", "nonpositive", "regex",
  "startsWith", "endsWith", "trim", "optional", "nullable", "nullish", "refine", "superRefine", "check", "describe",
  "brand", "readonly", "passthrough", "strict", "strip", "finite", "safe", "multipleOf", "nonempty", "gt", "gte", "lt", "lte",
]);

interface SchemaMethod {
  name: string;
  args: readonly ts.Expression[];
  scope: EvalScope;
}

/** The input a schema parses: the environment (each field an env variable) or a value. */
type Input = { kind: "env"; file: string } | { kind: "value"; value: Value };

/**
 * `schema.parse(input)` and `schema.safeParse(input)` of a zod schema the evaluator can follow; undefined when
 * the call is none, or the schema uses a method not read here (the call then stays an external value).
 */
export function evaluateSchemaParse(evaluator: Evaluator, target: ExternalValue, node: ts.CallExpression, scope: EvalScope): Value | undefined {
  if (!ZOD_MODULE.test(target.module)) return undefined;
  const last = target.steps[target.steps.length - 1];
  if (last?.kind !== "property" || !["parse", "parseAsync", "safeParse", "safeParseAsync"].includes(last.name)) return undefined;
  const methods = schemaMethods(target.steps.slice(0, -1));
  const argument = node.arguments[0];
  if (!methods || !argument) return undefined;
  const input: Input = isEnvironment(argument) ? { kind: "env", file: scope.file.path } : { kind: "value", value: evaluator.evaluate(argument, scope) };
  const parsed = parseWith(evaluator, methods, input, argument.getText().replace(/\s+/g, ""));
  if (!parsed) return undefined;
  if (last.name.startsWith("safeParse")) return { kind: "record", name: "safeParse", members: new Map<string, Value>([["success", { kind: "boolean", value: true }], ["data", parsed]]) };
  return parsed;
}

/** `z.coerce.number().int().default(3)` as its methods; undefined when a property is read after a method. */
function schemaMethods(steps: readonly AccessStep[]): SchemaMethod[] | undefined {
  const methods: SchemaMethod[] = [];
  for (let index = 0; index < steps.length; index++) {
    const step = steps[index]!;
    const next = steps[index + 1];
    if (step.kind === "property" && next?.kind === "call") {
      methods.push({ name: step.name, args: next.args, scope: next.scope });
      index++;
    } else if (step.kind !== "property" || methods.length > 0) return undefined;
  }
  return methods.length > 0 ? methods : undefined;
}

function isEnvironment(argument: ts.Expression): boolean {
  const text = argument.getText().replace(/\s+/g, "");
  return text === "process.env" || text === "import.meta.env";
}

/** What a parse with these methods gives for an input; undefined when a method is not read here. */
function parseWith(evaluator: Evaluator, methods: readonly SchemaMethod[], input: Input, label: string): Value | undefined {
  const last = methods[methods.length - 1];
  if (!last) return undefined;
  const inner = methods.slice(0, -1);
  if (OBJECT_SCHEMAS.has(last.name) && inner.length === 0) return parseObject(evaluator, last, input, label);
  if (last.name === "extend" && inner.length > 0) {
    const base = parseWith(evaluator, inner, input, label);
    const added = parseObject(evaluator, last, input, label);
    return base?.kind === "record" && added?.kind === "record" ? { ...base, members: new Map([...base.members, ...added.members]) } : undefined;
  }
  const value = (): Value | undefined => (inner.length > 0 ? parseWith(evaluator, inner, input, label) : inputValue(input, label));
  if (last.name === "transform") {
    const parsed = value();
    const callback = last.args[0] ? evaluator.evaluate(last.args[0], last.scope) : undefined;
    if (!parsed || callback?.kind !== "function") return undefined;
    const callScope = bindValues(evaluator, callback, [parsed, unknown("ctx")]);
    const body = callback.node.body;
    if (!body) return undefined;
    // `ctx.addIssue(...); return z.NEVER;`: that path fails the parse, it gives no value.
    const returned = ts.isBlock(body) ? returnedExpressions(body) : [body];
    const values = evaluator.guarded(callback.node, () => choice(returned.map((expression) => evaluator.evaluate(expression, callScope)).filter((one) => !isNever(one)), label), label);
    return values.kind === "unknown" ? undefined : values;
  }
  if (DEFAULTS.has(last.name)) {
    const given = inputValue(input, label);
    if (given.kind !== "unknown" || !last.args[0]) return value();
    const fallback = evaluator.evaluate(last.args[0], last.scope);
    // `.prefault(x)`: x is parsed by the schema before it (`z.string().prefault("false").transform(toBoolean)`).
    const defaulted: Value = fallback.kind === "text" ? defaultFor(fallback, given.label, given.stated) : given.stated ? given : fallback;
    return last.name === "prefault" && inner.length > 0 ? parseWith(evaluator, inner, { kind: "value", value: defaulted }, label) : defaulted;
  }
  if (KEEPING.has(last.name)) return value();
  return undefined;
}

/** `z.object({ ... })` (or the shape `.extend` adds): each field parsed from the input's field of that name. */
function parseObject(evaluator: Evaluator, method: SchemaMethod, input: Input, label: string): Value | undefined {
  const shape = method.args[0];
  if (!shape || !ts.isObjectLiteralExpression(shape)) return undefined;
  const members = new Map<string, Value>();
  for (const property of shape.properties) {
    if (!ts.isPropertyAssignment(property) || !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) continue;
    const name = property.name.text;
    const fieldLabel = `${label}.${name}`;
    const fieldInput: Input = input.kind === "env" ? { kind: "value", value: runTimeValues(evaluator).envRead(name, fieldLabel, input.file) } : { kind: "value", value: evaluator.getProperty(input.value, name) };
    const schema = evaluator.evaluate(property.initializer, method.scope);
    const methods = schema.kind === "external" && ZOD_MODULE.test(schema.module) ? schemaMethods(schema.steps) : undefined;
    members.set(name, (methods && parseWith(evaluator, methods, fieldInput, fieldLabel)) ?? inputValue(fieldInput, fieldLabel));
  }
  return { kind: "record", name: label, members };
}

function inputValue(input: Input, label: string): Value {
  return input.kind === "value" ? input.value : unknown(label);
}

/** `z.NEVER`, what a transform returns when it fails the parse. */
function isNever(value: Value): boolean {
  const last = value.kind === "external" && ZOD_MODULE.test(value.module) ? value.steps[value.steps.length - 1] : undefined;
  return last?.kind === "property" && last.name === "NEVER";
}

/** The expressions a function body returns, not those of functions nested in it. */
function returnedExpressions(body: ts.Block): ts.Expression[] {
  const found: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) found.push(node.expression);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}
