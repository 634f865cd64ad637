// Calls: project functions evaluated with their arguments bound, SDK and package calls kept symbolic, `new`,
// and the value a function returns.
import { ts } from "../ts.ts";
import type { Evaluator } from "./evaluate.ts";
import { evaluateBuiltinCall, evaluateJsonStringify } from "./builtins.ts";
import { evaluateDedentCall } from "./dedent-calls.ts";
import { findDeclaration } from "./scope.ts";
import { alternativesOf, fullyStaticText, staticText, toTextParts, unknown, labelOf, type EvalScope, type ExternalValue, type FunctionValue, type Value } from "./values.ts";
import { choice, eachAlternative } from "./choice.ts";
import { valueFromTypeAnnotation, valueFromTypeNode } from "./declarations.ts";
import { isUnfollowed, typedValue } from "./declared-types.ts";
import { accessedName, getProperty, objectProperty } from "./members.ts";
import { evaluateMethod } from "./methods.ts";
import { evaluateSchemaParse } from "./schema-defaults.ts";
import { evaluateStoreRead } from "./store-hooks.ts";
import { evaluateDynamicImport, evaluateRequire, exportedValue, isDynamicImport, isRequireCall } from "./modules.ts";
import { conditionTruth, readsEntryWithRunTimeKey, truthiness } from "./operators.ts";
import { isNullish } from "./mutations.ts";
import { innerExpression } from "../inner-expression.ts";

export function evaluateCall(evaluator: Evaluator, node: ts.CallExpression, scope: EvalScope): Value {
  if (isRequireCall(node)) return evaluateRequire(evaluator, node, scope);
  if (isDynamicImport(node)) return evaluateDynamicImport(evaluator, node, scope);
  const callee = node.expression;
  if (isGlobalJsonStringify(callee)) return evaluateJsonStringify(evaluator, node, scope);
  // Methods of strings and arrays that prompts are built with.
  if (ts.isPropertyAccessExpression(callee) || ts.isPropertyAccessChain(callee)) {
    const method = accessedName(callee.name);
    const receiver = evaluator.evaluate(callee.expression, scope);
    const builtin = evaluateMethod(evaluator, receiver, method, node, scope);
    if (builtin) return builtin;
    if (receiver.kind === "object" || receiver.kind === "instance" || receiver.kind === "class" || receiver.kind === "namespace") {
      const member = receiver.kind === "object" && !receiver.alternatives ? objectProperty(evaluator, receiver, method) : getProperty(evaluator, receiver, method);
      if (settlesToReceiver(receiver, method, member)) return receiver;
      const members = member ? eachAlternative(member) : undefined;
      if (members) return choice(members.map((one) => (one.kind === "function" ? callFunction(evaluator, one, node, scope) : one.kind === "external" ? callExternal(evaluator, one, node, scope) : unknown(labelOf(node)))), labelOf(node));
      if (member?.kind === "function") return callFunction(evaluator, member, node, scope);
      if (member?.kind === "external") return callExternal(evaluator, member, node, scope);
      return unknown(labelOf(node));
    }
    if (receiver.kind === "external") return callExternal(evaluator, getProperty(evaluator, receiver, method) as ExternalValue, node, scope);
    if (receiver.kind === "function" && method === "bind") return boundFunction(evaluator, receiver, node, scope);
    return unknown(labelOf(node));
  }
  const target = evaluator.evaluate(callee, scope);
  if (target.kind === "function") return callFunction(evaluator, target, node, scope);
  if (target.kind === "external") return callExternal(evaluator, target, node, scope);
  if (target.kind === "namespace") {
    // `const ask = require("./ask")` where the module assigns a function to module.exports.
    const exported = exportedValue(evaluator, target.file, "default");
    if (exported.kind === "function") return callFunction(evaluator, exported, node, scope);
  }
  return unknown(labelOf(node));
}

/**
 * `promise.catch(handler)`, `promise.finally(cleanup)` on an object or instance without such a member of its
 * own (`await (async () => ({ client: build() }))().catch(...)`): awaited, the value the promise settles to
 * when it does not fail, as an `await` alone is read (a promise is its value here). The handler's value, on
 * failure, is not an alternative: no request is made with what a failure gives.
 */
function settlesToReceiver(receiver: Value, method: string, member: Value | undefined): boolean {
  if (method !== "catch" && method !== "finally") return false;
  if (receiver.kind !== "object" && receiver.kind !== "instance") return false;
  return member === undefined || (member.kind === "unknown" && !eachAlternative(member));
}

/**
 * `this.#handleChat.bind(this)`: the same function, `this` inside it the value bound (when it is known; a
 * method read from an instance already has that instance). Arguments bound with it are not followed.
 */
function boundFunction(evaluator: Evaluator, fn: FunctionValue, node: ts.CallExpression, scope: EvalScope): Value {
  const thisArgument = node.arguments[0];
  const thisValue = thisArgument ? evaluator.evaluate(thisArgument, scope) : undefined;
  if (!thisValue || thisValue.kind === "unknown" || thisValue.kind === "null") return fn;
  return { ...fn, scope: { file: fn.scope.file, thisValue, parent: fn.scope } };
}

export function callExternal(evaluator: Evaluator, target: ExternalValue, node: ts.CallExpression, scope: EvalScope): Value {
  const alternatives = eachAlternative(target);
  // A package's value beside the project's (an SDK object or a project class implementing its shape): each called as what it is.
  if (alternatives) return choice(alternatives.map((alternative) => (alternative.kind === "external" ? callExternal(evaluator, alternative, node, scope) : alternative.kind === "function" ? callFunction(evaluator, alternative, node, scope) : unknown(labelOf(node)))), labelOf(node));
  const builtin = evaluateBuiltinCall(evaluator, target, node, scope) ?? evaluateDedentCall(evaluator, target, node, scope) ?? evaluateSchemaParse(evaluator, target, node, scope) ?? evaluateStoreRead(evaluator, target, node);
  if (builtin) return builtin;
  return { kind: "external", module: target.module, steps: [...target.steps, { kind: "call", args: node.arguments, scope, node }] };
}

export function evaluateNew(evaluator: Evaluator, node: ts.NewExpression, scope: EvalScope): Value {
  if (ts.isIdentifier(node.expression) && node.expression.text === "Proxy" && !findDeclaration("Proxy", node)) return proxyTarget(evaluator, node, scope);
  const target = evaluator.evaluate(node.expression, scope);
  // A package's classes beside the project's (a table of embedding classes read with a run-time key): an
  // instance of each, the package's ones as clients, so neither kind hides the other.
  const mixed = target.kind === "class" || target.kind === "external" ? target.alternatives : undefined;
  if (mixed && mixed.some((way) => way.kind === "class") && mixed.some((way) => way.kind === "external")) {
    return choice(mixed.map((way) => (way.kind === "class" || way.kind === "external" ? constructed(way, node, scope) : unknown(labelOf(node)))), labelOf(node));
  }
  if (target.kind === "external") {
    if (isUrlConstructor(target)) return evaluateUrl(evaluator, node, scope);
    return { kind: "external", module: target.module, steps: [...target.steps, { kind: "new", args: node.arguments ?? [], scope, node }] };
  }
  if (ts.isIdentifier(node.expression) && node.expression.text === "URL" && !findDeclaration("URL", node)) return evaluateUrl(evaluator, node, scope);
  if (target.kind === "class") {
    const construction = { args: node.arguments ?? [], scope };
    // `new cls()` where `cls = providerToEngine[provider]`: an instance of one of the table's classes.
    const classes = target.alternatives && target.alternatives.length > 1 ? target.alternatives.filter((alternative) => alternative.kind === "class") : [];
    if (classes.length > 1) return choice(classes.map((alternative) => ({ kind: "instance", node: alternative.node, scope: alternative.scope, construction })), labelOf(node));
    return { kind: "instance", node: target.node, scope: target.scope, construction };
  }
  return unknown(labelOf(node));
}

/**
 * `new Proxy(model, handler)` (a memory or tracing layer over a model or client) forwards to its target: the
 * handler may run code around a method, the requests stay the target's. An empty object's proxy (a client
 * made on first use: `new Proxy({} as OpenAI, { get: ... })`) is what the handler returns, not known here:
 * unknown, so a declared type (`const openai: OpenAI = new Proxy(...)`) still says what it is.
 */
function proxyTarget(evaluator: Evaluator, node: ts.NewExpression, scope: EvalScope): Value {
  const target = node.arguments?.[0];
  const value = target ? evaluator.evaluate(target, scope) : undefined;
  if (!value || (value.kind === "object" && value.node.properties.length === 0 && !value.alternatives)) return unknown(labelOf(node));
  return value;
}

/** `new` of one class: an instance of a project class, a client of a package's. */
function constructed(target: Extract<Value, { kind: "class" | "external" }>, node: ts.NewExpression, scope: EvalScope): Value {
  if (target.kind === "external") return { kind: "external", module: target.module, steps: [...target.steps, { kind: "new", args: node.arguments ?? [], scope, node }] };
  return { kind: "instance", node: target.node, scope: target.scope, construction: { args: node.arguments ?? [], scope } };
}

/**
 * `new URL("./prompt.md", import.meta.url)`: a file URL when both parts are known. A known path on a base
 * only known at run time (`new URL("chat/completions", this.apiBase)`) is the base's text then the path,
 * so an HTTP request's endpoint can still be read from it.
 */
export function evaluateUrl(evaluator: Evaluator, node: ts.NewExpression, scope: EvalScope): Value {
  const [relative, base] = node.arguments ?? [];
  if (!relative) return unknown(labelOf(node));
  // `new URL("https://host/v1/path")`: the URL the text is.
  if (!base) {
    const whole = evaluator.evaluate(relative, scope);
    return whole.kind === "text" ? whole : unknown(labelOf(node));
  }
  const relativeValue = evaluator.evaluate(relative, scope);
  const relativeText = fullyStaticText(relativeValue);
  const baseValue = evaluator.evaluate(base, scope);
  const baseText = fullyStaticText(baseValue);
  const leading = relativeValue.kind === "text" && relativeValue.parts[0]?.kind === "static" ? relativeValue.parts[0].text : "";
  if ((relativeText === undefined || baseText === undefined) && relativeValue.kind === "text" && !/^[a-z][a-z+.-]*:/i.test(leading)) {
    return { kind: "text", parts: [...toTextParts(baseValue), ...relativeValue.parts] };
  }
  if (relativeText === undefined || baseText === undefined) return unknown(labelOf(node));
  try {
    return staticText(new URL(relativeText, baseText).href);
  } catch {
    return unknown(labelOf(node));
  }
}

/** Calls a project function with the caller's arguments bound to its parameters and evaluates what it returns. */
export function callFunction(evaluator: Evaluator, fn: Extract<Value, { kind: "function" }>, node: ts.CallExpression, callerScope: EvalScope): Value {
  const declaration = fn.node;
  if (evaluator.inProgress.has(declaration)) return unknown(labelOf(node));
  const scope = bindArguments(evaluator, fn, node.arguments, callerScope);
  const returned = evaluator.guarded(declaration, () => evaluateReturn(evaluator, declaration, scope), labelOf(node));
  if (!declaration.type) return returned;
  // `function getClient(): OpenAI { ... }`: the declared return type when the body cannot be followed.
  if (returned.kind === "unknown") return valueFromTypeNode(evaluator, unwrapPromiseType(declaration.type), declaration, fn.scope) ?? returned;
  // `async prepareLlm(): Promise<ILLM | undefined>` returning undefined on a guard and an unknown model otherwise
  // (the undefined stands, the unknown does not), or a value of a package no adapter knows: the declared type
  // when it names a request maker. A model a provider package made (`getModel(): LanguageModelV1` returning
  // `openai("o3-mini")`) is followed: it stands.
  if (returned.kind !== "null" && !isUnfollowed(evaluator, returned)) return returned;
  // A function whose every `return` gives null or undefined (`static build(): Client | null { return null; }`) gives that.
  if (returned.kind === "null" && returnsNothingButNullish(declaration)) return returned;
  return typedValue(evaluator, { type: unwrapPromiseType(declaration.type), from: declaration }, fn.scope) ?? returned;
}

/** Whether every `return` of a function's own body (not its nested functions') returns nothing, null or undefined. */
function returnsNothingButNullish(declaration: ts.FunctionLikeDeclaration): boolean {
  const body = declaration.body;
  if (!body || !ts.isBlock(body)) return body !== undefined && isNullish(body as ts.Expression);
  const visit = (node: ts.Node): boolean => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return true;
    if (ts.isReturnStatement(node)) return node.expression === undefined || isNullish(innerExpression(node.expression));
    return ts.forEachChild(node, (child) => (visit(child) ? undefined : true)) !== true;
  };
  return visit(body);
}

/**
 * The scope of a call to a project function: each parameter bound to the caller's argument, or to its
 * default. A wrapper's LLM call is read in this scope to see it as each call site makes it.
 */
export function bindArguments(evaluator: Evaluator, fn: Extract<Value, { kind: "function" }>, args: readonly ts.Expression[], callerScope: EvalScope): EvalScope {
  return bindValues(evaluator, fn, argumentValues(evaluator, args, callerScope));
}

/** What a call passes, each argument read in the caller's scope (a spread is not followed). */
export function argumentValues(evaluator: Evaluator, args: readonly ts.Expression[], callerScope: EvalScope): Value[] {
  return args.map((argument) => (ts.isSpreadElement(argument) ? unknown(labelOf(argument)) : evaluator.evaluate(argument, callerScope)));
}

/** As bindArguments, with the argument values already known (a callback of `map` over a literal array). */
export function bindValues(evaluator: Evaluator, fn: Extract<Value, { kind: "function" }>, values: readonly Value[]): EvalScope {
  const bindings = new Map<ts.Node, Value>();
  fn.node.parameters.forEach((parameter, index) => {
    if (parameter.dotDotDotToken) return;
    const value = values[index];
    // An argument the analysis cannot follow (or only sees as undefined, before a guard), to a parameter typed
    // with a project interface or class: the type's implementations stand (`review(currentModel(), diff)`).
    const typed = value && (isUnfollowed(evaluator, value) || (value.kind === "null" && !parameter.initializer)) && parameter.type ? valueFromTypeAnnotation(evaluator, parameter, fn.scope) : undefined;
    if (typed?.kind === "instance") bindings.set(parameter, typed);
    else if (value && !(value.kind === "null" && parameter.initializer)) bindings.set(parameter, value);
    else if (parameter.initializer) bindings.set(parameter, evaluator.evaluate(parameter.initializer, fn.scope));
    // A missing argument is undefined: passed on, it lets the next function's default apply.
    else bindings.set(parameter, { kind: "null" });
  });
  return { file: fn.scope.file, bindings, parent: fn.scope };
}

export function evaluateReturn(evaluator: Evaluator, declaration: ts.FunctionLikeDeclaration, scope: EvalScope): Value {
  const body = declaration.body;
  if (!body) return unknown("return value");
  if (!ts.isBlock(body)) return evaluator.evaluate(body, scope);
  const byExample = returnsOf(evaluator, body, scope, true);
  // `if (config.openAIApiKey) return new OpenAIClient(); if (config.ollamaUrl) return new OllamaClient(); return null;`
  // with an env example setting neither: the example's way makes no client, so no request is made with
  // it; the returns are then read without the example's word, each way kept.
  const eachWay = byExample.decided && byExample.returned.every((value) => value.kind === "null");
  const returned = eachWay ? returnsOf(evaluator, body, scope, false).returned : byExample.returned;
  if (returned.length === 0) return unknown("return value");
  if (missesTableToRunTime(returned, eachWay ? undefined : byExample.keyed)) return unknown("return value");
  // Several returns: all of them, the one that costs most standing for the value.
  const value = choice(withoutGuardAbsence(returned), "return value");
  // `if (!res) return;` or an end reached without a return: undefined on some path.
  const read = mayReturnNothing(body) ? maybeAbsent(value) : value;
  if (!byExample.decided || eachWay || (read.kind !== "object" && read.kind !== "instance" && read.kind !== "function" && read.kind !== "external")) return read;
  const ruledOut = waysRuledOut(returnsOf(evaluator, body, scope, false).returned, returned);
  return ruledOut.length > 0 ? { ...read, exampleRuledOut: ruledOut } : read;
}

/** The objects, instances and functions returned only on ways the env example rules out. */
function waysRuledOut(all: readonly Value[], kept: readonly Value[]): Value[] {
  const keptNodes = new Set(kept.flatMap((value) => alternativesOf(value)).flatMap((value) => ("node" in value && value.node ? [value.node] : [])));
  return all.flatMap((value) => alternativesOf(value)).filter((value) => (value.kind === "object" || value.kind === "instance" || value.kind === "function") && !keptNodes.has(value.node));
}

/**
 * The values a function body returns, the `if`s whose conditions are known taking their way only; with
 * `useExample`, also those an env example decides (`decided` tells whether one did).
 */
function returnsOf(evaluator: Evaluator, body: ts.Block, scope: EvalScope, useExample: boolean): { returned: Value[]; decided: boolean; keyed: Set<number> } {
  const returned: Value[] = [];
  const keyed = new Set<number>();
  let decided = false;
  const visit = (node: ts.Node): void => {
    // A statement with no `return value` inside cannot add to the value: its conditions are not evaluated.
    if (!returnsValue(node)) return;
    if (ts.isReturnStatement(node) && node.expression) {
      if (readsEntryWithRunTimeKey(evaluator, node.expression, scope)) keyed.add(returned.length);
      returned.push(evaluator.evaluate(node.expression, scope));
      return;
    }
    if (ts.isSwitchStatement(node)) {
      // `switch (tier) { case "fast": return ... }` with a known tier: only the clauses that run.
      const discriminantValue = evaluator.evaluate(node.expression, scope);
      const discriminant = alternativesOf(discriminantValue).length === 1 ? fullyStaticText(discriminantValue) : undefined;
      if (discriminant !== undefined) {
        const running = runningClauses(node, discriminant, (expression) => fullyStaticText(evaluator.evaluate(expression, scope)));
        for (const clause of running) visit(clause);
        // `switch (provider ?? process.env.LLM_PROVIDER ?? "openai")`: the default stands in for a run-time
        // setting, so the other clauses are what other settings return (after the default's, which stands).
        if (discriminantValue.kind === "text" && discriminantValue.fallbackOf !== undefined) for (const clause of node.caseBlock.clauses) if (!running.includes(clause)) visit(clause);
        return;
      }
    }
    if (ts.isIfStatement(node)) {
      const condition = evaluator.evaluate(node.expression, scope);
      const truth = useExample ? conditionTruth(condition) : truthiness(condition);
      if (useExample && truth !== undefined && truthiness(condition) === undefined) decided = true;
      if (truth === true) return visit(node.thenStatement);
      if (truth === false) {
        if (node.elseStatement) visit(node.elseStatement);
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return { returned, decided, keyed };
}

/**
 * `if (name in MODELS) return MODELS[name].value; return customName(name)`: a table read with a run-time key
 * is the way when the key is in the table, and the other return the way when it is not; when that one is only
 * known at run time, so is the value, never the table's texts as if certain (as `MODELS[name] ?? name`, operators.ts).
 */
function missesTableToRunTime(returned: readonly Value[], keyed: ReadonlySet<number> | undefined): boolean {
  if (!keyed || keyed.size === 0 || keyed.size === returned.length) return false;
  const tableTexts = [...keyed].every((index) => alternativesOf(returned[index]!).every((value) => value.kind === "text"));
  return tableTexts && returned.some((value, index) => !keyed.has(index) && value.kind === "unknown" && value.stated === undefined);
}

/** Whether a function body has a `return;` of its own, or can run off its end (its last statement is no `return` or `throw`). */
function mayReturnNothing(body: ts.Block): boolean {
  let answer = returnsNothingByNode.get(body);
  if (answer === undefined) {
    const last = body.statements[body.statements.length - 1];
    let bare = false;
    const visit = (node: ts.Node): void => {
      if (bare) return;
      if (ts.isReturnStatement(node)) bare = !node.expression;
      else if (HOLDS_STATEMENTS.has(node.kind)) ts.forEachChild(node, visit);
    };
    visit(body);
    answer = bare || !last || !(ts.isReturnStatement(last) || ts.isThrowStatement(last));
    returnsNothingByNode.set(body, answer);
  }
  return answer;
}

const returnsNothingByNode = new WeakMap<ts.Node, boolean>();

function maybeAbsent(value: Value): Value {
  return value.kind === "object" || value.kind === "instance" || value.kind === "function" || value.kind === "external" ? { ...value, absentOnAPath: true } : value;
}

/**
 * `if (!modelId) return undefined; return { modelId, titleModelId };`: the undefined a guard returns beside
 * objects, instances or functions is not what a caller reads (it reads their members, after its own check),
 * so those stand. Beside texts and numbers (`if (stream) return undefined; return 500;`) the absence is a value of its own.
 */
function withoutGuardAbsence(returned: Value[]): Value[] {
  const present = returned.filter((value) => value.kind !== "null");
  const structured = present.length > 0 && present.length < returned.length && present.every((value) => value.kind === "object" || value.kind === "instance" || value.kind === "function" || value.kind === "class" || value.kind === "array" || value.kind === "record" || value.kind === "external");
  return structured ? present.map(maybeAbsent) : returned;
}

/**
 * Whether a node holds a `return` with a value of the function around it (not of a nested function or
 * class), per node: a function called from many places is walked once. A node reused by the incremental
 * parser has the same text inside, so the answer holds for it. A `return` is a statement, so only nodes that
 * hold statements are looked into: an expression holds none but in a function of its own.
 */
function returnsValue(node: ts.Node): boolean {
  if (ts.isReturnStatement(node)) return node.expression !== undefined;
  if (!HOLDS_STATEMENTS.has(node.kind)) return false;
  let answer = returnsValueByNode.get(node);
  if (answer === undefined) {
    answer = ts.forEachChild(node, (child) => returnsValue(child) || undefined) === true;
    returnsValueByNode.set(node, answer);
  }
  return answer;
}

const returnsValueByNode = new WeakMap<ts.Node, boolean>();

/** The nodes a statement of the function around them can be in (a function's body is a block). */
const HOLDS_STATEMENTS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.Block,
  ts.SyntaxKind.IfStatement,
  ts.SyntaxKind.DoStatement,
  ts.SyntaxKind.WhileStatement,
  ts.SyntaxKind.ForStatement,
  ts.SyntaxKind.ForInStatement,
  ts.SyntaxKind.ForOfStatement,
  ts.SyntaxKind.WithStatement,
  ts.SyntaxKind.SwitchStatement,
  ts.SyntaxKind.CaseBlock,
  ts.SyntaxKind.CaseClause,
  ts.SyntaxKind.DefaultClause,
  ts.SyntaxKind.LabeledStatement,
  ts.SyntaxKind.TryStatement,
  ts.SyntaxKind.CatchClause,
]);

/** The clauses of a switch that run for a known discriminant, from the matching case through fall-through. */
export function runningClauses(node: ts.SwitchStatement, discriminant: string, evaluateCase: (expression: ts.Expression) => string | undefined): ts.CaseOrDefaultClause[] {
  const clauses = node.caseBlock.clauses;
  let start = clauses.findIndex((clause) => ts.isCaseClause(clause) && evaluateCase(clause.expression) === discriminant);
  if (start < 0) start = clauses.findIndex((clause) => ts.isDefaultClause(clause));
  if (start < 0) return [];
  const running: ts.CaseOrDefaultClause[] = [];
  for (let index = start; index < clauses.length; index++) {
    const clause = clauses[index]!;
    running.push(clause);
    const last = clause.statements[clause.statements.length - 1];
    if (last && (ts.isReturnStatement(last) || ts.isBreakStatement(last) || ts.isThrowStatement(last))) break;
  }
  return running;
}

/** `Promise<OpenAI>` is read as `OpenAI`. */
export function unwrapPromiseType(type: ts.TypeNode): ts.TypeNode {
  if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === "Promise" && type.typeArguments?.[0]) return type.typeArguments[0];
  return type;
}

export function isGlobalJsonStringify(callee: ts.Expression): boolean {
  return (
    ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === "JSON" &&
    callee.name.text === "stringify" &&
    !findDeclaration("JSON", callee)
  );
}

export function isUrlConstructor(target: ExternalValue): boolean {
  const last = target.steps[target.steps.length - 1];
  return (target.module === "url" || target.module === "node:url") && last?.kind === "property" && last.name === "URL";
}
