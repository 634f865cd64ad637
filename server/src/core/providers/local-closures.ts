// Named closures local to a function (`const generate = async (candidate) => generateObject(...)`), called by
// name in the function around them. One with parameters is read as part of that function (its parameters
// stay unbound: binding them at every call site costs more than it tells) but counts as one more level
// between the request and the function's call sites; one without parameters stops the climb there, like
// a function declaration without parameters: its requests are counted where they are written.
import { ts } from "../ts.ts";

/**
 * Whether a function-like is a closure bound to a local name (`const generate = async (...) => ...` inside
 * another function) that the code around it only ever calls directly (`generate(candidate)`): its requests
 * are its own, and the function around it makes them through its calls of it. A closure the code also
 * hands on by name (`items.map(generate)`, `{ generate }`, `queue.add(generate)`) runs wherever it is
 * handed, so it stays part of the function around it.
 */
export function isCalledLocalClosure(node: ts.Node, memo: Map<ts.Node, boolean>): boolean {
  const known = memo.get(node);
  if (known !== undefined) return known;
  const result = calledLocalClosure(node);
  memo.set(node, result);
  return result;
}

function calledLocalClosure(node: ts.Node): boolean {
  const declaration = closureDeclaration(node);
  const scope = declaration && enclosingFunctionBody(declaration);
  if (!declaration || !scope) return false;
  return !namesNotOnlyCalled(scope).has(declaration.name.text);
}

/** The `const name = ...` a closure is the value of (through parentheses and casts), or undefined. */
function closureDeclaration(node: ts.Node): (ts.VariableDeclaration & { name: ts.Identifier }) | undefined {
  if (!ts.isArrowFunction(node) && !ts.isFunctionExpression(node)) return undefined;
  let outer: ts.Node = node;
  while (outer.parent && (ts.isParenthesizedExpression(outer.parent) || ts.isAsExpression(outer.parent) || ts.isSatisfiesExpression(outer.parent))) outer = outer.parent;
  const declaration = outer.parent;
  if (!declaration || !ts.isVariableDeclaration(declaration) || declaration.initializer !== outer || !ts.isIdentifier(declaration.name)) return undefined;
  return declaration as ts.VariableDeclaration & { name: ts.Identifier };
}

/**
 * Where a node inside named local closures runs in the function around them: at the closures' calls
 * (`const fast = (body) => client.beta.messages.create(body)`, called as `useFast ? await fast(body) : await
 * client.messages.create(body)`), so that which of the function's requests exclude each other is read where
 * they run, not where the closure is written. The node itself when it is in no such closure.
 */
export function placesInFunction(node: ts.Node, within: ts.Node, memo: Map<ts.Node, boolean>, seen: ReadonlySet<ts.Node> = new Set()): ts.Node[] {
  for (let current = node.parent; current && current !== within; current = current.parent) {
    if (!ts.isFunctionLike(current) || !isCalledLocalClosure(current, memo) || seen.has(current)) continue;
    const declaration = closureDeclaration(current)!;
    const calls = callsOfName(enclosingFunctionBody(declaration)!, declaration.name.text, current);
    if (calls.length === 0) return [node];
    const inside = new Set([...seen, current]);
    return calls.flatMap((call) => placesInFunction(call, within, memo, inside));
  }
  return [node];
}

/** The calls of a name in a function body, other than those inside `apart` (the closure itself). */
function callsOfName(body: ts.Node, name: string, apart: ts.Node): ts.CallExpression[] {
  const calls: ts.CallExpression[] = [];
  const visit = (current: ts.Node): void => {
    if (current === apart) return;
    if (ts.isCallExpression(current) && ts.isIdentifier(current.expression) && current.expression.text === name) calls.push(current);
    ts.forEachChild(current, visit);
  };
  visit(body);
  return calls;
}

/** Per function body as parsed (a tree is never changed; an edited file is a new one). */
const notOnlyCalledByBody = new WeakMap<ts.Node, ReadonlySet<string>>();

/**
 * The names a function body reads other than as the callee of a call (`items.map(generate)`, `{ generate }`),
 * in one walk of the body for all its closures: a walk of the body per closure was 5-9 % of a profiled
 * anything-llm run (72aabbd: functions declaring dozens of handlers).
 */
function namesNotOnlyCalled(body: ts.Node): ReadonlySet<string> {
  let names = notOnlyCalledByBody.get(body);
  if (names) return names;
  const found = new Set<string>();
  const visit = (current: ts.Node): void => {
    if (ts.isIdentifier(current)) {
      const parent = current.parent;
      if (isReference(current) && !(ts.isCallExpression(parent) && parent.expression === current)) found.add(current.text);
      return;
    }
    ts.forEachChild(current, visit);
  };
  visit(body);
  notOnlyCalledByBody.set(body, (names = found));
  return names;
}

/** An identifier that reads a variable: not a property name, an object key or a declaration of another. */
function isReference(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  if ((ts.isPropertyAccessExpression(parent) && parent.name === identifier) || (ts.isQualifiedName(parent) && parent.right === identifier)) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isPropertySignature(parent)) && parent.name === identifier) return false;
  if ((ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isBindingElement(parent) || ts.isFunctionDeclaration(parent)) && parent.name === identifier) return false;
  return true;
}

function enclosingFunctionBody(node: ts.Node): ts.Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isFunctionLike(current)) return (current as ts.FunctionLikeDeclaration).body;
    if (ts.isSourceFile(current)) return undefined;
  }
  return undefined;
}
