// Functions that return instances of project classes with wrapper methods: `getLLMProvider()` switching on
// a setting and returning `new OpenAiLLM(...)`, `new AnthropicLLM(...)`, ... (each class required inside its
// case), or an object holding one (`return { connector: getLLMProvider(...) }`). What such a function
// returns has the classes' wrapper methods, so a file importing it and calling one of those methods
// (`connector.getChatCompletion(...)`) may make a request.
import { innerAwaitedExpression } from "../inner-expression.ts";
import { importHandedToCallback, isDynamicImport } from "../resolve/modules.ts";
import { findDeclaration } from "../resolve/scope.ts";
import { ts } from "../ts.ts";
import type { ParsedFile } from "../workspace/workspace.ts";
import type { ExportEntry } from "./wrapper-index.ts";

/** How many calls of local instance factories deep a returned value is followed (`return { connector: pick() }`). */
const MAX_FACTORY_DEPTH = 3;

/**
 * The wrapper members of what a function returns: the union over its `return`s (or its expression body)
 * of each `new X(...)` whose class has wrapper members, each property of a returned object literal, and
 * each call of a local function that is such a factory. Undefined when it returns none.
 */
export function returnedInstancesEntry(node: ts.FunctionLikeDeclaration, entryFor: (local: string, at: ts.Node) => ExportEntry | undefined, depth = 0, factoryEntry?: (fn: ts.FunctionLikeDeclaration) => ExportEntry | undefined): ExportEntry | undefined {
  const members = new Set<string>();
  const add = (entry: ExportEntry | undefined) => {
    if (entry && !entry.callable && !entry.factory) for (const member of entry.members) members.add(member);
  };
  const read = (expression: ts.Expression | undefined, nesting: number): void => {
    const value = expression && innerAwaitedExpression(expression);
    if (!value) return;
    if (ts.isNewExpression(value) && ts.isIdentifier(value.expression)) {
      const entry = entryFor(value.expression.text, value);
      if (entry) add(entry);
      else for (const name of classesLookedUp(value.expression)) add(entryFor(name.text, name));
    }
    else if (ts.isConditionalExpression(value)) {
      read(value.whenTrue, nesting);
      read(value.whenFalse, nesting);
    } else if (ts.isObjectLiteralExpression(value) && nesting === 0) {
      for (const property of value.properties) {
        // A wrapper the object holds by name (`{ id, handlePrompt }`): a member that may request.
        const held = heldByName(property);
        if (held && entryFor(held.value.text, held.value)?.callable) members.add(held.key);
        if (ts.isPropertyAssignment(property)) read(property.initializer, nesting + 1);
        else if (ts.isSpreadAssignment(property)) read(property.expression, nesting);
      }
    } else if (ts.isIdentifier(value) && nesting === 0) {
      // `const result = await resolveConnector(); return { ...result }`: a local the function returns; an
      // object written for it is read as if returned in place (`const provider: Provider = { ... }; return provider`).
      const declaration = findDeclaration(value.text, value);
      if (declaration?.kind === "variable" && declaration.path.length === 0 && declaration.node.initializer && isInside(declaration.node, node)) {
        const initializer = declaration.node.initializer;
        read(initializer, ts.isObjectLiteralExpression(innerAwaitedExpression(initializer)) ? nesting : nesting + 1);
      }
    } else if (ts.isCallExpression(value) && ts.isIdentifier(value.expression) && depth < MAX_FACTORY_DEPTH) {
      const declaration = findDeclaration(value.expression.text, value);
      // A local factory of an object of wrappers (`return createFetchLanguageModel(url, headers, params)`), or one returning instances.
      if (declaration?.kind === "function" && declaration.node !== node) {
        add(factoryEntry?.(declaration.node));
        add(returnedInstancesEntry(declaration.node, entryFor, depth + 1, factoryEntry));
      }
    } else if (ts.isCallExpression(value) && ts.isPropertyAccessExpression(value.expression) && FOUND_AMONG.has(value.expression.name.text) && ts.isIdentifier(value.expression.expression)) {
      // `return providerList.find((provider) => provider.id === id)` over a list of the file written in place
      // (`[providerOpenAI(), providerAzure()]`): what any of its elements holds.
      const list = findDeclaration(value.expression.expression.text, value);
      const elements = list?.kind === "variable" && list.path.length === 0 && list.node.initializer ? innerAwaitedExpression(list.node.initializer) : undefined;
      if (elements && ts.isArrayLiteralExpression(elements)) {
        for (const element of elements.elements) {
          const inner = innerAwaitedExpression(element);
          if (ts.isCallExpression(inner) && ts.isIdentifier(inner.expression)) add(entryFor(inner.expression.text, inner));
          else if (ts.isIdentifier(inner)) add(entryFor(inner.text, inner));
        }
      }
    } else if (ts.isCallExpression(value) && ts.isPropertyAccessExpression(value.expression) && ts.isIdentifier(value.expression.expression) && depth < MAX_FACTORY_DEPTH) {
      // `return OpenAIClient.fromConfig()`: a static factory of a class of the file, or what an imported class holds.
      const owner = value.expression.expression.text;
      const declaration = findDeclaration(owner, value);
      if (declaration?.kind === "class") {
        const method = staticMethod(declaration.node, value.expression.name.text);
        if (method && method !== node) add(returnedInstancesEntry(method, entryFor, depth + 1, factoryEntry));
      } else if (declaration?.kind === "import") add(entryFor(owner, value));
    }
  };
  for (const returned of returnedExpressions(node)) read(returned, 0);
  return members.size > 0 ? { callable: false, members } : undefined;
}

/** A property of an object literal holding a name (`{ handlePrompt }`, `{ chat: sendChat }`): its key and the name. */
export function heldByName(property: ts.ObjectLiteralElementLike): { key: string; value: ts.Identifier } | undefined {
  const value = ts.isShorthandPropertyAssignment(property) ? property.name : ts.isPropertyAssignment(property) && ts.isIdentifier(property.initializer) ? property.initializer : undefined;
  const key = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? property.name.text : undefined;
  return value && key !== undefined ? { key, value } : undefined;
}

/** Methods of a list that give one of its elements. */
const FOUND_AMONG: ReadonlySet<string> = new Set(["find", "findLast"]);

/**
 * What a class's static factories return (`static build() { return OpenAIClient.fromConfig(); }`): the
 * wrapper members of those instances, so `Factory.build().infer(...)` is a callee name where the class is imported.
 */
export function staticFactoryMembers(node: ts.ClassLikeDeclaration, entryFor: (local: string, at: ts.Node) => ExportEntry | undefined): Set<string> {
  const members = new Set<string>();
  for (const member of node.members) {
    if (!ts.isMethodDeclaration(member) || !isStatic(member)) continue;
    for (const name of returnedInstancesEntry(member, entryFor, 1)?.members ?? []) members.add(name);
  }
  return members;
}

/** A class's static method of that name. */
function staticMethod(node: ts.ClassLikeDeclaration, name: string): ts.MethodDeclaration | undefined {
  return node.members.find((member): member is ts.MethodDeclaration => ts.isMethodDeclaration(member) && member.name.getText() === name && isStatic(member));
}

function isStatic(member: ts.MethodDeclaration): boolean {
  return member.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword) ?? false;
}

/**
 * `const cls = providerToEngine[provider]; return new cls()`: the classes a table of classes (an object
 * literal of class names) holds, one per vendor, for a class read from it with a run-time key.
 */
function classesLookedUp(name: ts.Identifier): ts.Identifier[] {
  const declaration = findDeclaration(name.text, name);
  const lookup = declaration?.kind === "variable" && declaration.path.length === 0 && declaration.node.initializer ? innerAwaitedExpression(declaration.node.initializer) : undefined;
  if (!lookup || !ts.isElementAccessExpression(lookup) || !ts.isIdentifier(lookup.expression)) return [];
  const table = findDeclaration(lookup.expression.text, lookup.expression);
  const literal = table?.kind === "variable" && table.path.length === 0 && table.node.initializer ? innerAwaitedExpression(table.node.initializer) : undefined;
  if (!literal || !ts.isObjectLiteralExpression(literal)) return [];
  return literal.properties.flatMap((property) => {
    if (ts.isShorthandPropertyAssignment(property)) return [property.name];
    return ts.isPropertyAssignment(property) && ts.isIdentifier(property.initializer) ? [property.initializer] : [];
  });
}

/** Whether a node is written inside another (the same node counts). */
export function isInside(inner: ts.Node, outer: ts.Node): boolean {
  return inner.pos >= outer.pos && inner.end <= outer.end && inner.getSourceFile() === outer.getSourceFile();
}

/** The expressions a function returns: its expression body, or the `return`s of its body outside nested functions and classes. */
export function returnedExpressions(node: ts.FunctionLikeDeclaration): ts.Expression[] {
  const body = node.body;
  if (!body) return [];
  if (!ts.isBlock(body)) return [body];
  const found: ts.Expression[] = [];
  const visit = (child: ts.Node): void => {
    if (ts.isFunctionLike(child) || ts.isClassLike(child)) return;
    if (ts.isReturnStatement(child)) {
      if (child.expression) found.push(child.expression);
      return;
    }
    ts.forEachChild(child, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

/**
 * `const { OpenAiLLM } = require("../AiProviders/openAi")` written inside a function (a `case` of a switch
 * that loads each vendor's class lazily), or `const { ask } = await import("./llm")` in a route handler: the
 * binding, as requireBindings gives top-level ones; and a member read off a `require` where it is written
 * (`require("../vectors/openai-vectors").getOpenAIVector(text)`, SillyTavern's switch per embedding source),
 * as if bound under its own name. Read only when the text requires or imports something below its top level.
 */
export function nestedRequireBindings(file: ParsedFile): ReturnType<typeof requiredNames> {
  const found: ReturnType<typeof requiredNames> = [];
  if (!file.text.includes("require(") && !file.text.includes("import(")) return found;
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node)) found.push(...requiredNames(node));
    else if (ts.isParameter(node)) found.push(...callbackModuleNames(node));
    else if (ts.isPropertyAccessExpression(node) && isRequire(node.expression)) {
      const argument = (node.expression as ts.CallExpression).arguments[0];
      if (argument && ts.isStringLiteralLike(argument)) found.push({ specifier: argument.text, local: node.name.text, imported: node.name.text });
    }
    ts.forEachChild(node, visit);
  };
  for (const statement of file.sourceFile.statements) {
    if (ts.isVariableStatement(statement)) {
      // Top-level requires are requireBindings'; what their initializers hold is not a nested require.
      for (const declaration of statement.declarationList.declarations) if (declaration.initializer) visit(declaration.initializer);
    } else visit(statement);
  }
  return found;
}

/**
 * The names a `require` declaration binds: `const llm = require("./llm")` (the whole module), `const { ask: a } = require("./llm")`;
 * and an awaited `import()`: `const { ask } = await import("./llm")`, `const llm = await import("./llm")` (its
 * namespace: `namespace` set, as `import * as llm` would bind).
 */
export function requiredNames(declaration: ts.VariableDeclaration): { specifier: string; local: string; imported: string | null; namespace?: true }[] {
  const initializer = declaration.initializer;
  const loaded = isRequire(initializer) ? (initializer as ts.CallExpression) : awaitedImport(initializer);
  if (!loaded) return [];
  const argument = loaded.arguments[0];
  if (!argument || !ts.isStringLiteralLike(argument)) return [];
  return boundNames(declaration.name, argument.text, loaded !== initializer);
}

/** What a binding takes from a module: all of it under one name, or the names it destructures. */
function boundNames(name: ts.BindingName, specifier: string, namespace: boolean): ReturnType<typeof requiredNames> {
  if (ts.isIdentifier(name)) return [{ specifier, local: name.text, imported: null, ...(namespace ? { namespace: true as const } : {}) }];
  if (!ts.isObjectBindingPattern(name)) return [];
  return name.elements.flatMap((element) => {
    if (!ts.isIdentifier(element.name)) return [];
    const key = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text;
    return [{ specifier, local: element.name.text, imported: key }];
  });
}

/** The names the callback of `import("./llm").then(...)` binds from the module: `({ ask })`, or `(llm)` (its namespace). */
function callbackModuleNames(parameter: ts.ParameterDeclaration): ReturnType<typeof requiredNames> {
  const loaded = importHandedToCallback(parameter);
  const argument = loaded?.arguments[0];
  if (!argument || !ts.isStringLiteralLike(argument)) return [];
  return boundNames(parameter.name, argument.text, true);
}

/** The `import("./llm")` of `await import("./llm")`. */
function awaitedImport(initializer: ts.Expression | undefined): ts.CallExpression | undefined {
  const awaited = initializer && ts.isAwaitExpression(initializer) ? initializer.expression : undefined;
  return awaited && ts.isCallExpression(awaited) && isDynamicImport(awaited) ? awaited : undefined;
}

export function isRequire(initializer: ts.Expression | undefined): boolean {
  return initializer !== undefined && ts.isCallExpression(initializer) && ts.isIdentifier(initializer.expression) && initializer.expression.text === "require";
}
