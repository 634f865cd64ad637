// A call through a value a factory returned on the way the project's committed env example takes
// (`EmbeddingClientFactory.build().generateEmbeddingFromText(...)` with `EMBEDDING_OPENAI_API_KEY` unset
// there, so the factory's fallback client stands): a user who sets the key gets the client the example rules
// out, and the same call site is then that client's request. One call site is one request, so the ruled-out
// client's request sites are counted at this call site (not on their own), as the ways a call's arguments
// rule out are (guarded-sites.ts); the example's way still stands for the cost.
import type { Value } from "../resolve/values.ts";
import type { CallRecogniser } from "./recognise.ts";
import { wrapperSiteId, wrappersOf } from "./wrapper-index.ts";

/**
 * The request sites of the methods a callee reads on the ways the env example rules out of its receiver
 * (`exampleRuledOut`, carried by the member read), as wrapper-site ids; none usually. Read from the wrapper
 * index only, without reading the sites again (a read costs the call site's work budget): a site the
 * ruled-out method reaches through another wrapper stays counted where it is written.
 */
export function sitesRuledOutByExample(recogniser: CallRecogniser, callee: Value): string[] {
  const ways = "exampleRuledOut" in callee ? callee.exampleRuledOut : undefined;
  if (!ways) return [];
  return ways.flatMap((method) => {
    if (method.kind !== "function") return [];
    const file = recogniser.evaluator.workspace.getParsedFile(method.node.getSourceFile().fileName);
    const wrapper = file && wrappersOf(recogniser, file, 0).functions.get(method.node);
    return wrapper ? wrapper.sites.map((site) => wrapperSiteId(file, method.node, site)) : [];
  });
}
