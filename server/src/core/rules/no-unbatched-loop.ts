/**
 * no-unbatched-loop
 *
 * A call made once per item of a `for`, `for...of`, `while`, `forEach`, `map` or `Promise.all`, where one
 * request with array input (embeddings) or the provider's batch API (generation) would do.
 *
 * Why it costs money: an embedding request per item pays per-request latency and rate-limit headroom N
 * times for what one request with an array of inputs does at once. For generation whose results are not
 * needed at once (back-fills, nightly jobs, evaluations), the batch APIs of OpenAI, Anthropic and Google
 * bill the same tokens at 50% of the price. When the collection's size is known (a literal array, a
 * `// promptcost: multiplier=N` comment) the call's monthly figure is multiplied by it.
 *
 * Bad:  for (const product of products) await openai.embeddings.create({ model, input: product.text })
 * Good: await openai.embeddings.create({ model, input: products.map((product) => product.text) })
 *
 * Retry loops (a `try` that returns or breaks on success) are not loops over items and are not reported, nor
 * are the turns of an agent's tool loop, where each request reads the answer of the one before.
 * Not fixable: batching changes the shape of the code around the call.
 */
import { formatTokens, formatUsd } from "../format.ts";
import type { LlmCall, LoopContext, PricedCall } from "../types.ts";
import { monthlyRequests } from "./helpers/prompt-tokens.ts";
import { calleeOffsets } from "./helpers/call-syntax.ts";
import type { Rule } from "./rule.ts";

const LOOP_NAMES: Record<LoopContext["kind"], string> = {
  for: "a for loop",
  "for-of": "a for...of loop",
  "for-in": "a for...in loop",
  while: "a while loop",
  "do-while": "a do...while loop",
  forEach: "forEach",
  map: "map",
  flatMap: "flatMap",
  "Promise.all": "Promise.all",
};

const BATCH_APIS: Record<string, string> = { openai: "the Batch API", azure: "the Batch API", anthropic: "the Message Batches API", google: "Batch Mode", bedrock: "batch inference" };

export const noUnbatchedLoop: Rule = {
  id: "no-unbatched-loop",
  description: "Calls made once per item use array input or a batch API",
  defaultSeverity: "info",
  fixable: false,
  checkCall(priced, context) {
    const { call } = priced;
    const loop = call.loop;
    // A loop inside a wrapper is reported once, at the wrapper's request site (its own entry), not at each call of the wrapper.
    if (!loop || loop.feedsNextTurn || loop.inWrapper || call.kind === "batch" || call.kind === "count") return [];
    const where = `once per item of ${LOOP_NAMES[loop.kind]}${loop.count !== null ? ` (${formatTokens(loop.count)} ${loop.count === 1 ? "request" : "requests"} each time it runs)` : ""}`;
    if (call.kind === "embedding") {
      if (sendsManyInputs(call)) return [];
      return [{ message: `Embeds one input per request, ${where}: ${arrayInputHint(call)} to embed them all in one request.`, offsets: calleeOffsets(context.file, call) }];
    }
    return [{ message: batchMessage(priced, where), offsets: calleeOffsets(context.file, call) }];
  },
};

/** An embedding request that already sends an array: an array literal, a collection, or `embedMany`. */
function sendsManyInputs(call: LlmCall): boolean {
  if (call.api === "embedMany" || call.messages.length > 1) return true;
  return call.messages.some((message) => message.parts.some((part) => part.kind === "dynamic" && part.collection !== undefined));
}

function arrayInputHint(call: LlmCall): string {
  if (call.sdk === "vercel-ai") return "use embedMany({ values })";
  if (call.sdk === "google-genai" || call.sdk === "google-generative-ai") return "pass the items as an array of contents";
  if (call.sdk === "openai") return "pass the items as one array `input` (up to 2,048 per request)";
  return "pass the items as one array input";
}

/** `$0.45/month less through the Batch API ...`: the saving first when the price table has batch prices. */
function batchMessage(priced: PricedCall, where: string): string {
  const api = BATCH_APIS[priced.price?.provider ?? priced.call.provider] ?? "the provider's batch API";
  const { perRequest, perRequestBatch } = priced.cost;
  if (perRequest === null || perRequestBatch === null || perRequestBatch >= perRequest) {
    return `Runs ${where}: if the items fit one prompt, send them in one request; if the results are not needed at once, a batch API bills them for less.`;
  }
  const off = Math.round((1 - perRequestBatch / perRequest) * 100);
  const saving = (perRequest - perRequestBatch) * monthlyRequests(priced);
  return `${formatUsd(saving)}/month less through ${api} if the results are not needed at once: the call runs ${where}, and a batch bills the same requests ${off}% less (${formatUsd(perRequestBatch)} instead of ${formatUsd(perRequest)} per request).`;
}
