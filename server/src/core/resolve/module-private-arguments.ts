// A parameter of a function only its own module calls (`function testLLM(llm: BaseLLM, ...)`, called as
// `testLLM(new OpenAI({ model: "gpt-4o" }))` nine times): read outside any call, it stands for the instances
// those calls make, not for every class its type names (continue's test helper named 25 subclasses of
// BaseLLM where its callers pass five). Only when every call passes a `new` there: anything else a caller
// passes may be any instance of the type.
import { ts } from "../ts.ts";
import { contains } from "../providers/exclusive-branches.ts";

/** Per function declaration: its calls when the module only ever calls it, else null. */
const directCalls = new WeakMap<ts.FunctionDeclaration, readonly ts.CallExpression[] | null>();

/** The `new` expressions the module's calls pass for the parameter, when the function is only called, by its module, each call passing one. */
export function newsPassedFor(parameter: ts.ParameterDeclaration): ts.NewExpression[] | undefined {
  const fn = parameter.parent;
  if (!ts.isFunctionDeclaration(fn) || parameter.dotDotDotToken || !ts.isIdentifier(parameter.name)) return undefined;
  const calls = callsOnly(fn);
  if (!calls || calls.length === 0) return undefined;
  const index = fn.parameters.indexOf(parameter);
  const passed: ts.NewExpression[] = [];
  for (const call of calls) {
    if (call.arguments.slice(0, index + 1).some(ts.isSpreadElement)) return undefined;
    const argument = call.arguments[index] && withoutAssertions(call.arguments[index]);
    if (!argument || !ts.isNewExpression(argument)) return undefined;
    passed.push(argument);
  }
  return passed;
}

/**
 * The calls of a top-level function declaration that is not exported and whose name the module uses only to
 * call it, outside its own body; null when it is exported, handed on, or calls itself.
 */
function callsOnly(fn: ts.FunctionDeclaration): readonly ts.CallExpression[] | null {
  const known = directCalls.get(fn);
  if (known !== undefined) return known;
  const found = findCalls(fn);
  directCalls.set(fn, found);
  return found;
}

function findCalls(fn: ts.FunctionDeclaration): readonly ts.CallExpression[] | null {
  const name = fn.name?.text;
  const sourceFile = fn.getSourceFile();
  if (!name || fn.parent !== sourceFile || fn.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) return null;
  const calls: ts.CallExpression[] = [];
  let other = false;
  const visit = (node: ts.Node): void => {
    if (other) return;
    if (ts.isIdentifier(node) && node.text === name && node !== fn.name) {
      const parent = node.parent;
      if (ts.isCallExpression(parent) && parent.expression === node && !contains(fn, parent)) calls.push(parent);
      else other = true;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return other ? null : calls;
}

/** `(new X())`, `new X() as BaseLLM`, `new X()!`: the expression inside. */
function withoutAssertions(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current) || ts.isNonNullExpression(current)) current = current.expression;
  return current;
}
