/**
 * no-dynamic-prefix
 *
 * Run-time content (a timestamp, an id, the user's input, a history) placed before a static part long
 * enough to be cached: the model's minimum cacheable prefix (1,024 tokens for OpenAI and most Claude and
 * Gemini models, more for some).
 *
 * Why it costs money: every provider's prompt cache matches on the exact leading tokens of a request.
 * `Today is ${date}` at the top of a 3,000-token system prompt makes every request's prefix different, so
 * the 3,000 tokens are billed at the full input price every time instead of at the cache price (10-25%
 * of it). Putting the variable part after the static part costs nothing and lets the cache hit.
 *
 * Bad:  system: `Today is ${today}.\n${POLICY}`
 * Good: system: `${POLICY}\nToday is ${today}.`   (or the date in the user message)
 *
 * Fix: when the variable content is the first line of a template literal written in this file (and the
 * line does not introduce what follows, as `Context for ${user}:` does), the line moves to the end.
 */
import { formatTokens, formatUsd } from "../format.ts";
import { ts } from "../ts.ts";
import type { DynamicTextPart, Fix, PricedCall } from "../types.ts";
import type { ParsedFile } from "../workspace/workspace.ts";
import { codeSpan, partOrPromptOffsets, templateOfPart } from "./helpers/call-syntax.ts";
import { monthlySavingWithCachedPrefix } from "./helpers/models.ts";
import { firstDynamicPart, minCacheableTokens, tokenizerOf } from "./helpers/prompt-tokens.ts";
import type { Rule } from "./rule.ts";

export const noDynamicPrefix: Rule = {
  id: "no-dynamic-prefix",
  description: "Run-time content comes after the static part of a prompt, so the prefix cache can hit",
  defaultSeverity: "warning",
  fixable: true,
  checkCall(priced, context) {
    const { call, price } = priced;
    if (call.kind !== "chat" && call.kind !== "batch") return [];
    if (price && (price.caching === "none" || price.cacheReadPerMTok === null)) return [];
    const dynamic = firstDynamicPart(call, tokenizerOf(priced));
    const minimum = minCacheableTokens(priced);
    if (!dynamic || dynamic.blockedTokens < minimum || dynamic.blockedTokens <= priced.inputTokens.cacheablePrefix) return [];
    const what = dynamic.part.collection ? "a collection" : "content";
    const hitRate = context.settings.cacheHitRate;
    const saving = monthlySavingWithCachedPrefix(priced, dynamic.blockedTokens, hitRate);
    const lead = saving !== null ? `${formatUsd(saving)}/month less at ${Math.round(hitRate * 100)}% cache hits if moved: ` : "";
    const fix = moveLineFix(context.file, priced, dynamic.part);
    return [
      {
        message: `${lead}${codeSpan(dynamic.part.label)} is ${what} only known at run time, placed before ${formatTokens(dynamic.blockedTokens)} static tokens, so the prompt cache never serves them; move it after the static part (or into the user message).`,
        offsets: partOrPromptOffsets(context.file, call, dynamic.part),
        cause: dynamic.part.label,
        ...(fix ? { fix } : {}),
      },
    ];
  },
};

interface LineBreak {
  start: number;
  end: number;
}

/** Moves the first line of the template that holds the dynamic part to the template's end. */
function moveLineFix(file: ParsedFile, priced: PricedCall, part: DynamicTextPart): Fix | undefined {
  const template = templateOfPart(file, priced.call, part);
  if (!template || !part.offsets) return undefined;
  const text = file.text;
  const contentStart = template.getStart(file.sourceFile) + 1;
  const contentEnd = template.getEnd() - 1;
  const first = firstLineBreak(template, file);
  if (!first || part.offsets.start > first.start) return undefined;
  const line = text.slice(contentStart, first.start);
  // "Documents for ${user}:" introduces what follows; moving it would change the prompt's meaning.
  if (/[:\uFF1A]\s*$/.test(line)) return undefined;
  let restStart = first.end;
  for (let next = lineBreakAt(text, restStart); next && next.start < contentEnd; next = lineBreakAt(text, restStart)) restStart = next.end;
  const rest = text.slice(restStart, contentEnd);
  if (rest.trim() === "") return undefined;
  const lineBreak = text.slice(first.start, first.end);
  const endsWithBreak = rest.endsWith("\n") || /(^|[^\\])(\\\\)*\\n$/.test(rest);
  const moved = endsWithBreak ? `${rest}${line}${lineBreak}` : `${rest}${lineBreak}${line}`;
  return {
    description: `Move the line with ${codeSpan(part.label)} to the end of the prompt`,
    edits: [{ offsets: { start: contentStart, end: contentEnd }, text: moved }],
  };
}

/** The first line break in the template's literal text (a newline or a `\n` escape), outside `${...}`. */
function firstLineBreak(template: ts.TemplateExpression, file: ParsedFile): LineBreak | undefined {
  const segments: { start: number; end: number }[] = [
    { start: template.head.getStart(file.sourceFile) + 1, end: template.head.getEnd() - 2 },
    ...template.templateSpans.map((span) => ({
      start: span.literal.getStart(file.sourceFile) + 1,
      end: span.literal.getEnd() - (ts.isTemplateTail(span.literal) ? 1 : 2),
    })),
  ];
  for (const segment of segments) {
    for (let index = segment.start; index < segment.end; index++) {
      const found = lineBreakAt(file.text, index);
      if (found && found.end <= segment.end) return found;
      if (file.text[index] === "\\") index++;
    }
  }
  return undefined;
}

function lineBreakAt(text: string, index: number): LineBreak | undefined {
  if (text[index] === "\n") return { start: index, end: index + 1 };
  if (text[index] === "\r" && text[index + 1] === "\n") return { start: index, end: index + 2 };
  if (text[index] === "\\" && text[index + 1] === "n") return { start: index, end: index + 2 };
  return undefined;
}
