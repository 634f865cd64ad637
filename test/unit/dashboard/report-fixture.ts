// A small workspace report with every case the dashboard must tell apart: priced, unpriced, a lower bound,
// a wrapper's own call counted at its call sites, a rejected request, a finding outside any call.
import type { ReportCall, ReportFinding, WorkspaceReport } from "../../../server/src/protocol.ts";

export function call(file: string, line: number, overrides: Partial<ReportCall> = {}): ReportCall {
  return {
    uri: `file:///w/${file}`,
    file,
    line,
    column: 10,
    endLine: line + 4,
    endColumn: 3,
    provider: "openai",
    api: "chat.completions.create",
    kind: "chat",
    model: "gpt-4o",
    feature: null,
    inputTokens: 100,
    outputTokens: { cap: null, assumed: 500 },
    requestsPerDay: 1000,
    multiplier: 1,
    perRequestUsd: 0.01,
    monthlyUsd: 300,
    ...overrides,
  };
}

export function finding(file: string, line: number, column: number, rule: string, severity: ReportFinding["severity"] = "warning"): ReportFinding {
  return { uri: `file:///w/${file}`, file, line, column, endLine: line, endColumn: column + 6, rule, severity, message: `${rule} at ${line}`, docsUrl: `https://example.test/${rule}` };
}

export function reportOf(calls: ReportCall[], findings: ReportFinding[] = []): WorkspaceReport {
  return {
    generated: "2026-12-02T00:00:00.000Z",
    pricing: { checked: "2026-09-23", source: "table" },
    calls,
    files: [],
    findings,
    assumptions: {
      values: [
        { key: "requestsPerDay", value: 1000, source: "setting" },
        { key: "cacheHitRate", value: 0.5, source: "default" },
      ],
      configUri: null,
    },
    totals: { files: 1, filesWithCalls: 1, calls: calls.length, monthlyUsd: null, unpricedCalls: 0, findings: findings.length },
  };
}

export const checkout = call("src/a.ts", 3, { feature: "checkout" });
export const unknownModel = call("src/a.ts", 10, { feature: "checkout", model: null, perRequestUsd: null, monthlyUsd: null });
export const mini = call("src/b.ts", 3, { model: "gpt-4o-mini", monthlyUsd: 20 });
export const wrapperOwn = call("src/lib.ts", 5, { monthlyUsd: 50, countedAtCallSites: true });
export const rejected = call("src/b.ts", 20, { monthlyUsd: 999, rejected: "input over the context window" });
export const lowerBound = call("src/c.ts", 7, { feature: "search", model: "pick-one", monthlyUsd: 10, lowerBound: true });

export const SAMPLE = reportOf(
  [checkout, unknownModel, mini, wrapperOwn, rejected, lowerBound],
  [
    finding("src/a.ts", 3, 20, "require-max-tokens"),
    finding("src/a.ts", 11, 5, "no-unknown-model"),
    finding("src/b.ts", 4, 1, "require-max-tokens"),
    finding("src/d.ts", 1, 1, "parse-error"),
    finding("src/lib.ts", 5, 12, "require-max-tokens"),
  ],
);
