// Request sites of a wrapper behind a condition its call decides: `if (!schema && prompt) await
// generateSchema(prompt)` read with a call that passes a schema makes no such request.
import type { Evaluator } from "../resolve/evaluate.ts";
import { fieldWritesByName } from "../resolve/field-writes.ts";
import { assignsIn } from "../resolve/flow.ts";
import { enclosingClass, objectProperty } from "../resolve/members.ts";
import { bindsName, findDeclaration } from "../resolve/scope.ts";
import { alternativesOf, type EvalScope, type Value } from "../resolve/values.ts";
import { ts } from "../ts.ts";

/**
 * Whether a request site of a function is out of reach in a call of it, read with the call's arguments
 * bound (`scope`): it sits in the `then` branch of an `if` (or of a conditional expression, or right of
 * `&&`) whose condition is known to be false there, in the `else` branch of one known to be true, or after
 * an `if` whose branch always returns or throws (`if (isFactoryConfig(this.config)) return ...`) on a
 * condition known to be true.
 * Only presence tests decide (see presence), and a flag parameter the call leaves out or passes as a literal
 * (`generateImage(prompt, org)` against `if (generatePromptFirst)`): undecided conditions keep the site.
 */
export function unreachedInCall(evaluator: Evaluator, site: ts.Node, fn: ts.Node, scope: EvalScope, args?: readonly ts.Expression[]): boolean {
  const call = args && ts.isFunctionLike(fn) ? { fn, args } : undefined;
  for (let child: ts.Node = site, parent = site.parent; parent && child !== fn; child = parent, parent = parent.parent) {
    const guard = guardOf(parent, child);
    if (guard) {
      const truth = presence(evaluator, guard.condition, scope, call);
      if (truth !== undefined && truth !== guard.when) return true;
    }
    for (const condition of earlyExitsBefore(parent, child)) {
      if (readsCallInput(condition, fn) && presence(evaluator, condition, scope, call) === true) return true;
    }
  }
  return false;
}

/**
 * The conditions of the `if` statements before a statement of a block whose branch always leaves the function
 * (`if (cond) return;`, no `else`): the statement runs only where each is false. None before a function
 * declaration, which is hoisted and may run before them.
 */
function earlyExitsBefore(parent: ts.Node, child: ts.Node): ts.Expression[] {
  if (!ts.isBlock(parent) || ts.isFunctionDeclaration(child)) return [];
  const conditions: ts.Expression[] = [];
  for (const statement of parent.statements) {
    if (statement === child) break;
    if (ts.isIfStatement(statement) && !statement.elseStatement && alwaysLeaves(statement.thenStatement)) conditions.push(statement.expression);
  }
  return conditions;
}

/**
 * Whether a condition reads what a call of the function `fn` decides: one of its parameters, or `this` (what
 * the instance was made with). Guard clauses on anything else (`if (!response.ok) throw ...`) are not read.
 */
function readsCallInput(condition: ts.Expression, fn: ts.Node): boolean {
  const parameters = ts.isFunctionLike(fn);
  const visit = (node: ts.Node): boolean =>
    node.kind === ts.SyntaxKind.ThisKeyword || (parameters && ts.isIdentifier(node) && bindsName(fn, node.text)) || (!ts.isFunctionLike(node) && ts.forEachChild(node, visit) === true);
  return visit(condition);
}

/** A `return` or `throw`, or a block that ends with one. */
function alwaysLeaves(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  const last = ts.isBlock(statement) ? statement.statements.at(-1) : undefined;
  return last !== undefined && alwaysLeaves(last);
}

/** The condition a child of a node runs under, and the truth it needs. */
function guardOf(parent: ts.Node, child: ts.Node): { condition: ts.Expression; when: boolean } | undefined {
  if (ts.isIfStatement(parent)) {
    if (child === parent.thenStatement) return { condition: parent.expression, when: true };
    if (child === parent.elseStatement) return { condition: parent.expression, when: false };
  } else if (ts.isConditionalExpression(parent)) {
    if (child === parent.whenTrue) return { condition: parent.condition, when: true };
    if (child === parent.whenFalse) return { condition: parent.condition, when: false };
  } else if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && child === parent.right) {
    return { condition: parent.left, when: true };
  }
  return undefined;
}

/**
 * A condition made of presence tests (`!schema && options.prompt`, `"factory" in config`, a type guard's call
 * `isFactoryConfig(this.config)`): names and property reads (see isPlainRead), combined with `!`, `&&` and
 * `||`. A read decides only when it is an object, instance or function that no path returns undefined instead
 * of, or a value tested truthy where it was read (present). Absence never decides (`x ?? null` reads as null
 * when x is unknown), nor do computed flags, texts and comparisons, which a read outside a call may take at a
 * default.
 */
function presence(evaluator: Evaluator, condition: ts.Expression, scope: EvalScope, call?: CallOf, inPredicate = false): boolean | undefined {
  if (ts.isParenthesizedExpression(condition)) return presence(evaluator, condition.expression, scope, call, inPredicate);
  if (ts.isPrefixUnaryExpression(condition) && condition.operator === ts.SyntaxKind.ExclamationToken) {
    const inner = presence(evaluator, condition.operand, scope, call, inPredicate);
    return inner === undefined ? undefined : !inner;
  }
  if (ts.isBinaryExpression(condition) && (condition.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || condition.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
    const and = condition.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken;
    const left = presence(evaluator, condition.left, scope, call, inPredicate);
    if (left === !and) return left;
    const right = presence(evaluator, condition.right, scope, call, inPredicate);
    if (left === and) return right;
    return right === !and ? right : undefined;
  }
  if (ts.isBinaryExpression(condition) && condition.operatorToken.kind === ts.SyntaxKind.InKeyword) return keyPresence(evaluator, condition, scope);
  // One level: a predicate calling another (or itself) does not decide.
  if (ts.isCallExpression(condition)) return inPredicate ? undefined : predicateResult(evaluator, condition, scope);
  const passed = call && ts.isIdentifier(condition) ? literalFlag(condition, call) : undefined;
  if (passed !== undefined) return passed;
  if (!isPlainRead(condition)) return undefined;
  return presenceOf(evaluator.evaluate(condition, scope));
}

/**
 * `"factory" in config`: true when the object (each object it may be) has the key as written or assigned,
 * false when none could (no spread, nor a function it was handed to, may add it).
 */
function keyPresence(evaluator: Evaluator, condition: ts.BinaryExpression, scope: EvalScope): boolean | undefined {
  // A key every object has through its prototype (`"toString" in config`) is never absent.
  if (!ts.isStringLiteralLike(condition.left) || condition.left.text in Object.prototype || !isPlainRead(condition.right)) return undefined;
  const value = evaluator.evaluate(condition.right, scope);
  let answer: boolean | undefined;
  for (const object of alternativesOf(value)) {
    if (object.kind !== "object" || object.absentOnAPath) return undefined;
    const found = objectProperty(evaluator, object, condition.left.text);
    const present = found === undefined ? false : "maybeAbsent" in found && found.maybeAbsent ? undefined : true;
    if (present === undefined || (answer !== undefined && answer !== present)) return undefined;
    answer = present;
  }
  return answer;
}

/**
 * A call of a project function that returns one presence test of its parameters (`isFactoryConfig(config)`,
 * a type guard returning `"factory" in config`): that test, read with the call's arguments bound.
 */
function predicateResult(evaluator: Evaluator, call: ts.CallExpression, scope: EvalScope): boolean | undefined {
  if (call.arguments.some(ts.isSpreadElement) || !call.arguments.every(isPlainRead)) return undefined;
  const callee = evaluator.evaluate(call.expression, scope);
  if (callee.kind !== "function" || callee.alternatives) return undefined;
  const fn = callee.node;
  const body = "body" in fn ? fn.body : undefined;
  const returned = body && ts.isBlock(body) ? (body.statements.length === 1 && ts.isReturnStatement(body.statements[0]!) ? body.statements[0].expression : undefined) : body;
  if (!returned || !ts.isFunctionLike(fn) || !fn.parameters.every((parameter) => ts.isIdentifier(parameter.name) && !parameter.dotDotDotToken && !parameter.initializer)) return undefined;
  const bound = evaluator.bindValues(callee, call.arguments.map((argument) => evaluator.evaluate(argument, scope)));
  return presence(evaluator, returned, bound, undefined, true);
}

/** The function a guard is in and the arguments of the call read. */
interface CallOf {
  fn: ts.SignatureDeclaration;
  args: readonly ts.Expression[];
}

/**
 * The truth of a parameter of the called function that the call leaves out (undefined, without a default) or
 * passes as `true`, `false`, `null` or `undefined`, while the function never assigns it; undefined otherwise.
 * A name destructured from an object parameter (`{ connectionId, backupContent }`) is read the same way from
 * the object literal the call passes: a key it leaves out (and no spread could supply) is undefined.
 */
function literalFlag(name: ts.Identifier, { fn, args }: CallOf): boolean | undefined {
  const declaration = findDeclaration(name.text, name);
  if (declaration?.kind !== "parameter" || declaration.node.parent !== fn || declaration.node.dotDotDotToken) return undefined;
  const index = fn.parameters.indexOf(declaration.node);
  if (args.slice(0, index + 1).some(ts.isSpreadElement) || ("body" in fn && fn.body && assignsIn(fn.body, name.text))) return undefined;
  if (declaration.path.length === 0) return flagOf(args[index], declaration.node.initializer !== undefined);
  const [step, ...deeper] = declaration.path;
  if (deeper.length > 0 || step?.kind !== "property" || declaration.node.initializer) return undefined;
  const argument = args[index] && unwrapped(args[index]);
  // A spread or a computed key may supply the name.
  if (!argument || !ts.isObjectLiteralExpression(argument) || argument.properties.some((property) => ts.isSpreadAssignment(property) || (property.name !== undefined && keyOf(property.name) === undefined))) return undefined;
  const member = argument.properties.find((property) => property.name !== undefined && keyOf(property.name) === step.name);
  if (!member) return step.initializer ? undefined : false;
  return ts.isPropertyAssignment(member) ? flagOf(member.initializer, step.initializer !== undefined) : undefined;
}

/** The truth of a value passed for a flag (`undefined` when left out): literals only; a default makes absence undecided. */
function flagOf(argument: ts.Expression | undefined, hasDefault: boolean): boolean | undefined {
  if (!argument) return hasDefault ? undefined : false;
  const inner = unwrapped(argument);
  if (inner.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (inner.kind === ts.SyntaxKind.FalseKeyword || inner.kind === ts.SyntaxKind.NullKeyword) return false;
  return ts.isIdentifier(inner) && inner.text === "undefined" && !hasDefault ? false : undefined;
}

function unwrapped(expression: ts.Expression): ts.Expression {
  let inner = expression;
  while (ts.isParenthesizedExpression(inner)) inner = inner.expression;
  return inner;
}

function keyOf(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name) ? name.text : undefined;
}

function presenceOf(value: Value): boolean | undefined {
  switch (value.kind) {
    case "object":
    case "function":
    case "instance":
      // A function's result beside which a guard returns undefined may be absent.
      return value.absentOnAPath ? undefined : true;
    case "unknown":
      return value.truthy;
    default:
      return undefined;
  }
}

/**
 * `schema`, `options.schema`, `extractOptions.options.prompt`, `this.config`: not through calls or computed
 * keys; through `this` only a field no method of its class assigns (what it was constructed with).
 */
function isPlainRead(expression: ts.Expression): boolean {
  if (ts.isIdentifier(expression)) return expression.text !== "undefined";
  if (ts.isPropertyAccessExpression(expression) && expression.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const owner = enclosingClass(expression);
    return owner !== undefined && !fieldWritesByName(owner).has(expression.name.text.replace(/^#/, ""));
  }
  return (ts.isPropertyAccessExpression(expression) || ts.isNonNullExpression(expression)) && isPlainRead(expression.expression);
}

/** Whether a call is written inside a function-like with a parameter default (`withImages = false`, `{ mode = "fast" }`). */
export function inFunctionWithDefaults(node: ts.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isFunctionLike(current) && current.parameters.some((parameter) => parameter.initializer !== undefined || hasBindingDefault(parameter.name))) return true;
  }
  return false;
}

function hasBindingDefault(name: ts.BindingName): boolean {
  if (ts.isIdentifier(name)) return false;
  return name.elements.some((element) => ts.isBindingElement(element) && (element.initializer !== undefined || hasBindingDefault(element.name)));
}
