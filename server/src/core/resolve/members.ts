// Reading a member of a value: object literal properties (through spreads), class instances and statics, `this`.
import { isTestFile } from "../call-sites.ts";
import { ts } from "../ts.ts";
import type { Evaluator } from "./evaluate.ts";
import { fullyStaticText, textKnownInFull, unknown, labelOf, type AccessStep, type EvalScope, type ExternalValue, type ObjectValue, type Value } from "./values.ts";
import { evaluateReturn } from "./calls.ts";
import { choice, eachAlternative } from "./choice.ts";
import { fileOf, valueFromTypeNode } from "./declarations.ts";
import { typedValue } from "./declared-types.ts";
import { exportedValue } from "./modules.ts";
import { subclassesOf, withOverrides } from "./overrides.ts";
import { fieldWrites, fieldWritesByName, isEmptyArray, staticFieldWrites } from "./field-writes.ts";
import { assignmentsIn, defaultedAssignment, switchedAssignments } from "./constructor-assignments.ts";
import { orElse } from "./operators.ts";

/** Any of the values of a constant table read with a run-time key, when all of them are known. */
export function anyMember(evaluator: Evaluator, target: Value): Value | undefined {
  let values: Value[] = [];
  if (target.kind === "record") values = [...target.members.values()];
  else if (target.kind === "object") {
    for (const property of target.node.properties) {
      if (ts.isSpreadAssignment(property)) return undefined;
      const name = propertyName(property);
      // `[Providers.OPENAI]: OpenAIEmbeddings`: read with a run-time key, the entry's name does not matter.
      const value = name !== undefined ? objectProperty(evaluator, target, name) : ts.isPropertyAssignment(property) && ts.isComputedPropertyName(property.name) ? evaluator.evaluate(property.initializer, target.scope) : undefined;
      if (!value) return undefined;
      values.push(value);
    }
  } else if (target.kind === "array") values = target.elements;
  if (values.length === 0 || values.some((value) => value.kind === "unknown")) return undefined;
  return choice(values, "member");
}

/** `this` in a method: the instance being called, or the class's own instance seen from inside. */
export function evaluateThis(evaluator: Evaluator, node: ts.Node, scope: EvalScope): Value {
  for (let current: EvalScope | undefined = scope; current; current = current.parent) {
    if (current.thisValue) return current.thisValue;
  }
  const classNode = enclosingClass(node);
  if (!classNode) return unknown("this");
  return { kind: "instance", node: classNode, scope: { file: fileOf(evaluator, classNode) ?? scope.file } };
}

/**
 * A field or method of a project class instance: initializer, constructor assignment, parameter property or
 * type; for an instance of unknown concrete class, a method is also each subclass's override of it.
 */
export function instanceMember(evaluator: Evaluator, instance: Extract<Value, { kind: "instance" }>, name: string): Value | undefined {
  const declared = declaredMember(evaluator, instance, name, 0, instance);
  // `this.constructor`: the instance's class, whose statics a subclass may declare again (`static _model = "gpt-4o"`).
  if (name === "constructor" && !declared) return { kind: "class", node: instance.node, scope: instance.scope, ...(instance.construction ? {} : { orSubclass: true as const }) };
  return withOverrides(evaluator, instance, name, declared);
}

/**
 * `super.generateChat` in a method: the member as the class the enclosing class extends declares it, read on
 * `this` (an OpenAI-compatible subclass calling its base class's request method). Project base classes only.
 */
export function superMember(evaluator: Evaluator, node: ts.Node, scope: EvalScope, name: string): Value | undefined {
  const classNode = enclosingClass(node);
  const heritage = classNode?.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
  if (!classNode || !heritage) return undefined;
  const self = evaluateThis(evaluator, node, scope);
  const own: Extract<Value, { kind: "instance" }> = self.kind === "instance" && self.node === classNode ? self : { kind: "instance", node: classNode, scope: { file: fileOf(evaluator, classNode) ?? scope.file } };
  const base = evaluator.evaluate(heritage.expression, own.scope);
  if (base.kind !== "class") return undefined;
  const receiver = self.kind === "instance" ? self : own;
  const constructor = constructorOf(classNode);
  const construction = constructor ? superConstruction(evaluator, own, constructor, memberScopeOf(evaluator, own, receiver)) : own.construction;
  return declaredMember(evaluator, { kind: "instance", node: base.node, scope: base.scope, ...(construction ? { construction } : {}) }, name, 1, receiver);
}

/** A class's constructor with a body, if it declares one. */
function constructorOf(classNode: ts.ClassLikeDeclaration): ts.ConstructorDeclaration | undefined {
  return classNode.members.find((member): member is ts.ConstructorDeclaration => ts.isConstructorDeclaration(member) && member.body !== undefined);
}

/** The member as the class (or a class it extends) declares it; inherited methods keep `self` as `this`. */
function declaredMember(evaluator: Evaluator, instance: Extract<Value, { kind: "instance" }>, name: string, depth: number, self: Extract<Value, { kind: "instance" }>): Value | undefined {
  const classNode = instance.node;
  const memberScope = memberScopeOf(evaluator, instance, self);
  const constructor = constructorOf(classNode);
  for (const member of classNode.members) {
    if (member.name === undefined || memberName(member.name) !== name || isStatic(member)) continue;
    if (ts.isPropertyDeclaration(member)) {
      // What the field is set to, or when that cannot be followed (or is null until set later), what its type
      // says (`private docs: DocsService`, `private index: LanceDbIndex | null = null`).
      const initial = member.initializer ? evaluator.guarded(member, () => evaluator.evaluate(member.initializer!, memberScope), name) : undefined;
      // An empty list the methods fill or replace (`_conversation = []`, then `this._conversation = await
      // this.buildConversation(...)`) is what they write, not nothing.
      const startsEmpty = initial !== undefined && isEmptyArray(initial) && fieldWritesByName(classNode).has(name);
      if (initial && initial.kind !== "unknown" && initial.kind !== "null" && !startsEmpty) return initial;
      // Declared null (or without a value), then set by the constructor, or by the methods.
      const constructed = constructor ? constructorAssignment(evaluator, instance, constructor, name, memberScope) : undefined;
      if (constructed && constructed.kind !== "unknown" && constructed.kind !== "null") return constructed;
      const assigned = initial ?? constructed;
      const written = fieldWrites(evaluator, classNode, name, memberScope, false, startsEmpty);
      if (written) return written;
      if (!assigned) return valueFromTypeNode(evaluator, member.type, member, memberScope) ?? unknown(`this.${name}`);
      return (member.type && typedValue(evaluator, { type: member.type, from: member }, memberScope)) ?? assigned;
    }
    // An overloaded method: its signatures come first, the implementation (with the body) last.
    if (ts.isMethodDeclaration(member)) return { kind: "function", node: member.body ? member : (implementationOf(classNode, name) ?? member), scope: memberScope };
    if (ts.isGetAccessorDeclaration(member) && member.body) return evaluator.guarded(member, () => evaluateReturn(evaluator, member, memberScope), name);
  }
  if (constructor) {
    const parameter = constructor.parameters.find((candidate) => ts.isIdentifier(candidate.name) && candidate.name.text === name && ts.getModifiers(candidate)?.length);
    if (parameter) {
      const index = constructor.parameters.indexOf(parameter);
      const argument = instance.construction?.args[index];
      if (argument) return evaluator.evaluate(argument, instance.construction!.scope);
      if (parameter.initializer) return evaluator.evaluate(parameter.initializer, memberScope);
      return valueFromTypeNode(evaluator, parameter.type, parameter, memberScope) ?? unknown(`this.${name}`);
    }
    const assigned = constructorAssignment(evaluator, instance, constructor, name, memberScope);
    if (assigned) return assigned;
  }
  // One class it extends, when that class is in the project too.
  const heritage = classNode.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
  const base = heritage && depth < 4 ? evaluator.evaluate(heritage.expression, instance.scope) : undefined;
  // The base class's constructor takes what `super(...)` passes, or, without a constructor here, the `new` arguments.
  const baseConstruction = () => (constructor ? superConstruction(evaluator, instance, constructor, memberScope) : instance.construction);
  if (base?.kind === "class") {
    const construction = baseConstruction();
    const inherited = declaredMember(evaluator, { kind: "instance", node: base.node, scope: base.scope, ...(construction ? { construction } : {}) }, name, depth + 1, self);
    if (inherited) return inherited;
  }
  // A field no declaration names (JavaScript), set by the class's methods: `this.client = this.createLLM(options)`.
  const written = fieldWrites(evaluator, classNode, name, memberScope, true);
  if (written || base?.kind !== "external") return written;
  // A package's class it extends (`class EnhancedChatOpenAI extends ChatOpenAI`): what the project does not
  // declare is the package's, on an instance made with what `super(...)` (or the `new`) passes.
  return packageBaseMember(base, baseConstruction(), instance.scope, name);
}

/** Member `name` of an instance of a package's class, made with a construction's arguments. */
function packageBaseMember(base: ExternalValue, construction: { args: readonly ts.Expression[]; scope: EvalScope } | undefined, scope: EvalScope, name: string): ExternalValue {
  const made: AccessStep = { kind: "new", args: construction?.args ?? [], scope: construction?.scope ?? scope };
  return { kind: "external", module: base.module, steps: [...base.steps, made, { kind: "property", name }] };
}

const MEMBER_SCOPES = Symbol("member scopes");

/**
 * The scope an instance's members are read in, with `self` as `this`: one object per instance and `this`, not
 * one per member read. Scopes are compared by structure (evaluation-memo.ts StructuralIds), and each new one
 * is taken apart to be numbered: on anything-llm (72aabbd) 51,424 such scopes were made, 38,159 this way.
 */
function memberScopeOf(evaluator: Evaluator, instance: Extract<Value, { kind: "instance" }>, self: Extract<Value, { kind: "instance" }>): EvalScope {
  const byInstance = evaluator.memo(MEMBER_SCOPES, () => new WeakMap<object, WeakMap<object, EvalScope>>());
  let bySelf = byInstance.get(instance);
  if (!bySelf) byInstance.set(instance, (bySelf = new WeakMap()));
  let scope = bySelf.get(self);
  if (!scope) bySelf.set(self, (scope = { file: instance.scope.file, thisValue: self, parent: instance.scope }));
  return scope;
}

/**
 * The arguments of the `super(...)` call of a constructor, in the constructor's scope (its parameters bound to
 * the `new` arguments, its locals readable): `const client = new OpenAI(options); super(client);`.
 */
function superConstruction(evaluator: Evaluator, instance: Extract<Value, { kind: "instance" }>, constructor: ts.ConstructorDeclaration, memberScope: EvalScope): { args: readonly ts.Expression[]; scope: EvalScope } | undefined {
  const call = constructor.body?.statements.map((statement) => (ts.isExpressionStatement(statement) ? statement.expression : undefined)).find((expression): expression is ts.CallExpression => expression !== undefined && ts.isCallExpression(expression) && expression.expression.kind === ts.SyntaxKind.SuperKeyword);
  if (!call) return undefined;
  return { args: call.arguments, scope: { file: memberScope.file, bindings: constructorBindings(evaluator, instance, constructor), thisValue: memberScope.thisValue, parent: memberScope } };
}

/** A constructor's parameters bound to the `new` arguments of the instance, where they are known. */
function constructorBindings(evaluator: Evaluator, instance: Extract<Value, { kind: "instance" }>, constructor: ts.ConstructorDeclaration): Map<ts.Node, Value> {
  const bindings = new Map<ts.Node, Value>();
  constructor.parameters.forEach((parameter, index) => {
    const argument = instance.construction?.args[index];
    if (argument) bindings.set(parameter, evaluator.evaluate(argument, instance.construction!.scope));
  });
  return bindings;
}

/** The instance method of a class that has a body, among its overload signatures. */
function implementationOf(classNode: ts.ClassLikeDeclaration, name: string): ts.MethodDeclaration | undefined {
  return classNode.members.find((member): member is ts.MethodDeclaration => ts.isMethodDeclaration(member) && member.body !== undefined && !isStatic(member) && memberName(member.name) === name);
}

/**
 * `this.client = new OpenAI(...)` in the constructor, with the constructor's parameters bound to the `new`
 * arguments. Assigned in each clause of a switch (`switch (provider) { case Claude: this.llm = new ClaudeApi(); ...`):
 * what each clause the construction takes assigns, one alternative each (constructor-assignments.ts).
 */
export function constructorAssignment(evaluator: Evaluator, instance: Extract<Value, { kind: "instance" }>, constructor: ts.ConstructorDeclaration, name: string, memberScope: EvalScope): Value | undefined {
  const assignments = assignmentsIn(constructor, name);
  if (assignments.length === 0) return undefined;
  const scope: EvalScope = { file: memberScope.file, bindings: constructorBindings(evaluator, instance, constructor), thisValue: instance, parent: memberScope };
  const read = (expression: ts.Expression): Value => evaluator.guarded(expression, () => evaluator.evaluate(expression, scope), name);
  const defaulted = defaultedAssignment(assignments);
  if (defaulted) return orElse(read(defaulted.tested), () => read(defaulted.fallback), labelOf(defaulted.tested));
  const switched = assignments.length > 1 ? switchedAssignments(evaluator, assignments, scope) : undefined;
  if (!switched) return read(assignments[0]!.right);
  const values = switched.map((assignment) => read(assignment.right)).filter((value) => value.kind !== "unknown" && value.kind !== "null");
  if (values.length === 0) return read(assignments[0]!.right);
  return values.length === 1 ? values[0] : choice(values, `this.${name}`);
}

/** Reads a property of a value: an object literal's property, an import path step, a string's length. */
export function getProperty(evaluator: Evaluator, target: Value, name: string, node?: ts.Node): Value {
  const alternatives = eachAlternative(target);
  if (alternatives) {
    const label = node ? labelOf(node) : name;
    // Each way's value, and whether an object literal of it surely lacks the property (read once).
    const read = alternatives.map((alternative) => {
      if (alternative.kind !== "object") return { value: getProperty(evaluator, alternative, name, node), absent: false };
      const found = objectProperty(evaluator, alternative, name);
      return { value: found ?? unknown(label), absent: found === undefined && !alternative.assigned && !alternative.handedTo };
    });
    // A function some of the objects hold and the others do not (`provider.handleRapidPrompt?.(...)` over
    // providers of which one has no such handler): `undefined` on those ways, so the functions stand, each
    // of them, as beside a `null`. Other values read so stay as they were (a cap absent on one way).
    const present = read.filter((way) => !way.absent).map((way) => way.value);
    if (present.length > 0 && present.length < read.length && present.every((value) => value.kind === "function")) return choice([...present, { kind: "null" }], label);
    return choice(read.map((way) => way.value), label);
  }
  if (target.kind === "external") return { kind: "external", module: target.module, steps: [...target.steps, { kind: "property", name }] };
  if (target.kind === "object") return objectProperty(evaluator, target, name) ?? unknown(node ? labelOf(node) : name);
  if (target.kind === "array" && name === "length") return { kind: "number", value: target.elements.length };
  if (target.kind === "text" && name === "length") {
    const text = textKnownInFull(target);
    if (text !== undefined) return { kind: "number", value: text.length };
  }
  if (target.kind === "record") return target.members.get(name) ?? unknown(`${target.name}.${name}`);
  if (target.kind === "namespace") return exportedValue(evaluator, target.file, name);
  if (target.kind === "instance") return instanceMember(evaluator, target, name) ?? unknown(node ? labelOf(node) : name);
  if (target.kind === "class") return (target.orSubclass ? staticOfAnySubclass(evaluator, target, name) : staticMember(evaluator, target, name)) ?? unknown(node ? labelOf(node) : name);
  if (target.kind === "text" && target.alternatives && name === "length") return getProperty(evaluator, target.alternatives[0]!, name, node);
  return unknown(node ? labelOf(node) : name);
}

/**
 * A static member read through `this.constructor` where the class is this one or any project subclass: the
 * value each of them has (its own declaration or an inherited one), one alternative per value. A class whose
 * chain does not declare it is left out while some subclass does (`static _model` declared by each concrete
 * subclass, never by the base in between: that base is not what a request runs as). Subclasses in test files
 * are left out (a test's `static defaultOptions = { model: "dummy-model" }` is no model the app runs). Objects
 * are not merged: a read of one takes the first (`...this.constructor.defaultOptions`, one per vendor), so
 * several leave the static unknown, as it was before any subclass was looked at.
 */
function staticOfAnySubclass(evaluator: Evaluator, target: Extract<Value, { kind: "class" }>, name: string): Value | undefined {
  const subclasses = subclassesOf(evaluator, target.node).filter((subclass) => !isTestFile(subclass.file.path));
  const classes = [target.node, ...subclasses.map((subclass) => subclass.node)];
  const values: Value[] = [];
  for (const classNode of classes) {
    const classValue: Extract<Value, { kind: "class" }> = classNode === target.node ? { kind: "class", node: classNode, scope: target.scope } : { kind: "class", node: classNode, scope: { file: fileOf(evaluator, classNode) ?? target.scope.file } };
    const value = staticMember(evaluator, classValue, name);
    if (value && value.kind !== "unknown") values.push(value);
  }
  if (values.length <= 1) return values[0];
  if (values.some((value) => value.kind === "object")) return undefined;
  return choice(values, name);
}

/**
 * A static member of a class, or of a class it extends; `receiver` is the class it is read through (a
 * subclass, for `this.constructor._model` in a base class's method).
 */
export function staticMember(evaluator: Evaluator, classValue: Extract<Value, { kind: "class" }>, name: string, receiver: Extract<Value, { kind: "class" }> = classValue, depth = 0): Value | undefined {
  for (const member of classValue.node.members) {
    if (member.name === undefined || memberName(member.name) !== name || !isStatic(member)) continue;
    if (ts.isPropertyDeclaration(member)) {
      // Set later (`DocsService.instance = service` in a factory, `this.constructor._chatModel = this._setupModel()`
      // in a method), or null until then: what the methods write, else what its type says, as for an instance field.
      const assigned = member.initializer ? evaluator.evaluate(member.initializer, classValue.scope) : undefined;
      if (assigned && assigned.kind !== "unknown" && assigned.kind !== "null") return assigned;
      return staticFieldWrites(evaluator, classValue.node, name, receiver) ?? valueFromTypeNode(evaluator, member.type, member, classValue.scope) ?? assigned;
    }
    if (ts.isMethodDeclaration(member)) return { kind: "function", node: member, scope: classValue.scope };
  }
  const heritage = classValue.node.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
  if (!heritage || depth >= 4) return undefined;
  const base = evaluator.evaluate(heritage.expression, classValue.scope);
  return base.kind === "class" ? staticMember(evaluator, base, name, receiver, depth + 1) : undefined;
}

/**
 * The value of a property of an object literal, following spreads; later properties win. A property
 * not written anywhere but possibly in a spread of unknown content (`{ model, ...opts }`) is unknown, not
 * absent: unknown is never zero.
 */
export function objectProperty(evaluator: Evaluator, object: ObjectValue, name: string, spreading: Set<ts.Node> = new Set()): Value | undefined {
  const assigned = object.assigned?.findLast((assignment) => assignment.name === name);
  if (assigned) return evaluator.evaluate(assigned.value, assigned.scope);
  const properties = object.node.properties;
  let unseen: Value | undefined;
  for (let index = properties.length - 1; index >= 0; index--) {
    const property = properties[index]!;
    if (ts.isSpreadAssignment(property)) {
      const spread = evaluator.evaluate(property.expression, object.scope);
      if (spread.kind === "object") {
        // An object that spreads itself (`this.current = { ...this.current, count }`: the field read as that
        // literal again), or one spreading it: what it holds beyond that is not known.
        if (spreading.has(spread.node)) {
          unseen ??= { ...unknown(`${labelOf(property.expression)}.${name}`), maybeAbsent: true };
          continue;
        }
        spreading.add(object.node);
        const found = objectProperty(evaluator, spread, name, spreading);
        spreading.delete(object.node);
        if (found) return found;
      } else if (spread.kind === "namespace") {
        // `module.exports = { ...handle }` with `const handle = require("./handle")`: that module's export.
        const found = exportedValue(evaluator, spread.file, name);
        if (found.kind !== "unknown") return found;
        unseen ??= { ...found, maybeAbsent: true };
      } else if (spread.kind === "unknown" || spread.kind === "instance" || spread.kind === "external") {
        unseen ??= { ...unknown(`${labelOf(property.expression)}.${name}`), maybeAbsent: true };
      }
      continue;
    }
    if (keyOf(evaluator, property, object.scope) !== name) continue;
    if (ts.isPropertyAssignment(property)) return evaluator.evaluate(property.initializer, object.scope);
    if (ts.isShorthandPropertyAssignment(property)) return evaluator.evaluate(property.name, object.scope);
    if (ts.isMethodDeclaration(property)) return { kind: "function", node: property, scope: object.scope };
    return unknown(name);
  }
  const handedTo = object.handedTo?.at(-1);
  if (!unseen && handedTo !== undefined) unseen = { ...unknown(`${name} (may be set by ${handedTo})`), maybeAbsent: true };
  return unseen;
}

/** The property node of an object literal as written (not through spreads), for ranges and fixes. */
export function findPropertyNode(evaluator: Evaluator, object: ObjectValue, name: string): ts.ObjectLiteralElementLike | undefined {
  return object.node.properties.find((property) => !ts.isSpreadAssignment(property) && propertyName(property) === name);
}

export function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isClassLike(current)) return current;
    // A plain function has its own `this`; arrows, methods and accessors see the class's, and so does a
    // function declared in one that is only run with the method's `this` (`processResponse.bind(this)()`).
    if ((ts.isFunctionDeclaration(current) || ts.isFunctionExpression(current)) && !runsWithOuterThis(current)) return undefined;
  }
  return undefined;
}

/**
 * Whether a function declared inside another function (or a function expression bound to a `const` there:
 * gemini-cli's `const streamWithRetries = async function* (this: GeminiChat) {...}`) is only ever used as
 * `name.bind(this)`, `name.call(this, ...)` or `name.apply(this, ...)` there: its `this` is the enclosing function's.
 */
function runsWithOuterThis(fn: ts.FunctionDeclaration | ts.FunctionExpression): boolean {
  let known = runsWithOuterThisByFunction.get(fn);
  if (known === undefined) runsWithOuterThisByFunction.set(fn, (known = usedOnlyBoundToThis(fn)));
  return known;
}

/**
 * Per function as parsed (a tree is never changed): asked for every `this` read inside the function and
 * every call in it of a field (injected-fields.ts), each a walk of the function around it (about 3 % of a
 * profiled anything-llm run, 72aabbd).
 */
const runsWithOuterThisByFunction = new WeakMap<ts.FunctionDeclaration | ts.FunctionExpression, boolean>();

/** The name a function is declared or bound to (`const name = function ...`), and the statement doing so. */
function localBinding(fn: ts.FunctionDeclaration | ts.FunctionExpression): { name: ts.Identifier; statement: ts.Node } | undefined {
  if (ts.isFunctionDeclaration(fn)) return fn.name ? { name: fn.name, statement: fn } : undefined;
  const declaration = fn.parent;
  if (!ts.isVariableDeclaration(declaration) || declaration.initializer !== fn || !ts.isIdentifier(declaration.name)) return undefined;
  const list = declaration.parent;
  if (!ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.Const) || !ts.isVariableStatement(list.parent)) return undefined;
  return { name: declaration.name, statement: list.parent };
}

function usedOnlyBoundToThis(fn: ts.FunctionDeclaration | ts.FunctionExpression): boolean {
  const binding = localBinding(fn);
  const name = binding?.name.text;
  const outer = binding && ts.isBlock(binding.statement.parent) ? binding.statement.parent : undefined;
  if (!binding || name === undefined || !outer || !ts.isFunctionLike(outer.parent)) return false;
  let uses = 0;
  let bound = true;
  const visit = (node: ts.Node): void => {
    if (!bound) return;
    if (ts.isIdentifier(node) && node.text === name && node !== binding.name) {
      uses++;
      const access = node.parent;
      const call = access?.parent;
      bound = ts.isPropertyAccessExpression(access) && access.expression === node && ["bind", "call", "apply"].includes(access.name.text) && call !== undefined && ts.isCallExpression(call) && call.expression === access && call.arguments[0]?.kind === ts.SyntaxKind.ThisKeyword;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(outer);
  return bound && uses > 0;
}

/** The member a property access reads, as memberName names declarations: `this.#send` reads `send`. */
export function accessedName(name: ts.MemberName): string {
  return ts.isPrivateIdentifier(name) ? name.text.slice(1) : name.text;
}

export function memberName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name)) return name.text.replace(/^#/, "");
  return undefined;
}

export function isStatic(member: ts.ClassElement): boolean {
  return ts.canHaveModifiers(member) && (ts.getModifiers(member)?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword) ?? false);
}

/** A property's name, a computed one (`[AiProvider.OpenAI]: "gpt-4o"`) read as the constant it names. */
function keyOf(evaluator: Evaluator, property: ts.ObjectLiteralElementLike, scope: EvalScope): string | undefined {
  const name = propertyName(property);
  if (name !== undefined || !property.name || !ts.isComputedPropertyName(property.name)) return name;
  const key = evaluator.evaluate(property.name.expression, scope);
  return fullyStaticText(key);
}

export function propertyName(property: ts.ObjectLiteralElementLike): string | undefined {
  const name = property.name;
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}
