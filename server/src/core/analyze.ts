import * as path from "node:path";
import { readCallContext, type CallSiteReads } from "./call-context.ts";
import { loopsThroughWrappers } from "./wrapper-loops.ts";
import { readAnnotation, isSuppressed, readSuppressions } from "./comments.ts";
import { unusedDisableDirectives } from "./directives.ts";
import { computeCost } from "./pricing/compute-cost.ts";
import type { PriceTable } from "./pricing/price-table.ts";
import { alternativeGroup, recogniserFor, type CallRecogniser, type RecognisedAt } from "./providers/recognise.ts";
import { resolveProjectFile, specifiersOf } from "./providers/text-prefilter.ts";
import { namedCallsOf } from "./providers/named-calls.ts";
import { Evaluator } from "./resolve/evaluate.ts";
import { runTimeValues } from "./resolve/run-time-values.ts";
import { RULE_LIST } from "./rules/index.ts";
import { withAnnotatedModel, withRunTimeModel } from "./run-time-model.ts";
import { docsUrl, type Rule, type RuleContext, type RuleReport } from "./rules/rule.ts";
import type { AnalysisSettings } from "./settings.ts";
import { withRunTimeWays } from "./tokens/run-time-ways.ts";
import { countInputTokens, defaultTokenizer } from "./tokens/count-prompt.ts";
import { isMocked, madeByMock, MockedWrappers, mockedFilesOf, mockedModules, passesThroughMock } from "./test-doubles.ts";
import { isTestFile } from "./call-sites.ts";
import { WorkBudget, WorkBudgetExceeded } from "./work-budget.ts";
import { ts } from "./ts.ts";
import { handsNamed } from "./providers/handed-functions.ts";
import type { FileAnalysis, Finding, LlmCall, OffsetRange, PricedCall, Severity, SiteCause, SourceRange } from "./types.ts";
import type { ParsedFile, Workspace } from "./workspace/workspace.ts";

export interface AnalysisContext {
  workspace: Workspace;
  prices: PriceTable;
  settings: AnalysisSettings;
  /** Shared across the files of one CLI run; the server makes a fresh one per analysis. */
  evaluator?: Evaluator;
}

/** The one function the CLI and the server both call: a file's LLM calls, priced, and the findings on them. */
export function analyzeFile(filePath: string, context: AnalysisContext): FileAnalysis {
  // Files that call no request method are not parsed at all: in a large repository most files are
  // skipped here, before the parser, which is where the time goes.
  const text = context.workspace.getText(filePath);
  if (text === undefined) return { file: filePath, calls: [], findings: [notAnalysedFinding(filePath, "Not analysed: the file could not be read (permissions, or removed during the run).")] };
  const evaluator = context.evaluator ?? new Evaluator(context.workspace);
  // A file that calls a request method must also import, at some depth, an SDK; a file that calls the
  // project's wrapper functions names no SDK method: its imports say whether it may.
  const recogniser = recogniserFor(evaluator, context.settings.wrappers, context.settings.endpoints);
  const bounds = fileBounds(context.settings);
  recogniser.entryBounds = bounds;
  const endAnalysis = recogniser.startAnalysis(filePath);
  const previousBudget = evaluator.budget;
  try {
    const mayCall = recogniser.mayRequest(filePath, text) || recogniser.mayCallWrappers(filePath, text);
    if (!mayCall) return { file: filePath, calls: [], findings: notFollowedFindings(filePath, text, recogniser) };
    evaluator.budget = new WorkBudget(bounds.steps, bounds.guardMs);
    const file = context.workspace.getParsedFile(filePath);
    if (!file) return { file: filePath, calls: [], findings: [] };
    if (file.notParsed !== undefined) return { file: filePath, calls: [], findings: [notAnalysedFinding(filePath, `Not analysed: ${file.notParsed}.`)] };
    const analysis = analyzeParsedFile(file, { ...context, evaluator });
    analysis.findings.push(...notFollowedFindings(filePath, text, recogniser));
    return analysis;
  } catch (error) {
    if (error instanceof WorkBudgetExceeded) {
      const setting = error.reason === "steps" ? "fileStepBudget" : "fileTimeBudgetMs";
      return { file: filePath, calls: [], findings: [notAnalysedFinding(filePath, `Not analysed: ${error.message} (set ${setting} to allow more).`)] };
    }
    // The parser and the evaluator recurse on nesting; code nested thousands of levels deep (generated
    // code, or an editor mid-keystroke) runs out of stack. That file is reported, the run goes on.
    if (!(error instanceof RangeError)) throw error;
    return { file: filePath, calls: [], findings: [notAnalysedFinding(filePath, `Not analysed: too deeply nested to parse (${error.message}).`)] };
  } finally {
    evaluator.budget = previousBudget;
    endAnalysis();
  }
}

/**
 * Evaluation steps one file's analysis may take by default: far above any real file (the most seen in the
 * application checkouts is 139,347, in a 2,958-file app), so only pathological input reaches it. Counted, not timed: the same
 * file gets the same report under any load.
 */
export const DEFAULT_FILE_STEP_BUDGET = 2_000_000;

/** The wall-clock guard, a last resort for work the steps do not count: far above the step budget's time. */
export const DEFAULT_FILE_TIME_GUARD_MS = 120_000;

/** The steps and wall-clock guard of one file's analysis, and of one wrapper index entry, under these settings. */
export function fileBounds(settings: AnalysisSettings): { steps: number; guardMs: number } {
  return { steps: settings.fileStepBudget ?? DEFAULT_FILE_STEP_BUDGET, guardMs: settings.fileTimeBudgetMs ?? DEFAULT_FILE_TIME_GUARD_MS };
}

/**
 * What the file's analysis could not follow: the files it imports whose wrapper index entries are over the
 * step budget. Files reaching one further away are not told (openai-agents-js 6d0c61a: 156 of its 241 files
 * reach run.ts through its import cycle); what the file imports says where its calls go.
 */
function notFollowedFindings(filePath: string, text: string, recogniser: CallRecogniser): Finding[] {
  if (recogniser.overBudgetReads.size === 0) return [];
  const imported = new Set(specifiersOf(recogniser, filePath, text).map((specifier) => resolveProjectFile(recogniser, filePath, specifier)));
  return [...recogniser.overBudgetReads]
    .filter(([other]) => imported.has(other))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([other, why]) => notAnalysedFinding(filePath, `Calls into ${path.relative(path.dirname(filePath), other)} are not followed: indexing it ${why} (set fileStepBudget to allow more).`));
}

/** A finding on the file's first character that stands for the whole file, which was not analysed. */
export function notAnalysedFinding(filePath: string, message: string): Finding {
  const range = { line: 1, column: 1, endLine: 1, endColumn: 1 };
  return { file: filePath, rule: "parse-error", severity: "warning", message, range, offsets: { start: 0, end: 0 }, docsUrl: docsUrl("parse-error") };
}

export function analyzeParsedFile(file: ParsedFile, context: AnalysisContext): FileAnalysis {
  const evaluator = context.evaluator ?? new Evaluator(context.workspace);
  // Values remembered under another config's env would not be what this file's config says.
  if (runTimeValues(evaluator).configure(context.settings.env)) evaluator.evaluations.clear();
  const calls = findCalls(file, evaluator, context.settings.wrappers, context.settings.endpoints).map((call) => withRunTimeModel(call, context.settings));
  const priced = mergeAlternatives(
    calls.map((call) => {
      evaluator.budget.step();
      return priceCall(call, context);
    }),
  );
  evaluator.budget.step();
  return { file: file.path, calls: priced, ...runRules(file, priced, context) };
}

/**
 * Every call expression that makes a request: an SDK method, or a project wrapper function (reported at
 * the call site with the caller's arguments; the call inside the wrapper is then left out of totals).
 */
export function findCalls(file: ParsedFile, evaluator: Evaluator, wrappers?: AnalysisSettings["wrappers"], endpoints?: AnalysisSettings["endpoints"]): LlmCall[] {
  const recogniser = recogniserFor(evaluator, wrappers, endpoints);
  const names = recogniser.candidateNames(file);
  if (names.size === 0) return [];
  const mocked = mockedModules(file);
  const calls: LlmCall[] = [];
  for (const node of candidateCallNodes(file, names)) calls.push(...callsAt(node, file, evaluator, mocked, wrappers, endpoints));
  return calls;
}

/** The call expressions whose callee name can make a request, or that hand on a wrapper by reference, in source order (outer calls before the calls in their arguments). */
export function candidateCallNodes(file: ParsedFile, names: ReadonlySet<string>): ts.CallExpression[] {
  const nodes: ts.CallExpression[] = [];
  for (const { call, callee } of namedCallsOf(file.sourceFile)) if (names.has(callee) || handsNamed(call, names)) nodes.push(call);
  return nodes;
}

/** The requests one candidate call expression makes (none, one, or one per alternative), as findCalls reports them. */
export function callsAt(node: ts.CallExpression, file: ParsedFile, evaluator: Evaluator, mocked: ReturnType<typeof mockedModules>, wrappers?: AnalysisSettings["wrappers"], endpoints?: AnalysisSettings["endpoints"]): LlmCall[] {
  const recogniser = recogniserFor(evaluator, wrappers, endpoints);
  evaluator.budget.step();
  const calls: LlmCall[] = [];
  const mockedFiles = new Map<string, Set<string>>();
  const filesOf = (specifier: string) => mockedFiles.get(specifier) ?? mockedFiles.set(specifier, mockedFilesOf(evaluator.workspace, file.path, specifier)).get(specifier)!;
  const reads: CallSiteReads = {};
  const ways = recogniser.withMocks(mocked.size > 0 ? new MockedWrappers(mocked, filesOf, file.path) : undefined, () => recogniser.recogniseInShare(node, file));
  const mockedBranchings = branchingsWithMockedWay(ways, mocked);
  for (const found of ways) {
    if (isMocked(found.callee, mocked) || passesThroughMock(found.via, mocked, filesOf) || madeByMock(found.madeIn, mocked, filesOf) || found.subclassOverride) continue;
    if (found.alternative && mockedBranchings.has(alternativeGroup(found))) continue;
    const call = toLlmCall(found, node, file, evaluator, reads);
    // A test sending to a server on this machine (`baseURL: \`http://127.0.0.1:${server.port}/v1\``) talks to its own stand-in.
    if (call.provider === "local" && isTestFile(file.path)) continue;
    const wrapper = recogniser.enclosingWrapper(node, file);
    if (wrapper) call.wrapper = wrapper;
    calls.push(call);
  }
  return calls;
}

/**
 * The branchings one of whose ways sends through an SDK the test file mocks (`vi.mock("openai")` around a
 * helper that picks OpenAI, Anthropic or Ollama by the configured model): the test drives the call down the
 * mocked way, so the other ways of that branching are no request either.
 */
function branchingsWithMockedWay(ways: readonly RecognisedAt[], mocked: ReturnType<typeof mockedModules>): Set<string> {
  return new Set(ways.filter((found) => found.alternative && isMocked(found.callee, mocked)).map(alternativeGroup));
}

/** A recognised request as an LlmCall at the call expression, with its loop context and annotation. */
function toLlmCall(found: RecognisedAt, node: ts.CallExpression, file: ParsedFile, evaluator: Evaluator, reads: CallSiteReads): LlmCall {
  const offsets = { start: node.getStart(), end: node.getEnd() };
  const range = toSourceRange(file, offsets);
  const annotation = readAnnotation(file.text, range.line, file.sourceFile.getLineStarts());
  const callee = found.callee ?? { kind: "external" as const, module: "", steps: [] };
  const own = readCallContext(node, file, evaluator, callee, annotation, reads);
  const inWrappers = found.via ? loopsThroughWrappers(found.via, evaluator) : undefined;
  const multiplier = own.multiplier * (inWrappers?.multiplier ?? 1);
  // The loop around this call is the one its findings are about; a loop inside a wrapper is reported at the wrapper's site.
  const loop = own.loop ?? inWrappers?.loop;
  const retry = own.retry;
  const call: LlmCall = { ...found.recognised, file: file.path, offsets, range, multiplier };
  if (found.via) call.via = found.via;
  if (found.unreached || found.alsoReached) call.reachedWrappers = [...new Set([...(found.unreached ?? []), ...(found.alsoReached ?? [])])].sort();
  if (found.alternative) {
    call.alternative = true;
    call.alternativeGroup = alternativeGroup(found);
  }
  if (found.fallback) call.fallback = true;
  if (loop) call.loop = loop;
  if (retry) call.retry = retry;
  if (annotation) call.annotation = annotation;
  return annotation?.model ? withAnnotatedModel(call, annotation.model) : call;
}

/** Tokens and cost of a call under the settings and its own `// promptcost:` annotation. */
export function priceCall(given: LlmCall, context: AnalysisContext): PricedCall {
  const call = onProviderSelling(given, context);
  if (!call.modelCandidates || call.modelCandidates.length < 2) return priceOneModel(call, context);
  // A ternary, switch or table lookup: each candidate priced, the most expensive one stands for the call.
  const priced = call.modelCandidates.map((model) => priceOneModel({ ...call, model, provider: candidateProvider(call, model, context) }, context));
  return costliestStandsFor(priced);
}

/** The provider a candidate model is priced with: of those whose factories it comes from, the first selling it. */
function candidateProvider(call: LlmCall, model: string, context: AnalysisContext): string {
  const providers = call.candidateProviders?.[model];
  if (!providers) return call.provider;
  // A provider whose own table has the model before one priced from another's (a gateway id's vendor).
  const lookups = providers.map((provider) => ({ provider, found: context.prices.lookup(provider, model) }));
  return (lookups.find(({ found }) => found && found.fromProvider === undefined) ?? lookups.find(({ found }) => found))?.provider ?? providers[0] ?? call.provider;
}

/**
 * A model sent through a choice of clients goes to the first of them whose vendor sells it (the code picks
 * the client and the model by the same condition): `gpt-5` through `isAnthropic ? anthropic : openai` is
 * OpenAI's. When none of them or the first does, the call stays as read.
 */
function onProviderSelling(call: LlmCall, context: AnalysisContext): LlmCall {
  if (!call.providerChoices || !call.model || context.prices.lookup(call.provider, call.model)) return call;
  const selling = call.providerChoices.find((provider) => context.prices.lookup(provider, call.model!) !== undefined);
  return selling ? { ...call, provider: selling } : call;
}

/**
 * Several ways one request can go: the costliest stands for it, every way's cost listed cheapest first.
 * With none priced, a way whose model is not known stands before one whose model is known but has no
 * price (a local server's default): that model is one way's, not what the request sends; of those alike,
 * the way that sends the most input.
 */
function costliestStandsFor(ways: PricedCall[]): PricedCall {
  const rank = (way: PricedCall) => way.cost.perRequest ?? (way.call.model === null ? -1 : -2);
  // Of unpriced ways alike, the one that sends the most.
  const costlier = (candidate: PricedCall, best: PricedCall) =>
    rank(candidate) > rank(best) || (candidate.cost.perRequest === null && rank(candidate) === rank(best) && candidate.inputTokens.total > best.inputTokens.total);
  const costliest = ways.reduce((best, candidate) => (costlier(candidate, best) ? candidate : best));
  if (ways.length < 2) return costliest;
  costliest.candidateCosts = candidateCostsOf(ways);
  keepReachedWrappers(costliest, ways);
  // An unpriced candidate may cost more than any priced one: the figure is a lower bound, and says so.
  const unpriced = unpricedOf(costliest.candidateCosts, costliest.call.provider);
  if (unpriced.length > 0) {
    costliest.unpricedCandidates = unpriced;
    if (costliest.cost.perRequest !== null) costliest.cost = { ...costliest.cost, lowerBound: true };
  }
  return costliest;
}

/** The candidates with no price, each model once per provider it runs on (a model priced by OpenAI but run on Ollama too). */
function unpricedOf(candidates: NonNullable<PricedCall["candidateCosts"]>, provider: string): { model: string; provider: string }[] {
  const unpriced = new Map<string, { model: string; provider: string }>();
  for (const candidate of candidates) {
    if (candidate.perRequest !== null) continue;
    const runsOn = candidate.provider ?? provider;
    unpriced.set(`${candidate.model}\u0000${runsOn}`, { model: candidate.model, provider: runsOn });
  }
  return [...unpriced.values()];
}

/** The wrappers the merged ways went through, so their own calls stay counted at this call site only. */
function keepReachedWrappers(standing: PricedCall, ways: PricedCall[]): void {
  const ids = new Set(ways.flatMap((way) => [...(way.call.via?.map((hop) => hop.id) ?? []), ...(way.call.reachedWrappers ?? [])]));
  if (ids.size > 0) standing.call = { ...standing.call, reachedWrappers: [...ids].sort() };
}

/** Every way's model and cost, each once (a decorator reaching the same implementation), cheapest first. */
function candidateCostsOf(ways: PricedCall[]): NonNullable<PricedCall["candidateCosts"]> {
  const seen = new Set<string>();
  return ways
    .flatMap((way) => way.candidateCosts ?? [{ model: way.call.model ?? "unknown model", perRequest: way.cost.perRequest, provider: way.call.provider }])
    .filter((candidate) => {
      const key = `${candidate.model}\u0000${candidate.perRequest}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => (a.perRequest ?? Infinity) - (b.perRequest ?? Infinity));
}

/**
 * The requests one call site reaches through exclusive branches of a wrapper are one request: the
 * costliest branch stands for the call, as the costliest model does for a ternary, and every branch's
 * cost is kept as a candidate. Requests made only when the main one failed (retry, repair, fallback)
 * are candidates of the main request too, but the main request's cost stands: they are never summed.
 */
export function mergeAlternatives(priced: PricedCall[]): PricedCall[] {
  const sites = new Map<string, PricedCall[]>();
  for (const call of priced) {
    const key = `${call.call.offsets.start}:${call.call.offsets.end}`;
    const site = sites.get(key);
    if (site) site.push(call);
    else sites.set(key, [call]);
  }
  return [...sites.values()].flatMap(mergeSite);
}

function mergeSite(calls: PricedCall[]): PricedCall[] {
  if (calls.length === 1) return calls;
  const fallbacks = calls.filter((call) => call.call.fallback);
  const main = fallbacks.length === calls.length ? fallbacks.splice(0) : calls.filter((call) => !call.call.fallback);
  // Alternatives of one branching are one request; each branching the call site reaches is one more.
  const groups = new Map<string, PricedCall[]>();
  const merged: PricedCall[] = [];
  for (const call of main) {
    if (!call.call.alternative) {
      merged.push(call);
      continue;
    }
    const key = call.call.alternativeGroup ?? "";
    const group = groups.get(key);
    if (group) group.push(call);
    else {
      groups.set(key, [call]);
      merged.push(call);
    }
  }
  for (const group of groups.values()) merged.splice(merged.indexOf(group[0]!), 1, costliestStandsFor(group));
  if (fallbacks.length > 0) {
    const standing = merged[merged.length - 1]!;
    standing.candidateCosts = candidateCostsOf([standing, ...fallbacks]);
    keepReachedWrappers(standing, [standing, ...fallbacks]);
  }
  return merged;
}

function priceOneModel(given: LlmCall, context: AnalysisContext): PricedCall {
  const lookup = given.model ? context.prices.lookup(given.provider, given.model) : undefined;
  // A self-hosted model (Ollama, vLLM on this machine) costs nothing per token unless the config prices it.
  const price = lookup?.price ?? null;
  const dynamicTokens = given.annotation?.dynamicTokens ?? context.settings.dynamicTokens;
  const requestsPerDay = given.annotation?.requestsPerDay ?? context.settings.requestsPerDay;
  const tokenizer = price?.tokenizer ?? defaultTokenizer(given.provider, given.model);
  const call = withRunTimeWays(given, tokenizer, dynamicTokens);
  const inputTokens = countInputTokens(call, { tokenizer, dynamicTokens });
  const reasoning = reasoningAssumed(call, context.settings);
  const outputTokens = expectedOutput(call, price, context.settings.outputTokens + (reasoning?.tokens ?? 0));
  if (call.kind === "chat" && call.hasOutputCap && call.outputCap === null) outputTokens.capDynamic = true;
  // Under a cap the reasoning is part of what the cap bounds; it is shown as its own figure only when nothing caps it.
  if (reasoning && reasoning.tokens > 0 && call.outputCap === null) {
    outputTokens.reasoning = reasoning.tokens;
    outputTokens.reasoningBasis = reasoning.basis;
  }
  const caching = { hitRate: context.settings.cacheHitRate, marked: call.messages.some((message) => message.cacheMarker) };
  const { cost, longContextTier } = computeCost({ price, kind: call.kind, inputTokens, outputTokens, requestsPerDay, multiplier: call.multiplier, caching });
  const pricedCall: PricedCall = { call, inputTokens, outputTokens, requestsPerDay, feature: call.annotation?.feature ?? null, cost, price, longContextTier };
  if (lookup && lookup.match !== "exact") pricedCall.priceMatch = lookup.match;
  if (lookup?.fromProvider !== undefined) pricedCall.priceFromProvider = lookup.fromProvider;
  if (price?.contextWindow && inputTokens.total > price.contextWindow) {
    pricedCall.rejected = { reason: `${inputTokens.total.toLocaleString("en-US")} input tokens are over ${price.id}'s ${price.contextWindow.toLocaleString("en-US")}-token context window` };
  }
  return pricedCall;
}

/**
 * One cost model for every view: a request is expected to write the smaller of its cap and the typical
 * output; the worst case is the cap, else the model's maximum output.
 */
function expectedOutput(call: LlmCall, price: PricedCall["price"], typical: number): PricedCall["outputTokens"] {
  if (call.kind === "embedding" || call.kind === "count") return { cap: null, assumed: 0, expected: 0, worstCase: 0 };
  // Each of `n` completions is written under the cap (OpenAI's `max_tokens` bounds each choice).
  const completions = call.completions ?? 1;
  const expected = (call.outputCap !== null ? Math.min(call.outputCap, typical) : typical) * completions;
  const most = call.outputCap ?? price?.maxOutputTokens ?? null;
  const output: PricedCall["outputTokens"] = { cap: call.outputCap, assumed: expected, expected, worstCase: most === null ? null : most * completions };
  if (completions > 1) output.completions = completions;
  return output;
}

/**
 * Hidden reasoning billed as output, counted within the cap when there is one: the call's `reasoningTokens=N`
 * annotation, else a thinking budget written in the call, else the config's `defaults.reasoningTokens`
 * (for calls to reasoning models), else the figure for the call's reasoning effort.
 */
function reasoningAssumed(call: LlmCall, settings: AnalysisSettings): { tokens: number; basis: string } | undefined {
  if (call.kind !== "chat" && call.kind !== "batch") return undefined;
  const annotated = call.annotation?.reasoningTokens;
  if (annotated !== undefined) return { tokens: annotated, basis: "set by // promptcost: reasoningTokens" };
  if (!call.reasoning) return undefined;
  if (settings.reasoningTokens !== undefined && !call.reasoning.fromCode) return { tokens: settings.reasoningTokens, basis: "defaults.reasoningTokens" };
  return { tokens: call.reasoning.assumedTokens, basis: call.reasoning.basis };
}

/** The findings of a file's calls, and the causes its wrappers' own requests report (see FileAnalysis.siteCauses). */
export function runRules(file: ParsedFile, calls: PricedCall[], context: AnalysisContext): Pick<FileAnalysis, "findings" | "siteCauses"> {
  const suppressions = readSuppressions(file.text);
  const findings: Finding[] = [];
  const siteCauses: SiteCause[] = [];
  const suppressed: { rule: string; line: number }[] = [];
  for (const rule of RULE_LIST) {
    const setting = context.settings.rules[rule.id];
    const severity = setting?.severity ?? rule.defaultSeverity;
    if (severity === "off") continue;
    const ruleContext: RuleContext = { settings: context.settings, options: setting?.options ?? {}, prices: context.prices, file, calls, ruleIds: RULE_IDS };
    for (const { report, call } of reportsOf(rule, calls, ruleContext)) {
      // Recorded before suppression: a cause disabled where the wrapper makes the request stays quiet at its call sites too.
      const wrapperSite = report.cause !== undefined ? call?.wrapper?.id : undefined;
      if (wrapperSite !== undefined) siteCauses.push({ site: wrapperSite, rule: rule.id, cause: report.cause! });
      const range = toSourceRange(file, report.offsets);
      if (isSuppressed(suppressions, rule.id, range.line)) {
        suppressed.push({ rule: rule.id, line: range.line });
        continue;
      }
      const finding: Finding = {
        file: file.path,
        rule: rule.id,
        // A rule's own escalation (error past the context window) raises the default level; a level the
        // user set applies to every report of the rule, as in ESLint.
        severity: setting?.severity !== undefined ? severity : escalate(severity, report.severity),
        message: report.message,
        range,
        offsets: report.offsets,
        docsUrl: docsUrl(rule.id),
      };
      if (report.fix) finding.fix = report.fix;
      const through = report.cause !== undefined ? call?.via?.[0]?.id : undefined;
      if (through !== undefined) finding.inherits = { site: through, rule: rule.id, cause: report.cause! };
      if (wrapperSite !== undefined) finding.at = { site: wrapperSite, rule: rule.id, cause: report.cause! };
      findings.push(finding);
    }
  }
  if (context.settings.reportUnusedDisableDirectives) findings.push(...unusedDirectiveFindings(file, suppressed, context.settings));
  findings.sort((a, b) => a.offsets.start - b.offsets.start || a.rule.localeCompare(b.rule));
  return siteCauses.length > 0 ? { findings, siteCauses } : { findings };
}

const RULE_IDS = RULE_LIST.map((rule) => rule.id);

/** `--report-unused-disable-directives`: disable comments that suppressed nothing, at invalid-directive's level. */
function unusedDirectiveFindings(file: ParsedFile, suppressed: { rule: string; line: number }[], settings: AnalysisSettings): Finding[] {
  const configured = settings.rules["invalid-directive"]?.severity ?? "warning";
  const severity = configured === "off" ? "warning" : configured;
  return unusedDisableDirectives(file.text, suppressed, RULE_IDS).map((problem) => ({
    file: file.path,
    rule: "invalid-directive",
    severity,
    message: problem.message,
    range: toSourceRange(file, problem.offsets),
    offsets: problem.offsets,
    docsUrl: docsUrl("invalid-directive"),
  }));
}

/** A rule's reports on the file, and on each call with the call's own request it is about. */
function reportsOf(rule: Rule, calls: PricedCall[], context: RuleContext): { report: RuleReport; call?: LlmCall }[] {
  const reports: { report: RuleReport; call?: LlmCall }[] = [];
  if (rule.checkFile) for (const report of rule.checkFile(context)) reports.push({ report });
  if (rule.checkCall) for (const priced of calls) for (const report of rule.checkCall(priced, context)) reports.push({ report, call: priced.call });
  return reports;
}

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

function escalate(configured: Severity, reported: Severity | undefined): Severity {
  return reported && SEVERITY_RANK[reported] > SEVERITY_RANK[configured] ? reported : configured;
}

export function toSourceRange(file: ParsedFile, offsets: OffsetRange): SourceRange {
  const start = file.sourceFile.getLineAndCharacterOfPosition(Math.min(offsets.start, file.text.length));
  const end = file.sourceFile.getLineAndCharacterOfPosition(Math.min(offsets.end, file.text.length));
  return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}
