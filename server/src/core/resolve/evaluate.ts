import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { UNBOUNDED, type TimeBudget } from "../time-budget.ts";
import { ts } from "../ts.ts";
import type { TextPart } from "../types.ts";
import type { ParsedFile, Workspace } from "../workspace/workspace.ts";
import { evaluateBuiltinCall, evaluateJsonStringify } from "./builtins.ts";
import { findDeclaration, isReassigned, type BindingPathStep, type Declaration } from "./scope.ts";
import {
  alternativesOf,
  fullyStaticText,
  mergeParts,
  shortLabel,
  staticText,
  toTextParts,
  unknown,
  type ArrayValue,
  type EvalScope,
  type ExternalValue,
  type ObjectValue,
  type Value,
} from "./values.ts";

/**
 * Packages recognised by name (the SDK adapters register theirs): never read as project files, even
 * when a tsconfig `paths` entry maps the name to sources.
 */
export const SYMBOLIC_PACKAGES = new Set<string>();

/** How deep evaluation may nest (identifiers, calls, imports) before it gives up on a value. */
const MAX_DEPTH = 60;
/** Evaluations between two looks at the clock: often enough to stop within milliseconds, rarely enough to cost nothing. */
const EVALUATIONS_PER_CHECK = 256;

/**
 * Static evaluation of expressions: what a prompt, a model id or a client is, without running the code.
 * Follows consts, imports from project files, functions that build prompts, and prompt files read from
 * disk. Anything it cannot know becomes an `unknown` value labelled with its source, never a guess.
 */
export class Evaluator {
  private depth = 0;
  private evaluations = 0;
  /** The time bound of the file being analysed; checked every EVALUATIONS_PER_CHECK evaluations. */
  budget: TimeBudget = UNBOUNDED;
  private readonly inProgress = new Set<ts.Node>();
  private readonly exportCache = new Map<string, Value>();

  constructor(readonly workspace: Workspace) {}

  evaluate(expression: ts.Expression, scope: EvalScope): Value {
    if (this.depth >= MAX_DEPTH) return unknown(labelOf(expression));
    if (++this.evaluations % EVALUATIONS_PER_CHECK === 0) this.budget.check();
    this.depth++;
    try {
      return this.evaluateInner(expression, scope);
    } finally {
      this.depth--;
    }
  }

  /** Text parts of an expression used as prompt text. */
  evaluateText(expression: ts.Expression, scope: EvalScope): TextPart[] {
    return toTextParts(this.evaluate(expression, scope));
  }

  private evaluateInner(node: ts.Expression, scope: EvalScope): Value {
    switch (node.kind) {
      case ts.SyntaxKind.StringLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
        return staticText((node as ts.StringLiteral).text);
      case ts.SyntaxKind.NumericLiteral:
        return { kind: "number", value: Number((node as ts.NumericLiteral).text) };
      case ts.SyntaxKind.TrueKeyword:
        return { kind: "boolean", value: true };
      case ts.SyntaxKind.FalseKeyword:
        return { kind: "boolean", value: false };
      case ts.SyntaxKind.NullKeyword:
        return { kind: "null" };
      case ts.SyntaxKind.TemplateExpression:
        return this.evaluateTemplate(node as ts.TemplateExpression, scope);
      case ts.SyntaxKind.TaggedTemplateExpression:
        // dedent`...`, outdent`...`: the template's text is what is sent, give or take indentation.
        return this.evaluate((node as ts.TaggedTemplateExpression).template, scope);
      case ts.SyntaxKind.Identifier:
        return this.evaluateIdentifier(node as ts.Identifier, scope);
      case ts.SyntaxKind.ParenthesizedExpression:
      case ts.SyntaxKind.AsExpression:
      case ts.SyntaxKind.SatisfiesExpression:
      case ts.SyntaxKind.NonNullExpression:
      case ts.SyntaxKind.TypeAssertionExpression:
      case ts.SyntaxKind.AwaitExpression:
        return this.evaluate((node as ts.ParenthesizedExpression).expression, scope);
      case ts.SyntaxKind.BinaryExpression:
        return this.evaluateBinary(node as ts.BinaryExpression, scope);
      case ts.SyntaxKind.ObjectLiteralExpression:
        return { kind: "object", node: node as ts.ObjectLiteralExpression, scope };
      case ts.SyntaxKind.ArrayLiteralExpression:
        return this.evaluateArray(node as ts.ArrayLiteralExpression, scope);
      case ts.SyntaxKind.PropertyAccessExpression: {
        const access = node as ts.PropertyAccessExpression;
        if (isImportMeta(access.expression)) return this.evaluateImportMeta(access.name.text, scope);
        return this.getProperty(this.evaluate(access.expression, scope), access.name.text, node);
      }
      case ts.SyntaxKind.ElementAccessExpression: {
        const access = node as ts.ElementAccessExpression;
        const keyValue = this.evaluate(access.argumentExpression, scope);
        const target = this.evaluate(access.expression, scope);
        const keys = alternativesOf(keyValue).map((alternative) => fullyStaticText(alternative));
        if (keys.every((key) => key !== undefined)) {
          return choice(keys.map((key) => this.getProperty(target, key!, node)), labelOf(node));
        }
        // `MODELS[tier]` with a run-time key: any of the table's values.
        return this.anyMember(target) ?? unknown(labelOf(node));
      }
      case ts.SyntaxKind.CallExpression:
        return this.evaluateCall(node as ts.CallExpression, scope);
      case ts.SyntaxKind.NewExpression:
        return this.evaluateNew(node as ts.NewExpression, scope);
      case ts.SyntaxKind.ArrowFunction:
      case ts.SyntaxKind.FunctionExpression:
        return { kind: "function", node: node as ts.FunctionLikeDeclaration, scope };
      case ts.SyntaxKind.ConditionalExpression:
        return this.evaluateConditional(node as ts.ConditionalExpression, scope);
      case ts.SyntaxKind.ThisKeyword:
        return this.evaluateThis(node, scope);
      case ts.SyntaxKind.PrefixUnaryExpression: {
        const unary = node as ts.PrefixUnaryExpression;
        const operand = this.evaluate(unary.operand, scope);
        if (unary.operator === ts.SyntaxKind.ExclamationToken) {
          const truth = truthiness(operand);
          return truth === undefined ? unknown(labelOf(node)) : { kind: "boolean", value: !truth };
        }
        if (unary.operator === ts.SyntaxKind.MinusToken && operand.kind === "number") return { kind: "number", value: -operand.value };
        return unknown(labelOf(node));
      }
      default:
        return unknown(labelOf(node));
    }
  }

  private evaluateTemplate(node: ts.TemplateExpression, scope: EvalScope): Value {
    const parts: TextPart[] = [{ kind: "static", text: node.head.text }];
    for (const span of node.templateSpans) {
      const value = this.evaluate(span.expression, scope);
      if (value.kind === "text" || value.kind === "number" || value.kind === "boolean") {
        parts.push(...toTextParts(value));
      } else {
        parts.push(...this.dynamicParts(value, span.expression));
      }
      parts.push({ kind: "static", text: span.literal.text });
    }
    return { kind: "text", parts: mergeParts(parts) };
  }

  /** A value that is not text, placed into text: one dynamic part that remembers where it is written. */
  private dynamicParts(value: Value, expression: ts.Expression): TextPart[] {
    const offsets = { start: expression.getStart(), end: expression.getEnd() };
    if (value.kind === "unknown") {
      const part: TextPart = { kind: "dynamic", label: value.label, offsets };
      return [value.collection ? { ...part, collection: value.collection } : part];
    }
    if (value.kind === "array") return [{ kind: "dynamic", label: labelOf(expression), offsets, collection: { bounded: true } }];
    return [{ kind: "dynamic", label: labelOf(expression), offsets }];
  }

  private evaluateBinary(node: ts.BinaryExpression, scope: EvalScope): Value {
    const operator = node.operatorToken.kind;
    if (operator === ts.SyntaxKind.PlusToken) {
      const left = this.evaluate(node.left, scope);
      const right = this.evaluate(node.right, scope);
      if (left.kind === "number" && right.kind === "number") return { kind: "number", value: left.value + right.value };
      const leftParts = left.kind === "text" || left.kind === "number" ? toTextParts(left) : this.dynamicParts(left, node.left);
      const rightParts = right.kind === "text" || right.kind === "number" ? toTextParts(right) : this.dynamicParts(right, node.right);
      return { kind: "text", parts: mergeParts([...leftParts, ...rightParts]) };
    }
    if (operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.BarBarToken) {
      // `process.env.MODEL ?? "gpt-4o"`: the left side is unknown at analysis time, so the fallback stands,
      // marked as such for the hover.
      const left = this.evaluate(node.left, scope);
      const leftTruth = operator === ts.SyntaxKind.BarBarToken ? truthiness(left) : left.kind === "null" ? false : left.kind === "unknown" ? undefined : true;
      if (leftTruth === true) return left;
      const right = this.evaluate(node.right, scope);
      if (leftTruth === undefined && left.kind === "unknown" && right.kind === "text") return { ...right, fallbackOf: left.label };
      return leftTruth === undefined && left.kind !== "unknown" ? left : right;
    }
    if (operator === ts.SyntaxKind.AmpersandAmpersandToken) {
      const left = this.evaluate(node.left, scope);
      const truth = truthiness(left);
      if (truth === false) return left;
      if (truth === true) return this.evaluate(node.right, scope);
      return unknown(labelOf(node));
    }
    if (EQUALITY_OPERATORS.has(operator)) {
      // Compared over every alternative of each side: known only when all of them agree.
      const lefts = alternativesOf(this.evaluate(node.left, scope)).map((value) => fullyStaticText(value));
      const rights = alternativesOf(this.evaluate(node.right, scope)).map((value) => fullyStaticText(value));
      if (lefts.includes(undefined) || rights.includes(undefined)) return unknown(labelOf(node));
      const negated = operator === ts.SyntaxKind.ExclamationEqualsEqualsToken || operator === ts.SyntaxKind.ExclamationEqualsToken;
      const outcomes = new Set(lefts.flatMap((left) => rights.map((right) => (left === right) !== negated)));
      return outcomes.size === 1 ? { kind: "boolean", value: [...outcomes][0]! } : unknown(labelOf(node));
    }
    if (operator === ts.SyntaxKind.CommaToken) return this.evaluate(node.right, scope);
    if (operator === ts.SyntaxKind.AsteriskToken || operator === ts.SyntaxKind.MinusToken || operator === ts.SyntaxKind.SlashToken) {
      const left = this.evaluate(node.left, scope);
      const right = this.evaluate(node.right, scope);
      if (left.kind === "number" && right.kind === "number") {
        const value = operator === ts.SyntaxKind.AsteriskToken ? left.value * right.value : operator === ts.SyntaxKind.MinusToken ? left.value - right.value : left.value / right.value;
        return { kind: "number", value };
      }
    }
    return unknown(labelOf(node));
  }

  private evaluateArray(node: ts.ArrayLiteralExpression, scope: EvalScope): ArrayValue | Value {
    const elements: Value[] = [];
    for (const element of node.elements) {
      if (ts.isSpreadElement(element)) {
        const spread = this.evaluate(element.expression, scope);
        if (spread.kind === "array") elements.push(...spread.elements);
        // A spread keeps what is known of the collection: `...history.slice(-20)` stays bounded.
        else elements.push(unknown(labelOf(element.expression), spread.kind === "unknown" && spread.collection ? spread.collection : { bounded: false }));
      } else {
        elements.push(this.evaluate(element, scope));
      }
    }
    return { kind: "array", elements, node };
  }

  private evaluateImportMeta(name: string, scope: EvalScope): Value {
    if (name === "dirname") return staticText(path.dirname(scope.file.path));
    if (name === "filename") return staticText(scope.file.path);
    if (name === "url") return staticText(pathToFileURL(scope.file.path).href);
    return unknown(`import.meta.${name}`);
  }

  private evaluateIdentifier(node: ts.Identifier, scope: EvalScope): Value {
    const name = node.text;
    if (name === "undefined") return { kind: "null" };
    const declaration = findDeclaration(name, node);
    if (!declaration) {
      if (name === "__dirname") return staticText(path.dirname(scope.file.path));
      if (name === "__filename") return staticText(scope.file.path);
      return unknown(name);
    }
    return this.evaluateDeclaration(declaration, name, scope, node);
  }

  /** `reference` is where the name is read: mutations of the binding before it (push, +=) are applied. */
  evaluateDeclaration(declaration: Declaration, name: string, scope: EvalScope, reference?: ts.Node): Value {
    switch (declaration.kind) {
      case "variable": {
        const initializer = declaration.node.initializer;
        const typed = () => this.valueFromTypeNode(declaration.node.type, declaration.node, scope);
        if (initializer && ts.isCallExpression(initializer) && isRequireCall(initializer)) {
          const required = this.evaluateRequire(initializer, scope);
          return this.followBindingPath(required, declaration.path, name);
        }
        const declarationScope = this.scopeFor(declaration.node, scope);
        const mutations = declaration.path.length === 0 ? findMutations(declaration.node, name, reference) : { kind: "none" as const };
        if (mutations.kind === "opaque" || (!declaration.isConst && mutations.kind === "none" && isReassigned(declaration.node, name))) {
          // A lazily created client (`let client: OpenAI | null = null; ... client = new OpenAI()`).
          return this.singleAssignment(declaration.node, name, declarationScope) ?? typed() ?? unknown(name);
        }
        if (!initializer) return typed() ?? unknown(name);
        let value = this.guarded(declaration.node, () => this.evaluate(initializer, declarationScope), name);
        if (mutations.kind === "some") value = this.guarded(declaration.node, () => this.applyMutations(value, mutations.list, declarationScope), name);
        if ((value.kind === "unknown" || value.kind === "null") && declaration.path.length === 0) value = typed() ?? value;
        return this.followBindingPath(value, declaration.path, name);
      }
      case "parameter": {
        const bound = lookupBinding(scope, declaration.node);
        if (bound) return this.followBindingPath(bound, declaration.path, name);
        const typed = this.valueFromTypeAnnotation(declaration.node, scope);
        if (typed) return this.followBindingPath(typed, declaration.path, name);
        // `({ client }: { client: OpenAI })`: the member's type of a destructured parameter.
        const member = memberType(declaration.node.type, declaration.path);
        const memberValue = member ? this.valueFromTypeNode(member, declaration.node, scope) : undefined;
        if (memberValue) return memberValue;
        // Read outside any call, a parameter with a default is taken at its default: `model = "gpt-4o"`.
        const initializer = declaration.node.initializer;
        if (initializer && declaration.path.length === 0) return this.evaluate(initializer, this.scopeFor(declaration.node, scope));
        return unknown(name);
      }
      case "function":
        return { kind: "function", node: declaration.node, scope: this.scopeFor(declaration.node, scope) };
      case "class":
        return { kind: "class", node: declaration.node, scope: this.scopeFor(declaration.node, scope) };
      case "enum":
        return this.evaluateEnum(declaration.node, scope);
      case "import":
        return this.evaluateImport(declaration.node, declaration.importedName, scope);
      case "import-equals": {
        const reference = declaration.node.moduleReference;
        if (ts.isExternalModuleReference(reference) && ts.isStringLiteral(reference.expression)) {
          return this.evaluateModule(reference.expression.text, null, scope);
        }
        return unknown(name);
      }
      default:
        return unknown(name);
    }
  }

  /** Scope for a declaration's initializer: the same file, without the caller's parameter bindings unless nested. */
  private scopeFor(node: ts.Node, scope: EvalScope): EvalScope {
    return node.getSourceFile() === scope.file.sourceFile ? scope : { file: this.fileOf(node) ?? scope.file };
  }

  private fileOf(node: ts.Node): ParsedFile | undefined {
    return this.workspace.getParsedFile(node.getSourceFile().fileName);
  }

  /** A parameter typed with an SDK class (`client: OpenAI`) stands for an instance of it. */
  private valueFromTypeAnnotation(parameter: ts.ParameterDeclaration, scope: EvalScope): Value | undefined {
    return this.valueFromTypeNode(parameter.type, parameter, scope);
  }

  /**
   * A binding typed with an SDK class (`client: OpenAI`, `OpenAI | null`, `Anthropic.Client` is not) stands
   * for an instance of it: the usual way a client reaches a function, a field or a lazily set variable.
   */
  valueFromTypeNode(type: ts.TypeNode | undefined, from: ts.Node, scope: EvalScope): Value | undefined {
    if (!type) return undefined;
    if (ts.isUnionTypeNode(type)) {
      for (const member of type.types) {
        const value = this.valueFromTypeNode(member, from, scope);
        if (value) return value;
      }
      return undefined;
    }
    if (ts.isParenthesizedTypeNode(type)) return this.valueFromTypeNode(type.type, from, scope);
    if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return undefined;
    const declaration = findDeclaration(type.typeName.text, from);
    if (declaration?.kind !== "import") return undefined;
    const specifier = (declaration.node.moduleSpecifier as ts.StringLiteral).text;
    if (isRelative(specifier) || specifier.startsWith("@/") || specifier.startsWith("~/")) return undefined;
    const imported: ExternalValue = { kind: "external", module: specifier, steps: [{ kind: "property", name: declaration.importedName ?? "default" }] };
    return { ...imported, steps: [...imported.steps, { kind: "new", args: [], scope }] };
  }

  /**
   * A `let` with no value (or null) at its declaration, assigned later: a lazily made client, or one of
   * several clients picked by a branch (`if (azure) openai = new OpenAI({...}) else openai = new OpenAI()`).
   */
  private singleAssignment(declaration: ts.VariableDeclaration, name: string, scope: EvalScope): Value | undefined {
    const assigned = assignmentsTo(declaration, name).filter((expression) => !isNullish(expression));
    const initializer = declaration.initializer;
    if (assigned.length === 0 || assigned.length > 8 || (initializer && !isNullish(initializer))) return undefined;
    const values = assigned.map((expression) => this.guarded(declaration, () => this.evaluate(expression, scope), name));
    if (values.length === 1) return values[0]!.kind === "unknown" ? undefined : values[0];
    // Several: only when every one is known, as the alternatives of one value.
    if (values.some((value) => value.kind === "unknown")) return undefined;
    return choice(values, name);
  }

  /** An array grown with push/unshift/concat or a text grown with +=, as seen at the reference. */
  private applyMutations(initial: Value, mutations: Mutation[], scope: EvalScope): Value {
    let value = initial;
    for (const mutation of mutations) {
      if (mutation.kind === "append-text") {
        const added = mutation.repeated ? [{ kind: "dynamic" as const, label: labelOf(mutation.value), collection: { bounded: false } }] : this.evaluateText(mutation.value, scope);
        const base = value.kind === "text" || value.kind === "number" ? toTextParts(value) : this.dynamicParts(value, mutation.value);
        value = { kind: "text", parts: mergeParts([...base, ...added]) };
        continue;
      }
      if (mutation.kind === "assign-property") {
        if (value.kind === "object") value = { ...value, assigned: [...(value.assigned ?? []), { name: mutation.name, value: mutation.value, scope }] };
        continue;
      }
      if (value.kind !== "array") return value;
      const added: Value[] = [];
      for (const argument of mutation.values) {
        if (mutation.repeated) added.push(unknown(labelOf(argument), { bounded: false }));
        else if (ts.isSpreadElement(argument)) {
          const spread = this.evaluate(argument.expression, scope);
          if (spread.kind === "array") added.push(...spread.elements);
          else added.push(unknown(labelOf(argument.expression), { bounded: false }));
        } else if (mutation.kind === "concat") {
          const concatenated = this.evaluate(argument, scope);
          if (concatenated.kind === "array") added.push(...concatenated.elements);
          else added.push(concatenated);
        } else added.push(this.evaluate(argument, scope));
      }
      value = { kind: "array", elements: mutation.kind === "unshift" ? [...added, ...value.elements] : [...value.elements, ...added] };
    }
    return value;
  }

  /** Any of the values of a constant table read with a run-time key, when all of them are known. */
  private anyMember(target: Value): Value | undefined {
    let values: Value[] = [];
    if (target.kind === "record") values = [...target.members.values()];
    else if (target.kind === "object") {
      for (const property of target.node.properties) {
        if (ts.isSpreadAssignment(property)) return undefined;
        const name = propertyName(property);
        const value = name === undefined ? undefined : this.objectProperty(target, name);
        if (!value) return undefined;
        values.push(value);
      }
    } else if (target.kind === "array") values = target.elements;
    if (values.length === 0 || values.some((value) => value.kind === "unknown")) return undefined;
    return choice(values, "member");
  }

  private evaluateConditional(node: ts.ConditionalExpression, scope: EvalScope): Value {
    const truth = truthiness(this.evaluate(node.condition, scope));
    if (truth === true) return this.evaluate(node.whenTrue, scope);
    if (truth === false) return this.evaluate(node.whenFalse, scope);
    return choice([this.evaluate(node.whenTrue, scope), this.evaluate(node.whenFalse, scope)], labelOf(node));
  }

  /** `this` in a method: the instance being called, or the class's own instance seen from inside. */
  private evaluateThis(node: ts.Node, scope: EvalScope): Value {
    for (let current: EvalScope | undefined = scope; current; current = current.parent) {
      if (current.thisValue) return current.thisValue;
    }
    const classNode = enclosingClass(node);
    if (!classNode) return unknown("this");
    return { kind: "instance", node: classNode, scope: { file: this.fileOf(classNode) ?? scope.file } };
  }

  /** A field or method of a project class instance: initializer, constructor assignment, parameter property or type. */
  private instanceMember(instance: Extract<Value, { kind: "instance" }>, name: string, depth = 0): Value | undefined {
    const classNode = instance.node;
    const memberScope: EvalScope = { file: instance.scope.file, thisValue: instance, parent: instance.scope };
    const constructor = classNode.members.find((member): member is ts.ConstructorDeclaration => ts.isConstructorDeclaration(member) && member.body !== undefined);
    for (const member of classNode.members) {
      if (member.name === undefined || memberName(member.name) !== name || isStatic(member)) continue;
      if (ts.isPropertyDeclaration(member)) {
        if (member.initializer) return this.guarded(member, () => this.evaluate(member.initializer!, memberScope), name);
        const assigned = constructor ? this.constructorAssignment(instance, constructor, name, memberScope) : undefined;
        return assigned ?? this.valueFromTypeNode(member.type, member, memberScope) ?? unknown(`this.${name}`);
      }
      if (ts.isMethodDeclaration(member)) return { kind: "function", node: member, scope: memberScope };
      if (ts.isGetAccessorDeclaration(member) && member.body) return this.guarded(member, () => this.evaluateReturn(member, memberScope), name);
    }
    if (constructor) {
      const parameter = constructor.parameters.find((candidate) => ts.isIdentifier(candidate.name) && candidate.name.text === name && ts.getModifiers(candidate)?.length);
      if (parameter) {
        const index = constructor.parameters.indexOf(parameter);
        const argument = instance.construction?.args[index];
        if (argument) return this.evaluate(argument, instance.construction!.scope);
        if (parameter.initializer) return this.evaluate(parameter.initializer, memberScope);
        return this.valueFromTypeNode(parameter.type, parameter, memberScope) ?? unknown(`this.${name}`);
      }
      const assigned = this.constructorAssignment(instance, constructor, name, memberScope);
      if (assigned) return assigned;
    }
    // One class it extends, when that class is in the project too.
    const heritage = classNode.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0];
    if (heritage && depth < 4) {
      const base = this.evaluate(heritage.expression, instance.scope);
      if (base.kind === "class") return this.instanceMember({ kind: "instance", node: base.node, scope: base.scope, construction: instance.construction }, name, depth + 1);
    }
    return undefined;
  }

  /** `this.client = new OpenAI(...)` in the constructor, with the constructor's parameters bound to the `new` arguments. */
  private constructorAssignment(instance: Extract<Value, { kind: "instance" }>, constructor: ts.ConstructorDeclaration, name: string, memberScope: EvalScope): Value | undefined {
    let found: ts.Expression | undefined;
    const visit = (node: ts.Node): void => {
      if (found || (ts.isFunctionLike(node) && !ts.isArrowFunction(node))) return;
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left) && node.left.expression.kind === ts.SyntaxKind.ThisKeyword && node.left.name.text === name) {
        found = node.right;
        return;
      }
      ts.forEachChild(node, visit);
    };
    if (constructor.body) ts.forEachChild(constructor.body, visit);
    if (!found) return undefined;
    const bindings = new Map<ts.Node, Value>();
    constructor.parameters.forEach((parameter, index) => {
      const argument = instance.construction?.args[index];
      if (argument) bindings.set(parameter, this.evaluate(argument, instance.construction!.scope));
    });
    const expression = found;
    return this.guarded(expression, () => this.evaluate(expression, { file: memberScope.file, bindings, thisValue: instance, parent: memberScope }), name);
  }

  private followBindingPath(value: Value, steps: BindingPathStep[], label: string): Value {
    let current = value;
    for (const step of steps) {
      current = step.kind === "property" ? this.getProperty(current, step.name) : elementOf(current, step.index, label);
    }
    return current;
  }

  private evaluateEnum(node: ts.EnumDeclaration, scope: EvalScope): Value {
    // Enum members read like object properties; build a synthetic object view over them.
    const members = new Map<string, Value>();
    let next = 0;
    for (const member of node.members) {
      const name = ts.isIdentifier(member.name) || ts.isStringLiteral(member.name) ? member.name.text : undefined;
      if (name === undefined) continue;
      const value = member.initializer ? this.evaluate(member.initializer, scope) : { kind: "number" as const, value: next };
      if (value.kind === "number") next = value.value + 1;
      members.set(name, value);
    }
    return { kind: "record", name: node.name.text, members };
  }

  /** Reads a property of a value: an object literal's property, an import path step, a string's length. */
  getProperty(target: Value, name: string, node?: ts.Node): Value {
    if (target.kind === "external") return { kind: "external", module: target.module, steps: [...target.steps, { kind: "property", name }] };
    if (target.kind === "object") return this.objectProperty(target, name) ?? unknown(node ? labelOf(node) : name);
    if (target.kind === "array" && name === "length") return { kind: "number", value: target.elements.length };
    if (target.kind === "text" && name === "length") {
      const text = fullyStaticText(target);
      if (text !== undefined) return { kind: "number", value: text.length };
    }
    if (target.kind === "record") return target.members.get(name) ?? unknown(`${target.name}.${name}`);
    if (target.kind === "namespace") return this.exportedValue(target.file, name);
    if (target.kind === "instance") return this.instanceMember(target, name) ?? unknown(node ? labelOf(node) : name);
    if (target.kind === "class") return this.staticMember(target, name) ?? unknown(node ? labelOf(node) : name);
    if (target.kind === "text" && target.alternatives && name === "length") return this.getProperty(target.alternatives[0]!, name, node);
    return unknown(node ? labelOf(node) : name);
  }

  private staticMember(classValue: Extract<Value, { kind: "class" }>, name: string): Value | undefined {
    for (const member of classValue.node.members) {
      if (member.name === undefined || memberName(member.name) !== name || !isStatic(member)) continue;
      if (ts.isPropertyDeclaration(member) && member.initializer) return this.evaluate(member.initializer, classValue.scope);
      if (ts.isMethodDeclaration(member)) return { kind: "function", node: member, scope: classValue.scope };
    }
    return undefined;
  }

  /** The value of a property of an object literal, following spreads; later properties win. */
  objectProperty(object: ObjectValue, name: string): Value | undefined {
    const assigned = object.assigned?.findLast((assignment) => assignment.name === name);
    if (assigned) return this.evaluate(assigned.value, assigned.scope);
    const properties = object.node.properties;
    for (let index = properties.length - 1; index >= 0; index--) {
      const property = properties[index]!;
      if (ts.isSpreadAssignment(property)) {
        const spread = this.evaluate(property.expression, object.scope);
        if (spread.kind === "object") {
          const found = this.objectProperty(spread, name);
          if (found) return found;
        }
        continue;
      }
      if (propertyName(property) !== name) continue;
      if (ts.isPropertyAssignment(property)) return this.evaluate(property.initializer, object.scope);
      if (ts.isShorthandPropertyAssignment(property)) return this.evaluate(property.name, object.scope);
      if (ts.isMethodDeclaration(property)) return { kind: "function", node: property, scope: object.scope };
      return unknown(name);
    }
    return undefined;
  }

  /** The property node of an object literal as written (not through spreads), for ranges and fixes. */
  findPropertyNode(object: ObjectValue, name: string): ts.ObjectLiteralElementLike | undefined {
    return object.node.properties.find((property) => !ts.isSpreadAssignment(property) && propertyName(property) === name);
  }

  private evaluateCall(node: ts.CallExpression, scope: EvalScope): Value {
    if (isRequireCall(node)) return this.evaluateRequire(node, scope);
    const callee = node.expression;
    if (isGlobalJsonStringify(callee)) return evaluateJsonStringify(this, node, scope);
    // Methods of strings and arrays that prompts are built with.
    if (ts.isPropertyAccessExpression(callee) || ts.isPropertyAccessChain(callee)) {
      const method = callee.name.text;
      const receiver = this.evaluate(callee.expression, scope);
      const builtin = this.evaluateMethod(receiver, method, node, scope);
      if (builtin) return builtin;
      if (receiver.kind === "object" || receiver.kind === "instance" || receiver.kind === "class" || receiver.kind === "namespace") {
        const member = receiver.kind === "object" ? this.objectProperty(receiver, method) : this.getProperty(receiver, method);
        if (member?.kind === "function") return this.callFunction(member, node, scope);
        if (member?.kind === "external") return this.callExternal(member, node, scope);
        return unknown(labelOf(node));
      }
      if (receiver.kind === "external") return this.callExternal({ kind: "external", module: receiver.module, steps: [...receiver.steps, { kind: "property", name: method }] }, node, scope);
      return unknown(labelOf(node));
    }
    const target = this.evaluate(callee, scope);
    if (target.kind === "function") return this.callFunction(target, node, scope);
    if (target.kind === "external") return this.callExternal(target, node, scope);
    if (target.kind === "namespace") {
      // `const ask = require("./ask")` where the module assigns a function to module.exports.
      const exported = this.exportedValue(target.file, "default");
      if (exported.kind === "function") return this.callFunction(exported, node, scope);
    }
    return unknown(labelOf(node));
  }

  private callExternal(target: ExternalValue, node: ts.CallExpression, scope: EvalScope): Value {
    const builtin = evaluateBuiltinCall(this, target, node, scope);
    if (builtin) return builtin;
    return { kind: "external", module: target.module, steps: [...target.steps, { kind: "call", args: node.arguments, scope, node }] };
  }

  private evaluateNew(node: ts.NewExpression, scope: EvalScope): Value {
    const target = this.evaluate(node.expression, scope);
    if (target.kind === "external") {
      if (isUrlConstructor(target)) return this.evaluateUrl(node, scope);
      return { kind: "external", module: target.module, steps: [...target.steps, { kind: "new", args: node.arguments ?? [], scope, node }] };
    }
    if (ts.isIdentifier(node.expression) && node.expression.text === "URL" && !findDeclaration("URL", node)) return this.evaluateUrl(node, scope);
    if (target.kind === "class") return { kind: "instance", node: target.node, scope: target.scope, construction: { args: node.arguments ?? [], scope } };
    return unknown(labelOf(node));
  }

  /** `new URL("./prompt.md", import.meta.url)`: a file URL when both parts are known. */
  private evaluateUrl(node: ts.NewExpression, scope: EvalScope): Value {
    const [relative, base] = node.arguments ?? [];
    if (!relative || !base) return unknown(labelOf(node));
    const relativeText = fullyStaticText(this.evaluate(relative, scope));
    const baseText = fullyStaticText(this.evaluate(base, scope));
    if (relativeText === undefined || baseText === undefined) return unknown(labelOf(node));
    try {
      return staticText(new URL(relativeText, baseText).href);
    } catch {
      return unknown(labelOf(node));
    }
  }

  /** Calls a project function with the caller's arguments bound to its parameters and evaluates what it returns. */
  callFunction(fn: Extract<Value, { kind: "function" }>, node: ts.CallExpression, callerScope: EvalScope): Value {
    const declaration = fn.node;
    if (this.inProgress.has(declaration)) return unknown(labelOf(node));
    const scope = this.bindArguments(fn, node.arguments, callerScope);
    const returned = this.guarded(declaration, () => this.evaluateReturn(declaration, scope), labelOf(node));
    if (returned.kind !== "unknown" || !declaration.type) return returned;
    // `function getClient(): OpenAI { ... }`: the declared return type when the body cannot be followed.
    return this.valueFromTypeNode(unwrapPromiseType(declaration.type), declaration, fn.scope) ?? returned;
  }

  /**
   * The scope of a call to a project function: each parameter bound to the caller's argument, or to its
   * default. A wrapper's LLM call is read in this scope to see it as each call site makes it.
   */
  bindArguments(fn: Extract<Value, { kind: "function" }>, args: readonly ts.Expression[], callerScope: EvalScope): EvalScope {
    const values = args.map((argument) => (ts.isSpreadElement(argument) ? unknown(labelOf(argument)) : this.evaluate(argument, callerScope)));
    return this.bindValues(fn, values);
  }

  /** As bindArguments, with the argument values already known (a callback of `map` over a literal array). */
  bindValues(fn: Extract<Value, { kind: "function" }>, values: readonly Value[]): EvalScope {
    const bindings = new Map<ts.Node, Value>();
    fn.node.parameters.forEach((parameter, index) => {
      if (parameter.dotDotDotToken) return;
      const value = values[index];
      if (value && !(value.kind === "null" && parameter.initializer)) bindings.set(parameter, value);
      else if (parameter.initializer) bindings.set(parameter, this.evaluate(parameter.initializer, fn.scope));
      // A missing argument is undefined: passed on, it lets the next function's default apply.
      else bindings.set(parameter, { kind: "null" });
    });
    return { file: fn.scope.file, bindings, parent: fn.scope };
  }

  private evaluateReturn(declaration: ts.FunctionLikeDeclaration, scope: EvalScope): Value {
    const body = declaration.body;
    if (!body) return unknown("return value");
    if (!ts.isBlock(body)) return this.evaluate(body, scope);
    const returned: Value[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node) || ts.isClassLike(node)) return;
      if (ts.isReturnStatement(node) && node.expression) {
        returned.push(this.evaluate(node.expression, scope));
        return;
      }
      if (ts.isSwitchStatement(node)) {
        // `switch (tier) { case "fast": return ... }` with a known tier: only the clauses that run.
        const discriminantValue = this.evaluate(node.expression, scope);
        const discriminant = alternativesOf(discriminantValue).length === 1 ? fullyStaticText(discriminantValue) : undefined;
        if (discriminant !== undefined) {
          for (const clause of runningClauses(node, discriminant, (expression) => fullyStaticText(this.evaluate(expression, scope)))) visit(clause);
          return;
        }
      }
      if (ts.isIfStatement(node)) {
        const truth = truthiness(this.evaluate(node.expression, scope));
        if (truth === true) return visit(node.thenStatement);
        if (truth === false) {
          if (node.elseStatement) visit(node.elseStatement);
          return;
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(body);
    if (returned.length === 0) return unknown("return value");
    // Several returns: all of them, the one that costs most standing for the value.
    return choice(returned, "return value");
  }

  /** String and array methods that keep text static, and the ones that stuff collections into prompts. */
  private evaluateMethod(receiver: Value, method: string, node: ts.CallExpression, scope: EvalScope): Value | undefined {
    const args = node.arguments;
    if (receiver.kind === "text") {
      switch (method) {
        case "trim":
        case "trimStart":
        case "trimEnd": {
          const text = fullyStaticText(receiver);
          if (text === undefined) return receiver;
          return staticText(method === "trim" ? text.trim() : method === "trimStart" ? text.trimStart() : text.trimEnd(), firstOrigin(receiver));
        }
        case "toString":
        case "valueOf":
        case "normalize":
          return receiver;
        case "concat": {
          const parts = [...receiver.parts];
          for (const argument of args) parts.push(...this.evaluateText(argument, scope));
          return { kind: "text", parts: mergeParts(parts) };
        }
        case "repeat": {
          const count = args[0] ? this.evaluate(args[0], scope) : undefined;
          const text = fullyStaticText(receiver);
          if (count?.kind === "number" && text !== undefined && count.value >= 0 && count.value * text.length < 50_000_000) {
            return staticText(text.repeat(count.value));
          }
          return unknown(labelOf(node));
        }
        case "replace":
        case "replaceAll":
        case "toLowerCase":
        case "toUpperCase":
          // The exact result needs the run-time pattern semantics; the length barely changes, so keep the text.
          return receiver;
        default:
          return undefined;
      }
    }
    if (receiver.kind === "array") {
      if (method === "join") {
        const separatorValue = args[0] ? this.evaluate(args[0], scope) : staticText(",");
        const separator = fullyStaticText(separatorValue) ?? "";
        const parts: TextPart[] = [];
        receiver.elements.forEach((element, index) => {
          if (index > 0) parts.push({ kind: "static", text: separator });
          parts.push(...toTextParts(element));
        });
        return { kind: "text", parts: mergeParts(parts) };
      }
      if (method === "slice") {
        const start = args[0] ? this.evaluate(args[0], scope) : undefined;
        const end = args[1] ? this.evaluate(args[1], scope) : undefined;
        if ((!start || start.kind === "number") && (!end || end.kind === "number")) {
          return { kind: "array", elements: receiver.elements.slice(start?.value, end?.value) };
        }
        return { kind: "array", elements: receiver.elements };
      }
      if (method === "filter" || method === "reverse" || method === "toReversed" || method === "sort" || method === "toSorted") {
        // A filter keeps at most every element: the expensive case.
        return { kind: "array", elements: method === "reverse" || method === "toReversed" ? [...receiver.elements].reverse() : receiver.elements };
      }
      if (method === "map" || method === "flatMap") {
        const callback = args[0] ? this.evaluate(args[0], scope) : undefined;
        if (callback?.kind !== "function" || receiver.elements.length > 200) return unknown(labelOf(node), { bounded: true });
        const mapped: Value[] = [];
        receiver.elements.forEach((element, index) => {
          const callScope = this.bindValues(callback, [element, { kind: "number", value: index }]);
          const value = this.guarded(callback.node, () => this.evaluateReturn(callback.node, callScope), labelOf(node));
          if (method === "flatMap" && value.kind === "array") mapped.push(...value.elements);
          else mapped.push(value);
        });
        return { kind: "array", elements: mapped };
      }
      if (method === "concat") {
        const elements = [...receiver.elements];
        for (const argument of args) {
          const value = this.evaluate(argument, scope);
          if (value.kind === "array") elements.push(...value.elements);
          else elements.push(value);
        }
        return { kind: "array", elements };
      }
      return undefined;
    }
    if (receiver.kind === "unknown") {
      // A collection of unknown size: bounded when sliced, filtered to a limit, or truncated on the way.
      if (BOUNDING_METHODS.has(method)) return unknown(receiver.label, { bounded: true });
      if (method === "join" || method === "map" || method === "flatMap" || method === "filter") {
        return unknown(labelOf(node), { bounded: receiver.collection?.bounded ?? false });
      }
    }
    return undefined;
  }

  private evaluateRequire(node: ts.CallExpression, scope: EvalScope): Value {
    const argument = node.arguments[0];
    if (!argument || !ts.isStringLiteralLike(argument)) return unknown(labelOf(node));
    return this.evaluateModule(argument.text, null, scope);
  }

  private evaluateImport(node: ts.ImportDeclaration, importedName: string | null, scope: EvalScope): Value {
    // Mid-edit code can have `import x from ;` or a non-string specifier.
    if (!ts.isStringLiteral(node.moduleSpecifier)) return unknown(labelOf(node.moduleSpecifier));
    return this.evaluateModule(node.moduleSpecifier.text, importedName, scope);
  }

  /** An import or require: project files are read and their export evaluated; packages stay symbolic. */
  evaluateModule(specifier: string, importedName: string | null, scope: EvalScope): Value {
    const fromFile = scope.file.path;
    const queryIndex = specifier.indexOf("?");
    const bareSpecifier = queryIndex >= 0 ? specifier.slice(0, queryIndex) : specifier;
    // An SDK stays symbolic even where a tsconfig maps its name to sources (the SDK's own repository).
    const resolved = SYMBOLIC_PACKAGES.has(packageRoot(bareSpecifier)) ? undefined : this.workspace.resolver.resolve(fromFile, bareSpecifier);
    if (!resolved) {
      if (isRelative(specifier)) return unknown(`import ${specifier}`);
      const steps: ExternalValue["steps"] = importedName === null ? [] : [{ kind: "property", name: importedName }];
      return { kind: "external", module: specifier, steps };
    }
    if (queryIndex >= 0 || !/\.[cm]?[jt]sx?$/.test(resolved)) return this.evaluateAssetImport(resolved, specifier, importedName);
    const file = this.workspace.getParsedFile(resolved);
    if (!file) return unknown(`import ${specifier}`);
    if (importedName === null) return { kind: "namespace", file };
    return this.exportedValue(file, importedName);
  }

  /** `import prompt from "./system.md?raw"` and JSON imports: the file's content. */
  private evaluateAssetImport(resolved: string, specifier: string, importedName: string | null): Value {
    const read = this.workspace.readPromptFile(resolved);
    if (!read.ok) return unknown(`import ${specifier}`);
    if (resolved.endsWith(".json") && !specifier.includes("?") && !read.truncated) {
      // A JSON import is data: `config.model` reads a property, JSON.stringify(examples) gives its text.
      const value = this.parseJson(read.text, resolved);
      if (value) return importedName === null || importedName === "default" ? value : this.getProperty(value, importedName);
    }
    if (resolved.endsWith(".json") && importedName !== null) return staticText(read.text, { file: resolved, via: "import" });
    return staticText(read.text, { file: resolved, via: "file", truncated: read.truncated, sizeBytes: read.sizeBytes });
  }

  /** JSON text as a value (objects and arrays read like literals), or undefined when it does not parse. */
  parseJson(text: string, origin = "inline.json"): Value | undefined {
    if (text.length > 5_000_000) return undefined;
    const json = this.workspace.parseText(`${origin}.ts`, `export default (${text}\n);`);
    const statement = json.sourceFile.statements[0];
    if (json.parseErrors.length > 0 || !statement || !ts.isExportAssignment(statement)) return undefined;
    return this.evaluate(statement.expression, { file: json });
  }

  /** The value a project file exports under a name, following re-exports. */
  exportedValue(file: ParsedFile, name: string): Value {
    const key = `${file.path}#${file.version}#${name}`;
    const cached = this.exportCache.get(key);
    if (cached) return cached;
    if (this.inProgress.has(file.sourceFile)) return unknown(name);
    this.inProgress.add(file.sourceFile);
    try {
      const value = this.findExport(file, name);
      this.exportCache.set(key, value);
      return value;
    } finally {
      this.inProgress.delete(file.sourceFile);
    }
  }

  private findExport(file: ParsedFile, name: string): Value {
    const scope: EvalScope = { file };
    const statements = file.sourceFile.statements;
    for (const statement of statements) {
      if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) {
          if (element.name.text !== name) continue;
          const localName = (element.propertyName ?? element.name).text;
          if (statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
            return this.evaluateModule(statement.moduleSpecifier.text, localName, scope);
          }
          const declaration = findDeclaration(localName, statement);
          return declaration ? this.evaluateDeclaration(declaration, localName, scope) : unknown(name);
        }
      }
      if (ts.isExportAssignment(statement) && name === "default") return this.evaluate(statement.expression, scope);
      if (!hasExportModifier(statement)) continue;
      if (name === "default" && hasDefaultModifier(statement) && (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement))) {
        return ts.isFunctionDeclaration(statement) ? { kind: "function", node: statement, scope } : unknown(name);
      }
      const declaration = findDeclaration(name, statement);
      if (declaration && declarationStatement(declaration) === statement) return this.evaluateDeclaration(declaration, name, scope);
    }
    // CommonJS: module.exports = { ... } or exports.name = ...
    const commonJs = this.findCommonJsExport(file, name);
    if (commonJs) return commonJs;
    // export * from "./other"
    for (const statement of statements) {
      if (ts.isExportDeclaration(statement) && !statement.exportClause && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
        const value = this.evaluateModule(statement.moduleSpecifier.text, name, scope);
        if (value.kind !== "unknown") return value;
      }
    }
    return unknown(name);
  }

  private findCommonJsExport(file: ParsedFile, name: string): Value | undefined {
    const scope: EvalScope = { file };
    for (const statement of file.sourceFile.statements) {
      if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) continue;
      const { left, right, operatorToken } = statement.expression;
      if (operatorToken.kind !== ts.SyntaxKind.EqualsToken || !ts.isPropertyAccessExpression(left)) continue;
      const target = left.expression.getText(file.sourceFile);
      if (target === "module" && left.name.text === "exports") {
        const exported = this.evaluate(right, scope);
        if (name === "default") return exported;
        return exported.kind === "object" ? this.objectProperty(exported, name) : undefined;
      }
      if ((target === "exports" || target === "module.exports") && left.name.text === name) return this.evaluate(right, scope);
    }
    return undefined;
  }

  /** Runs `compute` unless the same node is already being evaluated further up (a const or import cycle). */
  private guarded(node: ts.Node, compute: () => Value, label: string): Value {
    if (this.inProgress.has(node)) return unknown(label);
    this.inProgress.add(node);
    try {
      return compute();
    } finally {
      this.inProgress.delete(node);
    }
  }
}

const EQUALITY_OPERATORS = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);

/** Whether a value is truthy, when that is known at analysis time. */
function truthiness(value: Value): boolean | undefined {
  switch (value.kind) {
    case "boolean":
      return value.value;
    case "null":
      return false;
    case "number":
      return value.alternatives ? undefined : value.value !== 0;
    case "text": {
      if (value.alternatives) return undefined;
      const text = fullyStaticText(value);
      return text === undefined ? (value.parts.some((part) => part.kind === "static" && part.text.length > 0) ? true : undefined) : text.length > 0;
    }
    case "object":
    case "array":
    case "function":
    case "class":
    case "instance":
    case "record":
    case "namespace":
      return true;
    default:
      return undefined;
  }
}

/**
 * One value standing for several possible ones (ternary branches, returns, a table read with a run-time
 * key): the most expensive one (most static text, largest number), remembering the others when every one
 * is known, so a model id can be priced at its most expensive branch and shown as a range.
 */
export function choice(values: Value[], label: string): Value {
  const flat = values.flatMap((value) => alternativesOf(value));
  if (flat.length === 0) return unknown(label);
  if (flat.length === 1) return flat[0]!;
  const distinct: Value[] = [];
  const seen = new Set<string>();
  for (const value of flat) {
    const key = value.kind === "text" ? fullyStaticText(value) : value.kind === "number" ? `#${value.value}` : undefined;
    if (key !== undefined && seen.has(key)) continue;
    if (key !== undefined) seen.add(key);
    distinct.push(value);
  }
  if (distinct.length === 1) return distinct[0]!;
  if (distinct.every((value) => value.kind === "number")) {
    const numbers = distinct as Extract<Value, { kind: "number" }>[];
    const max = numbers.reduce((best, value) => (value.value > best.value ? value : best));
    return { kind: "number", value: max.value, alternatives: numbers.map((value) => ({ kind: "number", value: value.value })) };
  }
  if (distinct.every((value) => value.kind === "text")) {
    const best = distinct.reduce((winner, value) => (staticLength(value) > staticLength(winner) ? value : winner)) as Extract<Value, { kind: "text" }>;
    return { ...best, alternatives: distinct.map((value) => ({ ...(value as Extract<Value, { kind: "text" }>), alternatives: undefined })) };
  }
  if (distinct.every((value) => value.kind === "external")) {
    return { ...(distinct[0] as ExternalValue), alternatives: distinct };
  }
  // Mixed kinds: the branch that sends the most static text, as before.
  const known = distinct.filter((value) => value.kind !== "unknown");
  if (known.length === 0) return unknown(label);
  return known.reduce((winner, value) => (staticLength(value) > staticLength(winner) ? value : winner));
}

/** The clauses of a switch that run for a known discriminant, from the matching case through fall-through. */
function runningClauses(node: ts.SwitchStatement, discriminant: string, evaluateCase: (expression: ts.Expression) => string | undefined): ts.CaseOrDefaultClause[] {
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

type Mutation =
  | { kind: "push" | "unshift" | "concat"; values: readonly ts.Expression[]; repeated: boolean }
  | { kind: "append-text"; value: ts.Expression; repeated: boolean }
  | { kind: "assign-property"; name: string; value: ts.Expression };

/**
 * How a binding is changed before `reference` reads it: `messages.push(...)`, `messages = [...messages, x]`,
 * `prompt += "..."`, `params.model = "..."`. "opaque" when it is reassigned in a way that cannot be followed.
 * A change inside a loop or callback may run any number of times: it is marked repeated.
 */
/**
 * Every mutation of a binding in its container, in source order, found in one walk and kept per declaration:
 * walking the container again for each reference made a file with a thousand calls on one client quadratic.
 */
const mutationEvents = new WeakMap<ts.VariableDeclaration, Map<string, { start: number; mutation: Mutation | "opaque" }[]>>();

function findMutations(declaration: ts.VariableDeclaration, name: string, reference: ts.Node | undefined): { kind: "none" } | { kind: "opaque" } | { kind: "some"; list: Mutation[] } {
  if (!reference || reference.getSourceFile() !== declaration.getSourceFile()) return { kind: "none" };
  let byName = mutationEvents.get(declaration);
  if (!byName) mutationEvents.set(declaration, (byName = new Map()));
  let events = byName.get(name);
  if (!events) byName.set(name, (events = mutationEventsOf(declaration, name)));
  // Only what runs before the reference: a push written after it does not change what it reads.
  const limit = reference.getStart();
  const list: Mutation[] = [];
  for (const event of events) {
    if (event.start >= limit) break;
    if (event.mutation === "opaque") return { kind: "opaque" };
    list.push(event.mutation);
  }
  return list.length > 0 ? { kind: "some", list } : { kind: "none" };
}

function mutationEventsOf(declaration: ts.VariableDeclaration, name: string): { start: number; mutation: Mutation | "opaque" }[] {
  const container = declaration.parent.parent?.parent ?? declaration.getSourceFile();
  const events: { start: number; mutation: Mutation | "opaque" }[] = [];
  const visit = (node: ts.Node): void => {
    let found: Mutation | "opaque" | undefined;
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && isName(node.expression.expression, name)) {
      const method = node.expression.name.text;
      if (method === "push" || method === "unshift") {
        found = { kind: method, values: node.arguments, repeated: isRepeated(node, container) };
      }
    } else if (ts.isBinaryExpression(node) && isName(node.left, name)) {
      const operator = node.operatorToken.kind;
      if (operator === ts.SyntaxKind.PlusEqualsToken) found = { kind: "append-text", value: node.right, repeated: isRepeated(node, container) };
      else if (operator === ts.SyntaxKind.EqualsToken) {
        const grown = selfExtension(node.right, name);
        if (grown) found = { ...grown, repeated: isRepeated(node, container) };
        else found = "opaque";
      } else if (operator >= ts.SyntaxKind.FirstCompoundAssignment && operator <= ts.SyntaxKind.LastCompoundAssignment) found = "opaque";
    } else if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      isName(node.left.expression, name) &&
      !isRepeated(node, container)
    ) {
      found = { kind: "assign-property", name: node.left.name.text, value: node.right };
    } else if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && isName(node.operand, name)) {
      found = "opaque";
    }
    if (found) events.push({ start: node.getStart(), mutation: found });
    ts.forEachChild(node, visit);
  };
  visit(container);
  // Pre-order visits nodes by start already; a stable sort keeps a node's own event before its children's.
  return events.sort((a, b) => a.start - b.start);
}

/** `[...name, x]` or `name.concat(x)`: the values added, else undefined. */
function selfExtension(expression: ts.Expression, name: string): Extract<Mutation, { kind: "push" | "unshift" | "concat" }> | undefined {
  if (ts.isArrayLiteralExpression(expression)) {
    const [first, ...rest] = expression.elements;
    if (first && ts.isSpreadElement(first) && isName(first.expression, name)) return { kind: "push", values: rest, repeated: false };
    const last = expression.elements[expression.elements.length - 1];
    if (last && ts.isSpreadElement(last) && isName(last.expression, name)) return { kind: "unshift", values: expression.elements.slice(0, -1), repeated: false };
    return undefined;
  }
  if (ts.isCallExpression(expression) && ts.isPropertyAccessExpression(expression.expression) && expression.expression.name.text === "concat" && isName(expression.expression.expression, name)) {
    return { kind: "concat", values: expression.arguments, repeated: false };
  }
  return undefined;
}

function isName(node: ts.Node, name: string): boolean {
  return ts.isIdentifier(node) && node.text === name;
}

/** Whether a node runs inside a loop or a callback below `container`: any number of times. */
function isRepeated(node: ts.Node, container: ts.Node): boolean {
  for (let current = node.parent; current && current !== container; current = current.parent) {
    if (ts.isIterationStatement(current, false) || ts.isFunctionLike(current)) return true;
  }
  return false;
}

/** Right-hand sides of plain assignments to a binding, anywhere in its scope. */
function assignmentsTo(declaration: ts.VariableDeclaration, name: string): ts.Expression[] {
  const container = declaration.parent.parent?.parent ?? declaration.getSourceFile();
  const found: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && isName(node.left, name)) {
      const operator = node.operatorToken.kind;
      if (operator === ts.SyntaxKind.EqualsToken || operator === ts.SyntaxKind.QuestionQuestionEqualsToken || operator === ts.SyntaxKind.BarBarEqualsToken) found.push(node.right);
    }
    ts.forEachChild(node, visit);
  };
  visit(container);
  return found;
}

function isNullish(expression: ts.Expression): boolean {
  return expression.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(expression) && expression.text === "undefined");
}

function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isClassLike(current)) return current;
    // A plain function has its own `this`; arrows, methods and accessors see the class's.
    if (ts.isFunctionDeclaration(current) || ts.isFunctionExpression(current)) return undefined;
  }
  return undefined;
}

function memberName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name)) return name.text.replace(/^#/, "");
  return undefined;
}

function isStatic(member: ts.ClassElement): boolean {
  return ts.canHaveModifiers(member) && (ts.getModifiers(member)?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword) ?? false);
}

/** The declared type of `a` in `{ a }: { a: T }`, one level deep. */
function memberType(type: ts.TypeNode | undefined, path: BindingPathStep[]): ts.TypeNode | undefined {
  const [step, ...rest] = path;
  if (!type || !ts.isTypeLiteralNode(type) || step?.kind !== "property" || rest.length > 0) return undefined;
  const member = type.members.find((candidate) => ts.isPropertySignature(candidate) && candidate.name && ts.isIdentifier(candidate.name) && candidate.name.text === step.name);
  return member && ts.isPropertySignature(member) ? member.type : undefined;
}

/** `Promise<OpenAI>` is read as `OpenAI`. */
function unwrapPromiseType(type: ts.TypeNode): ts.TypeNode {
  if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && type.typeName.text === "Promise" && type.typeArguments?.[0]) return type.typeArguments[0];
  return type;
}

const BOUNDING_METHODS = new Set(["slice", "splice", "substring", "substr", "take", "limit", "truncate", "at", "first", "last"]);

function elementOf(value: Value, index: number, label: string): Value {
  if (value.kind === "array") return value.elements[index] ?? unknown(label);
  return unknown(label);
}

function lookupBinding(scope: EvalScope | undefined, node: ts.Node): Value | undefined {
  for (let current = scope; current; current = current.parent) {
    const bound = current.bindings?.get(node);
    if (bound) return bound;
  }
  return undefined;
}

function staticLength(value: Value): number {
  if (value.kind !== "text") return value.kind === "unknown" ? 0 : 1;
  return value.parts.reduce((sum, part) => sum + (part.kind === "static" ? part.text.length : 0), 0);
}

function firstOrigin(value: Extract<Value, { kind: "text" }>) {
  const first = value.parts[0];
  return first?.kind === "static" ? first.origin : undefined;
}

export function propertyName(property: ts.ObjectLiteralElementLike): string | undefined {
  const name = property.name;
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}

function isGlobalJsonStringify(callee: ts.Expression): boolean {
  return (
    ts.isPropertyAccessExpression(callee) &&
    ts.isIdentifier(callee.expression) &&
    callee.expression.text === "JSON" &&
    callee.name.text === "stringify" &&
    !findDeclaration("JSON", callee)
  );
}

function isRequireCall(node: ts.CallExpression): boolean {
  return ts.isIdentifier(node.expression) && node.expression.text === "require" && node.arguments.length === 1;
}

function isImportMeta(node: ts.Expression): boolean {
  return ts.isMetaProperty(node) && node.keywordToken === ts.SyntaxKind.ImportKeyword;
}

function isUrlConstructor(target: ExternalValue): boolean {
  const last = target.steps[target.steps.length - 1];
  return (target.module === "url" || target.module === "node:url") && last?.kind === "property" && last.name === "URL";
}

/** `openai` of `openai/helpers/zod`, `@scope/name` of `@scope/name/sub`. */
function packageRoot(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

function isRelative(specifier: string): boolean {
  return specifier.startsWith(".") || specifier.startsWith("/");
}

function hasExportModifier(statement: ts.Statement): boolean {
  return ts.canHaveModifiers(statement) && (ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword) ?? false);
}

function hasDefaultModifier(statement: ts.Statement): boolean {
  return ts.canHaveModifiers(statement) && (ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.DefaultKeyword) ?? false);
}

function declarationStatement(declaration: Declaration): ts.Node | undefined {
  if (declaration.kind === "variable") return declaration.node.parent.parent;
  if (declaration.kind === "function" || declaration.kind === "class" || declaration.kind === "enum") return declaration.node;
  return undefined;
}

/** The source text of a node on one line, shortened: what the hover shows for an assumed part. */
export function labelOf(node: ts.Node): string {
  try {
    return shortLabel(node.getText());
  } catch {
    return "expression";
  }
}
