// Recall and precision of call finding on public repositories, against hand-labelled lists.
//
//   node --import tsx bench/recall/run.ts --repos DIR [--bundle] [--only NAME] [--verbose] [--write-table]
//
// DIR holds one checkout per entry of repos.json, in a folder named owner+name, at the recorded commit
// (`git clone https://github.com/OWNER/NAME DIR/OWNER+NAME && git -C DIR/OWNER+NAME checkout COMMIT`).
// Only file:line lists and model ids are kept in bench/recall/expected/, never the repositories' code.
// Runs `promptcost --lint PATHS --format json` in each checkout (from the sources through tsx, or the
// bundle with --bundle) and compares the calls it reports with the labels.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { scoreStrict, type StrictExpected, type StrictReportedCall } from "./strict.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");

interface RepoEntry {
  name: string;
  repo: string;
  commit: string;
  style: string;
  /** Folders or files linted, relative to the checkout. */
  paths: string[];
}

interface ExpectedCall {
  file: string;
  /** A line of the call expression (any line from its start to its end matches). */
  line: number;
  /** The model id when a careful reader can know it from the code alone, else null. */
  model: string | null;
  note?: string;
}

interface Expected {
  /** What counts as a call in this repository, and what was left out, in words. */
  scope: string;
  calls: ExpectedCall[];
  /** Files a careful reader finds no request in although they look like it (lookalikes): nothing may be reported there. */
  noCalls?: string[];
}

interface ReportedCall extends StrictReportedCall {
  provider: string;
  via?: { function: string; file: string; line: number }[];
}

interface Result {
  name: string;
  repo: string;
  commit: string;
  style: string;
  files: number;
  expected: number;
  found: number;
  reported: number;
  falsePositives: number;
  knowable: number;
  resolved: number;
  recall: number;
  precision: number;
  modelResolution: number;
  missed: ExpectedCall[];
  wrongModel: { expected: ExpectedCall; reported: string | null }[];
  extra: ReportedCall[];
  /** Why each extra call is a false positive (strict labels only). */
  extraWhy?: string[];
  strict?: true;
}

function parseArgs(argv: string[]) {
  const options = { repos: process.env.PROMPTCOST_BENCH_REPOS ?? "", bundle: false, only: undefined as string | undefined, verbose: false, writeTable: false };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === "--repos") options.repos = argv[++index] ?? "";
    else if (arg === "--bundle") options.bundle = true;
    else if (arg === "--only") options.only = argv[++index];
    else if (arg === "--verbose") options.verbose = true;
    else if (arg === "--write-table") options.writeTable = true;
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!options.repos) throw new Error("--repos DIR (or PROMPTCOST_BENCH_REPOS) is required: the folder with the checkouts");
  return options;
}

function lint(checkout: string, paths: string[], bundle: boolean): { calls: ReportedCall[]; files: number } {
  const entry = bundle ? [path.join(ROOT, "dist", "server.cjs")] : ["--import", pathToTsx(), path.join(ROOT, "server", "src", "main.ts")];
  const result = spawnSync(process.execPath, [...entry, "--lint", ...paths, "--format", "json", "--no-color"], { cwd: checkout, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0 && result.status !== 1) throw new Error(`promptcost failed in ${checkout} (${result.status}): ${result.stderr}`);
  const report = JSON.parse(result.stdout) as { calls: ReportedCall[]; summary: { files: number } };
  return { calls: report.calls, files: report.summary.files };
}

function pathToTsx(): string {
  return new URL("../../node_modules/tsx/dist/loader.mjs", import.meta.url).href;
}

/** A reported call stands for an expected one when it is written at it, or reaches it through wrappers. */
function sdkSite(call: ReportedCall): { file: string; line: number; endLine: number } {
  const innermost = call.via?.[call.via.length - 1];
  return innermost ? { file: innermost.file, line: innermost.line, endLine: innermost.line } : call;
}

function matches(site: { file: string; line: number; endLine: number }, expected: ExpectedCall): boolean {
  return site.file === expected.file && expected.line >= site.line && expected.line <= site.endLine;
}

function evaluate(entry: RepoEntry, expected: Expected, reported: ReportedCall[], files: number): Result {
  const direct = reported.filter((call) => !call.via);
  const missed: ExpectedCall[] = [];
  const wrongModel: Result["wrongModel"] = [];
  let found = 0;
  let knowable = 0;
  let resolved = 0;
  for (const call of expected.calls) {
    // A site only its callers make a request of (a fetch to the URL a parameter gives) is reported at them.
    const match = direct.find((candidate) => matches(candidate, call)) ?? reported.find((candidate) => candidate.via && matches(sdkSite(candidate), call));
    if (!match) {
      missed.push(call);
      continue;
    }
    found++;
    if (call.model === null) continue;
    knowable++;
    const models = [match.model, ...(match.modelCandidates ?? []).map((candidate) => candidate.model)];
    if (models.includes(call.model)) resolved++;
    else wrongModel.push({ expected: call, reported: match.model });
  }
  // Every reported call, direct or through wrappers, must lead to a labelled request.
  const extra = reported.filter((call) => !expected.calls.some((candidate) => matches(sdkSite(call), candidate)));
  return toResult(entry, files, { expected: expected.calls.length, found, reported: reported.length, falsePositives: extra.length, knowable, resolved }, { missed, wrongModel, extra });
}

/** Strict labels: request lines at the application's outermost call sites, scored in the labelled files only. */
function evaluateStrict(entry: RepoEntry, expected: StrictExpected, reported: ReportedCall[], files: number): Result {
  const score = scoreStrict(expected, reported);
  return toResult(entry, files, score, {
    missed: score.missed,
    wrongModel: score.wrongModel,
    extra: score.extra.map((entry) => entry.call as ReportedCall),
    extraWhy: score.extra.map((entry) => entry.why),
    strict: true,
  });
}

type Counts = Pick<Result, "expected" | "found" | "reported" | "falsePositives" | "knowable" | "resolved">;

/** One repository's row: the counts, the ratios from them, and what was missed or extra. */
function toResult(entry: RepoEntry, files: number, counts: Counts, lists: Pick<Result, "missed" | "wrongModel" | "extra" | "extraWhy" | "strict">): Result {
  const ratio = (part: number, whole: number): number => (whole === 0 ? 1 : part / whole);
  const { expected, found, reported, falsePositives, knowable, resolved } = counts;
  return {
    name: entry.name,
    repo: entry.repo,
    commit: entry.commit,
    style: entry.style,
    files,
    expected,
    found,
    reported,
    falsePositives,
    knowable,
    resolved,
    recall: ratio(found, expected),
    precision: ratio(reported - falsePositives, reported),
    modelResolution: ratio(resolved, knowable),
    ...lists,
  };
}

/** A ratio as a percentage; `percent(part, whole)` shows "—" when there is nothing to divide by. */
function percent(value: number, whole = 1): string {
  return whole === 0 ? "—" : `${((value / whole) * 100).toFixed(1)}%`;
}

function table(results: Result[], heading: string): string {
  const lines = [
    `| ${heading} | commit | style | files | calls labelled | found | recall | reported | false positives | precision | models knowable | resolved |`,
    "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const result of results) {
    lines.push(
      `| ${result.repo} | \`${result.commit.slice(0, 7)}\` | ${result.style} | ${result.files} | ${result.expected} | ${result.found} | ${percent(result.found, result.expected)} | ${result.reported} | ${result.falsePositives} | ${percent(result.reported - result.falsePositives, result.reported)} | ${result.knowable} | ${result.resolved} (${percent(result.resolved, result.knowable)}) |`,
    );
  }
  const sum = (key: "expected" | "found" | "reported" | "falsePositives" | "knowable" | "resolved" | "files") => results.reduce((total, result) => total + result[key], 0);
  const total = { expected: sum("expected"), found: sum("found"), reported: sum("reported"), falsePositives: sum("falsePositives"), knowable: sum("knowable"), resolved: sum("resolved"), files: sum("files") };
  lines.push(
    `| **all** | | | ${total.files} | ${total.expected} | ${total.found} | ${percent(total.found, total.expected)} | ${total.reported} | ${total.falsePositives} | ${percent(total.reported - total.falsePositives, total.reported)} | ${total.knowable} | ${total.resolved} (${percent(total.resolved, total.knowable)}) |`,
  );
  return lines.join("\n");
}

/** One table for the real applications scored strictly, one for the SDK-site labels of the first round. */
function tables(results: Result[]): string {
  const strict = results.filter((result) => result.strict);
  const sdkSites = results.filter((result) => !result.strict);
  const parts: string[] = [];
  if (strict.length > 0) parts.push(table(strict, "real application (strict: request lines)"));
  if (sdkSites.length > 0) parts.push(table(sdkSites, "repository (SDK sites)"));
  return parts.join("\n\n");
}

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  const entries = (JSON.parse(fs.readFileSync(path.join(HERE, "repos.json"), "utf8")) as { repositories: RepoEntry[] }).repositories;
  const results: Result[] = [];
  for (const entry of entries) {
    if (options.only && entry.name !== options.only) continue;
    const checkout = path.join(path.resolve(options.repos), entry.name);
    if (!fs.existsSync(checkout)) {
      console.error(`skipped ${entry.name}: no checkout at ${checkout} (${entry.repo} at ${entry.commit})`);
      continue;
    }
    const expected = JSON.parse(fs.readFileSync(path.join(HERE, "expected", `${entry.name}.json`), "utf8")) as Expected | StrictExpected;
    const { calls, files } = lint(checkout, entry.paths, options.bundle);
    const result = "strict" in expected && expected.strict ? evaluateStrict(entry, expected, calls, files) : evaluate(entry, expected as Expected, calls, files);
    results.push(result);
    if (options.verbose) {
      for (const call of result.missed) console.log(`  missed   ${entry.name} ${call.file}:${call.line}${call.note ? ` (${call.note})` : ""}`);
      for (const { expected: call, reported } of result.wrongModel) console.log(`  model    ${entry.name} ${call.file}:${call.line} expected ${call.model}, reported ${reported}`);
      result.extra.forEach((call, index) => console.log(`  extra    ${entry.name} ${call.file}:${call.line} ${call.api} ${call.model}${call.via ? ` via ${call.via.map((hop) => hop.function).join(" > ")}` : ""}${result.extraWhy ? ` (${result.extraWhy[index]})` : ""}`));
    }
  }
  const output = tables(results);
  console.log(output);
  fs.writeFileSync(path.join(HERE, "results.json"), JSON.stringify(results.map(({ missed, wrongModel, extra, extraWhy, ...rest }) => ({ ...rest, missed: missed.length, wrongModel: wrongModel.length, extra: extra.length })), null, 2) + "\n");
  if (options.writeTable) fs.writeFileSync(path.join(HERE, "results.md"), output + "\n");
}

main();
