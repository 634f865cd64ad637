// One request reached through every class of a dispatch: a vector database per vendor calls
// `LLMConnector.embedTextInput(...)` on an LLM class per vendor, and each of those hands the text to the
// same embedder (one per vendor again). Read down each way, one call site is thousands of results that
// differ only in the class the way went through; priced one by one, they are one request's candidates
// thousands of times over. An alternative of a callee whose requests are, one for one, those of an
// earlier alternative (the same sites below it, read the same) is that alternative again: its requests
// are not added, and the wrapper sites it went through are kept on the requests it repeats
// (`alsoReached`), so they are counted at this call site all the same.
import type { StructuralIds } from "../resolve/evaluation-memo.ts";
import type { RecognisedAt } from "./recognise.ts";

/** The requests of a callee's alternatives, each alternative's added unless it repeats an earlier one's. */
export class AlternativeWays {
  readonly results: RecognisedAt[] = [];
  /**
   * Each alternative added, by the wrapper sites its requests go through below its own hop: where it
   * starts in `results`, and (read only when a later alternative goes through the same sites) what its
   * requests are.
   */
  private readonly added = new Map<string, { first: number; requests?: string }[]>();

  constructor(private readonly ids: StructuralIds) {}

  /** Adds one alternative's requests (in the order its callee made them). */
  add(own: readonly RecognisedAt[]): void {
    if (own.length === 0) return;
    const sites = own.map(sitesBelow).join("\n");
    const earlier = this.added.get(sites);
    if (earlier) {
      const requests = this.requests(own);
      const same = earlier.find((candidate) => (candidate.requests ??= this.requests(this.results.slice(candidate.first, candidate.first + own.length))) === requests);
      if (same) {
        this.merge(same.first, own);
        return;
      }
      earlier.push({ first: this.results.length, requests });
    } else this.added.set(sites, [{ first: this.results.length }]);
    this.results.push(...own);
  }

  /** An alternative repeating the requests from `first` on: the wrapper sites it went through are kept on them. */
  private merge(first: number, own: readonly RecognisedAt[]): void {
    own.forEach((repeat, index) => {
      const kept = this.results[first + index]!;
      const ids = [...(repeat.via ?? []).map((hop) => hop.id), ...(repeat.alsoReached ?? [])];
      this.results[first + index] = { ...kept, alsoReached: [...(kept.alsoReached ?? []), ...ids] };
    });
  }

  /** What the requests are, compared by structure: the call read, its SDK path, its cap forwarded, the sites it leaves out. */
  private requests(results: readonly RecognisedAt[]): string {
    return results.map((result) => [result.recognised, result.callee, result.forwardedCap, result.unreached].map((part) => (part === undefined ? 0 : this.ids.of(part))).join(",")).join("\n");
  }
}

/** A request as seen below the alternative's own hop: the wrapper sites under it, and how it stands among the others. */
function sitesBelow(result: RecognisedAt): string {
  const via = (result.via ?? []).slice(1).map((hop) => hop.id).join(" ");
  return `${via}|${result.alternative ? "a" : ""}${result.alternativeBelow ?? ""}${result.fallback ? "f" : ""}${result.subclassOverride ? "o" : ""}`;
}
