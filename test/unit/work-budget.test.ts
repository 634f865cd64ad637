import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { performance } from "node:perf_hooks";
import { analyzeFile, analyzeParsedFile, DEFAULT_FILE_STEP_BUDGET, DEFAULT_FILE_TIME_GUARD_MS, type AnalysisContext } from "../../server/src/core/analyze.ts";
import { applyConfig } from "../../server/src/core/config/apply-config.ts";
import { checkConfigText } from "../../server/src/core/config/config-file.ts";
import { Evaluator } from "../../server/src/core/resolve/evaluate.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import { WorkBudget } from "../../server/src/core/work-budget.ts";
import { Workspace } from "../../server/src/core/workspace/workspace.ts";
import { HEAVY_WRAPPER, memoryFileSystem, NO_PRICES, ROOT } from "../helpers/memory-workspace.ts";

const CALLER = `import OpenAI from "openai";\nimport { SYSTEM } from "./prompts";\nconst client = new OpenAI();\nclient.chat.completions.create({ model: "gpt-4o", max_tokens: 10, messages: [{ role: "system", content: SYSTEM }] });\n`;
const FILES = { "a.ts": CALLER, "b.ts": CALLER, "prompts.ts": `export const SYSTEM = "You answer in one word.";\n` };

function context(settings: Partial<typeof DEFAULT_SETTINGS>, files: Record<string, string> = FILES): AnalysisContext {
  const workspace = new Workspace([ROOT], memoryFileSystem(files));
  return { workspace, prices: NO_PRICES, settings: { ...DEFAULT_SETTINGS, ...settings }, evaluator: new Evaluator(workspace) };
}

/** Every read of the clock says ten seconds have passed: a machine under heavy load, as seen by a timer. */
function withSlowClock<T>(run: () => T): T {
  const realNow = performance.now.bind(performance);
  let reads = 0;
  performance.now = () => realNow() + ++reads * 10_000;
  try {
    return run();
  } finally {
    performance.now = realNow;
  }
}

/** A file with 300 calls: some 5,700 evaluation steps. */
const MANY_CALLS = `import OpenAI from "openai";\nconst client = new OpenAI();\n${Array.from({ length: 300 }, (_, i) => `client.chat.completions.create({ model: "gpt-4o", max_tokens: 10, messages: [{ role: "user", content: "question " + ${i} }] });`).join("\n")}\n`;

describe("per-file work budget", () => {
  it("a file over its step budget is reported as not analysed, and the run goes on", () => {
    const spent = analyzeFile(path.join(ROOT, "a.ts"), context({ fileStepBudget: 0 }));
    assert.deepEqual(spent.calls, []);
    assert.equal(spent.findings.length, 1);
    assert.equal(spent.findings[0]!.rule, "parse-error");
    assert.match(spent.findings[0]!.message, /^Not analysed: needs more than 0 evaluation steps \(set fileStepBudget to allow more\)/);
  });

  it("with the default budget the same file is analysed", () => {
    const analysed = analyzeFile(path.join(ROOT, "a.ts"), context({}));
    assert.equal(analysed.calls.length, 1);
    assert.equal(analysed.findings.some((finding) => finding.rule === "parse-error"), false);
  });

  it("gives the same report however slow the machine is, whether the budget is hit or not", () => {
    const files = { "many.ts": MANY_CALLS };
    const chain = path.join(ROOT, "many.ts");
    for (const fileStepBudget of [undefined, 3000]) {
      const settings = fileStepBudget === undefined ? {} : { fileStepBudget };
      const fast = JSON.stringify(analyzeFile(chain, context(settings, files)));
      const slow = JSON.stringify(withSlowClock(() => analyzeFile(chain, context(settings, files))));
      assert.equal(slow, fast, `fileStepBudget ${fileStepBudget}`);
      assert.equal(JSON.parse(fast).calls.length, fileStepBudget === undefined ? 300 : 0);
    }
  });

  it("keeps a wall-clock guard as a last resort, and says so when it stops a file", () => {
    const stopped = withSlowClock(() => analyzeFile(path.join(ROOT, "many.ts"), context({ fileTimeBudgetMs: 1 }, { "many.ts": MANY_CALLS })));
    assert.deepEqual(stopped.calls, []);
    assert.match(stopped.findings[0]!.message, /^Not analysed: stopped by the wall-clock guard after 1 ms, a last resort whose outcome depends on machine load \(set fileTimeBudgetMs to allow more\)/);
  });

  it("an evaluator shared across files (as in the CLI) is left usable after a file ran out of budget", () => {
    const shared = context({ fileStepBudget: 0 });
    analyzeFile(path.join(ROOT, "a.ts"), shared);
    const next = analyzeFile(path.join(ROOT, "b.ts"), { ...shared, settings: { ...shared.settings, fileStepBudget: 1_000_000 } });
    const fresh = analyzeFile(path.join(ROOT, "b.ts"), context({}));
    assert.equal(next.calls.length, 1);
    assert.deepEqual(next.calls[0]!.inputTokens, fresh.calls[0]!.inputTokens);
  });

  it("does not charge a file for the wrapper index of its imports: the same report whether their entries were made before or now", () => {
    // Two wrappers; the second's index entry takes evaluation work (its prompt is built from 40 constants).
    // The text prefilter reads the first import's entry before the file's budget starts; the second one's
    // is made while the file is analysed.
    const files = {
      "first.ts": `import OpenAI from "openai";\nconst client = new OpenAI();\nexport function classify(email: string) {\n  return client.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 5, messages: [{ role: "user", content: email }] });\n}\n`,
      "second.ts": `import OpenAI from "openai";\nconst client = new OpenAI();\n${Array.from({ length: 40 }, (_, i) => `const PART_${i} = "rule ${i}: " + "answer in the customer's language";`).join("\n")}\nconst RULES = [${Array.from({ length: 40 }, (_, i) => `PART_${i}`).join(", ")}].join("\\n");\nexport function draft(email: string) {\n  return client.chat.completions.create({ model: "gpt-4o", max_tokens: 100, messages: [{ role: "system", content: RULES }, { role: "user", content: email }] });\n}\n`,
      "caller.ts": `import { classify } from "./first";\nimport { draft } from "./second";\nexport const reply = async (email: string) => ((await classify(email)) ? draft(email) : null);\n`,
    };
    const caller = path.join(ROOT, "caller.ts");
    const analysed = (result: ReturnType<typeof analyzeFile>) => result.calls.length === 2 && !result.findings.some((finding) => finding.rule === "parse-error");
    /** The caller analysed after the second wrapper's own analysis made its index entry (an editor with both files open). */
    const warm = (fileStepBudget: number) => {
      const workspace = new Workspace([ROOT], memoryFileSystem(files));
      analyzeFile(path.join(ROOT, "second.ts"), { workspace, prices: NO_PRICES, settings: DEFAULT_SETTINGS, evaluator: new Evaluator(workspace) });
      return analyzeFile(caller, { workspace, prices: NO_PRICES, settings: { ...DEFAULT_SETTINGS, fileStepBudget }, evaluator: new Evaluator(workspace) });
    };
    /** The caller analysed first: the wrapper's entry is made during its analysis (a file opened first, or linted alone). */
    const cold = (fileStepBudget: number) => analyzeFile(caller, context({ fileStepBudget }, files));
    // The smallest budget the warm analysis fits in.
    let low = 0;
    let high = 1_000_000;
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      if (analysed(warm(middle))) high = middle;
      else low = middle + 1;
    }
    assert.ok(low > 0 && analysed(warm(low)) && !analysed(warm(low - 1)));
    assert.equal(JSON.stringify(cold(low)), JSON.stringify(warm(low)));
    assert.equal(JSON.stringify(cold(low - 1)), JSON.stringify(warm(low - 1)));
  });

  it("a file importing one whose wrapper index entry needs more than the budget is analysed, and says which calls it could not follow", () => {
    // heavy.ts's wrapper makes 300 requests (some 5,700 steps to index); caller.ts makes one of its own and
    // calls the wrapper. openai/openai-agents-js 6d0c61a's agent.ts was "Not analysed" for run.ts's entry.
    const heavy = HEAVY_WRAPPER;
    const files = { "heavy.ts": heavy, "caller.ts": `import OpenAI from "openai";\nimport { askAll } from "./heavy";\nconst client = new OpenAI();\nclient.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 5, messages: [{ role: "user", content: "hi" }] });\naskAll("x");\n` };
    const settings = { fileStepBudget: 3000 };
    const shared = context(settings, files);
    const caller = analyzeFile(path.join(ROOT, "caller.ts"), shared);
    assert.deepEqual(caller.findings.filter((finding) => finding.rule === "parse-error").map((finding) => finding.message), ["Calls into heavy.ts are not followed: indexing it needs more than 3,000 evaluation steps (set fileStepBudget to allow more)."]);
    assert.deepEqual(caller.calls.map(({ call }) => call.range.line), [4]);
    // The heavy file itself says it was not analysed; analysed first, it makes the caller's report no different.
    const first = context(settings, files);
    assert.match(analyzeFile(path.join(ROOT, "heavy.ts"), first).findings[0]?.message ?? "", /^Not analysed: needs more than 3,000 evaluation steps/);
    assert.equal(JSON.stringify(analyzeFile(path.join(ROOT, "caller.ts"), first)), JSON.stringify(caller));
    // With the default budget the wrapper is followed: its call site is the caller's second request line.
    assert.ok(analyzeFile(path.join(ROOT, "caller.ts"), context({}, files)).calls.some(({ call }) => call.range.line === 5));
  });

  it("a wrapper's index entry over the budget gives the same reports whichever file made it first; an importer says so", () => {
    // far.ts and also.ts reach heavy.ts's wrapper through a re-export, near.ts directly. The text prefilter
    // makes heavy.ts's entry before a file's budget starts: it was made without bounds (its 300 requests
    // followed) or within them, by which file came first. A file importing heavy.ts says its calls there are
    // not followed; one reaching it through another file's re-export is not told (not done yet).
    const heavy = HEAVY_WRAPPER;
    const files = {
      "heavy.ts": heavy,
      "mid.ts": `export { askAll } from "./heavy";\n`,
      "near.ts": `import { askAll } from "./heavy";\nexport const near = () => askAll("near");\n`,
      "far.ts": `import { askAll } from "./mid";\nexport const far = () => askAll("far");\n`,
      "also.ts": `import { askAll } from "./mid";\nexport const also = () => askAll("also");\n`,
    };
    const settings = { fileStepBudget: 3000 };
    const shown = (file: string, shared: AnalysisContext) => JSON.stringify(analyzeFile(path.join(ROOT, file), shared));
    for (const file of ["near.ts", "far.ts", "also.ts"]) {
      const alone = shown(file, context(settings, files));
      const shared = context(settings, files);
      for (const before of ["heavy.ts", "near.ts", "far.ts", "also.ts"]) if (before !== file) analyzeFile(path.join(ROOT, before), shared);
      assert.equal(shown(file, shared), alone, file);
      const analysis = JSON.parse(alone) as ReturnType<typeof analyzeFile>;
      assert.deepEqual(analysis.calls, [], file);
      const told = file === "near.ts" ? ["Calls into heavy.ts are not followed: indexing it needs more than 3,000 evaluation steps (set fileStepBudget to allow more)."] : [];
      assert.deepEqual(analysis.findings.map((finding) => finding.message), told, file);
    }
  });

  it("reading a function's return value does not evaluate the conditions of statements that return nothing", () => {
    // The same prompt builder with and without 60 logging statements before its return: the same steps.
    const builder = (logging: string) => `import OpenAI from "openai";\nconst client = new OpenAI();\nconst LEVELS = ["debug", "info", "warn"];\nfunction buildPrompt(topic: string) {\n${logging}  return "Summarise " + topic + " in three bullet points.";\n}\nexport const ask = () => client.chat.completions.create({ model: "gpt-4o", max_tokens: 50, messages: [{ role: "user", content: buildPrompt("the quarterly report") }] });\n`;
    const logging = Array.from({ length: 60 }, (_, i) => `  if (LEVELS.includes("level-${i}") && topic.length > ${i}) { console.log("${i}", topic); }\n`).join("");
    const file = path.join(ROOT, "builder.ts");
    const analysed = (text: string, fileStepBudget: number) => analyzeFile(file, context({ fileStepBudget }, { "builder.ts": text })).calls.length === 1;
    let low = 0;
    let high = 100_000;
    while (low < high) {
      const middle = Math.floor((low + high) / 2);
      if (analysed(builder(""), middle)) high = middle;
      else low = middle + 1;
    }
    assert.ok(low > 0 && !analysed(builder(""), low - 1));
    assert.ok(analysed(builder(logging), low), "the logging statements cost no evaluation steps");
    assert.deepEqual(analyzeFile(file, context({}, { "builder.ts": builder(logging) })).calls[0]!.inputTokens, analyzeFile(file, context({}, { "builder.ts": builder("") })).calls[0]!.inputTokens);
  });

  // `state` is built by twelve helpers, each reading the one below twice, as an agent runner's state built by
  // its private methods is; followed through the wrapper, the call site reads it per field.
  const layeredFiles = (level: (below: number) => string) => ({
    "llm.ts": `import OpenAI from "openai";\nconst client = new OpenAI();\nexport async function ask(state: { model: string; goal: string }, prompt: string) {\n  return client.chat.completions.create({ model: state.model, max_tokens: 10, messages: [{ role: "user", content: prompt + state.goal }] });\n}\n`,
    "run.ts": [
      `import { ask } from "./llm";`,
      `function first(a: string, b: string) { return a ?? b; }`,
      `function state0(goal: string) { return { model: "gpt-4.1", goal }; }`,
      ...Array.from({ length: 12 }, (_, below) => level(below)),
      `export async function turn(goal: string) { return ask(state12(goal), "Next step"); }`,
      `export async function summary(goal: string) { return ask(state12(goal), "Summarise"); }`,
      `export async function plain(goal: string) { return ask({ model: "gpt-4o-mini", goal }, "Plan"); }`,
    ].join("\n"),
  });
  const modelsAt = (files: Record<string, string>) => {
    const result = analyzeFile(path.join(ROOT, "run.ts"), context({ fileStepBudget: 200_000 }, files));
    assert.deepEqual(result.findings.filter((finding) => finding.rule === "parse-error"), []);
    return result.calls.map(({ call }) => `${call.range.line} ${call.model}`);
  };

  it("a call site whose arguments take more than its share of the budget to follow is still found (its arguments unread), and the file is analysed", () => {
    // Each helper calls the one below with two different goals: 2^12 different readings, each real work.
    const files = layeredFiles((below) => `function state${below + 1}(goal: string) { const a = state${below}(goal + "a"); const b = state${below}(goal + "b"); return { model: first(a.model, b.model), goal: first(a.goal, b.goal) }; }`);
    // The heavy sites are found with the model their arguments would give unread; the lookalike, whose
    // arguments are cheap to follow, keeps its model.
    assert.deepEqual(modelsAt(files), ["16 null", "17 null", "18 gpt-4o-mini"]);
  });

  it("work reused again and again is counted once per call site, not once per reuse", () => {
    // Each helper reads the one below, called once, twice: the same reading reused, not work done again.
    // Counted per reuse, each level doubled the count (some 2^12 readings per field), past the call site's
    // share: the model was left unread (openai-agents-js's run.ts, cline's task/index.ts: whole files).
    const files = layeredFiles((below) => `function state${below + 1}(goal: string) { const below = state${below}(goal); return { model: first(below.model, below.goal), goal: first(below.goal, below.model) }; }`);
    assert.deepEqual(modelsAt(files), ["16 gpt-4.1", "17 gpt-4.1", "18 gpt-4o-mini"]);
  });

  it("is set by fileStepBudget (and the guard by fileTimeBudgetMs) in promptcost.config.json", () => {
    const checked = checkConfigText(`{ "fileStepBudget": 5000, "fileTimeBudgetMs": 2500 }`);
    assert.ok(checked.ok);
    assert.equal(applyConfig(DEFAULT_SETTINGS, checked.config).fileStepBudget, 5000);
    assert.equal(applyConfig(DEFAULT_SETTINGS, checked.config).fileTimeBudgetMs, 2500);
    assert.equal(checkConfigText(`{ "fileStepBudget": -1 }`).ok, false);
  });
});

describe("a file that cannot be read", () => {
  it("is reported as not analysed instead of passing as a file without calls", () => {
    const files = memoryFileSystem(FILES);
    const unreadable = { ...files, readFile: (file: string) => (file.endsWith("a.ts") ? undefined : files.readFile(file)) };
    const workspace = new Workspace([ROOT], unreadable);
    const result = analyzeFile(path.join(ROOT, "a.ts"), { workspace, prices: NO_PRICES, settings: DEFAULT_SETTINGS });
    assert.equal(result.findings[0]?.rule, "parse-error");
    assert.match(result.findings[0]!.message, /could not be read/);
  });

  it("a call through an interface reads its arguments once, not once per implementing class", () => {
    // `engine.generate(question, notes)` with `engine: Engine` and N classes implementing Engine, none sending the
    // notes (built from 40 parts). What reading the notes adds to the steps is the same for 12 classes as for one.
    const files = (classes: number, notes: string) => ({
      "engine.ts": `export interface Engine {\n  generate(prompt: string, notes: string): Promise<unknown>;\n}\n`,
      ...Object.fromEntries(
        Array.from({ length: classes }, (_, i) => [
          `vendor${i}.ts`,
          `import OpenAI from "openai";\nimport type { Engine } from "./engine";\nexport class Vendor${i} implements Engine {\n  private client = new OpenAI();\n  async generate(prompt: string, notes: string) {\n    return this.client.chat.completions.create({ model: "gpt-4o", max_tokens: 10, messages: [{ role: "user", content: prompt }] });\n  }\n}\n`,
        ]),
      ),
      "caller.ts": `import type { Engine } from "./engine";\n${Array.from({ length: 40 }, (_, i) => `const PART_${i} = "rule ${i}: " + "answer in the customer's language";`).join("\n")}\nexport function ask(engine: Engine, question: string) {\n  return engine.generate(question, ${notes});\n}\n`,
    });
    /** The steps analysing the caller takes (its index entries made during it, as when it is linted alone). */
    const steps = (project: Record<string, string>): number => {
      const analysis = context({}, project);
      analysis.workspace.projectFiles = Object.keys(project).map((file) => path.join(ROOT, file)).sort();
      const budget = new WorkBudget(DEFAULT_FILE_STEP_BUDGET, DEFAULT_FILE_TIME_GUARD_MS);
      analysis.evaluator!.budget = budget;
      assert.equal(analyzeParsedFile(analysis.workspace.getParsedFile(path.join(ROOT, "caller.ts"))!, analysis).calls.length, 1);
      return budget.spent;
    };
    const long = `[${Array.from({ length: 40 }, (_, i) => `PART_${i}`).join(", ")}].join("\\n")`;
    const notesCost = (classes: number) => steps(files(classes, long)) - steps(files(classes, `""`));
    const once = notesCost(1);
    assert.ok(once > 100, `reading the notes takes steps (${once})`);
    assert.ok(notesCost(12) < 2 * once, `12 classes: ${notesCost(12)} steps for the notes, one class: ${once}`);
  });

  it("remembered work charged past a share stops the count where the same work step by step would", () => {
    // Work done again one step at a time stops one step over the share; charged at once, it used to count
    // all of it, so a file whose calls shared work (the CLI) spent more of its budget than one whose calls
    // did not (the editor), and stopped where the other did not.
    const countAfter = (work: (budget: WorkBudget) => void): number => {
      const budget = new WorkBudget(1_000);
      budget.share(50, () => work(budget), () => undefined);
      return budget.spent;
    };
    const stepByStep = countAfter((budget) => {
      for (let step = 0; step < 80; step++) budget.step();
    });
    assert.equal(stepByStep, 51);
    assert.equal(countAfter((budget) => budget.charge(80)), stepByStep);
  });
});
