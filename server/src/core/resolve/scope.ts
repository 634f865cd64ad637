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
export type BindingPathStep = { kind: "property"; name: string } | { kind: "element"; index: number };

/**
 * Finds the declaration a name refers to at a place in the code, walking out through the enclosing
 * blocks and functions as JavaScript scoping does. No type checker: a full Program costs seconds on a
 * large repository and the analysis runs on every keystroke.
 */
export function findDeclaration(name: string, from: ts.Node): Declaration | undefined {
  let node: ts.Node | undefined = from;
  while (node) {
    const found = declarationIn(node, name);
    if (found) return found;
    node = node.parent;
  }
  return undefined;
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
      if (element.dotDotDotToken) continue;
      const key = element.propertyName ?? element.name;
      const keyName = ts.isIdentifier(key) || ts.isStringLiteral(key) ? key.text : undefined;
      const inner = bindingPath(element.name, name);
      if (inner && keyName !== undefined) return [{ kind: "property", name: keyName }, ...inner];
    }
    return undefined;
  }
  let index = 0;
  for (const element of pattern.elements) {
    if (!ts.isOmittedExpression(element) && !element.dotDotDotToken) {
      const inner = bindingPath(element.name, name);
      if (inner) return [{ kind: "element", index }, ...inner];
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
  const list = declaration.parent;
  const container = list.parent?.parent ?? declaration.getSourceFile();
  let assigned = false;
  const visit = (node: ts.Node): void => {
    if (assigned) return;
    if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind) && ts.isIdentifier(node.left) && node.left.text === name) {
      assigned = true;
      return;
    }
    if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && ts.isIdentifier(node.operand) && node.operand.text === name) {
      assigned = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(container);
  return assigned;
}

function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}
