// Requests made through a client a function or a class is given, written where no call site stands for
// them: `openai.beta.threads.runs.submitToolOutputs(...)` in a polling loop that calls itself while the model
// asks for tools (its callers' lines are not requests: see run-time-loops.ts), with `openai` its parameter;
// `this.openai.beta.threads.runs.createAndStream(...)` in a method, with `this.openai = fields.openai` set by
// the constructor. Read where it is written, nothing says which client it is. The project says it: the calls
// of the function pass it, the `new`s of the class pass it. The request is read once per such caller, with
// its arguments bound, and the ways merged as one request (the costliest stands), as for a call through an
// interface. Looked for only in files whose text names the function or constructs the class.
import { isTestFile } from "../call-sites.ts";
import { patternLookup } from "../workspace/project-lookups.ts";
import { innerExpression } from "../inner-expression.ts";
import type { Evaluator } from "../resolve/evaluate.ts";
import { accessedName, evaluateThis } from "../resolve/members.ts";
import { bindArguments } from "../resolve/calls.ts";
import { findDeclaration } from "../resolve/scope.ts";
import type { EvalScope, InstanceValue } from "../resolve/values.ts";
import { ts } from "../ts.ts";
import type { ParsedFile } from "../workspace/workspace.ts";
import { assignsField } from "./injected-fields.ts";
import { isInside } from "./instance-factories.ts";
import { rootOf } from "./subclass-fields.ts";
import { functionName } from "./wrapper-index.ts";

/** How many callers or constructions a request is read through: the costliest of a few stands for all. */
const MAX_SUPPLIERS = 8;

const SUPPLIERS = Symbol("suppliers");
const PRODUCTION_SUPPLIERS = Symbol("suppliers outside tests");

type Supplier = { file: ParsedFile; node: ts.CallExpression | ts.NewExpression };

/**
 * The scopes to read a call in whose callee starts at a parameter of its function or at a field its class's
 * constructor sets from an argument, one per project call of the function or `new` of the class (at most
 * MAX_SUPPLIERS); none when the callee starts elsewhere or the value is already bound.
 */
export function suppliedScopes(evaluator: Evaluator, callee: ts.Expression, scope: EvalScope): EvalScope[] {
  const root = rootOf(callee);
  const members = membersAfter(callee);
  // A client's request method is on one of its resources (`chat.completions.create`, `messages.create`,
  // `beta.threads.runs.submitToolOutputs`), not on the client itself: a call of the given object's own
  // method (`this.request(...)`, `schema.parse(...)`, `store.getState()`) is left alone.
  if (root.kind === ts.SyntaxKind.ThisKeyword) return members >= 3 ? constructionScopes(evaluator, callee, root, scope) : [];
  if (ts.isIdentifier(root)) return members >= 2 ? callerScopes(evaluator, root, scope) : [];
  return [];
}

/** How many property reads follow the root of a callee: 4 in `openai.beta.threads.runs.create`. */
function membersAfter(callee: ts.Expression): number {
  let count = 0;
  for (let current = innerExpression(callee); ; ) {
    if (ts.isPropertyAccessExpression(current)) {
      count++;
      current = innerExpression(current.expression);
    } else if (ts.isCallExpression(current) || ts.isNonNullExpression(current) || ts.isParenthesizedExpression(current)) current = current.expression;
    else return count;
  }
}

/** `this.openai.x.create(...)` with the field set from a constructor argument: one scope per `new` of the class. */
function constructionScopes(evaluator: Evaluator, callee: ts.Expression, root: ts.Expression, scope: EvalScope): EvalScope[] {
  const field = fieldAfterThis(callee);
  return field === undefined ? [] : scopesPerConstruction(evaluator, root, (constructor) => setFromArgument(constructor, field), scope, true);
}

/**
 * One scope per project `new` of the class `this` is at `root` (at most MAX_SUPPLIERS), `this` the instance
 * each builds, when its constructor takes what is asked (`given`: it sets a field from an argument); none
 * otherwise, or when `this` is bound already. Also read for a request whose model the constructor is given
 * (`model: this.model` with `constructor(public model: string)`, built as `new PerplexityApiBot(key,
 * "sonar-pro")`: see recognise.ts modelFromConstructions), where the `new`s in test files are left out
 * unless `withTests` (a test building the class with `model: "gpt-4"` says nothing of what production sends).
 */
export function scopesPerConstruction(evaluator: Evaluator, root: ts.Node, given: (constructor: ts.ConstructorDeclaration) => boolean, scope: EvalScope, withTests: boolean): EvalScope[] {
  const self = evaluateThis(evaluator, root, scope);
  if (self.kind !== "instance" || self.construction || self.alternatives || !self.node.name) return [];
  const classNode = self.node;
  const className = self.node.name.text;
  const constructor = classNode.members.find((member): member is ts.ConstructorDeclaration => ts.isConstructorDeclaration(member) && member.body !== undefined);
  if (!constructor || !given(constructor)) return [];
  const news = suppliers(evaluator, classNode, className, new RegExp(`\\bnew\\s+(?:[\\w$]+\\.)?${escaped(className)}\\b`), (node) => {
    return ts.isNewExpression(node) && calledName(node.expression) === className;
  }, withTests);
  return news.flatMap(({ file, node }) => {
    const made = evaluator.evaluate(node as ts.NewExpression, { file });
    if (made.kind !== "instance" || made.node !== classNode || !made.construction) return [];
    const instance: InstanceValue = { kind: "instance", node: classNode, scope: self.scope, construction: made.construction };
    return [{ file: scope.file, ...(scope.bindings ? { bindings: scope.bindings } : {}), thisValue: instance, parent: scope }];
  });
}

/** `openai.x.create(...)` with `openai` a parameter of the named function around it: one scope per project call of it. */
function callerScopes(evaluator: Evaluator, root: ts.Identifier, scope: EvalScope): EvalScope[] {
  const declaration = findDeclaration(root.text, root);
  if (declaration?.kind !== "parameter" || scope.bindings?.has(declaration.node)) return [];
  const fn = declaration.node.parent;
  if (!ts.isFunctionLike(fn) || !("body" in fn) || !fn.body) return [];
  const name = functionName(fn);
  if (name === undefined || name === "default") return [];
  const calls = suppliers(evaluator, fn, name, new RegExp(`\\b${escaped(name)}\\s*\\(`), (node) => {
    return ts.isCallExpression(node) && !isInside(node, fn) && calledName(node.expression) === name;
  }, true);
  return calls.flatMap(({ file, node }) => {
    const callerScope = { file };
    const called = evaluator.evaluate((node as ts.CallExpression).expression, callerScope);
    if (called.kind !== "function" || called.node !== fn) return [];
    return [bindArguments(evaluator, called, (node as ts.CallExpression).arguments, callerScope)];
  });
}

/**
 * The calls or `new`s of a function or class in the project's files (test files only `withTests`), found from
 * their texts (`name`, then `pattern`, which contains it) then their trees (`matches`), in file order;
 * memoised per analysis.
 */
function suppliers(evaluator: Evaluator, of: ts.Node, name: string, pattern: RegExp, matches: (node: ts.Node) => boolean, withTests: boolean): Supplier[] {
  const workspace = evaluator.workspace;
  workspace.noteProjectLookup(patternLookup(pattern, name));
  const memo = evaluator.memo(withTests ? SUPPLIERS : PRODUCTION_SUPPLIERS, () => new Map<ts.Node, Supplier[]>());
  const cached = memo.get(of);
  if (cached) return cached;
  const found: Supplier[] = [];
  for (const path of workspace.projectFiles) {
    if (found.length >= MAX_SUPPLIERS) break;
    if (!withTests && isTestFile(path)) continue;
    const text = workspace.getText(path);
    if (text === undefined || !text.includes(name) || !pattern.test(text)) continue;
    const file = workspace.getParsedFile(path);
    if (!file) continue;
    const visit = (node: ts.Node): void => {
      if (found.length >= MAX_SUPPLIERS) return;
      if (matches(node)) found.push({ file, node: node as ts.CallExpression | ts.NewExpression });
      ts.forEachChild(node, visit);
    };
    visit(file.sourceFile);
  }
  memo.set(of, found);
  return found;
}

/** The field a callee rooted at `this` reads first: `openai` in `this.openai.beta.threads.runs.create`. */
function fieldAfterThis(callee: ts.Expression): string | undefined {
  let current = innerExpression(callee);
  for (;;) {
    if (ts.isCallExpression(current) || ts.isNonNullExpression(current) || ts.isParenthesizedExpression(current)) current = current.expression;
    else if (ts.isPropertyAccessExpression(current)) {
      if (current.expression.kind === ts.SyntaxKind.ThisKeyword) return accessedName(current.name);
      current = current.expression;
    } else return undefined;
  }
}

/** Whether the constructor takes a parameter of this name (a field set from it reads as the parameter). */
export function takesParameter(constructor: ts.ConstructorDeclaration, name: string): boolean {
  return constructor.parameters.some((parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === name);
}

/**
 * Whether the constructor sets `this.name` from what it is given: a parameter, a member of one
 * (`fields.openai`), a destructured parameter, or one of these with a fallback (`?? new OpenAI()`).
 */
export function setFromArgument(constructor: ts.ConstructorDeclaration, name: string): boolean {
  if (constructor.parameters.some((parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === name && (ts.getModifiers(parameter)?.length ?? 0) > 0)) return true;
  return assignsField(constructor, name, readsArgument);
}

function readsArgument(expression: ts.Expression, constructor: ts.ConstructorDeclaration): boolean {
  const inner = innerExpression(expression);
  if (ts.isIdentifier(inner)) {
    const declaration = findDeclaration(inner.text, inner);
    return declaration?.kind === "parameter" && declaration.node.parent === constructor;
  }
  if (ts.isPropertyAccessExpression(inner)) return readsArgument(inner.expression, constructor);
  if (ts.isBinaryExpression(inner) && (inner.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || inner.operatorToken.kind === ts.SyntaxKind.BarBarToken)) return readsArgument(inner.left, constructor) || readsArgument(inner.right, constructor);
  return false;
}

/** The name a call or `new` is written with: `runAssistant` in `runAssistant(...)` and `service.runAssistant(...)`. */
function calledName(expression: ts.Expression): string | undefined {
  const target = innerExpression(expression);
  return ts.isIdentifier(target) ? target.text : ts.isPropertyAccessExpression(target) ? target.name.text : undefined;
}

function escaped(name: string): string {
  return name.replace(/\$/g, "\\$");
}
