// Whether an assignment can have run before a read in the same pass through the code. Reading
// `result = result.replace(match, value)` in the `else` of an `if`, an assignment in its `then` did not run
// before it; nor did one in a block that leaves with `continue` before the read's statement: one turn of
// the loop takes one way, and chaining every branch's assignment counted each branch's text at once.
import { contains, exclusive } from "../providers/exclusive-branches.ts";
import { ts } from "../ts.ts";

/**
 * False when `write` and `read` exclude each other in one call of their function (two branches of an `if`
 * or `?:`, two clauses of a `switch`, a branch that returns: exclusive-branches.ts), or when a block holding
 * `write` and not `read` goes on after it with `continue` of a loop around the read.
 */
export function mayRunBefore(write: ts.Node, read: ts.Node): boolean {
  return !exclusive(write, read) && !continuesBefore(write, read);
}

function continuesBefore(write: ts.Node, read: ts.Node): boolean {
  let child: ts.Node = write;
  for (let parent = write.parent; parent && !contains(parent, read); child = parent, parent = parent.parent) {
    if (!ts.isBlock(parent) && !ts.isCaseOrDefaultClause(parent)) continue;
    const statements = parent.statements;
    for (let index = statements.indexOf(child as ts.Statement) + 1; index > 0 && index < statements.length; index++) {
      const statement = statements[index]!;
      if (!ts.isContinueStatement(statement) || statement.label) continue;
      const loop = enclosingLoop(statement);
      if (loop && contains(loop, read)) return true;
    }
  }
  return false;
}

function enclosingLoop(node: ts.Node): ts.IterationStatement | undefined {
  for (let parent = node.parent; parent && !ts.isFunctionLike(parent); parent = parent.parent) if (ts.isIterationStatement(parent, false)) return parent;
  return undefined;
}
