// The loops inside the wrappers a request goes through, for the entry counted where the outermost wrapper is
// called: `many(ds)` mapping each item to `one(d)`, which makes the request, makes one request per item of
// `ds` at every call of `many`. The site's own entry (countedAtCallSites) has the loop around it, and the
// no-unbatched-loop finding is reported there; the entry in the totals takes the loop too, and the loop's
// count when known (a literal array in the wrapper), so its monthly figure is the requests the call makes.
import { loopsAround, requestsPerRun } from "./call-context.ts";
import { readAnnotation } from "./comments.ts";
import type { Evaluator } from "./resolve/evaluate.ts";
import { ts } from "./ts.ts";
import type { LoopContext, WrapperHop } from "./types.ts";

/** The product of the known loop counts around each hop's request site (or its `// promptcost: multiplier=N`), and the innermost loop. */
export function loopsThroughWrappers(via: readonly WrapperHop[], evaluator: Evaluator): { multiplier: number; loop?: LoopContext } {
  let multiplier = 1;
  let innermost: LoopContext | undefined;
  for (const hop of via) {
    const file = evaluator.workspace.getParsedFile(hop.file);
    const site = file ? callStartingAt(file.sourceFile, Number(hop.id.slice(hop.id.lastIndexOf("@") + 1))) : undefined;
    if (!file || !site) continue;
    const { loops } = loopsAround(site, file, evaluator);
    const annotated = readAnnotation(file.text, hop.line, file.sourceFile.getLineStarts())?.multiplier;
    multiplier *= annotated ?? requestsPerRun(loops);
    if (loops[0]) innermost = { ...loops[0], inWrapper: true };
  }
  return innermost ? { multiplier, loop: innermost } : { multiplier };
}

/** The outermost call expression whose text starts at `start` (a wrapper site's id holds that offset). */
function callStartingAt(node: ts.Node, start: number): ts.CallExpression | undefined {
  if (ts.isCallExpression(node) && node.getStart() === start) return node;
  return ts.forEachChild(node, (child) => (child.pos <= start && start < child.end ? callStartingAt(child, start) : undefined));
}
