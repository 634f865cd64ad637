import { ts } from "../ts.ts";

/** A name's declaration found by lexical lookup, with how to get the value from it. */
export type Declaration =
  | { kind: "variable"; node: ts.VariableDeclaration; isConst: boolean; path: BindingPathStep[] }
  | { kind: "parameter"; node: ts.ParameterDeclaration; path: BindingPathStep[] }
  | { kind: "function"; node: ts.FunctionDeclaration }
  | { kind: "class"; node: ts.ClassDeclaration }
  | { kind: "enum"; node: ts.EnumDeclaration }
  | { kind: "import"; node: ts.ImportDeclaration; importedName: string | null /* null = namespace */ }
  | { kind: "import-equals"; node: ts.ImportEqualsDeclaration }
  | { kind: "loop-variable"; node: ts.VariableDeclaration };

/** One step from a destructured value to a bound name: `{ a: { b } }` is property a, then property b. */
/** One step into a destructured binding; `initializer` is its default (`{ model = "gpt-4o" }`), read when the value has no such member. */
export type BindingPathStep = ({ kind: "property"; name: string } | { kind: "element"; index: number }) & { initializer?: ts.Expression };

/**
 * Finds the declaration a name refers to at a place in the code, walking out through the enclosing
 * blocks and functions as JavaScript scoping does. No type checker: a full Program costs seconds on a
 * large repository and the analysis runs on every keystroke.
 */
export function findDeclaration(name: string, from: ts.Node): Declaration | undefined {
  let node: ts.Node | undefined = from;
  while (node) {
    const found = mayBindNames(node) ? declarationsOf(node)?.get(name) : undefined;
    if (found) return found;
    node = node.parent;
  }
  return undefined;
}

/**
 * Whether a node is of a kind that can bind names (see collectBoundNames): a lookup passes every expression
 * and statement between a read and its file, and asked the table of each (a map look-up per node, and a
 * table entry kept for each).
 */
function mayBindNames(node: ts.Node): boolean {
  switch (node.kind) {
    case ts.SyntaxKind.SourceFile:
    case ts.SyntaxKind.Block:
    case ts.SyntaxKind.ModuleBlock:
    case ts.SyntaxKind.CaseClause:
    case ts.SyntaxKind.DefaultClause:
    case ts.SyntaxKind.ForStatement:
    case ts.SyntaxKind.ForOfStatement:
    case ts.SyntaxKind.ForInStatement:
    case ts.SyntaxKind.CatchClause:
      return true;
    default:
      return ts.isFunctionLike(node);
  }
}

/**
 * The names a scope container declares, each with its declaration, built once per node: a lookup walks
 * out through the parents with one map look-up each instead of scanning every statement of every enclosing
 * block again (on a 2,800-file application, scanning took a third of the analysis). Nodes are immutable
 * (an edited region is parsed into new nodes), so the table never goes stale.
 */
const declarationTables = new WeakMap<ts.Node, ReadonlyMap<string, Declaration> | null>();

function declarationsOf(container: ts.Node): ReadonlyMap<string, Declaration> | null {
  let table = declarationTables.get(container);
  if (table === undefined) {
    table = buildDeclarationTable(container);
    declarationTables.set(container, table);
  }
  return table;
}

/** Whether a container binds a name (a function: one of its parameters, destructured ones included). */
export function bindsName(container: ts.Node, name: string): boolean {
  return declarationsOf(container)?.has(name) === true;
}

/** Every name a container binds; where two bind the same name, the one a lookup met first (declarationIn's order) wins. */
function buildDeclarationTable(container: ts.Node): ReadonlyMap<string, Declaration> | null {
  const names = new Set<string>();
  collectBoundNames(container, names);
  if (names.size === 0) return null;
  const table = new Map<string, Declaration>();
  for (const name of names) {
    const found = declarationIn(container, name);
    if (found) table.set(name, found);
  }
  return table;
}

/** Names a container may bind (a superset is harmless: declarationIn decides). */
function collectBoundNames(container: ts.Node, names: Set<string>): void {
  const addPattern = (pattern: ts.BindingName): void => {
    if (ts.isIdentifier(pattern)) {
      names.add(pattern.text);
      return;
    }
    for (const element of pattern.elements) if (!ts.isOmittedExpression(element)) addPattern(element.name);
  };
  if (ts.isSourceFile(container) || ts.isBlock(container) || ts.isModuleBlock(container) || ts.isCaseClause(container) || ts.isDefaultClause(container)) {
    for (const statement of container.statements) {
      if (ts.isVariableStatement(statement)) for (const declaration of statement.declarationList.declarations) addPattern(declaration.name);
      else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) names.add(statement.name.text);
      else if (ts.isEnumDeclaration(statement) || ts.isImportEqualsDeclaration(statement)) names.add(statement.name.text);
      else if (ts.isImportDeclaration(statement)) {
        const clause = statement.importClause;
        if (clause?.name) names.add(clause.name.text);
        const bindings = clause?.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) names.add(bindings.name.text);
        else if (bindings) for (const element of bindings.elements) names.add(element.name.text);
      }
    }
  } else if (ts.isFunctionLike(container)) {
    for (const parameter of container.parameters) addPattern(parameter.name);
  } else if ((ts.isForStatement(container) || ts.isForOfStatement(container) || ts.isForInStatement(container)) && container.initializer && ts.isVariableDeclarationList(container.initializer)) {
    for (const declaration of container.initializer.declarations) addPattern(declaration.name);
  } else if (ts.isCatchClause(container) && container.variableDeclaration) {
    addPattern(container.variableDeclaration.name);
  }
}

function declarationIn(container: ts.Node, name: string): Declaration | undefined {
  if (ts.isSourceFile(container) || ts.isBlock(container) || ts.isModuleBlock(container) || ts.isCaseClause(container) || ts.isDefaultClause(container)) {
    return declarationInStatements(container.statements, name);
  }
  if (ts.isFunctionLike(container)) {
    for (const parameter of container.parameters) {
      const path = bindingPath(parameter.name, name);
      if (path) return { kind: "parameter", node: parameter, path };
    }
    return undefined;
  }
  if (ts.isForStatement(container) || ts.isForOfStatement(container) || ts.isForInStatement(container)) {
    const initializer = container.initializer;
    if (initializer && ts.isVariableDeclarationList(initializer)) {
      for (const declaration of initializer.declarations) {
        const path = bindingPath(declaration.name, name);
        if (!path) continue;
        return ts.isForStatement(container)
          ? { kind: "variable", node: declaration, isConst: isConstList(initializer), path }
          : { kind: "loop-variable", node: declaration };
      }
    }
  }
  if (ts.isCatchClause(container) && container.variableDeclaration && bindingPath(container.variableDeclaration.name, name)) {
    return { kind: "loop-variable", node: container.variableDeclaration };
  }
  return undefined;
}

function declarationInStatements(statements: ts.NodeArray<ts.Statement>, name: string): Declaration | undefined {
  for (const statement of statements) {
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const path = bindingPath(declaration.name, name);
        if (path) return { kind: "variable", node: declaration, isConst: isConstList(statement.declarationList), path };
      }
    } else if (ts.isFunctionDeclaration(statement) && statement.name?.text === name) {
      // Overload signatures have no body; the implementation follows them.
      if (statement.body) return { kind: "function", node: statement };
    } else if (ts.isClassDeclaration(statement) && statement.name?.text === name) {
      return { kind: "class", node: statement };
    } else if (ts.isEnumDeclaration(statement) && statement.name.text === name) {
      return { kind: "enum", node: statement };
    } else if (ts.isImportDeclaration(statement)) {
      const found = importedBinding(statement, name);
      if (found) return found;
    } else if (ts.isImportEqualsDeclaration(statement) && statement.name.text === name) {
      return { kind: "import-equals", node: statement };
    }
  }
  return undefined;
}

function importedBinding(statement: ts.ImportDeclaration, name: string): Declaration | undefined {
  const clause = statement.importClause;
  if (!clause) return undefined;
  if (clause.name?.text === name) return { kind: "import", node: statement, importedName: "default" };
  const bindings = clause.namedBindings;
  if (!bindings) return undefined;
  if (ts.isNamespaceImport(bindings)) {
    return bindings.name.text === name ? { kind: "import", node: statement, importedName: null } : undefined;
  }
  for (const element of bindings.elements) {
    if (element.name.text === name) {
      return { kind: "import", node: statement, importedName: (element.propertyName ?? element.name).text };
    }
  }
  return undefined;
}

function isConstList(list: ts.VariableDeclarationList): boolean {
  return (list.flags & ts.NodeFlags.Const) !== 0;
}

/** The steps from a binding pattern's value to `name`, or undefined when the pattern does not bind it. */
export function bindingPath(pattern: ts.BindingName, name: string): BindingPathStep[] | undefined {
  if (ts.isIdentifier(pattern)) return pattern.text === name ? [] : undefined;
  if (ts.isObjectBindingPattern(pattern)) {
    for (const element of pattern.elements) {
      // `({ convo, ...config })`: the rest is read as the whole object (the names taken out are still in it).
      if (element.dotDotDotToken) {
        if (ts.isIdentifier(element.name) && element.name.text === name) return [];
        continue;
      }
      const key = element.propertyName ?? element.name;
      const keyName = ts.isIdentifier(key) || ts.isStringLiteral(key) ? key.text : undefined;
      const inner = bindingPath(element.name, name);
      if (inner && keyName !== undefined) return [{ kind: "property", name: keyName, ...(element.initializer ? { initializer: element.initializer } : {}) }, ...inner];
    }
    return undefined;
  }
  let index = 0;
  for (const element of pattern.elements) {
    if (!ts.isOmittedExpression(element) && !element.dotDotDotToken) {
      const inner = bindingPath(element.name, name);
      if (inner) return [{ kind: "element", index, ...(element.initializer ? { initializer: element.initializer } : {}) }, ...inner];
    }
    index++;
  }
  return undefined;
}

/**
 * Whether a `let`/`var` binding is assigned anywhere after its declaration. A binding that never is
 * behaves like a const, which is how most prompt variables are written.
 */
export function isReassigned(declaration: ts.VariableDeclaration, name: string): boolean {
  return writesOf(declaration, name).length > 0;
}

/** Whether a parameter's function writes its name anywhere (see scanWrites): a shadowing binding's writes count too. */
export function parameterReassigned(parameter: ts.ParameterDeclaration, name: string): boolean {
  const owner = parameter.parent;
  const body = "body" in owner ? owner.body : undefined;
  return body !== undefined && scanWrites(body, name).length > 0;
}

export type Write = ts.BinaryExpression | ts.PrefixUnaryExpression | ts.PostfixUnaryExpression;

/**
 * The writes of a name in the block of its declaration (see scanWrites), in source order. The block is
 * scanned once per declaration and name; what a read needs of them (any at all, where they sit against
 * the read, what they assign) is asked of this list.
 */
export function writesOf(declaration: ts.VariableDeclaration, name: string): readonly Write[] {
  const container = assignmentContainer(declaration);
  let kept = writesByDeclaration.get(declaration);
  if (kept?.container !== container) writesByDeclaration.set(declaration, (kept = { container, byName: new Map() }));
  let writes = kept.byName.get(name);
  if (writes === undefined) kept.byName.set(name, (writes = scanWrites(container, name)));
  return writes;
}

/**
 * Writes per declaration (finding them scans the whole enclosing block), for the block as parsed: a
 * keystroke in an open document reuses the declaration's node when the edit is elsewhere in its block.
 */
const writesByDeclaration = new WeakMap<ts.VariableDeclaration, { container: ts.Node; byName: Map<string, readonly Write[]> }>();

/** The function-like a node is written in (its nearest enclosing one), undefined at a file's top level. */
export function enclosingFunction(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) if (ts.isFunctionLike(current)) return current as ts.FunctionLikeDeclaration;
  return undefined;
}

export function assignmentContainer(declaration: ts.VariableDeclaration): ts.Node {
  return declaration.parent.parent?.parent ?? declaration.getSourceFile();
}

/**
 * Each write of the name inside the container, in source order: an assignment (`=`, `+=`, ...), a
 * destructuring assignment that binds it (`({ model } = options)`, `[model] = list`), `++` and `--`.
 * `!name` and `-name` only read it. What a write holds is not looked into.
 */
function scanWrites(container: ts.Node, name: string): Write[] {
  const writes: Write[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind) && assignsName(node.left, name)) {
      writes.push(node);
      return;
    }
    if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && isIncrementOrDecrement(node.operator) && ts.isIdentifier(node.operand) && node.operand.text === name) {
      writes.push(node);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(container);
  return writes;
}

/** Whether an expression reads the name, as an identifier anywhere in it (whatever binding it refers to). */
export function mentionsName(expression: ts.Expression, name: string): boolean {
  const visit = (node: ts.Node): boolean => (ts.isIdentifier(node) && node.text === name) || ts.forEachChild(node, visit) === true;
  return visit(expression);
}

export function isIncrementOrDecrement(operator: ts.SyntaxKind): boolean {
  return operator === ts.SyntaxKind.PlusPlusToken || operator === ts.SyntaxKind.MinusMinusToken;
}

/**
 * Whether the left side of an assignment assigns the name: the name itself, or a destructuring pattern
 * binding it (`{ model }`, `{ config: model }`, `{ model = "x" }`, `[model, ...rest]`, `{ a: [model] }`).
 */
export function assignsName(target: ts.Expression, name: string): boolean {
  return assignedNames(target).includes(name);
}

/** Every name an assignment target assigns (see assignsName), each once. */
export function assignedNames(target: ts.Expression): string[] {
  const names = new Set<string>();
  const collect = (node: ts.Expression): void => {
    const inner = innerTarget(node);
    if (ts.isIdentifier(inner)) names.add(inner.text);
    else if (ts.isArrayLiteralExpression(inner)) for (const element of inner.elements) collect(ts.isSpreadElement(element) ? element.expression : element);
    else if (ts.isObjectLiteralExpression(inner)) {
      for (const property of inner.properties) {
        if (ts.isShorthandPropertyAssignment(property)) names.add(property.name.text);
        else if (ts.isPropertyAssignment(property)) collect(property.initializer);
        else if (ts.isSpreadAssignment(property)) collect(property.expression);
      }
    }
  };
  collect(target);
  return [...names];
}

/** A destructuring target without its default (`model = "x"`) and parentheses. */
function innerTarget(target: ts.Expression): ts.Expression {
  let inner = target;
  for (;;) {
    if (ts.isParenthesizedExpression(inner)) inner = inner.expression;
    else if (ts.isBinaryExpression(inner) && inner.operatorToken.kind === ts.SyntaxKind.EqualsToken) inner = inner.left;
    else return inner;
  }
}

function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/**
 * The properties a destructuring assignment's target reads to reach `name`: `["client"]` of `({ client } =
 * ...)`, `["a", "b"]` of `({ a: { b: name } } = ...)`; undefined when the target is no object pattern binding it.
 */
export function destructuredPath(target: ts.Expression, name: string): string[] | undefined {
  let inner = target;
  while (ts.isParenthesizedExpression(inner)) inner = inner.expression;
  if (!ts.isObjectLiteralExpression(inner)) return undefined;
  for (const property of inner.properties) {
    if (ts.isShorthandPropertyAssignment(property) && property.name.text === name) return [name];
    if (!ts.isPropertyAssignment(property) || !(ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))) continue;
    const value = property.initializer;
    if (ts.isIdentifier(value) && value.text === name) return [property.name.text];
    const deeper = destructuredPath(value, name);
    if (deeper) return [property.name.text, ...deeper];
  }
  return undefined;
}
