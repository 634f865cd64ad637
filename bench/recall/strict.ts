// Strict scoring of a labelled real application (expected file with "strict": true).
//
// The labels name request lines: where the application asks for a request, at the outermost call site of its
// own wrappers (see bench/recall/README.md). Scored only in the labelled files, every site of which is labelled:
// - recall: request lines that a counted call covers;
// - strict precision: counted calls (in totals: not `countedAtCallSites`, not `rejected`) in labelled files that
//   stand for one labelled request line, each line taken at most as often as it was labelled. A call on a
//   wrapper site, on a factory line, or a second entry for the same call site is a false positive;
// - model resolution: where the label knows the model, the reported model or one of its candidates is it.

export interface StrictExpectedCall {
  file: string;
  line: number;
  model: string | null;
  modelFrom?: "code" | "env-example";
  note?: string;
}

export interface StrictExpected {
  strict: true;
  scope: string;
  labelledFiles: string[];
  calls: StrictExpectedCall[];
  wrapperSites?: { file: string; line: number; note?: string }[];
  noCalls?: string[];
}

export interface StrictReportedCall {
  file: string;
  line: number;
  endLine: number;
  api: string;
  model: string | null;
  countedAtCallSites?: true;
  rejected?: true;
  modelCandidates?: { model: string }[];
  via?: { function: string }[];
}

export interface StrictScore {
  expected: number;
  found: number;
  /** Counted calls reported in labelled files. */
  reported: number;
  falsePositives: number;
  knowable: number;
  resolved: number;
  missed: StrictExpectedCall[];
  wrongModel: { expected: StrictExpectedCall; reported: string | null }[];
  extra: { call: StrictReportedCall; why: string }[];
}

/** Scores the counted calls of one report against strict labels. */
export function scoreStrict(expected: StrictExpected, reported: StrictReportedCall[]): StrictScore {
  const labelled = new Set([...expected.labelledFiles, ...(expected.noCalls ?? [])]);
  const counted = reported.filter((call) => labelled.has(call.file) && !call.countedAtCallSites && !call.rejected);
  // Calls in source order, then the label each one takes: the first free label whose line it covers.
  const ordered = [...counted].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.endLine - b.endLine);
  const taken = new Map<StrictExpectedCall, StrictReportedCall>();
  const extra: StrictScore["extra"] = [];
  for (const call of ordered) {
    const covered = expected.calls.filter((label) => label.file === call.file && label.line >= call.line && label.line <= call.endLine);
    const free = covered.find((label) => !taken.has(label));
    if (free) {
      taken.set(free, call);
      continue;
    }
    const onWrapperSite = (expected.wrapperSites ?? []).some((site) => site.file === call.file && site.line >= call.line && site.line <= call.endLine);
    extra.push({ call, why: covered.length > 0 ? "second entry for one request line" : onWrapperSite ? "wrapper site counted on its own" : "no request at this line" });
  }
  const missed: StrictExpectedCall[] = [];
  const wrongModel: StrictScore["wrongModel"] = [];
  let knowable = 0;
  let resolved = 0;
  for (const label of expected.calls) {
    const call = taken.get(label);
    if (!call) {
      missed.push(label);
      continue;
    }
    if (label.model === null) continue;
    knowable++;
    const models = [call.model, ...(call.modelCandidates ?? []).map((candidate) => candidate.model)];
    if (models.some((model) => model !== null && sameModel(model, label.model!))) resolved++;
    else wrongModel.push({ expected: label, reported: call.model });
  }
  return {
    expected: expected.calls.length,
    found: taken.size,
    reported: counted.length,
    falsePositives: extra.length,
    knowable,
    resolved,
    missed,
    wrongModel,
    extra,
  };
}

/** Model ids compare without a gateway vendor prefix and with `.`/`-` in version numbers alike (`anthropic/claude-haiku-4.5`). */
function sameModel(reported: string, labelled: string): boolean {
  const normal = (id: string) => id.toLowerCase().replace(/^[a-z0-9-]+\//, "").replace(/(\d)\.(\d)/g, "$1-$2");
  return normal(reported) === normal(labelled);
}
