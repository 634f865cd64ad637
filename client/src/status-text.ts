// Pure (no vscode): what the status bar item says, and whether its file figure is the analysis of the text
// in the editor or a figure standing in for it until that analysis is done.
import { formatUsd } from "../../server/src/core/format.ts";
import type { FileCost } from "../../server/src/protocol.ts";
import type { WorkspaceTotals } from "./live-workspace-totals.ts";

/**
 * How long after an edit a figure of the text before it is said to be updating: most analyses of an edit
 * take tens of milliseconds, and a note that comes and goes at each keystroke would only flicker.
 */
export const UPDATING_AFTER_MS = 400;

/**
 * The file figure while it is not yet the analysis of the text in the editor: `analysing` (none yet),
 * `cached` / `stored` (the CLI's cache or a stored analysis, until this session's own is done),
 * `updating` (the figure of the text before an edit whose analysis is still running).
 */
export type FileFigureState = "analysing" | "cached" | "stored" | "updating" | undefined;

/** The state of the active file's figure, from its cost, the document's version and how long ago it changed. */
export function fileFigureState(cost: FileCost | undefined, document: { version: number; msSinceChange: number }, requested: boolean): FileFigureState {
  if (!cost) return requested ? "analysing" : undefined;
  if (cost.version < document.version && document.msSinceChange >= UPDATING_AFTER_MS) return "updating";
  if (cost.provisional === "cli-cache") return "cached";
  if (cost.provisional === "stored") return "stored";
  return undefined;
}

/** `$111/mo`, `$111/mo +1 unpriced`, `cost unknown (2 unpriced)`: never $0 for calls that have no price. */
export function costText(cost: { monthlyUsd: number | null; unpricedCalls: number }): string {
  if (cost.monthlyUsd === null) return `cost unknown (${cost.unpricedCalls} unpriced)`;
  return `${formatUsd(cost.monthlyUsd)}/mo${cost.unpricedCalls > 0 ? ` +${cost.unpricedCalls} unpriced` : ""}`;
}

/** `File $111/mo · Workspace $4,210/mo +3 unpriced`, `File $111/mo (cached)`, `File analysing…`; one side alone when the other is not known. */
export function statusText(file: FileCost | undefined, workspace: WorkspaceTotals | undefined, state?: FileFigureState): string {
  const parts: string[] = [];
  if (state === "analysing") parts.push("File analysing…");
  else if (file) parts.push(`File ${costText(file)}${state ? ` (${state})` : ""}`);
  if (workspace) parts.push(`Workspace ${costText(workspace)}`);
  return parts.join(" · ");
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? "" : "s"}`;

const STATE_NOTES: Record<Exclude<FileFigureState, undefined>, string> = {
  analysing: "This file is being analysed (the first analysis of a file reads every project file its calls go through).",
  cached: "**(cached)**: this file's figures are the analysis `promptcost --lint --cache` cached for it (its text and everything it was made from unchanged), shown until the editor's own analysis of the file is done.",
  stored: "**(stored)**: this file's figures are a stored analysis (an earlier session's, or a workspace report's; its text and everything it was made from unchanged), shown until this session's own analysis of the file is done.",
  updating: "**(updating)**: this file's figures are of its text before your last edit; the analysis of the edit is still running.",
};

export function statusTooltip(file: FileCost | undefined, workspace: WorkspaceTotals | undefined, state?: FileFigureState): string {
  const lines = ["**Prompt Cost**"];
  if (file && state !== "analysing") {
    lines.push(
      file.monthlyUsd === null
        ? `This file: ${plural(file.calls, "LLM call")}, none with a price, so its monthly cost is unknown.`
        : `This file: **${formatUsd(file.monthlyUsd)} per month** from ${plural(file.calls, "LLM call")} at the assumed traffic.`,
    );
    if (file.countedAtCallSites) lines.push(`${plural(file.countedAtCallSites, "call")} inside wrappers ${file.countedAtCallSites === 1 ? "is" : "are"} counted where the wrapper is called.`);
  }
  if (state) lines.push(STATE_NOTES[state]);
  if (workspace) {
    lines.push(
      workspace.monthlyUsd === null
        ? `Workspace: ${plural(workspace.calls, "LLM call")}, none with a price (open files as you type, the others as of the last save).`
        : `Workspace: **${formatUsd(workspace.monthlyUsd)} per month** from ${plural(workspace.calls, "LLM call")} (open files as you type, the others as of the last save).`,
    );
  }
  const unpriced = (file?.unpricedCalls ?? 0) > 0 || (workspace?.unpricedCalls ?? 0) > 0;
  if (unpriced) {
    lines.push(
      "**+N unpriced**: calls whose model is not in the price table or not known statically. They are not in the figure, which is a lower bound, never a silent $0. Hover such a call for the reason; price its model with `promptcost.pricing.overrides` or `pricing.aliases`, or say which model runs with `// promptcost: model=ID` above a call, or with `\"defaults\": { \"model\": \"ID\" }` in promptcost.config.json for every call whose model is chosen at run time.",
    );
  }
  lines.push("Click for the menu: dashboard, lenses, settings, output.");
  return lines.join("\n\n");
}
