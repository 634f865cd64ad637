// A prompt text that is one way's, beside a run-time value (`ok ? context : "No information found."`,
// `context ?? ""`; TextPart.orRunTime, resolve/values.ts standingFor): the costlier way is the one counted.
// The run-time value is assumed to be as long as any other run-time text (`defaults.dynamicTokens`); a
// written way that sends less (its text and its own run-time parts) gives way to it, one that sends more
// (`ok ? context : LONG_INSTRUCTIONS`) counts as written.
// Decided per call before it is counted and before the rules read it, so the counts, the cacheable prefix
// and the rules see the same parts.
import type { TokenizerSpec } from "../pricing/price-types.ts";
import type { LlmCall, PromptMessage, TextPart } from "../types.ts";
import { mergeParts } from "../resolve/values.ts";
import { countStaticText } from "./count-prompt.ts";

/** The call with each short text standing beside a run-time value read as that value (one dynamic part per message); the same call when there is none. */
export function withRunTimeWays(call: LlmCall, tokenizer: TokenizerSpec, assumedTokens: number): LlmCall {
  if (!call.messages.some((message) => message.parts.some((part) => part.orRunTime !== undefined))) return call;
  const encoding = "encoding" in tokenizer ? tokenizer.encoding : tokenizer.estimateFrom;
  const ratio = "ratio" in tokenizer ? tokenizer.ratio : 1;
  const messages = call.messages.map((message) => {
    // What each written way sends: its text, and its own run-time parts at their assumed sizes.
    const written = new Map<string, number>();
    for (const part of message.parts) {
      if (part.orRunTime === undefined) continue;
      const tokens = part.kind === "static" ? Math.round(countStaticText(part, encoding).tokens * ratio) : (part.assumedTokens ?? assumedTokens);
      written.set(part.orRunTime, (written.get(part.orRunTime) ?? 0) + tokens);
    }
    if (written.size === 0) return message;
    const runTime = new Set([...written].filter(([, tokens]) => tokens < assumedTokens).map(([label]) => label));
    const parts: TextPart[] = [];
    const placed = new Set<string>();
    for (const part of message.parts) {
      if (part.orRunTime === undefined) parts.push(part);
      else if (!runTime.has(part.orRunTime)) parts.push(unmarked(part));
      else if (!placed.has(part.orRunTime)) parts.push({ kind: "dynamic", label: part.orRunTime }), placed.add(part.orRunTime);
    }
    // The written ways' texts joined to their neighbours again, so they are counted as one run of text is.
    return { ...message, parts: mergeParts(parts) } satisfies PromptMessage;
  });
  return { ...call, messages };
}

function unmarked(part: TextPart): TextPart {
  const { orRunTime: _way, ...rest } = part;
  return rest as TextPart;
}
