/**
 * no-unbounded-context
 *
 * A collection joined, mapped, spread or `JSON.stringify`-ed into a prompt with no slice, limit or
 * truncation anywhere in its data flow; and a whole conversation history sent as the messages of a
 * request without trimming.
 *
 * Why it costs money: the prompt grows with the data, not with the code. Twenty retrieved documents
 * today are two hundred next quarter; a chat that re-sends its whole history pays for turn 1 again on
 * every later turn, so a conversation's cost grows with the square of its length. A bound (`slice`, a
 * `limit` in the query, a token budget) turns that into a fixed ceiling.
 *
 * Bad:  content: docs.map((doc) => doc.text).join("\n")           messages: [system, ...history]
 * Good: content: docs.slice(0, 5).map((doc) => doc.text).join("\n")   messages: history.slice(-20)
 *
 * Embedding requests are not reported: each input is billed once, whatever the size of the array.
 * Not fixable: the right bound depends on the data.
 */
import { formatTokens, formatUsd } from "../format.ts";
import type { DynamicTextPart, PricedCall } from "../types.ts";
import { codeSpan, partOrPromptOffsets } from "./helpers/call-syntax.ts";
import { monthlyRequests } from "./helpers/prompt-tokens.ts";
import type { Rule, RuleReport } from "./rule.ts";

export const noUnboundedContext: Rule = {
  id: "no-unbounded-context",
  description: "Collections and histories put into prompts have a visible bound",
  defaultSeverity: "warning",
  fixable: false,
  checkCall(priced, context) {
    const { call } = priced;
    // An embedding request bills each input once; its array size is limited by the API, not a prompt.
    if (call.kind === "count" || call.kind === "embedding") return [];
    const reports: RuleReport[] = [];
    const seen = new Set<string>();
    for (const message of call.messages) {
      for (const part of message.parts) {
        if (part.kind !== "dynamic" || !part.collection || part.collection.bounded || seen.has(part.label)) continue;
        seen.add(part.label);
        const assumed = part.assumedTokens ?? call.annotation?.dynamicTokens ?? context.settings.dynamicTokens;
        const growth = perThousandTokens(priced);
        const lead = growth !== null ? `+${formatUsd(growth)}/month for every 1,000 tokens it grows: ` : "";
        const text = message.opaque
          ? `${codeSpan(part.label)} is sent whole as the conversation, with no trimming, so every turn re-sends all earlier turns; keep the recent turns (\`.slice(-20)\`) or summarise older ones.`
          : `${codeSpan(part.label)} puts a collection into the prompt with no bound (slice, limit or truncation), counted here as ${formatTokens(assumed)} tokens; bound it, e.g. \`.slice(0, 10)\`.`;
        reports.push({ message: lead + text, offsets: partOrPromptOffsets(context.file, call, part as DynamicTextPart), cause: part.label });
      }
    }
    return reports;
  },
};

/** Monthly cost of 1,000 more input tokens on every request of the call. */
function perThousandTokens(priced: PricedCall): number | null {
  if (!priced.price) return null;
  return (1000 * priced.price.inputPerMTok * monthlyRequests(priced)) / 1_000_000;
}
