import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as path from "node:path";
import { analyzeFile } from "../../server/src/core/analyze.ts";
import { recogniserFor } from "../../server/src/core/providers/recognise.ts";
import { Evaluator } from "../../server/src/core/resolve/evaluate.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import { SharedWork } from "../../server/src/core/shared-work.ts";
import { MAX_CYCLE_ROUNDS } from "../../server/src/core/providers/cycle-reads.ts";
import { Workspace } from "../../server/src/core/workspace/workspace.ts";
import { analyzeInOrder, analyzeProject, describeCalls } from "../helpers/analyze-project.ts";
import { memoryFileSystem, NO_PRICES, ROOT } from "../helpers/memory-workspace.ts";

// Which files may define wrappers is decided once per run from their imports. Read while one of them is
// still being indexed (an import cycle), an answer is only partial: it must not be kept as the file's.

const LLM = `import OpenAI from "openai";\nconst client = new OpenAI();\nexport async function ask(question: string) {\n  return client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: question }] });\n}\n`;

/**
 * Analyses `order` in one workspace of `files` with one evaluator, as one CLI run does: the calls found, the
 * files parsed, the wrapper index entries made and the depth cuts met.
 */
function analyseInOneRun(files: Record<string, string>, order: string[]) {
  const workspace = new Workspace([ROOT], memoryFileSystem(files));
  workspace.projectFiles = Object.keys(files).map((file) => path.join(ROOT, file)).sort();
  const evaluator = new Evaluator(workspace);
  evaluator.sharedWork = new SharedWork();
  const context = { workspace, prices: NO_PRICES, settings: DEFAULT_SETTINGS, evaluator };
  const analyses = order.map((file) => analyzeFile(path.join(ROOT, file), context));
  const parsed = Object.keys(files).filter((file) => workspace.isParsed(path.join(ROOT, file)));
  return { calls: describeCalls(analyses), parsed, entries: evaluator.sharedWork.entriesMade, cuts: recogniserFor(evaluator).importDepthCuts };
}

describe("import cycles", () => {
  it("finds a wrapper of a file that imports, in a cycle, the file being indexed first", () => {
    const analyses = analyzeProject({
      // group.ts is analysed first; service.ts imports it back.
      "src/group.ts": `import { ask } from "./llm";\nimport { label } from "./service";\nexport async function groupSummary(text: string) { return ask(label + text); }\n`,
      "src/service.ts": `import { groupSummary } from "./group";\nexport const label = "Group: ";\nexport async function digest(text: string) { return groupSummary(text); }\n`,
      "src/main.ts": `import { digest } from "./service";\nexport async function main(input: string) { return digest(input); }\n`,
      "src/llm.ts": LLM,
    });
    assert.ok(describeCalls(analyses).some((call) => call.startsWith("src/main.ts:2 gpt-4o-mini via=digest>groupSummary>ask")), describeCalls(analyses).join("\n"));
  });

  it("finds nothing in a file of the cycle that calls no wrapper (its twin without a request)", () => {
    const analyses = analyzeProject({
      "src/group.ts": `import { ask } from "./llm";\nimport { label } from "./service";\nexport async function groupSummary(text: string) { return ask(label + text); }\n`,
      "src/service.ts": `import { groupSummary } from "./group";\nexport const label = "Group: ";\nexport function digest(text: string) { return text.trim(); }\n`,
      "src/main.ts": `import { digest } from "./service";\nexport async function main(input: string) { return digest(input); }\n`,
      "src/llm.ts": LLM,
    });
    assert.ok(!describeCalls(analyses).some((call) => call.startsWith("src/main.ts")), describeCalls(analyses).join("\n"));
  });
  // llm.ts is indexed first and imports both helpers; summary.ts imports it back, so its entry is made while
  // llm.ts is still partial; report.ts reads that entry while llm.ts is still being indexed.
  const cycle = (report: string) => ({
    "src/llm.ts": `${LLM}import { summarise } from "./summary";\nimport { report } from "./report";\nexport const tools = { summarise, report };\n`,
    "src/summary.ts": `import { ask } from "./llm";\nexport async function summarise(text: string) { return ask("Summarise: " + text); }\n`,
    "src/report.ts": report,
    "src/app.ts": `import { report } from "./report";\nexport async function run(input: string) { return report(input); }\n`,
  });

  it("an entry read from one made while a file was still partial is itself partial, and made again once that file is done", () => {
    const analyses = analyzeProject(cycle(`import { summarise } from "./summary";\nexport async function report(text: string) { return summarise(text); }\n`));
    assert.ok(describeCalls(analyses).includes("src/app.ts:2 gpt-4o-mini via=report>summarise>ask wrapper=run"), describeCalls(analyses).join("\n"));
  });

  it("lookalike: a helper of that cycle calling no wrapper makes no request at its call sites", () => {
    const analyses = analyzeProject(cycle(`import { summarise } from "./summary";\nexport const unused = summarise;\nexport async function report(text: string) { return text.trim(); }\n`));
    assert.ok(!describeCalls(analyses).some((call) => call.startsWith("src/app.ts") || call.startsWith("src/report.ts")), describeCalls(analyses).join("\n"));
  });
});

// The file indexed first in a cycle reads the other's entry, which was made while its own was still
// empty: a wrapper of the other file that calls back into it is missed unless the cycle is read again.
const EXTRACT = `import OpenAI from "openai";\nimport { extractData } from "./smart";\nconst client = new OpenAI();\nexport async function complete(prompt: string) {\n  return client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] });\n}\n`;

describe("import cycles read to a fixed point", () => {
  it("finds a call in the first file of a cycle to a wrapper of the second that calls back into the first", () => {
    const analyses = analyzeProject({
      "src/extract.ts": `${EXTRACT}export const stack = [async (meta: { prompt: string }) => {\n  return extractData(meta.prompt);\n}];\n`,
      "src/smart.ts": `import { complete } from "./extract";\nexport async function extractData(prompt: string) { return complete("Extract: " + prompt); }\n`,
    });
    assert.ok(describeCalls(analyses).some((call) => call === "src/extract.ts:8 gpt-4o-mini via=extractData>complete"), describeCalls(analyses).join("\n"));
  });

  it("finds nothing there when the second file's function does not call back (its lookalike)", () => {
    const analyses = analyzeProject({
      "src/extract.ts": `${EXTRACT}export const stack = [async (meta: { prompt: string }) => {\n  return extractData(meta.prompt);\n}];\n`,
      "src/smart.ts": `import { complete } from "./extract";\nexport const used = complete;\nexport async function extractData(prompt: string) { return "Extract: " + prompt; }\n`,
    });
    assert.ok(!describeCalls(analyses).some((call) => call.startsWith("src/extract.ts:8")), describeCalls(analyses).join("\n"));
  });
  // llm.ts, analysed first, reads plan.ts while its own entry is empty; plan.ts, expand.ts and review.ts are
  // made on that, made again, and llm.ts with them, round after round: outline's wrapper (plan > expand >
  // expandOnce > requestModel, back into llm.ts) settles only after three rounds, where the rounds stopped.
  // Analysed after the others, llm.ts found it. (mendableai/firecrawl's extract cycle needs five.)
  const PLANNING = {
    "src/llm.ts": `import OpenAI from "openai";\nconst client = new OpenAI();\nimport { plan } from "./plan";\nexport async function requestModel(p: string) { return client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }); }\nexport async function outline(p: string) { return plan("Outline: " + p); }\n`,
    "src/plan.ts": `import { expand } from "./expand";\nimport { reviewDraft } from "./review";\nexport async function plan(p: string) { return expand("Plan: " + p); }\nexport async function replan(p: string) { return reviewDraft("Again: " + p); }\n`,
    "src/expand.ts": `import { requestModel } from "./llm";\nexport async function expand(p: string) { return expandOnce("Expand: " + p); }\nexport async function expandOnce(p: string) { return requestModel("Once: " + p); }\n`,
    "src/review.ts": `import { plan } from "./plan";\nimport { expandOnce } from "./expand";\nexport async function review(p: string) { return plan("Review: " + p); }\nexport async function reviewDraft(p: string) { return expandOnce("Draft: " + p); }\n`,
  };

  it("a cycle that takes more than three rounds to settle gives the same calls whichever file is analysed first", () => {
    const files = Object.keys(PLANNING);
    const first = describeCalls(analyzeInOrder(PLANNING, files)).sort();
    assert.ok(first.includes("src/llm.ts:5 gpt-4o-mini via=plan>expand>expandOnce>requestModel wrapper=outline"), first.join("\n"));
    assert.deepEqual(describeCalls(analyzeInOrder(PLANNING, [...files].reverse())).sort(), first);
  });

  it("lookalike: the same cycle where expandOnce makes no request gives only llm.ts's own request, in either order", () => {
    const broken = { ...PLANNING, "src/expand.ts": PLANNING["src/expand.ts"].replace(`return requestModel("Once: " + p)`, `return "Once: " + p`) };
    const files = Object.keys(broken);
    for (const order of [files, [...files].reverse()]) assert.deepEqual(describeCalls(analyzeInOrder(broken, order)), ["src/llm.ts:4 gpt-4o-mini wrapper=requestModel"]);
  });
  // A wrapper chain crossing a cycle of two files twice: requeue (queue.ts) calls retry (client.ts), which
  // calls enqueue (queue.ts), which calls send (client.ts). The entries made again from client.ts's complete
  // entry were kept when client.ts's was made again and offered more (retry): requeue, and app.ts's call
  // through it, were missed in every order.
  const QUEUE = {
    "src/client.ts": `import OpenAI from "openai";\nconst client = new OpenAI();\nimport { enqueue } from "./queue";\nexport async function send(p: string) { return client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: p }] }); }\nexport async function retry(p: string) { return enqueue("Retry: " + p); }\n`,
    "src/queue.ts": `import { send, retry } from "./client";\nexport async function enqueue(p: string) { return send("Queued: " + p); }\nexport async function requeue(p: string) { return retry("Again: " + p); }\n`,
    "src/app.ts": `import { requeue } from "./queue";\nexport async function run(p: string) { return requeue(p); }\n`,
  };

  it("a wrapper chain crossing a cycle twice is found whichever file is analysed first, and with its caller alone", () => {
    const files = Object.keys(QUEUE);
    const app = (order: string[]) => describeCalls(analyzeInOrder(QUEUE, order).filter((analysis) => analysis.file.endsWith("app.ts")));
    for (const order of [files, [...files].reverse(), ["src/queue.ts", "src/client.ts", "src/app.ts"], ["src/app.ts"]]) {
      assert.deepEqual(app(order), ["src/app.ts:2 gpt-4o-mini via=requeue>retry>enqueue>send wrapper=run"], order.join(","));
    }
  });

  it("lookalike: the same chain where enqueue makes no request gives nothing at app.ts in any order", () => {
    const broken = { ...QUEUE, "src/queue.ts": QUEUE["src/queue.ts"].replace(`return send("Queued: " + p)`, `return "Queued: " + p`) };
    const files = Object.keys(broken);
    for (const order of [files, [...files].reverse(), ["src/app.ts"]]) assert.deepEqual(describeCalls(analyzeInOrder(broken, order).filter((analysis) => analysis.file.endsWith("app.ts"))), [], order.join(","));
  });
});

// onlook-dev/onlook ab9333d: its tRPC routers, stores and database schema are one import cycle of ~210
// files, walked 38 imports deep. Cut at a depth of 32, the cycle's entries were never kept (where a cut falls
// depends on the file asked first) and were made again for each file that asked: 176,023 entries for 324
// files, 39 s of a 2.4 s run.
describe("a long import cycle", () => {
  const chain = (length: number): Record<string, string> => {
    const files: Record<string, string> = { "src/llm.ts": LLM, "src/main.ts": `import { step0 } from "./step0";\nexport async function main(input: string) { return step0(input); }\n` };
    for (let at = 0; at < length; at++) {
      const next = at + 1 < length ? `import { step${at + 1} } from "./step${at + 1}";\n` : `import { ask } from "./llm";\nexport const asked = ask;\n`;
      const body = at + 1 < length ? `return step${at + 1}(text) + name0;` : `return text;`;
      // Each file takes the wrapper too, without calling it: it may define wrappers, so its entry is made.
      files[`src/step${at}.ts`] = `${next}import { name0 } from "./step0";\nimport { ask as ask${at} } from "./llm";\nexport const held${at} = ask${at};\nexport const name${at} = "${at}";\nexport function step${at}(text: string): string { ${body} }\n`;
    }
    return files;
  };
  const analyse = (files: Record<string, string>) => analyseInOneRun(files, ["src/main.ts", "src/step20.ts"]);

  it("is followed to its end without a depth cut when its last file reaches an LLM wrapper", () => {
    const { calls, cuts } = analyse(chain(48));
    assert.equal(cuts, 0);
    assert.deepEqual(calls, []);
  });

  // Past the cut, what a walk works out is not kept for the run, but it is for the rest of that walk: each
  // file of the cycle was otherwise walked again from every file reading it (10,753 entries made for the 102
  // files of a 100-file chain cut at 32; a 60-file cycle took longer than five minutes in the CLI). Here 200
  // files deep, past the guard of 128, each file's entry made: 1,393 entries for these 202 files (the cycle
  // made round after round), 105,832 when nothing worked out past the cut is kept for the walk.
  it("is walked once per file and round of its cycle when it is longer than the depth guard", () => {
    const files = chain(200);
    const { calls, cuts, entries } = analyse(files);
    assert.ok(cuts > 0, "the cycle reaches past the depth guard");
    assert.ok(entries <= MAX_CYCLE_ROUNDS * Object.keys(files).length, `${entries} entries made for ${Object.keys(files).length} files`);
    assert.deepEqual(calls, []);
  });
});

// onlook-dev/onlook ab9333d again: most files of that cycle import a schema, a store or a constant from it,
// no wrapper. Asked while the cycle's entries were being made, such an import counted as one that may bring
// a wrapper, so each of those files was parsed and indexed: 864 entries, 850 of them offering nothing.
describe("files importing from an import cycle while it is indexed", () => {
  const project = (pages: number, wrapping: boolean): Record<string, string> => {
    const files: Record<string, string> = {
      "src/llm.ts": `${LLM}import { registry } from "./registry";\nexport const VERSION = "1";\nexport const pageCount = registry.length;\n`,
      "src/main.ts": `import { ask } from "./llm";\nimport { page0 } from "./page0";\nexport async function main(q: string) { return ask(q); }\nexport async function first(q: string) { return page0(q); }\n`,
    };
    const names = Array.from({ length: pages }, (_, at) => `page${at}`);
    for (const name of names) files[`src/${name}.ts`] = `import { VERSION } from "./llm";\nexport function ${name}(text: string) { return text + VERSION; }\n`;
    if (wrapping) files["src/page0.ts"] = `import { VERSION, ask } from "./llm";\nexport function page0(text: string) { return ask(text + VERSION); }\n`;
    files["src/registry.ts"] = `${names.map((name) => `import { ${name} } from "./${name}";`).join("\n")}\nexport const registry = [${names.join(", ")}];\n`;
    return files;
  };

  it("parses none of them when what they import is no wrapper, whichever file is analysed first", () => {
    const files = project(12, false);
    const first = analyseInOneRun(files, ["src/llm.ts", "src/main.ts"]);
    const second = analyseInOneRun(files, ["src/main.ts", "src/llm.ts"]);
    assert.deepEqual(first.calls, ["src/llm.ts:4 gpt-4o-mini wrapper=ask", "src/main.ts:3 gpt-4o-mini via=ask wrapper=main"]);
    assert.deepEqual(second.calls, [...first.calls].reverse());
    for (const { parsed } of [first, second]) assert.deepEqual(parsed.filter((file) => file.includes("page")), [], parsed.join(", "));
  });

  it("lookalike: one of them wrapping the cycle's wrapper is parsed, and a call through it found, in either order", () => {
    const files = project(12, true);
    for (const order of [["src/llm.ts", "src/main.ts"], ["src/main.ts", "src/llm.ts"]]) {
      const { calls, parsed } = analyseInOneRun(files, order);
      assert.ok(calls.includes("src/main.ts:4 gpt-4o-mini via=page0>ask wrapper=first"), calls.join("\n"));
      assert.ok(parsed.includes("src/page0.ts"), parsed.join(", "));
      assert.deepEqual(parsed.filter((file) => /page[1-9]/.test(file)), [], parsed.join(", "));
    }
  });
});

// Whether a file may define wrappers is asked along its imports: in an import cycle, of a file whose answer
// is still being worked out. Taken as "it may", that file was parsed and indexed for each file asking, even
// where its own answer turned out "no" (onlook-dev/onlook ab9333d: 102 such entries, none offering anything).
describe("files asking each other whether they may define wrappers", () => {
  const LLM_WITH_HELPER = `${LLM}export function helper(n: number) { return n + 1; }\n`;
  const project = (wrapping: boolean): Record<string, string> => ({
    "src/llm.ts": LLM_WITH_HELPER,
    "src/format.ts": wrapping
      ? `import { ask } from "./llm";\nimport { unit } from "./units";\nexport async function format(n: number) { return ask(String(n) + unit); }\n`
      : `import { helper } from "./llm";\nimport { unit } from "./units";\nexport function format(n: number) { return helper(n) + unit; }\n`,
    "src/units.ts": `import { format } from "./format";\nexport const unit = "kg";\nexport function show(n: number) { return format(n); }\n`,
    "src/main.ts": `import { format } from "./format";\nexport async function main() { return format(2); }\n`,
  });

  it("parses neither file of the cycle when neither does, whichever file is asked first", () => {
    for (const order of [["src/main.ts"], ["src/units.ts", "src/main.ts"]]) {
      const { calls, parsed } = analyseInOneRun(project(false), order);
      assert.deepEqual(calls, [], order.join(","));
      assert.deepEqual(parsed.filter((file) => file === "src/format.ts" || file === "src/units.ts"), [], `${order.join(",")}: ${parsed.join(", ")}`);
    }
  });

  it("lookalike: one of them wrapping the LLM call is parsed, and the calls through it found, in either order", () => {
    for (const order of [["src/main.ts", "src/units.ts"], ["src/units.ts", "src/main.ts"]]) {
      const { calls } = analyseInOneRun(project(true), order);
      assert.ok(calls.includes("src/main.ts:2 gpt-4o-mini via=format>ask"), `${order.join(",")}: ${calls.join("\n")}`);
      assert.ok(calls.includes("src/units.ts:3 gpt-4o-mini via=format>ask wrapper=show"), `${order.join(",")}: ${calls.join("\n")}`);
    }
  });
});
