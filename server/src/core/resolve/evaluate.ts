import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { ts } from "../ts.ts";
import type { TextPart } from "../types.ts";
import type { ParsedFile, Workspace } from "../workspace/workspace.ts";
import { evaluateBuiltinCall, evaluateJsonStringify } from "./builtins.ts";
import { findDeclaration, isReassigned, type BindingPathStep, type Declaration } from "./scope.ts";
import {
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

/** How deep evaluation may nest (identifiers, calls, imports) before it gives up on a value. */
const MAX_DEPTH = 60;

/**
 * Static evaluation of expressions: what a prompt, a model id or a client is, without running the code.
 * Follows consts, imports from project files, functions that build prompts, and prompt files read from
 * disk. Anything it cannot know becomes an `unknown` value labelled with its source, never a guess.
 */
export class Evaluator {
  private depth = 0;
  private readonly inProgress = new Set<ts.Node>();
  private readonly exportCache = new Map<string, Value>();

  constructor(readonly workspace: Workspace) {}

  evaluate(expression: ts.Expression, scope: EvalScope): Value {
    if (this.depth >= MAX_DEPTH) return unknown(labelOf(expression));
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
        const key = fullyStaticText(this.evaluate(access.argumentExpression, scope));
        const target = this.evaluate(access.expression, scope);
        return key === undefined ? unknown(labelOf(node)) : this.getProperty(target, key, node);
      }
      case ts.SyntaxKind.CallExpression:
        return this.evaluateCall(node as ts.CallExpression, scope);
      case ts.SyntaxKind.NewExpression:
        return this.evaluateNew(node as ts.NewExpression, scope);
      case ts.SyntaxKind.ArrowFunction:
      case ts.SyntaxKind.FunctionExpression:
        return { kind: "function", node: node as ts.FunctionLikeDeclaration, scope };
      case ts.SyntaxKind.ConditionalExpression:
        return unknown(labelOf(node));
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
      // `process.env.MODEL ?? "gpt-4o"`: the left side is unknown at analysis time, so the fallback stands.
      const left = this.evaluate(node.left, scope);
      if (left.kind !== "unknown") return left;
      return this.evaluate(node.right, scope);
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
        else elements.push(unknown(labelOf(element.expression), { bounded: false }));
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
    return this.evaluateDeclaration(declaration, name, scope);
  }

  evaluateDeclaration(declaration: Declaration, name: string, scope: EvalScope): Value {
    switch (declaration.kind) {
      case "variable": {
        const initializer = declaration.node.initializer;
        if (!initializer) return unknown(name);
        if (!declaration.isConst && isReassigned(declaration.node, name)) return unknown(name);
        if (initializer && ts.isCallExpression(initializer) && isRequireCall(initializer)) {
          const required = this.evaluateRequire(initializer, scope);
          return this.followBindingPath(required, declaration.path, name);
        }
        const value = this.guarded(declaration.node, () => this.evaluate(initializer, this.scopeFor(declaration.node, scope)), name);
        return this.followBindingPath(value, declaration.path, name);
      }
      case "parameter": {
        const bound = lookupBinding(scope, declaration.node);
        if (bound) return this.followBindingPath(bound, declaration.path, name);
        const typed = this.valueFromTypeAnnotation(declaration.node, scope);
        if (typed) return this.followBindingPath(typed, declaration.path, name);
        // Read outside any call, a parameter with a default is taken at its default: `model = "gpt-4o"`.
        const initializer = declaration.node.initializer;
        if (initializer && declaration.path.length === 0) return this.evaluate(initializer, this.scopeFor(declaration.node, scope));
        return unknown(name);
      }
      case "function":
        return { kind: "function", node: declaration.node, scope: this.scopeFor(declaration.node, scope) };
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
    const type = parameter.type;
    if (!type || !ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return undefined;
    const declaration = findDeclaration(type.typeName.text, parameter);
    if (declaration?.kind !== "import") return undefined;
    const specifier = (declaration.node.moduleSpecifier as ts.StringLiteral).text;
    if (isRelative(specifier)) return undefined;
    const imported: ExternalValue = { kind: "external", module: specifier, steps: [{ kind: "property", name: declaration.importedName ?? "default" }] };
    return { ...imported, steps: [...imported.steps, { kind: "new", args: [], scope }] };
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
    return unknown(node ? labelOf(node) : name);
  }

  /** The value of a property of an object literal, following spreads; later properties win. */
  objectProperty(object: ObjectValue, name: string): Value | undefined {
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
      if (receiver.kind === "object") {
        const member = this.objectProperty(receiver, method);
        if (member?.kind === "function") return this.callFunction(member, node, scope);
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
    const bindings = new Map<ts.Node, Value>();
    declaration.parameters.forEach((parameter, index) => {
      const argument = node.arguments[index];
      if (parameter.dotDotDotToken) return;
      if (argument) bindings.set(parameter, this.evaluate(argument, callerScope));
      else if (parameter.initializer) bindings.set(parameter, this.evaluate(parameter.initializer, fn.scope));
    });
    const scope: EvalScope = { file: fn.scope.file, bindings, parent: fn.scope };
    return this.guarded(declaration, () => this.evaluateReturn(declaration, scope), labelOf(node));
  }

  private evaluateReturn(declaration: ts.FunctionLikeDeclaration, scope: EvalScope): Value {
    const body = declaration.body;
    if (!body) return unknown("return value");
    if (!ts.isBlock(body)) return this.evaluate(body, scope);
    // Several returns: take the one that sends the most static text, the expensive case.
    let best: Value | undefined;
    let bestLength = -1;
    const visit = (node: ts.Node): void => {
      if (ts.isFunctionLike(node)) return;
      if (ts.isReturnStatement(node) && node.expression) {
        const value = this.evaluate(node.expression, scope);
        const length = staticLength(value);
        if (length > bestLength) {
          best = value;
          bestLength = length;
        }
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(body);
    return best ?? unknown("return value");
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
      if (method === "slice") return { kind: "array", elements: receiver.elements };
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
    const specifier = (node.moduleSpecifier as ts.StringLiteral).text;
    return this.evaluateModule(specifier, importedName, scope);
  }

  /** An import or require: project files are read and their export evaluated; packages stay symbolic. */
  evaluateModule(specifier: string, importedName: string | null, scope: EvalScope): Value {
    const fromFile = scope.file.path;
    const queryIndex = specifier.indexOf("?");
    const bareSpecifier = queryIndex >= 0 ? specifier.slice(0, queryIndex) : specifier;
    const resolved = this.workspace.resolver.resolve(fromFile, bareSpecifier);
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
    if (resolved.endsWith(".json") && importedName !== null) return staticText(read.text, { file: resolved, via: "import" });
    return staticText(read.text, { file: resolved, via: "file", truncated: read.truncated, sizeBytes: read.sizeBytes });
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
