// What a name is bound to: variables (with their mutations and later assignments), parameters (bound at a call,
// typed, or defaulted), functions, classes, enums and imports.
import * as path from "node:path";
import { ts } from "../ts.ts";
import { declaredBindingType, declaredTypeOf, declaringFile, defaultExportName, isNullishType, isUnfollowed, typedValue } from "./declared-types.ts";
import type { Evaluator } from "./evaluate.ts";
import type { ParsedFile } from "../workspace/workspace.ts";
import { enclosingFunction, findDeclaration, isReassigned, writesOf, type BindingPathStep, type Declaration } from "./scope.ts";
import { defaultFor, staticText, unknown, type EvalScope, type ExternalValue, type Value } from "./values.ts";
import { choice } from "./choice.ts";
import { conditionTruth } from "./operators.ts";
import { getProperty, objectProperty } from "./members.ts";
import { evaluateDynamicImport, evaluateImport, evaluateModule, evaluateRequire, importHandedToCallback, isRelative, isRequireCall } from "./modules.ts";
import { reexportedImport } from "./reexported-imports.ts";
import { applyMutations, assignedValuePath, assignmentsTo, findMutations, isNullish } from "./mutations.ts";
import { onlyObjectsAssigned, readBeforeAssignments, testedTruthy } from "./flow.ts";
import { valueAfterBranchWrites } from "./branch-writes.ts";
import { mayBeNarrowed, narrowedTo, narrowingComparand } from "./equality-narrowing.ts";
import { reassignedParameter, selfAssignedVariable } from "./reassigned-parameters.ts";
import { newsPassedFor } from "./module-private-arguments.ts";
import { sdkShapedValue } from "./sdk-shaped-types.ts";

export function evaluateIdentifier(evaluator: Evaluator, node: ts.Identifier, scope: EvalScope): Value {
  const name = node.text;
  if (name === "undefined") return { kind: "null" };
  const declaration = findDeclaration(name, node);
  if (!declaration) {
    if (name === "__dirname") return staticText(path.dirname(scope.file.path));
    if (name === "__filename") return staticText(scope.file.path);
    return unknown(name);
  }
  const value = evaluateDeclaration(evaluator, declaration, name, scope, node);
  if (declaration.kind !== "variable" && declaration.kind !== "parameter") return value;
  // `if (model === "claude-3-7-sonnet-20250219") { anthropic(model) }`: that text there.
  const narrowed = mayBeNarrowed(value) ? narrowedRead(evaluator, declaration, name, node, scope, value) : undefined;
  if (narrowed) return narrowed;
  // `if (schema && ...) { use(schema) }`: whatever it is, it is truthy there.
  return value.kind === "unknown" && !value.truthy && testedTruthy(name, node) ? { ...value, truthy: true } : value;
}

/**
 * A variable written without a type whose initializer the analysis cannot follow, at the initializer's declared
 * type when that names a request maker: `const model = await this.options.getChatModel()` with `getChatModel:
 * () => Promise<BaseChatModel | null>` in the options' interface.
 */
function initializerTyped(evaluator: Evaluator, node: ts.VariableDeclaration, scope: EvalScope): Value | undefined {
  if (node.type || !node.initializer) return undefined;
  const declared = declaredTypeOf(evaluator, node.initializer);
  return declared && typedValue(evaluator, declared, scope);
}

/** What an equality guard around the read says the binding is, when it says one thing of the same kind. */
function narrowedRead(evaluator: Evaluator, declaration: Extract<Declaration, { kind: "variable" | "parameter" }>, name: string, node: ts.Identifier, scope: EvalScope, value: Value): Value | undefined {
  const comparand = narrowingComparand(declaration, name, node);
  const narrowed = comparand ? narrowedTo(evaluator.evaluate(comparand, scope)) : undefined;
  return narrowed && (value.kind === "unknown" || value.kind === narrowed.kind) ? narrowed : undefined;
}

/** `reference` is where the name is read: mutations of the binding before it (push, +=) are applied. */
export function evaluateDeclaration(evaluator: Evaluator, declaration: Declaration, name: string, scope: EvalScope, reference?: ts.Node): Value {
  switch (declaration.kind) {
    case "variable": {
      const initializer = declaration.node.initializer;
      const typed = () => valueFromTypeNode(evaluator, declaration.node.type, declaration.node, scope);
      if (initializer && ts.isCallExpression(initializer) && isRequireCall(initializer)) {
        const required = evaluateRequire(evaluator, initializer, scope);
        return followBindingPath(evaluator, required, declaration.path, name);
      }
      const declarationScope = scopeFor(evaluator, declaration.node, scope);
      const mutations = declaration.path.length === 0 ? findMutations(evaluator, declaration.node, name, reference) : { kind: "none" as const };
      const reassigned = mutations.kind === "opaque" || (!declaration.isConst && mutations.kind === "none" && isReassigned(declaration.node, name));
      // `let schema = options.schema; if (!schema) schema = ...`: read before any assignment, its initializer.
      // Asked only of a binding that is assigned (nearly every read is of a const or of one that never is).
      const beforeAssignments = reassigned && mutations.kind === "none" && initializer !== undefined && reference !== undefined && ts.isIdentifier(declaration.node.name) && readBeforeAssignments(declaration.node, name, reference);
      if (reassigned && !beforeAssignments) {
        // A lazily created client (`let client: OpenAI | null = null; ... client = new OpenAI()`).
        return valueAcrossFallbacks(evaluator, declaration.node, name, reference, declarationScope) ?? valueWhereBranchesNotTaken(evaluator, declaration.node, name, reference, declarationScope) ?? valueAfterBranchWrites(evaluator, declaration.node, name, reference, declarationScope) ?? singleAssignment(evaluator, declaration.node, name, declarationScope) ?? (reference && declaration.path.length === 0 ? selfAssignedVariable(evaluator, declaration.node, name, reference, declarationScope) : undefined) ?? typed() ?? (onlyObjectsAssigned(declaration.node, name) ? { ...unknown(name), truthy: true } : unknown(name));
      }
      if (!initializer) return typed() ?? unknown(name);
      let value = evaluator.guarded(declaration.node, () => evaluator.evaluate(initializer, declarationScope), name);
      if (mutations.kind === "some") value = evaluator.guarded(declaration.node, () => applyMutations(evaluator, value, mutations.list, declarationScope), name);
      if ((value.kind === "unknown" || value.kind === "null") && declaration.path.length === 0) value = typed() ?? (value.kind === "unknown" ? initializerTyped(evaluator, declaration.node, declarationScope) : undefined) ?? value;
      return followBindingPath(evaluator, value, declaration.path, name, declarationScope);
    }
    case "parameter": {
      // `text = text.replace("{topic}", topic)` before the read: what the function assigned, not what was passed.
      const assigned = declaration.path.length === 0 && reference ? reassignedParameter(evaluator, declaration.node, name, reference, scope) : undefined;
      if (assigned) return assigned;
      const bound = lookupBinding(scope, declaration.node);
      if (bound) {
        const passed = declaration.path.length === 0 ? withPropertyAssignments(evaluator, bound, declaration.node, name, scope, reference) : bound;
        const value = followBindingPath(evaluator, passed, declaration.path, name, scopeFor(evaluator, declaration.node, scope));
        if (!isUnfollowed(evaluator, value) || declaration.path.length === 0) return value;
        // `({ model }: Params)` called with an object whose `model` cannot be followed: what Params says it is.
        const declared = declaredBindingType(evaluator, declaration);
        return (declared && typedValue(evaluator, declared, scope)) ?? value;
      }
      // `import("./llm").then(({ ask }) => ...)`: the module the import loads.
      const loading = importHandedToCallback(declaration.node);
      if (loading) return followBindingPath(evaluator, evaluateDynamicImport(evaluator, loading, scope), declaration.path, name);
      // Typed, in a function only its module calls, each call passing a `new`: the instances they make.
      const passed = declaration.path.length === 0 && declaration.node.type ? newsPassedFor(declaration.node) : undefined;
      if (passed) return evaluator.guarded(declaration.node, () => choice(passed.map((expression) => evaluator.evaluate(expression, { file: fileOf(evaluator, expression) ?? scope.file })), name), name);
      const typed = valueFromTypeAnnotation(evaluator, declaration.node, scope);
      if (typed) return followBindingPath(evaluator, typed, declaration.path, name);
      // `({ client }: { client: OpenAI })`, `({ model }: Params)`: the member's type of a destructured parameter;
      // `const command: Command = { run: async ({ llm }) => ... }`: the type the object's type gives it.
      const member = declaredBindingType(evaluator, declaration);
      const memberValue = member ? valueFromTypeNode(evaluator, member.type, member.from, scope) : undefined;
      if (memberValue) return memberValue;
      // Read outside any call, a parameter with a default is taken at its default: `model = "gpt-4o"`. An empty
      // object (`props = {}`) only says nothing was passed: what a caller passes is not known there.
      const initializer = declaration.node.initializer;
      if (initializer && declaration.path.length === 0) return ts.isObjectLiteralExpression(initializer) && initializer.properties.length === 0 ? unknown(name) : evaluator.evaluate(initializer, scopeFor(evaluator, declaration.node, scope));
      // So is a destructured name with a default of its own (`{ model = DEFAULT_MODEL } = {}`), standing for what
      // callers may pass as the right side of `options.model ?? DEFAULT_MODEL` does; not when the default only
      // says nothing was passed (`{ history = [], notes = null, signed = false }`): what callers send is not known.
      const own = declaration.path.at(-1)?.initializer;
      if (own && !saysNothingPassed(own)) return followBindingPath(evaluator, unknown(name), declaration.path.slice(-1), name, scopeFor(evaluator, declaration.node, scope));
      return unknown(name);
    }
    case "function":
      return { kind: "function", node: declaration.node, scope: scopeFor(evaluator, declaration.node, scope) };
    case "class":
      return { kind: "class", node: declaration.node, scope: scopeFor(evaluator, declaration.node, scope) };
    case "enum":
      return evaluateEnum(evaluator, declaration.node, scope);
    case "import":
      return evaluateImport(evaluator, declaration.node, declaration.importedName, scope);
    case "import-equals": {
      const reference = declaration.node.moduleReference;
      if (ts.isExternalModuleReference(reference) && ts.isStringLiteral(reference.expression)) {
        return evaluateModule(evaluator, reference.expression.text, null, scope);
      }
      return unknown(name);
    }
    default:
      return unknown(name);
  }
}

/**
 * What a caller passed, with the properties the function sets on it before `reference` reads it:
 * `body.model = body.model ?? "gpt-3.5-turbo-16k"` then `JSON.stringify(body)`. Other changes of a parameter
 * are not followed here, nor is a write under a condition (`if (isOfficialApi) body.max_tokens = undefined`),
 * which only some calls make.
 */
function withPropertyAssignments(evaluator: Evaluator, bound: Value, parameter: ts.ParameterDeclaration, name: string, scope: EvalScope, reference: ts.Node | undefined): Value {
  if (bound.kind !== "object") return bound;
  const mutations = findMutations(evaluator, parameter, name, reference);
  if (mutations.kind !== "some") return bound;
  const owner = parameter.parent;
  const body = "body" in owner ? owner.body : undefined;
  const assignments = mutations.list.filter((mutation) => mutation.kind === "assign-property" && body !== undefined && writtenEveryCall(mutation.value, body));
  if (assignments.length === 0) return bound;
  return evaluator.guarded(parameter, () => applyMutations(evaluator, bound, assignments, scopeFor(evaluator, parameter, scope)), name);
}

/** Whether an assignment (`value` its right side) is a statement of the function's body itself, run on every call. */
function writtenEveryCall(value: ts.Expression, body: ts.ConciseBody): boolean {
  const statement = value.parent.parent;
  return ts.isBlock(body) && ts.isExpressionStatement(statement) && statement.parent === body;
}

/** Scope for a declaration's initializer: the same file, without the caller's parameter bindings unless nested. */
export function scopeFor(evaluator: Evaluator, node: ts.Node, scope: EvalScope): EvalScope {
  return node.getSourceFile() === scope.file.sourceFile ? scope : { file: fileOf(evaluator, node) ?? scope.file };
}

export function fileOf(evaluator: Evaluator, node: ts.Node): ParsedFile | undefined {
  return evaluator.workspace.getParsedFile(node.getSourceFile().fileName);
}

/** A parameter typed with an SDK class (`client: OpenAI`) stands for an instance of it. */
export function valueFromTypeAnnotation(evaluator: Evaluator, parameter: ts.ParameterDeclaration, scope: EvalScope): Value | undefined {
  return valueFromTypeNode(evaluator, parameter.type, parameter, scope);
}

/**
 * A binding typed with an SDK class (`client: OpenAI`, `OpenAI | null`, `Anthropic.Client` is not) stands
 * for an instance of it: the usual way a client reaches a function, a field or a lazily set variable.
 */
export function valueFromTypeNode(evaluator: Evaluator, type: ts.TypeNode | undefined, from: ts.Node, scope: EvalScope, aliases = 0): Value | undefined {
  if (!type) return undefined;
  if (ts.isUnionTypeNode(type)) {
    for (const member of type.types) {
      const value = valueFromTypeNode(evaluator, member, from, scope, aliases);
      if (value) return value;
    }
    return undefined;
  }
  if (ts.isParenthesizedTypeNode(type)) return valueFromTypeNode(evaluator, type.type, from, scope, aliases);
  if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return undefined;
  const declaration = findDeclaration(type.typeName.text, from);
  const fromFile = from.getSourceFile().fileName;
  if (declaration?.kind !== "import") return declaration?.kind === "class" || (declaration === undefined && declaresType(from.getSourceFile(), type.typeName.text)) ? implementationValue(evaluator, type.typeName.text, fromFile, scope, aliases) : undefined;
  if (!ts.isStringLiteral(declaration.node.moduleSpecifier)) return undefined;
  const specifier = declaration.node.moduleSpecifier.text;
  // An interface or class of the project (`engine: Engine`): the project classes implementing it.
  const projectFile = evaluator.symbolicPackages.has(specifier) ? undefined : evaluator.workspace.resolver.resolve(fromFile, specifier);
  if (projectFile !== undefined && /\.[cm]?[jt]sx?$/.test(projectFile) && !projectFile.includes("node_modules")) {
    // A default import (`import BaseLLM from "./base/llm"`): the classes extending it name it as the file declares it.
    const importedName = declaration.importedName === "default" || declaration.importedName === null ? defaultName(evaluator, projectFile) : declaration.importedName;
    const declared = importedName === undefined ? undefined : declaringFile(evaluator, projectFile, importedName);
    // A package's type the project hands on (`export { BaseChatModel }` of LangChain's): that package's.
    const handedOn = declared || importedName === undefined ? undefined : reexportedImport(evaluator, projectFile, importedName);
    if (handedOn) return packageTypeValue(handedOn.module, handedOn.importedName, from, scope);
    const own = declared ?? (importedName === undefined ? undefined : { path: projectFile, name: importedName });
    return own && implementationValue(evaluator, own.name, own.path, scope, aliases);
  }
  if (isRelative(specifier) || specifier.startsWith("@/") || specifier.startsWith("~/")) return undefined;
  return packageTypeValue(specifier, declaration.importedName ?? "default", from, scope);
}

/** An instance of a package's type, known only by it: `new (module).name` made where the annotation is. */
function packageTypeValue(module: string, name: string, from: ts.Node, scope: EvalScope): Value {
  const imported: ExternalValue = { kind: "external", module, steps: [{ kind: "property", name }] };
  const declaredBy = declarationLabel(from);
  return { ...imported, steps: [...imported.steps, declaredBy ? { kind: "new", args: [], scope, declaredBy } : { kind: "new", args: [], scope }] };
}

/** What a type annotation is on, as code names it: `model` (a parameter, variable or property), `getModel(…)` (a return type). */
function declarationLabel(from: ts.Node): string | undefined {
  // `const getModel = (): LanguageModel => ...`: the arrow is named by its variable.
  const named = ts.isFunctionLike(from) && !(from as { name?: ts.Node }).name && ts.isVariableDeclaration(from.parent) ? from.parent : from;
  const name = (named as { name?: ts.Node }).name;
  if (!name || !(ts.isIdentifier(name) || ts.isPrivateIdentifier(name))) return undefined;
  return ts.isFunctionLike(from) ? `${name.text}(…)` : name.text;
}

/**
 * A `let` with no value (or null) at its declaration, assigned later: a lazily made client, or one of
 * several clients picked by a branch (`if (azure) openai = new OpenAI({...}) else openai = new OpenAI()`).
 */
export function singleAssignment(evaluator: Evaluator, declaration: ts.VariableDeclaration, name: string, scope: EvalScope): Value | undefined {
  const assigned = assignmentsTo(declaration, name).filter((expression) => !isNullish(expression));
  const initializer = declaration.initializer;
  // `let url = ""; if (azure) url = A; else url = B;`: an empty text, like null, is a placeholder set later.
  if (assigned.length === 0 || assigned.length > 8 || (initializer && !isNullish(initializer) && !isEmptyText(initializer))) return undefined;
  const values = assigned.map((expression) => evaluator.guarded(declaration, () => assignedValue(evaluator, expression, name, scope), name));
  if (values.length === 1) return values[0]!.kind === "unknown" ? undefined : values[0];
  // Several: only when every one is known, as the alternatives of one value.
  if (values.some((value) => value.kind === "unknown")) return undefined;
  return choice(values, name);
}

function isEmptyText(expression: ts.Expression): boolean {
  return (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) && expression.text === "";
}

/** A default that only stands for "not passed": `null`, `undefined`, `""`, `[]`, `{}`, or a flag left off (`false`). */
function saysNothingPassed(expression: ts.Expression): boolean {
  if (isNullish(expression) || isEmptyText(expression) || expression.kind === ts.SyntaxKind.FalseKeyword) return true;
  if (ts.isArrayLiteralExpression(expression)) return expression.elements.length === 0;
  return ts.isObjectLiteralExpression(expression) && expression.properties.length === 0;
}

/**
 * `let model = primary; try { generate(model) } catch { model = fallback; generate(model) }`: a `let`
 * reassigned only in `catch` clauses (a retry or fallback swaps it). Where nothing failed, no catch clause ran:
 * the initial value. Inside a clause, after an assignment of its own, the last such assignment's value.
 */
function valueAcrossFallbacks(evaluator: Evaluator, declaration: ts.VariableDeclaration, name: string, reference: ts.Node | undefined, scope: EvalScope): Value | undefined {
  const initializer = declaration.initializer;
  if (!initializer || !reference || !ts.isIdentifier(declaration.name)) return undefined;
  const assignments = assignmentsTo(declaration, name).map((assigned) => ({ assigned, clause: enclosingCatch(assigned, declaration) }));
  if (assignments.length === 0 || assignments.some(({ clause }) => clause === undefined)) return undefined;
  const inClause = assignments.filter(({ assigned, clause }) => assigned.end <= reference.pos && clause!.pos <= reference.pos && reference.end <= clause!.end);
  const last = inClause.reduce<ts.Expression | undefined>((latest, { assigned }) => (latest && latest.pos > assigned.pos ? latest : assigned), undefined);
  return evaluator.guarded(declaration, () => (last ? assignedValue(evaluator, last, name, scope) : evaluator.evaluate(initializer, scope)), name);
}

/**
 * `let model = this.options.titleModel ?? process.env.TITLE_MODEL ?? "gpt-4o-mini"; if (model ===
 * Constants.CURRENT_MODEL) model = this.modelOptions.model;`: a `let` reassigned only in branches on its own
 * value that are not taken while it holds its initializer (the condition, read there, is known not to hold; a run-time
 * setting counts at its default, as a `switch` on it does) keeps its initializer.
 */
function valueWhereBranchesNotTaken(evaluator: Evaluator, declaration: ts.VariableDeclaration, name: string, reference: ts.Node | undefined, scope: EvalScope): Value | undefined {
  const initializer = declaration.initializer;
  if (!initializer || !reference || !ts.isIdentifier(declaration.name)) return undefined;
  const home = enclosingFunction(declaration);
  const writes = writesOf(declaration, name);
  if (writes.length === 0 || writes.length > MAX_BRANCH_WRITES) return undefined;
  for (const write of writes) {
    if (enclosingFunction(write) !== home) return undefined;
    const branch = enclosingBranch(write, home);
    // Only a correction of the `let` itself (`if (model === CURRENT_MODEL) model = ...`): a condition on another
    // value may read one of several returns, some only known at run time, as one (choice.ts), so its "not
    // taken" is not to be trusted (bolt.diy's `if (summary && ...) summaryText = ...`).
    if (!branch || !readsName(branch.statement.expression, name, declaration)) return undefined;
    // Guarded on the branch: the condition reads the name itself, before the write, so at its initializer.
    const truth = conditionTruth(evaluator.guarded(branch.statement, () => evaluator.evaluate(branch.statement.expression, scope), name));
    if (truth === undefined || truth === branch.inThen) return undefined;
  }
  return evaluator.guarded(declaration, () => evaluator.evaluate(initializer, scope), name);
}

/** Whether an expression reads the name as the given declaration binds it. */
function readsName(expression: ts.Expression, name: string, declaration: ts.VariableDeclaration): boolean {
  const visit = (node: ts.Node): boolean => (ts.isIdentifier(node) && node.text === name && findDeclaration(name, node)?.node === declaration) || ts.forEachChild(node, visit) === true;
  return visit(expression);
}

/** How many writes of a `let` valueWhereBranchesNotTaken looks at: a few guarded corrections, not a state machine. */
const MAX_BRANCH_WRITES = 4;

/** The nearest `if` around a write, within its function, and whether the write is in its `then` branch. */
function enclosingBranch(write: ts.Node, home: ts.Node | undefined): { statement: ts.IfStatement; inThen: boolean } | undefined {
  for (let child: ts.Node = write, parent = write.parent; parent && parent !== home; child = parent, parent = parent.parent) {
    if (ts.isIfStatement(parent) && child !== parent.expression) return { statement: parent, inThen: child === parent.thenStatement };
  }
  return undefined;
}

/** The value an assignment gives a name: its right side, or the property of it a destructuring target reads. */
function assignedValue(evaluator: Evaluator, assigned: ts.Expression, name: string, scope: EvalScope): Value {
  let value = evaluator.evaluate(assigned, scope);
  for (const key of assignedValuePath(assigned, name)) value = getProperty(evaluator, value, key);
  return value;
}

/** The innermost `catch` clause an assignment sits in, below the declaration's own block (none when it is not in one). */
function enclosingCatch(node: ts.Node, declaration: ts.VariableDeclaration): ts.CatchClause | undefined {
  const container = declaration.parent.parent?.parent;
  for (let current = node.parent; current && current !== container; current = current.parent) {
    if (ts.isFunctionLike(current)) return undefined;
    if (ts.isCatchClause(current)) return current;
  }
  return undefined;
}

/**
 * The value a destructured name takes: each step read from the value; a step with a default
 * (`{ model = getModel("gpt-4o-mini") }`) takes it, evaluated in `defaults`, where the value has no such
 * member (an object literal that does not write it, an array too short, undefined), or is only known at
 * run time: the default stands then, as the right side of `options.model ?? "gpt-4o"` does. A step
 * without a default that an object literal does not write is undefined.
 */
export function followBindingPath(evaluator: Evaluator, value: Value, steps: BindingPathStep[], label: string, defaults?: EvalScope): Value {
  let current = value;
  for (const step of steps) {
    const hasDefault = step.initializer !== undefined && defaults !== undefined;
    if (hasDefault && current.kind === "unknown") {
      // Standing for a run-time value, as the right side of `??` does, and marked so.
      const fallback = evaluator.evaluate(step.initializer!, defaults!);
      current = fallback.kind === "text" && fallback.fallbackOf === undefined ? defaultFor(fallback, current.label) : fallback;
    } else if (step.kind === "property" && current.kind === "object" && !current.alternatives) {
      // Read once: a member is evaluated where it is found. `({ req, optionsOnly }) => ...` called with
      // `{ req }`: a member the object literal does not write is undefined, and a branch on it is not taken.
      current = objectProperty(evaluator, current, step.name) ?? (hasDefault ? evaluator.evaluate(step.initializer!, defaults!) : { kind: "null" });
    } else if (hasDefault && lacksMember(current, step)) current = evaluator.evaluate(step.initializer!, defaults!);
    else current = step.kind === "property" ? getProperty(evaluator, current, step.name) : elementOf(current, step.index, label);
  }
  return current;
}

/** Whether a value other than an object literal surely has no member for the step: undefined, an array without it. */
function lacksMember(value: Value, step: BindingPathStep): boolean {
  if (value.kind === "null") return true;
  return step.kind === "element" && value.kind === "array" && step.index >= value.elements.length;
}

export function evaluateEnum(evaluator: Evaluator, node: ts.EnumDeclaration, scope: EvalScope): Value {
  // Enum members read like object properties; build a synthetic object view over them.
  const members = new Map<string, Value>();
  let next = 0;
  for (const member of node.members) {
    const name = ts.isIdentifier(member.name) || ts.isStringLiteral(member.name) ? member.name.text : undefined;
    if (name === undefined) continue;
    const value = member.initializer ? evaluator.evaluate(member.initializer, scope) : { kind: "number" as const, value: next };
    if (value.kind === "number") next = value.value + 1;
    members.set(name, value);
  }
  return { kind: "record", name: node.name.text, members };
}

export function elementOf(value: Value, index: number, label: string): Value {
  if (value.kind === "array") return value.elements[index] ?? unknown(label);
  return unknown(label);
}

export function lookupBinding(scope: EvalScope | undefined, node: ts.Node): Value | undefined {
  for (let current = scope; current; current = current.parent) {
    const bound = current.bindings?.get(node);
    if (bound) return bound;
  }
  return undefined;
}

/**
 * What a value of a project class or interface may be: the project classes implementing it, and the SDK
 * object an interface is written as (sdk-shaped-types.ts: the application passes that object itself).
 */
function implementationValue(evaluator: Evaluator, name: string, declaredIn: string, scope: EvalScope, aliases: number): Value | undefined {
  const declaring = evaluator.workspace.getParsedFile(declaredIn);
  const sdk = declaring && sdkShapedValue(declaring, name, scope);
  const classes = evaluator.implementations?.(name, declaredIn) ?? [];
  if (classes.length === 0) return sdk ?? ownClassInstance(evaluator, name, declaredIn) ?? (declaring && aliasedValue(evaluator, declaring.sourceFile, name, scope, aliases));
  const instances = classes.map(({ file, node }) => ({ kind: "instance", node, scope: { file } }) as Value);
  return choice(sdk ? [sdk, ...instances] : instances, name);
}

/** How many type aliases deep a declared type is followed (`type A = B | C; type B = D`). */
const MAX_ALIASES = 3;

/**
 * A type alias of a union of other types (`type CopilotTextProvider = CopilotTextToTextProvider |
 * CopilotImageToTextProvider`): what each of them stands for (the classes implementing it, an SDK client),
 * as one choice. No class implements the alias itself, so its implementations are those of its members.
 * An alias of one type is left as it was: mostly a generic's shorthand (`type AnyToolInvocation =
 * ToolInvocation<object, ToolResult>`) over an interface every tool of an agent implements, where one tool's
 * request would stand for every tool run (gemini-cli's scheduler).
 */
function aliasedValue(evaluator: Evaluator, sourceFile: ts.SourceFile, name: string, scope: EvalScope, aliases: number): Value | undefined {
  if (aliases >= MAX_ALIASES) return undefined;
  const alias = sourceFile.statements.find((statement): statement is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(statement) && statement.name.text === name);
  if (!alias || !ts.isUnionTypeNode(alias.type)) return undefined;
  const members = alias.type.types.filter((member) => !isNullishType(member));
  if (members.length < 2) return undefined;
  const values = members.flatMap((member) => valueFromTypeNode(evaluator, member, alias, scope, aliases + 1) ?? []);
  return values.length === 0 ? undefined : choice(values, name);
}

/** A class nothing extends (`private docsService: DocsService`): an instance of that class itself, its constructor not known. */
function ownClassInstance(evaluator: Evaluator, name: string, declaredIn: string): Value | undefined {
  const file = evaluator.workspace.getParsedFile(declaredIn);
  const node = file?.sourceFile.statements.find((statement): statement is ts.ClassDeclaration => ts.isClassDeclaration(statement) && statement.name?.text === name);
  return file && node ? { kind: "instance", node, scope: { file } } : undefined;
}

function defaultName(evaluator: Evaluator, projectFile: string): string | undefined {
  const file = evaluator.workspace.getParsedFile(projectFile);
  return file && defaultExportName(file.sourceFile);
}

/** Whether the file declares an interface or a type alias of that name (a class is a declaration findDeclaration finds). */
function declaresType(sourceFile: ts.SourceFile, name: string): boolean {
  return sourceFile.statements.some((statement) => (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) && statement.name.text === name);
}
