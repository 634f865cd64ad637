// Nested functions: whether a function written inside another runs when the outer one is called (a callback
// given to `map`, `withRetry` or `queue.add`), or only later, when what the outer one returns is called (a
// factory returning a closure, an object of methods, a tool definition's `execute`).
import { ts } from "../ts.ts";
import { innerAwaitedExpression, innerExpression } from "../inner-expression.ts";
import { enclosingFunction } from "../resolve/scope.ts";
import { isRepairHook } from "./exclusive-branches.ts";
import { returnedExpressions } from "./instance-factories.ts";
import { calleeName } from "./callee-name.ts";

/** How a nested function relates to the function around it. */
export type NestedRole =
  | { kind: "runs" }
  /** Runs only when called later; `factory` is the function that returns it (as `member` of an object it returns, when so). */
  | { kind: "deferred"; factory?: ts.FunctionLikeDeclaration; member?: string };

export function nestedRole(node: ts.FunctionLikeDeclaration): NestedRole {
  // A request's repair hook runs during that request, so with the function making it (on its failure path).
  if (isRepairHook(node)) return { kind: "runs" };
  let child: ts.Node = node;
  let member: string | undefined;
  if (ts.isMethodDeclaration(node) && ts.isObjectLiteralExpression(node.parent)) {
    member = memberName(node.name);
    child = node.parent;
  } else {
    child = outermostExpression(child);
    const parent = child.parent;
    if (parent && ts.isPropertyAssignment(parent) && ts.isObjectLiteralExpression(parent.parent)) {
      member = memberName(parent.name) ?? "";
      child = parent.parent;
    }
  }
  child = outermostExpression(child);
  const parent = child.parent;
  if (parent && ts.isReturnStatement(parent)) {
    const factory = enclosingFunction(parent);
    return factory ? { kind: "deferred", factory, ...(member ? { member } : {}) } : { kind: "deferred" };
  }
  if (parent && ts.isArrowFunction(parent) && parent.body === child) return { kind: "deferred", factory: parent, ...(member ? { member } : {}) };
  // A handler registered for an event or a command runs when that comes, not when the function registering it does.
  if (member === undefined && parent && ts.isCallExpression(parent) && parent.arguments.includes(child as ts.Expression) && keepsForLater(parent)) return { kind: "deferred" };
  // The same handler bound to a name first (`const llmNode = async (state) => ...; graph.addNode("llm", llmNode)`).
  if (member === undefined && parent && ts.isVariableDeclaration(parent) && parent.initializer === child && ts.isIdentifier(parent.name) && onlyKeptForLater(parent.name)) return { kind: "deferred" };
  // A function stored in an object is not run by making the object.
  if (member !== undefined) return returnedObjectByName(child, member) ?? { kind: "deferred" };
  return returnedByName(child) ?? { kind: "runs" };
}

/**
 * `const methods = { async send() {...} }; return methods;` (a store's initializer handing out its actions): a
 * method of an object bound to a name the function around it returns, as if the object were written in the `return`.
 */
function returnedObjectByName(object: ts.Node, member: string): NestedRole | undefined {
  const bound = boundInFunctionBody(object);
  if (!bound) return undefined;
  const { factory, name } = bound;
  const returned = returnedExpressions(factory).some((expression) => {
    const inner = innerExpression(expression);
    return ts.isIdentifier(inner) && inner.text === name;
  });
  return returned ? { kind: "deferred", factory, member } : undefined;
}

/**
 * `const sendMessage = async (...) => ...; return { messages, sendMessage };` (a React hook handing out its
 * handlers): a closure bound to a name the function around it returns, alone or as a member of a returned
 * object, and never calls, runs when the caller calls what it was given, as if written in the `return`.
 */
function returnedByName(child: ts.Node): NestedRole | undefined {
  const bound = boundInFunctionBody(child);
  return bound ? returnedAs(bound) : undefined;
}

/**
 * `function createModel(url) { const model = { complete }; return model; async function complete(prompt) { ... } }`
 * (TypeChat's language models): a function declared inside another and handed out by name, alone, as a member
 * of a returned object, or of an object bound to a local the function returns, and never called there. Not
 * handed out, it stays a function of its own (undefined), as every nested function declaration is.
 */
export function returnedDeclarationRole(node: ts.FunctionDeclaration): NestedRole | undefined {
  const factory = node.name ? enclosingFunction(node) : undefined;
  if (!factory?.body || !ts.isBlock(factory.body)) return undefined;
  return returnedAs({ factory, body: factory.body, name: node.name!.text });
}

/** Whether the function returns the name, alone or as a member of an object it returns (written in place or bound to a local first), and never calls it. */
function returnedAs({ factory, body, name }: { factory: ts.FunctionLikeDeclaration; body: ts.Block; name: string }): NestedRole | undefined {
  let member: string | undefined;
  let returned = false;
  const readObject = (object: ts.ObjectLiteralExpression): void => {
    for (const property of object.properties) {
      const key = memberHolding(property, name);
      if (key === undefined) continue;
      returned = true;
      member ??= key;
    }
  };
  for (const expression of returnedExpressions(factory)) {
    const inner = innerExpression(expression);
    if (ts.isIdentifier(inner) && inner.text === name) returned = true;
    else if (ts.isObjectLiteralExpression(inner)) readObject(inner);
    else if (ts.isIdentifier(inner)) {
      const object = localObjectLiteral(body, inner.text);
      if (object) readObject(object);
    }
  }
  if (!returned || isCalledIn(body, name)) return undefined;
  return { kind: "deferred", factory, ...(member !== undefined ? { member } : {}) };
}

/** The object literal a `const` written directly in the block binds to the name (`const model: Model = { complete };`). */
function localObjectLiteral(body: ts.Block, name: string): ts.ObjectLiteralExpression | undefined {
  for (const statement of body.statements) {
    if (!ts.isVariableStatement(statement) || !(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name) || declaration.name.text !== name || !declaration.initializer) continue;
      const initializer = innerExpression(declaration.initializer);
      return ts.isObjectLiteralExpression(initializer) ? initializer : undefined;
    }
  }
  return undefined;
}

/** `const name = <node>` directly in the block body of a function: the function and the name. */
function boundInFunctionBody(node: ts.Node): { factory: ts.FunctionLikeDeclaration; body: ts.Block; name: string } | undefined {
  const declaration = node.parent;
  if (!declaration || !ts.isVariableDeclaration(declaration) || declaration.initializer !== node || !ts.isIdentifier(declaration.name)) return undefined;
  const factory = enclosingFunction(declaration);
  if (!factory?.body || !ts.isBlock(factory.body)) return undefined;
  return { factory, body: factory.body, name: declaration.name.text };
}

/** The key of an object literal's member holding the name (`{ sendMessage }`, `{ send: sendMessage }`). */
function memberHolding(property: ts.ObjectLiteralElementLike, name: string): string | undefined {
  if (ts.isShorthandPropertyAssignment(property)) return property.name.text === name ? name : undefined;
  if (!ts.isPropertyAssignment(property)) return undefined;
  const value = innerExpression(property.initializer);
  return ts.isIdentifier(value) && value.text === name ? (memberName(property.name) ?? "") : undefined;
}

/** Whether a body calls the name directly (`sendMessage(...)`), its nested functions included. */
function isCalledIn(body: ts.Node, name: string): boolean {
  let called = false;
  const visit = (node: ts.Node): void => {
    if (called) return;
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === name) called = true;
    else ts.forEachChild(node, visit);
  };
  visit(body);
  return called;
}

/** Whether a call keeps the functions it is given to run later (an event handler, a route, a graph's node, `.then`, an effect), not while it runs. */
export function keepsForLater(call: ts.CallExpression): boolean {
  return registersHandler(call) || registersRoute(call) || registersGraphNode(call) || runsLater(call);
}

/** Whether a local name is read, in the function declaring it, only as an argument of calls that keep it for later (and at least once). */
function onlyKeptForLater(name: ts.Identifier): boolean {
  const body = enclosingFunction(name)?.body;
  if (!body) return false;
  const uses = namesUsedIn(body).get(name.text);
  // Its own declaration aside, every other declaration of the name is a use of another kind.
  return uses !== undefined && uses.kept > 0 && uses.other === 0 && uses.declared === 1;
}

/** How each name is used in a function's body: as an argument kept for later, declared, or otherwise (property names aside). */
interface NameUses {
  kept: number;
  declared: number;
  other: number;
}

/** Per function body, read in one walk: every nested function of a large body asks (it was a walk per question). */
const NAME_USES = new WeakMap<ts.Node, Map<string, NameUses>>();

function namesUsedIn(body: ts.Node): Map<string, NameUses> {
  const known = NAME_USES.get(body);
  if (known) return known;
  const uses = new Map<string, NameUses>();
  const visit = (node: ts.Node): void => {
    if (!ts.isIdentifier(node)) {
      ts.forEachChild(node, visit);
      return;
    }
    const parent = node.parent;
    if ((ts.isPropertyAccessExpression(parent) && parent.name === node) || (ts.isPropertyAssignment(parent) && parent.name === node)) return;
    let use = uses.get(node.text);
    if (!use) uses.set(node.text, (use = { kept: 0, declared: 0, other: 0 }));
    if (ts.isCallExpression(parent) && parent.arguments.includes(node) && keepsForLater(parent)) use.kept++;
    else if (ts.isVariableDeclaration(parent) && parent.name === node) use.declared++;
    else use.other++;
  };
  visit(body);
  NAME_USES.set(body, uses);
  return uses;
}

/**
 * LangGraph's `graph.addNode("llm", callModel)` and `graph.addConditionalEdges("llm", route)`: the node (or the
 * router) runs when the compiled graph is invoked, not when the function building the graph is called. The
 * first argument names the node.
 */
const GRAPH_NODE_METHODS = /^(?:addNode|addConditionalEdges)$/;

function registersGraphNode(call: ts.CallExpression): boolean {
  if (!ts.isPropertyAccessExpression(call.expression) || !GRAPH_NODE_METHODS.test(call.expression.name.text) || call.arguments.length < 2) return false;
  return ts.isStringLiteralLike(call.arguments[0]!) || ts.isIdentifier(call.arguments[0]!) || ts.isPropertyAccessExpression(call.arguments[0]!);
}

/**
 * Names a file binds to what a factory returns: `const generate = createGenerator(opts)`, a class field
 * `generate = createGenerator(opts)` or `this.generate = createGenerator(opts)`; a call of one of them
 * is a call of the closure the factory returns.
 */
export function namesBoundFromFactories(sourceFile: ts.SourceFile, factories: ReadonlySet<string>): Set<string> {
  const bound = new Set<string>();
  const fromFactory = (expression: ts.Expression | undefined): boolean => {
    if (!expression) return false;
    const inner = innerAwaitedExpression(expression);
    if (!ts.isCallExpression(inner)) return false;
    const name = calleeName(inner.expression);
    return name !== undefined && factories.has(name);
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node)) && (ts.isIdentifier(node.name) || ts.isPrivateIdentifier(node.name)) && fromFactory(node.initializer)) {
      bound.add(node.name.text.replace(/^#/, ""));
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && fromFactory(node.right)) {
      if (ts.isIdentifier(node.left)) bound.add(node.left.text);
      else if (ts.isPropertyAccessExpression(node.left)) bound.add(node.left.name.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return bound;
}

/**
 * Callee names that register a handler: `on("event", fn)`, `once`, `addEventListener`, `subscribe`, `onDidChange(fn)`,
 * `registerCommand(id, fn)`, a setter keeping a callback (`setOnReplyCallback(fn)`, `setMessageHandler(fn)`).
 */
const HANDLER_REGISTRATION = /^(?:on|once|addListener|addEventListener|prependListener|subscribe|on[A-Z]\w*|register[A-Z]\w*|set[A-Z]\w*(?:Callback|Handler|Listener))$/;

function registersHandler(call: ts.CallExpression): boolean {
  const name = calleeName(call.expression);
  return name !== undefined && HANDLER_REGISTRATION.test(name);
}

/** Methods of a web framework's app or router that register a route handler for a path (Express, Fastify, Hono, Koa router). */
const ROUTE_METHODS = /^(?:get|post|put|patch|delete|del|all|options|head|use|route)$/;

/**
 * `app.post("/chat", [auth], async (request, response) => ...)`: a route handler runs when a request for the
 * path comes, not when the function registering the route (`chatEndpoints(app)`) is called. The first
 * argument is the path (a string, a template, a pattern or a list of them), which tells a route from
 * `cache.get(key, compute)`.
 */
function registersRoute(call: ts.CallExpression): boolean {
  if (!ts.isPropertyAccessExpression(call.expression) || !ROUTE_METHODS.test(call.expression.name.text) || call.arguments.length < 2) return false;
  const path = call.arguments[0]!;
  return isRoutePath(path) || (ts.isArrayLiteralExpression(path) && path.elements.length > 0 && path.elements.every(isRoutePath));
}

/** `"/chat"`, `"*"`, `` `/v1/${name}` ``, `/^\/api/`: what a route is registered for. */
function isRoutePath(node: ts.Expression): boolean {
  if (ts.isStringLiteralLike(node)) return /^[/*]/.test(node.text);
  if (ts.isTemplateExpression(node)) return node.head.text.startsWith("/");
  return ts.isRegularExpressionLiteral(node);
}

/** React hooks that keep the function they are given for later: a memoised callback, an effect run after rendering. */
const DEFERRING_HOOKS = /^(?:useCallback|useEffect|useLayoutEffect|useInsertionEffect)$/;

/**
 * `promise.then(fn)`: fn runs once the promise settles, handed to the promise rather than run by the call
 * that hands it (a `.catch()` handler is read as the failure path of the function around it instead).
 * `useCallback(fn, deps)` and the effect hooks: fn runs when the component calls it or after rendering, not
 * when the hook or component around it is called.
 */
function runsLater(call: ts.CallExpression): boolean {
  if (ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === "then") return true;
  const name = calleeName(call.expression);
  return name !== undefined && DEFERRING_HOOKS.test(name);
}

function outermostExpression(node: ts.Node): ts.Node {
  let current = node;
  while (current.parent && (ts.isParenthesizedExpression(current.parent) || ts.isAsExpression(current.parent) || ts.isSatisfiesExpression(current.parent))) current = current.parent;
  return current;
}

function memberName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name) ? name.text : undefined;
}
