// A name's declaration is looked up through the enclosing nodes that can bind names only (files, blocks,
// module blocks, case and default clauses, function-likes, for statements, catch clauses); the expressions
// and other statements between are passed without a table look-up. Each kind of binding node must still
// be asked, and the innermost binding must still win.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { findDeclaration } from "../../server/src/core/resolve/scope.ts";
import { ts } from "../../server/src/core/ts.ts";

const SOURCE = `
import { name as imported } from "./elsewhere";
const name = "file";
namespace Space { const name = "module block"; read(name); }
function outer(name: string) {
  read(name);
  {
    const name = "block";
    read(name);
  }
  switch (name) {
    case "a": { read(name); break; }
    case "b": const name = "case clause"; read(name); break;
    default: let other = name; read(other);
  }
  for (const name of ["for-of"]) read(name);
  for (const name in { forIn: 1 }) read(name);
  for (let name = 0; name < 1; name++) read(name);
  try { read(name); } catch (name) { read(name); }
  const arrow = (name: number) => read(name);
  const method = { run(name: boolean) { return read(name); } };
  return read(name as string) ?? (read(name!), arrow, method);
}
read(name, imported);
`;

/** Each `read(name)` (or `read(other)`) as `line: kind of declaration found (its line)`. */
function lookups(text: string): string[] {
  const file = ts.createSourceFile("/src/app.ts", text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const lineOf = (node: ts.Node): number => file.getLineAndCharacterOfPosition(node.getStart()).line;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "read") {
      for (const argument of node.arguments) {
        const inner = ts.isAsExpression(argument) || ts.isNonNullExpression(argument) ? argument.expression : argument;
        if (!ts.isIdentifier(inner)) continue;
        const declaration = findDeclaration(inner.text, inner);
        found.push(`${lineOf(inner)}: ${declaration ? `${declaration.kind} (${lineOf(declaration.node)})` : "none"}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

describe("looking a name up through the nodes that can bind it", () => {
  it("finds the innermost binding in every kind of scope", () => {
    assert.deepEqual(lookups(SOURCE), [
      "3: variable (3)", // module block
      "5: parameter (4)", // function parameter
      "8: variable (7)", // block
      "11: parameter (4)", // a block in a case clause binds nothing; the next clause's const is not looked at
      "12: variable (12)", // case clause
      "13: variable (13)", // default clause's own binding
      "15: loop-variable (15)", // for-of
      "16: loop-variable (16)", // for-in
      "17: variable (17)", // for
      "18: parameter (4)", // try block: the parameter
      "18: loop-variable (18)", // catch clause
      "19: parameter (19)", // arrow function
      "20: parameter (20)", // method
      "21: parameter (4)", // under `as`
      "21: parameter (4)", // under `!`
      "23: variable (2)", // the file's const
      "23: import (1)", // an import
    ]);
  });
});
