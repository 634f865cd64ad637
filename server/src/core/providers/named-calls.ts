// The call expressions of a parsed file with the name each callee ends in, found in one walk per tree: the
// wrapper index walks every file it reads for its functions and their calls, and the call finder walked
// the same files again for the calls a name can make a request with (517k nodes each on a 2,800-file app).
import { ts } from "../ts.ts";
import { calleeName } from "./callee-name.ts";

/** A call and its callee's last name (`complete` of `llm.complete(...)`, see calleeName). */
export interface NamedCall {
  readonly call: ts.CallExpression;
  readonly callee: string;
}

/** Per tree as parsed (a tree is never changed; an edited file is a new one). */
const namedCallsByTree = new WeakMap<ts.SourceFile, readonly NamedCall[]>();

/**
 * Every call of the file whose callee has a name, in document order (outer calls before the calls in their
 * arguments): the list a walk of the whole tree recorded (recordNamedCalls), else one walk of its own.
 */
export function namedCallsOf(sourceFile: ts.SourceFile): readonly NamedCall[] {
  let calls = namedCallsByTree.get(sourceFile);
  if (!calls) {
    const found: NamedCall[] = [];
    const visit = (node: ts.Node): void => {
      const named = namedCall(node);
      if (named) found.push(named);
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    namedCallsByTree.set(sourceFile, (calls = found));
  }
  return calls;
}

/** The node as a named call, or undefined (not a call, or a callee with no name). */
export function namedCall(node: ts.Node): NamedCall | undefined {
  if (!ts.isCallExpression(node)) return undefined;
  const callee = calleeName(node.expression);
  return callee === undefined ? undefined : { call: node, callee };
}

/** What a pre-order walk of the whole tree found with namedCall, for namedCallsOf to answer without walking again. */
export function recordNamedCalls(sourceFile: ts.SourceFile, calls: readonly NamedCall[]): void {
  if (!namedCallsByTree.has(sourceFile)) namedCallsByTree.set(sourceFile, calls);
}
