// A finding is reported where it is caused, as ESLint reports a problem once where the code is written.
// A wrapper that sends an unbounded list, reads its model from a setting or leaves the output uncapped
// makes every call of it do the same; the finding belongs at the wrapper's request, where the fix goes,
// not at each of its call sites (on a real app, one helper's missing cap was otherwise reported 280 times).
// A call site keeps what it causes itself (its own unbounded argument, the model it passes), and a
// wrapper whose callers each say it differently (each passes its model) leaves the finding to them.
import { wrappersCalledThrough } from "./call-sites.ts";
import type { FileAnalysis, Finding, SiteCause } from "./types.ts";

type Analysis = Pick<FileAnalysis, "file" | "calls" | "findings" | "siteCauses">;

/** What the wrappers' own requests and their call sites report, over the analyses at hand. */
export class SiteCauses {
  private readonly atSites = new Set<string>();
  private readonly atCallSites = new Set<string>();
  private readonly calledThrough: Set<string>;

  constructor(analyses: readonly Analysis[]) {
    for (const analysis of analyses) {
      for (const cause of analysis.siteCauses ?? []) this.atSites.add(keyOf(cause));
      for (const finding of analysis.findings) if (finding.inherits) this.atCallSites.add(keyOf(finding.inherits));
    }
    this.calledThrough = wrappersCalledThrough(analyses);
  }

  /** Whether the finding is shown: not a call site's repeat of its wrapper's, nor a wrapper's that its call sites each decide. */
  shows(finding: Pick<Finding, "inherits" | "at">): boolean {
    if (finding.inherits && this.atSites.has(keyOf(finding.inherits))) return false;
    if (finding.at && this.calledThrough.has(finding.at.site) && !this.atCallSites.has(keyOf(finding.at))) return false;
    return true;
  }

  /**
   * The findings of one file that are shown (see `shows`), each problem once: several requests reached
   * through one call (a wrapper's requests in a loop, each way of a dispatch) report the same thing at the
   * same place, each through its own wrapper site.
   */
  shown(findings: readonly Finding[]): Finding[] {
    const seen = new Set<string>();
    return findings.filter((finding) => {
      if (!this.shows(finding)) return false;
      const key = JSON.stringify([finding.rule, finding.offsets.start, finding.offsets.end, finding.severity, finding.message, finding.fix ?? null]);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  /** A stable text of what decides `shows`, to tell whether it changed. */
  signature(): string {
    return [[...this.atSites].sort().join("\n"), [...this.atCallSites].sort().join("\n"), [...this.calledThrough].sort().join("\n")].join("\n\n");
  }
}

/** The findings shown of each analysis (see SiteCauses.shown), in the order of the analyses. */
export function findingsWhereCaused(analyses: readonly Analysis[]): Finding[][] {
  const causes = new SiteCauses(analyses);
  return analyses.map((analysis) => causes.shown(analysis.findings));
}

function keyOf(cause: SiteCause): string {
  return `${cause.site}\u0000${cause.rule}\u0000${cause.cause}`;
}
