// SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer): every rule with its help URI, every
// finding as a result with its location and its fix. Validated in the tests with Microsoft's SARIF
// Multitool, GitHub's ingestion rules included.
import { formatUsd } from "../../core/format.ts";
import type { BaselineState, JsonFinding, JsonReport } from "../../core/report.ts";
import { RULE_LIST } from "../../core/rules/index.ts";
import { docsUrl } from "../../core/rules/rule.ts";
import type { Severity, SourceRange } from "../../core/types.ts";
import type { GateResult } from "../gates.ts";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI = "https://github.com/promptcost/promptcost";

type SarifLevel = "error" | "warning" | "note";

const LEVELS: Record<Severity, SarifLevel> = { error: "error", warning: "warning", info: "note" };

const SARIF_BASELINE_STATES: Record<BaselineState, string> = { new: "new", changed: "updated", unchanged: "unchanged" };

export function formatSarif(report: JsonReport, gates: readonly GateResult[]): string {
  const ruleIndex = new Map(RULE_LIST.map((rule, index) => [rule.id, index]));
  const rules = RULE_LIST.map((rule) => ({
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: sentence(rule.description) },
    fullDescription: { text: sentence(rule.description) },
    helpUri: docsUrl(rule.id),
    help: { text: `${sentence(rule.description)} See ${docsUrl(rule.id)}`, markdown: `${sentence(rule.description)} [Documentation](${docsUrl(rule.id)})` },
    defaultConfiguration: { level: rule.defaultSeverity === "off" ? "none" : LEVELS[rule.defaultSeverity] },
    properties: { tags: ["cost", "llm"] },
  }));
  const results = report.findings.map((finding) => {
    const result: Record<string, unknown> = {
      ruleId: finding.rule,
      ruleIndex: ruleIndex.get(finding.rule) ?? -1,
      level: LEVELS[finding.severity],
      message: { text: sentence(finding.message) },
      locations: [location(finding)],
    };
    if (finding.fix) result.fixes = [fix(finding)];
    if (finding.baselineState) result.baselineState = SARIF_BASELINE_STATES[finding.baselineState];
    return result;
  });
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "promptcost", version: report.tool.version, semanticVersion: report.tool.version, informationUri: INFORMATION_URI, rules } },
        invocations: [{ executionSuccessful: true, ...(gates.some((gate) => !gate.passed) ? { toolExecutionNotifications: gateNotifications(gates) } : {}) }],
        columnKind: "utf16CodeUnits",
        results,
        properties: {
          monthlyUsd: report.summary.monthlyUsd,
          calls: report.summary.calls,
          unpricedCalls: report.summary.unpricedCalls,
          pricingChecked: report.pricing.checked,
          features: report.features,
          summary: `${report.summary.calls} LLM API call${report.summary.calls === 1 ? "" : "s"}, ${formatUsd(report.summary.monthlyUsd)}/month`,
        },
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + "\n";
}

function location(finding: JsonFinding) {
  return { physicalLocation: { artifactLocation: { uri: encodeUri(finding.file) }, region: region(finding) } };
}

function region(range: SourceRange) {
  return { startLine: range.line, startColumn: range.column, endLine: range.endLine, endColumn: range.endColumn };
}

function fix(finding: JsonFinding) {
  const { description, edits } = finding.fix!;
  return {
    description: { text: sentence(description) },
    artifactChanges: [
      {
        artifactLocation: { uri: encodeUri(finding.file) },
        replacements: edits.map((edit) => ({ deletedRegion: region(edit), insertedContent: { text: edit.text } })),
      },
    ],
  };
}

/** A failed gate is a tool notification: it is about the run, not a place in the code. */
function gateNotifications(gates: readonly GateResult[]) {
  return gates.filter((gate) => !gate.passed).map((gate) => ({ level: "error", message: { text: sentence(`${gate.gate}: ${gate.message}`) }, descriptor: { id: `gate/${gate.gate}` } }));
}

/** Relative paths with `/`, each segment percent-encoded as a URI reference. */
function encodeUri(file: string): string {
  return file.split("/").map(encodeURIComponent).join("/");
}

function pascalCase(id: string): string {
  return id.replace(/(^|-)([a-z])/g, (_, __, letter: string) => letter.toUpperCase());
}

/** SARIF viewers expect messages to be sentences. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
