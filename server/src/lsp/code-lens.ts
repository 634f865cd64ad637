import type { CodeLens } from "vscode-languageserver";
import { formatTokens, formatUsd } from "../core/format.ts";
import type { PricedCall } from "../core/types.ts";
import { SHOW_CALL_COMMAND, type CallLensArguments } from "../protocol.ts";
import type { DocumentAnalysis } from "./document-analysis-cache.ts";
import { hoverMarkdown } from "./hover.ts";

/** What an unresolved lens remembers: which call of which analysis it stands above. */
export interface CodeLensData {
  uri: string;
  resultId: string;
  index: number;
}

/** One lens per call, on the call's first line, without a title: titles are made when the editor shows them. */
export function unresolvedCodeLenses(result: DocumentAnalysis): CodeLens[] {
  return result.analysis.calls.map((priced, index) => {
    const start = result.snapshot.positionAt(priced.call.offsets.start);
    const data: CodeLensData = { uri: result.uri, resultId: result.resultId, index };
    return { range: { start, end: start }, data };
  });
}

/**
 * Fills in the title from the analysis the lens was made from. A lens of an older analysis (the document
 * changed in between) takes the call at the same index of the newest one; the editor asks again anyway.
 */
export function resolveCodeLens(lens: CodeLens, result: DocumentAnalysis | undefined, options: { callCommand: boolean }): CodeLens {
  const data = lens.data as CodeLensData | undefined;
  const priced = data ? result?.analysis.calls[data.index] : undefined;
  if (!priced || !result) return { ...lens, command: { title: "promptcost: …", command: "" } };
  const title = codeLensTitle(priced);
  // An empty command renders as plain text: the lens informs, the hover explains (editors other than VS Code).
  if (!options.callCommand) return { ...lens, command: { title, command: "" } };
  const call: CallLensArguments = {
    uri: result.uri,
    line: result.snapshot.positionAt(priced.call.offsets.start).line,
    title,
    breakdown: hoverMarkdown(priced, result),
    requestsPerDay: priced.requestsPerDay,
  };
  return { ...lens, command: { title, command: SHOW_CALL_COMMAND, tooltip: "Breakdown, and set this call's requests/day", arguments: [call] } };
}

/** `gpt-4.1 · 1,778 in → ~500 out (cap 800) · $0.0102/req · $306/mo`: the figures the monthly total is made of. */
export function codeLensTitle(priced: PricedCall): string {
  const { call, inputTokens, outputTokens, cost } = priced;
  const parts = [call.model ?? "model unknown"];
  const input = `${formatTokens(inputTokens.total)} in`;
  const expected = formatTokens(outputTokens.expected ?? outputTokens.assumed);
  if (call.kind === "embedding" || call.kind === "count") parts.push(input);
  else if (outputTokens.cap === null) parts.push(`${input} → ~${expected} out, no cap`);
  else if ((outputTokens.expected ?? outputTokens.assumed) >= outputTokens.cap) parts.push(`${input} → ≤${formatTokens(outputTokens.cap)} out`);
  else parts.push(`${input} → ~${expected} out (cap ${formatTokens(outputTokens.cap)})`);
  if (priced.rejected) {
    parts.push("rejected: over the context window, not in totals");
  } else if (cost.perRequest === null) {
    parts.push("cost unknown");
  } else {
    const cacheNote = cost.cacheHitRate !== undefined ? ` at ${Math.round(cost.cacheHitRate * 100)}% cache hits` : "";
    parts.push(`${formatUsd(cost.perRequestExpected ?? cost.perRequest)}/req${cacheNote}`);
    if (call.multiplier > 1) parts.push(`×${call.multiplier} per run`);
    if (call.toolSteps) parts.push(`1 of ≤${call.toolSteps.max} tool steps`);
    parts.push(`${formatUsd(cost.monthly)}/mo`);
  }
  return parts.join(" · ");
}
