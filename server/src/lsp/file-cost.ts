import { monthlyTotal } from "../core/monthly-total.ts";
import { wrappersCalledThrough } from "../core/call-sites.ts";
import type { FileAnalysis } from "../core/types.ts";
import type { FileCost } from "../protocol.ts";
import type { DocumentAnalysis } from "./document-analysis-cache.ts";

/**
 * Which wrappers some call site goes through, from the analyses the server has: open documents and the
 * last workspace report. A call inside such a wrapper is counted at its call sites, as the CLI counts it.
 */
export class CallSiteIndex {
  private readonly byDocument = new Map<string, Set<string>>();
  private fromReport = new Set<string>();

  /** Records a document's call sites; true when the set of wrappers called through changed. */
  setDocument(uri: string, analysis: FileAnalysis): boolean {
    const before = this.signature();
    this.byDocument.set(uri, wrappersCalledThrough([analysis]));
    return this.signature() !== before;
  }

  forget(uri: string): void {
    this.byDocument.delete(uri);
  }

  /** Replaces what the workspace report found; true when that changed anything. */
  setReport(ids: Set<string>): boolean {
    const before = this.signature();
    this.fromReport = ids;
    return this.signature() !== before;
  }

  has(id: string): boolean {
    if (this.fromReport.has(id)) return true;
    for (const ids of this.byDocument.values()) if (ids.has(id)) return true;
    return false;
  }

  private signature(): string {
    const all = new Set(this.fromReport);
    for (const ids of this.byDocument.values()) for (const id of ids) all.add(id);
    return [...all].sort().join("\n");
  }
}

/** One open file's figures for the status bar: calls counted at a wrapper's call sites are left out of its total. */
export function fileCostOf(result: DocumentAnalysis, callSites: CallSiteIndex, findings: number): FileCost {
  const calls = result.analysis.calls;
  const counted = calls.filter((priced) => !(priced.call.wrapper && callSites.has(priced.call.wrapper.id)));
  const total = monthlyTotal(counted);
  const cost: FileCost = {
    uri: result.uri,
    version: result.version,
    calls: calls.length,
    monthlyUsd: total.monthlyUsd,
    unpricedCalls: total.unpricedCalls,
    findings,
  };
  if (counted.length < calls.length) cost.countedAtCallSites = calls.length - counted.length;
  if (result.fromStore) cost.provisional = result.fromStore === "cli" ? "cli-cache" : "stored";
  return cost;
}
