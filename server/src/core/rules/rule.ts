import type { AnalysisSettings } from "../settings.ts";
import type { PriceTable } from "../pricing/price-table.ts";
import type { Fix, OffsetRange, PricedCall, Severity, SeveritySetting } from "../types.ts";
import type { ParsedFile } from "../workspace/workspace.ts";

/** What a rule reports; the analysis adds file, rule id, range and the docs link. */
export interface RuleReport {
  message: string;
  offsets: OffsetRange;
  /** Overrides the configured severity, e.g. error past the model's context window. */
  severity?: Severity;
  fix?: Fix;
  /**
   * What the report is about, the same wherever the request is seen: the prompt part, the model's
   * expression, the missing cap. A report a wrapper's own request already makes with the same cause is
   * not repeated at the wrapper's call sites (see findingsWhereCaused).
   */
  cause?: string;
}

export interface RuleContext {
  settings: AnalysisSettings;
  /** The rule's options from config (`["warning", { ... }]`). */
  options: Record<string, unknown>;
  prices: PriceTable;
  file: ParsedFile;
  /** Every call of the file, for rules that compare calls (a shared prompt head). */
  calls: readonly PricedCall[];
  /** Every rule id, for checking the comments that name rules. */
  ruleIds: readonly string[];
}

/**
 * A rule is metadata plus a check over the calls of a file (or the file itself). The file name is the
 * rule id; its doc block says what it finds and why it costs money.
 */
export interface Rule {
  id: string;
  description: string;
  defaultSeverity: SeveritySetting;
  fixable: boolean;
  checkCall?(call: PricedCall, context: RuleContext): RuleReport[];
  checkFile?(context: RuleContext): RuleReport[];
}

export function docsUrl(ruleId: string): string {
  return `https://github.com/promptcost/promptcost/blob/main/docs/rules/${ruleId}.md`;
}

export function numberOption(options: Record<string, unknown>, name: string, fallback: number): number {
  const value = options[name];
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}
