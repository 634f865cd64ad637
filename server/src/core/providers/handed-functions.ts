// Wrappers handed to a call by reference: `UnTooled.prototype.complete.call(this, messages, functions,
// this.#handleFunctionCallChat.bind(this))`. When the function called is a project function whose body calls
// that parameter, the wrapper runs during the call: the call makes that wrapper's request, with the arguments
// the callee gives it (not known here). An array's `map`, `flatMap` or `forEach` handed one
// (`chunks.map(embedChunk)`) runs it once per item: the call makes its requests, in a loop. Not so when the
// callee only keeps it, returns a closure calling it, calls it in a loop (once per item, a queue worker's
// `while (true)`), or is a package's (a graph's `addNode("name", node)` keeps it), nor for a call that
// registers it for later (an event handler, `.then`).
import { iteratesWithReference } from "../call-context.ts";
import type { Evaluator } from "../resolve/evaluate.ts";
import { accessedName, isStatic, memberName } from "../resolve/members.ts";
import type { EvalScope, FunctionValue, Value } from "../resolve/values.ts";
import { innerExpression } from "../inner-expression.ts";
import { ts } from "../ts.ts";
import { keepsForLater, nestedRole } from "./closures.ts";
import { retriesSameWork } from "./run-time-loops.ts";

/** The name a function argument is written with: `summarize`, `this.summarize`, `this.#chat`, `this.#chat.bind(this)`. */
function referenceName(argument: ts.Expression): string | undefined {
  let expression = innerExpression(argument);
  if (ts.isCallExpression(expression) && ts.isPropertyAccessExpression(expression.expression) && expression.expression.name.text === "bind") expression = innerExpression(expression.expression.expression);
  if (ts.isIdentifier(expression)) return expression.text;
  if (ts.isPropertyAccessExpression(expression)) return ts.isPrivateIdentifier(expression.name) ? expression.name.text.slice(1) : expression.name.text;
  return undefined;
}

/** Whether a call hands on, by reference, a function named like one of `names` (a cheap test before evaluating the arguments). */
export function handsNamed(call: ts.CallExpression, names: ReadonlySet<string>): boolean {
  if (call.arguments.length === 0) return false;
  for (const argument of call.arguments) {
    const name = referenceName(argument);
    if (name !== undefined && names.has(name)) return !keepsForLater(call);
  }
  return false;
}

/** The wrappers a call hands on by reference, in argument order, that the callee calls while it runs. */
export function handedWrappers(evaluator: Evaluator, call: ts.CallExpression, scope: EvalScope, names: ReadonlySet<string>, isWrapper: (node: ts.Node) => boolean): FunctionValue[] {
  if (!handsNamed(call, names)) return [];
  const found: FunctionValue[] = [];
  call.arguments.forEach((argument, index) => {
    const name = referenceName(argument);
    if (name === undefined || !names.has(name)) return;
    // The callee first: a test's `expect(ask)` or `vi.mocked(ask)` never calls it, and then what `ask` is (an
    // import, whose module is parsed to tell) is never asked.
    if (!calleeCalls(evaluator, call, index, scope)) return;
    const value = evaluator.evaluate(argument, scope);
    if (value.kind === "function" && !value.alternatives && isWrapper(value.node)) found.push(value);
  });
  return found;
}

/**
 * Whether the function a call hands an argument to calls it while it runs: a project function whose body
 * calls that parameter, or hands it on (`Base.prototype.complete.call(this, messages, cb)` hands `cb` to the
 * parameter after `this`), once (see calledOnce).
 * A function of a package, or one not followed, is not known to: a graph's `addNode("name", node)` keeps it.
 */
function calleeCalls(evaluator: Evaluator, call: ts.CallExpression, index: number, scope: EvalScope): boolean {
  // `items.map(embed)`: an array method calls it once per item (the loop is the call's, call-context.ts).
  if (index === 0 && iteratesWithReference(call)) return true;
  let callee = innerExpression(call.expression);
  let shift = 0;
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === "call") {
    callee = innerExpression(callee.expression);
    shift = 1;
  }
  const value = prototypeMethod(evaluator, callee, scope) ?? evaluator.evaluate(callee, scope);
  if (value.kind !== "function" || value.alternatives || !value.node.body) return false;
  const parameter = value.node.parameters[index - shift];
  if (!parameter || parameter.dotDotDotToken || !ts.isIdentifier(parameter.name)) return false;
  return calledOnce(value.node, parameter.name.text);
}

/** `Base.prototype.complete`: the method `complete` the project class `Base` declares (not a subclass's override of it). */
function prototypeMethod(evaluator: Evaluator, expression: ts.Expression, scope: EvalScope): Value | undefined {
  if (!ts.isPropertyAccessExpression(expression)) return undefined;
  const holder = innerExpression(expression.expression);
  if (!ts.isPropertyAccessExpression(holder) || holder.name.text !== "prototype") return undefined;
  const owner = evaluator.evaluate(holder.expression, scope);
  if (owner.kind !== "class") return undefined;
  const name = accessedName(expression.name);
  const method = owner.node.members.find((member): member is ts.MethodDeclaration => ts.isMethodDeclaration(member) && member.body !== undefined && !isStatic(member) && memberName(member.name) === name);
  return method ? { kind: "function", node: method, scope: owner.scope } : undefined;
}

/**
 * Whether a function's body calls `name` (`name(...)`, `name.call(...)`) or hands it to a call while it runs,
 * and only once a call: never in a loop (a retry loop aside: it makes the same request again), where one
 * call of the function is no definite number of its requests (one per item, or a queue worker's
 * `while (true)`), nor in a closure it returns or stores, which runs later.
 */
function calledOnce(fn: ts.FunctionLikeDeclaration, name: string): boolean {
  const isName = (node: ts.Node): boolean => ts.isIdentifier(node) && node.text === name;
  let uses = 0;
  let looped = false;
  const visit = (node: ts.Node): void => {
    // A closure the callee returns or stores runs later (`wrap(controller)` returning `(req, res) => controller(req, res)`).
    if (looped || (ts.isFunctionLike(node) && nestedRole(node as ts.FunctionLikeDeclaration).kind === "deferred")) return;
    if (ts.isCallExpression(node)) {
      const callee = innerExpression(node.expression);
      if (isName(callee) || (ts.isPropertyAccessExpression(callee) && isName(innerExpression(callee.expression))) || node.arguments.some((argument) => isName(innerExpression(argument)))) {
        uses++;
        if (insideLoop(node, fn)) looped = true;
      }
    }
    ts.forEachChild(node, visit);
  };
  if (fn.body) visit(fn.body);
  return uses > 0 && !looped;
}

/** Inside a loop of `fn` (a loop statement's body, a callback of `map`, `forEach` and the like) that is not a retry loop. */
function insideLoop(node: ts.Node, fn: ts.Node): boolean {
  let child: ts.Node = node;
  for (let parent = node.parent; parent && parent !== fn; child = parent, parent = parent.parent) {
    if (ts.isIterationStatement(parent, false) && child === parent.statement && !retriesSameWork(parent)) return true;
    if (ts.isCallExpression(parent) && parent.arguments.includes(child as ts.Expression) && ts.isPropertyAccessExpression(parent.expression) && ITEM_CALLBACKS.test(parent.expression.name.text)) return true;
  }
  return false;
}

/** Array methods that run their callback once per item. */
const ITEM_CALLBACKS = /^(?:map|flatMap|forEach|filter|reduce|some|every|find)$/;
