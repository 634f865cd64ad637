// Fields a class sets after it is constructed: `_providerInstance = null` where it is declared, then
// `this.providerInstance = this.getProviderForConfig(config)` in a method, through a setter
// (`set providerInstance(value) { this._providerInstance = value; }`). A method reading the field while
// the declaration only says null reads what those methods set.
import { ts } from "../ts.ts";
import type { Evaluator } from "./evaluate.ts";
import type { EvalScope, Value } from "./values.ts";
import { choice } from "./choice.ts";

/** More writes than this are left alone: a field written everywhere is state, not a dependency set once. */
const MAX_WRITES = 8;

export interface FieldWrite {
  value: ts.Expression;
  /** The method or accessor of the class the write is in. */
  method: ts.ClassElement;
}

/**
 * What the methods of a class (not its constructor) assign to `this.<name>`, each evaluated with `this`
 * the instance read; a write in a setter of the value it receives stands for what methods assign to that
 * accessor. Undefined when nothing known is written. `onlyMade`: only when every write assigns what a call or
 * `new` makes. `startsEmpty`: the field is declared an empty list, so a write set at run time is what it holds
 * even when no other write is known.
 */
export function fieldWrites(evaluator: Evaluator, classNode: ts.ClassLikeDeclaration, name: string, memberScope: EvalScope, onlyMade = false, startsEmpty = false): Value | undefined {
  const writes = writesOf(classNode, name);
  if (writes.length === 0 || writes.length > MAX_WRITES) return undefined;
  // A field no declaration names: only one a method sets to what a call or `new` makes (a client), never state
  // built from itself (`this.options = { ...this.options, ...options }`), which a read would follow without end.
  if (onlyMade && !writes.every(({ value }) => isMade(value))) return undefined;
  const expressions: ts.Expression[] = [];
  for (const { value, method } of writes) {
    const setter = ts.isSetAccessorDeclaration(method) && method.name && ts.isIdentifier(method.name) ? method : undefined;
    if (setter && ts.isIdentifier(value) && setter.parameters[0] && ts.isIdentifier(setter.parameters[0].name) && setter.parameters[0].name.text === value.text) {
      for (const outer of writesOf(classNode, (setter.name as ts.Identifier).text)) if (!ts.isSetAccessorDeclaration(outer.method)) expressions.push(outer.value);
    } else expressions.push(value);
  }
  if (expressions.length === 0 || expressions.length > MAX_WRITES) return undefined;
  const scope: EvalScope = { file: memberScope.file, ...(memberScope.thisValue ? { thisValue: memberScope.thisValue } : {}), parent: memberScope };
  const evaluated = expressions.map((expression) => evaluator.guarded(expression, () => evaluator.evaluate(expression, scope), `this.${name}`));
  const values = evaluated.filter((value) => value.kind !== "unknown" && value.kind !== "null");
  // Started (`startsEmpty`) or emptied (`this.history = []`) and set at run time elsewhere: what runs is the
  // run-time content, never nothing.
  const runTime = evaluated.find((value) => value.kind === "unknown");
  if (runTime && (values.length > 0 || startsEmpty) && values.every(isEmptyArray)) return runTime;
  return values.length > 0 ? choice(values, `this.${name}`) : undefined;
}

/** An empty array (`[]`): a list a class empties or starts from. */
export function isEmptyArray(value: Value): boolean {
  return value.kind === "array" && value.elements.length === 0;
}

/** `this.<name> = value` in the class's methods and accessors, not in nested functions (they have their own `this`) or the constructor. */
function writesOf(classNode: ts.ClassLikeDeclaration, name: string): readonly FieldWrite[] {
  return fieldWritesByName(classNode).get(name) ?? [];
}

/**
 * The writes of every field of a class (see writesOf), by name without `#`, in member order: found in one
 * walk of its methods and kept per class as parsed, instead of a walk of every method per field read
 * (a sixth of the nodes walked in a run on a 2,800-file application).
 */
export function fieldWritesByName(classNode: ts.ClassLikeDeclaration): ReadonlyMap<string, readonly FieldWrite[]> {
  return writesOfClass(classNode).fields;
}

/**
 * What the methods of a class assign to a static field through the instance's class:
 * `this.constructor._chatModel = this._setupModel()`, each evaluated with `this` the instance of the class the
 * field is read through (`receiver`: a subclass's `_setupModel` makes its own model). Undefined when nothing
 * known is written.
 */
export function staticFieldWrites(evaluator: Evaluator, classNode: ts.ClassLikeDeclaration, name: string, receiver: { node: ts.ClassLikeDeclaration; scope: EvalScope }): Value | undefined {
  const writes = writesOfClass(classNode).statics.get(name) ?? [];
  if (writes.length === 0 || writes.length > MAX_WRITES) return undefined;
  const scope: EvalScope = { file: receiver.scope.file, thisValue: { kind: "instance", node: receiver.node, scope: receiver.scope }, parent: receiver.scope };
  const values = writes.map(({ value }) => evaluator.guarded(value, () => evaluator.evaluate(value, scope), `this.constructor.${name}`)).filter((value) => value.kind !== "unknown" && value.kind !== "null");
  return values.length > 0 ? choice(values, `this.constructor.${name}`) : undefined;
}

/** The writes of `this.<field>` and `this.constructor.<field>` in a class's methods, by name without `#`, in member order; one walk per class. */
function writesOfClass(classNode: ts.ClassLikeDeclaration): ClassWrites {
  let writes = writesByClass.get(classNode);
  if (writes) return writes;
  writes = { fields: new Map(), statics: new Map() };
  const add = (into: Map<string, FieldWrite[]>, field: string, write: FieldWrite): void => {
    const known = into.get(field);
    if (known) known.push(write);
    else into.set(field, [write]);
  };
  for (const member of classNode.members) {
    if (!(ts.isMethodDeclaration(member) || ts.isSetAccessorDeclaration(member) || ts.isGetAccessorDeclaration(member)) || !member.body || isStaticMember(member)) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isClassLike(node)) return;
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left)) {
        const field = node.left.name.text.replace(/^#/, "");
        const target = node.left.expression;
        if (target.kind === ts.SyntaxKind.ThisKeyword) add(writes!.fields, field, { value: node.right, method: member });
        else if (isThisConstructor(target)) add(writes!.statics, field, { value: node.right, method: member });
      }
      ts.forEachChild(node, visit);
    };
    visit(member.body);
  }
  writesByClass.set(classNode, writes);
  return writes;
}

interface ClassWrites {
  fields: Map<string, FieldWrite[]>;
  statics: Map<string, FieldWrite[]>;
}

/** `this.constructor`, the class of the instance. */
function isThisConstructor(node: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword && node.name.text === "constructor";
}

/** Per class node (nodes are never changed: an edited class is a new node). */
const writesByClass = new WeakMap<ts.ClassLikeDeclaration, ClassWrites>();

function isStaticMember(member: ts.ClassElement): boolean {
  return ts.canHaveModifiers(member) && (ts.getModifiers(member)?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword) ?? false);
}

/** `this.createLLM(options)`, `new OpenAI()`, `await makeClient()`: a value a call or `new` makes. */
function isMade(value: ts.Expression): boolean {
  let inner = value;
  while (ts.isParenthesizedExpression(inner) || ts.isAwaitExpression(inner) || ts.isAsExpression(inner) || ts.isNonNullExpression(inner)) inner = inner.expression;
  return ts.isCallExpression(inner) || ts.isNewExpression(inner);
}
