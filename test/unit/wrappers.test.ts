import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { analyzeFile, toSourceRange, type AnalysisContext } from "../../server/src/core/analyze.ts";
import { applyConfig } from "../../server/src/core/config/apply-config.ts";
import { loadConfigFile } from "../../server/src/core/config/config-file.ts";
import { importBindings, MAX_WRAPPER_DEPTH, recogniserFor } from "../../server/src/core/providers/recognise.ts";
import { buildReport } from "../../server/src/core/report.ts";
import { Evaluator } from "../../server/src/core/resolve/evaluate.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import { diskFileSystem } from "../../server/src/core/workspace/file-system.ts";
import { Workspace } from "../../server/src/core/workspace/workspace.ts";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";
import { memoryFileSystem, NO_PRICES, recordParses, ROOT } from "../helpers/memory-workspace.ts";
import { modelPrice, priceTable } from "../helpers/price-fixtures.ts";

const CLIENT = `import OpenAI from "openai";\nexport const client = new OpenAI();\n`;

/** The JSON report of a small in-memory project, every file analysed with one evaluator. */
function reportOf(files: Record<string, string>, prices: ReturnType<typeof priceTable>): ReturnType<typeof buildReport> {
  const workspace = new Workspace([ROOT], memoryFileSystem(files));
  const context: AnalysisContext = { workspace, prices, settings: DEFAULT_SETTINGS, evaluator: new Evaluator(workspace) };
  const analyses = Object.keys(files).map((file) => analyzeFile(path.join(ROOT, file), context));
  return buildReport(analyses, { cwd: ROOT, toolVersion: "test", settings: DEFAULT_SETTINGS, prices, rangeOf: () => ({ line: 1, column: 1, endLine: 1, endColumn: 1 }) });
}

describe("wrapper functions", () => {
  it("turns each call site of a function forwarding its parameters into a call, with the caller's arguments", () => {
    const analyses = analyzeProject({
      "src/llm.ts": `${CLIENT}export async function ask(question: string, model = "gpt-4o-mini") {\n  return client.chat.completions.create({ model, messages: [{ role: "user", content: question }] });\n}`,
      "src/a.ts": `import { ask } from "./llm";\nexport const a = () => ask("Hello", "gpt-4.1");`,
      "src/b.ts": `import { ask as question } from "./llm";\nexport const b = () => question("Hi");`,
    });
    assert.deepEqual(describeCalls(analyses), ["src/llm.ts:4 gpt-4o-mini wrapper=ask", "src/a.ts:2 gpt-4.1 via=ask", "src/b.ts:2 gpt-4o-mini via=ask"]);
    const siteA = analyses[1]!.calls[0]!.call;
    assert.equal(siteA.messages[0]!.parts.map((part) => (part.kind === "static" ? part.text : "?")).join(""), "Hello");
  });

  it("counts a wrapper at its call sites through a module imported when the code runs: `await import`, its namespace, and `import().then`", () => {
    // zaidmukaddam/scira 7215d53 loads its title and routing helpers so in app/api/search/route.ts; they were
    // counted at the helper's own line, with none of the route's arguments.
    const analyses = analyzeProject({
      "src/llm.ts": `${CLIENT}export async function ask(question: string, model = "gpt-4o-mini") {\n  return client.chat.completions.create({ model, messages: [{ role: "user", content: question }] });\n}`,
      "src/awaited.ts": `export async function a() {\n  const { ask } = await import("./llm");\n  return ask("Summarise", "gpt-4.1");\n}`,
      "src/namespace.ts": `export async function b() {\n  const llm = await import("./llm");\n  return llm.ask("Classify", "gpt-4o");\n}`,
      "src/then.ts": `export function c() {\n  return import("./llm").then(({ ask: question }) => question("Translate", "o3"));\n}`,
    });
    assert.deepEqual(describeCalls(analyses), ["src/llm.ts:4 gpt-4o-mini wrapper=ask", "src/awaited.ts:3 gpt-4.1 via=ask", "src/namespace.ts:3 gpt-4o via=ask", "src/then.ts:2 o3 via=ask"]);
  });

  it("finds a request made with an SDK imported when the code runs (`const { default: OpenAI } = await import(\"openai\")`)", () => {
    const analyses = analyzeProject({
      "src/lazy.ts": `export async function reply() {\n  const { default: OpenAI } = await import("openai");\n  const client = new OpenAI();\n  return client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] });\n}`,
    });
    assert.deepEqual(describeCalls(analyses), ["src/lazy.ts:4 gpt-4o-mini"]);
  });

  it("follows wrappers across files three levels deep, through a barrel, an arrow and a method", () => {
    const analyses = analyzeProject({
      "src/llm/client.ts": CLIENT,
      "src/llm/complete.ts": `import { client } from "./client";\nexport function complete(content: string, model: string) {\n  return client.chat.completions.create({ model, messages: [{ role: "user", content }], max_tokens: 50 });\n}`,
      "src/llm/index.ts": `export * from "./complete";`,
      "src/service.ts": `import { complete } from "./llm";\nexport class Summaries {\n  summarise(text: string, model: string) { return complete("Summarise: " + text, model); }\n}`,
      "src/feature.ts": `import { Summaries } from "./service";\nconst summaries = new Summaries();\nexport const weekly = (stats: string, model: string) => summaries.summarise(stats, model);`,
      "src/route.ts": `import { weekly } from "./feature";\nexport async function GET() { return weekly("the stats", "gpt-4.1"); }`,
    });
    const route = describeCalls(analyses).find((line) => line.startsWith("src/route.ts"));
    assert.equal(route, "src/route.ts:2 gpt-4.1 via=weekly>summarise>complete");
  });

  it(`stops after ${MAX_WRAPPER_DEPTH} wrappers: a deeper call site is not followed`, () => {
    const files: Record<string, string> = { "src/w0.ts": `${CLIENT}export const w0 = (m: string) => client.chat.completions.create({ model: m, messages: [] });` };
    for (let level = 1; level <= MAX_WRAPPER_DEPTH; level++) {
      files[`src/w${level}.ts`] = `import { w${level - 1} } from "./w${level - 1}";\nexport const w${level} = (m: string) => w${level - 1}(m);`;
    }
    files["src/top.ts"] = `import { w${MAX_WRAPPER_DEPTH} } from "./w${MAX_WRAPPER_DEPTH}";\nw${MAX_WRAPPER_DEPTH}("gpt-4o");`;
    files["src/near.ts"] = `import { w${MAX_WRAPPER_DEPTH - 1} } from "./w${MAX_WRAPPER_DEPTH - 1}";\nw${MAX_WRAPPER_DEPTH - 1}("gpt-4o");`;
    const lines = describeCalls(analyzeProject(files));
    assert.ok(lines.some((line) => line.startsWith("src/near.ts:2 gpt-4o")));
    assert.ok(!lines.some((line) => line.startsWith("src/top.ts")));
  });

  it("treats a function declared inside another as a wrapper of its own, and stops at a parameterless arrow it calls (labelling guide: no climb through a function without parameters)", () => {
    const analyses = analyzeProject({
      "src/llm.ts": [
        CLIENT,
        `export function outer(topic: string) {`,
        `  function inner(q: string) { return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: q }] }); }`,
        `  return topic.length;`,
        `}`,
        `export function viaArrow(topic: string) {`,
        `  const run = () => client.chat.completions.create({ model: "gpt-4.1", messages: [{ role: "user", content: topic }] });`,
        `  return run();`,
        `}`,
      ].join("\n"),
      "src/a.ts": `import { outer, viaArrow } from "./llm";\nouter("x");\nviaArrow("y");`,
    });
    // outer only declares inner and never calls it: outer("x") makes no request. viaArrow's arrow takes no
    // parameters: its request is counted where it is written (an arrow with parameters: local-closures.test.ts).
    assert.deepEqual(describeCalls(analyses), ["src/llm.ts:5 gpt-4o wrapper=inner", "src/llm.ts:9 gpt-4.1"]);
  });

  describe("a wrapper whose requests are in exclusive branches makes one request per call", () => {
    const prices = priceTable({ openai: [modelPrice("small", { inputPerMTok: 0.1, outputPerMTok: 0.4 }), modelPrice("large", { inputPerMTok: 2, outputPerMTok: 8 })] });
    const request = (model: string) => `client.chat.completions.create({ model: "${model}", messages: [{ role: "user", content: q }], max_tokens: 100 })`;
    /** Each call at the call site in src/a.ts: its model, and the candidates' models when branches were merged. */
    function callSite(body: string): string[] {
      const files = {
        "src/llm.ts": `${CLIENT}export async function ask(q: string, mode: string) {\n${body}\n}`,
        "src/a.ts": `import { ask } from "./llm";\nask("hello", "fast");`,
      };
      const workspace = new Workspace([ROOT], memoryFileSystem(files));
      const context: AnalysisContext = { workspace, prices, settings: DEFAULT_SETTINGS, evaluator: new Evaluator(workspace) };
      const site = analyzeFile(path.join(ROOT, "src/a.ts"), context);
      return site.calls.map((priced) => [priced.call.model, ...(priced.candidateCosts ?? []).map((candidate) => candidate.model)].join(" "));
    }

    it("merges an early return, if/else, a conditional expression and switch clauses into the costliest branch", () => {
      assert.deepEqual(callSite(`  if (mode === "fast") return ${request("small")};\n  return ${request("large")};`), ["large small large"]);
      assert.deepEqual(callSite(`  if (mode === "fast") { const r = await ${request("small")}; return r; } else { return ${request("large")}; }`), ["large small large"]);
      assert.deepEqual(callSite(`  return mode === "fast" ? ${request("small")} : ${request("large")};`), ["large small large"]);
      assert.deepEqual(callSite(`  switch (mode) {\n    case "fast": return ${request("small")};\n    default: return ${request("large")};\n  }`), ["large small large"]);
    });

    it("keeps every request when one call can make several", () => {
      assert.deepEqual(callSite(`  const label = await ${request("small")};\n  return ${request("large")};`), ["small", "large"]);
      assert.deepEqual(callSite(`  if (mode === "fast") await ${request("small")};\n  return ${request("large")};`), ["small", "large"]);
    });

    it("keeps one request per branching helper a call reaches one after the other, each merged on its own", () => {
      const helper = `  function pick(q: string, mode: string) {\n    if (mode === "fast") return ${request("small")};\n    return ${request("large")};\n  }`;
      // Two calls of the branching helper in sequence: two requests.
      assert.deepEqual(callSite(`  const draft = await pick(q, mode);\n  return pick(String(draft), mode);\n${helper}`), ["large small large", "large small large"]);
      // Lookalike: the two calls on exclusive branches are one request.
      assert.deepEqual(callSite(`  if (mode === "draft") return pick(q, mode);\n  return pick(q, "review");\n${helper}`), ["large small large"]);
    });
  });

  it("adds to a wrapper its calls of a local wrapper found after it (a method calling a later method of its class on one branch)", () => {
    const api = (helper: string) =>
      [
        CLIENT,
        `export interface Api { chat(body: { model: string; input: string }): Promise<unknown>; }`,
        `export class OpenAIApi implements Api {`,
        `  async chat(body: { model: string; input: string }) {`,
        `    if (body.model.startsWith("o")) return this.responses(body);`,
        `    return client.chat.completions.create({ model: body.model, messages: [{ role: "user", content: body.input }] });`,
        `  }`,
        `  async responses(body: { model: string; input: string }) {`,
        `    return ${helper};`,
        `  }`,
        `}`,
      ].join("\n");
    const use = `import type { Api } from "./api";\nexport async function run(api: Api, q: string) {\n  return api.chat({ model: "gpt-4o", input: q });\n}\n`;
    const withRequest = describeCalls(analyzeProject({ "src/api.ts": api(`client.responses.create({ model: body.model, input: body.input })`), "src/use.ts": use }));
    // The responses branch is a site of chat: reached from the call site, not left counted on its own.
    assert.ok(withRequest.includes("src/api.ts:7 null via=responses wrapper=chat"), withRequest.join("\n"));
    // Lookalike: a later method that makes no request is no site.
    const withHelper = describeCalls(analyzeProject({ "src/api.ts": api(`body.input.trim()`), "src/use.ts": use }));
    assert.deepEqual(withHelper, ["src/api.ts:8 null wrapper=chat", "src/use.ts:3 gpt-4o via=chat wrapper=run"]);
  });

  it("does not treat a function without parameters, or a lookalike with the same name, as a wrapper", () => {
    const analyses = analyzeProject({
      "src/llm.ts": `${CLIENT}export function daily() { return client.chat.completions.create({ model: "gpt-4o", messages: [] }); }\nexport function ask(q: string) { return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: q }] }); }`,
      "src/a.ts": `import { daily } from "./llm";\ndaily();`,
      "src/b.ts": `const ask = (q: string) => q.length;\nask("not an LLM call");`,
    });
    assert.deepEqual(describeCalls(analyses), ["src/llm.ts:3 gpt-4o", "src/llm.ts:4 gpt-4o wrapper=ask"]);
  });

  it("leaves the call inside a wrapper out of the report's totals when its call sites are reported", () => {
    const prices = priceTable({ openai: [modelPrice("gpt-4o")] });
    const files = {
      "src/llm.ts": `${CLIENT}export const ask = (q: string) => client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: q }], max_tokens: 10 });`,
      "src/a.ts": `import { ask } from "./llm";\nask("one");`,
      "src/b.ts": `import { ask } from "./llm";\nask("two");`,
    };
    const report = reportOf(files, prices);
    const inner = report.calls.find((call) => call.file === "src/llm.ts")!;
    assert.equal(inner.countedAtCallSites, true);
    const sites = report.calls.filter((call) => call.via);
    assert.equal(sites.length, 2);
    assert.deepEqual(sites[0]!.via, [{ function: "ask", file: "src/llm.ts", line: 3 }]);
    const expected = sites.reduce((sum, call) => sum + call.costUsd.monthly!, 0);
    assert.ok(Math.abs(report.summary.monthlyUsd - Math.round(expected * 100) / 100) < 0.011);
  });

  it("counts as unpriced only the calls in the total: a wrapper's own call whose model is its parameter is not one", () => {
    const prices = priceTable({ openai: [modelPrice("gpt-4o")] });
    const files = {
      "src/llm.ts": `${CLIENT}export const ask = (model: string, q: string) => client.chat.completions.create({ model, messages: [{ role: "user", content: q }], max_tokens: 10 });`,
      "src/a.ts": `import { ask } from "./llm";\nask("gpt-4o", "one");`,
      "src/b.ts": `import { ask } from "./llm";\nask("no-such-model-anywhere", "two");`,
    };
    const report = reportOf(files, prices);
    const inner = report.calls.find((call) => call.file === "src/llm.ts")!;
    assert.equal(inner.countedAtCallSites, true);
    assert.equal(inner.costUsd.perRequest, null);
    assert.equal(report.summary.unpricedCalls, 1);
  });

  it("parses a file that names no SDK method only when it imports a module with wrappers and names one", () => {
    const files = {
      "src/llm.ts": `${CLIENT}export const ask = (q: string) => client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: q }] });`,
      "src/util.ts": `export const add = (a: number, b: number) => a + b;`,
      "src/uses-wrapper.ts": `import { ask } from "./llm";\nask("x");`,
      "src/uses-util.ts": `import { add } from "./util";\nadd(1, 2);`,
      "src/imports-llm-only-types.ts": `import { client } from "./llm";\nexport const c = client;`,
    };
    const workspace = new Workspace([ROOT], memoryFileSystem(files));
    const recogniser = recogniserFor(new Evaluator(workspace));
    const may = (file: string) => recogniser.mayCallWrappers(path.join(ROOT, file), files[file as keyof typeof files]);
    assert.equal(may("src/uses-wrapper.ts"), true);
    assert.equal(may("src/uses-util.ts"), false);
    assert.equal(may("src/imports-llm-only-types.ts"), false);
  });

  it("does not parse a file that names a request method when its imports reach no SDK, and still finds calls through imported clients", () => {
    const files = {
      // date-fns-like: names `parse`, imports only project code that imports no SDK (with a cycle).
      "src/dates/parse.ts": `import { toDate } from "./toDate";\nexport function parse(text: string) { return toDate(text); }\nparse("2026-01-01");`,
      "src/dates/toDate.ts": `import { parse } from "./parse";\nexport const toDate = (text: string) => new Date(text);\nexport const again = parse;`,
      // The client is made two files away, behind a tsconfig-style relative chain and an import cycle.
      "src/llm/setup.ts": `import OpenAI from "openai";\nimport { label } from "./client";\nexport const make = () => new OpenAI({ defaultHeaders: { label } });`,
      "src/llm/client.ts": `import { make } from "./setup";\nexport const client = make();\nexport const label = "x";`,
      "src/llm/index.ts": `export { client } from "./client";`,
      "src/uses-client.ts": `import { client } from "./llm/index";\nclient.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] });`,
      "src/required.js": `const { OpenAI } = require("openai");\nnew OpenAI().responses.create({ model: "gpt-4.1", input: "hi" });`,
    };
    const workspace = new Workspace([ROOT], memoryFileSystem(files));
    const parsed = recordParses(workspace);
    const context: AnalysisContext = { workspace, prices: NO_PRICES, settings: DEFAULT_SETTINGS, evaluator: new Evaluator(workspace) };
    const analyses = Object.keys(files).map((file) => analyzeFile(path.join(ROOT, file), context));
    assert.deepEqual(
      analyses.flatMap((analysis) => analysis.calls.map(({ call }) => `${path.relative(ROOT, call.file)} ${call.model}`)),
      ["src/uses-client.ts gpt-4o", "src/required.js gpt-4.1"],
    );
    assert.ok(!parsed.includes("src/dates/parse.ts"), `parsed: ${parsed.join(", ")}`);
    assert.ok(!parsed.includes("src/dates/toDate.ts"), `parsed: ${parsed.join(", ")}`);
    const recogniser = recogniserFor(new Evaluator(workspace));
    const reaches = (file: keyof typeof files) => recogniser.mayReachSdk(path.join(ROOT, file), files[file]);
    // Asked from inside the cycle first, then from outside it: the answers do not depend on the order.
    assert.equal(reaches("src/llm/client.ts"), true);
    assert.equal(reaches("src/dates/toDate.ts"), false);
    assert.equal(reaches("src/dates/parse.ts"), false);
    assert.equal(reaches("src/uses-client.ts"), true);
  });

  it("recognises a function declared in the config's wrappers, matching its module, and not a namesake", () => {
    const settings = { wrappers: [{ function: "callLLM", module: "@acme/llm-kit", promptArg: 0, modelArg: 1, provider: "openai" }] };
    const analyses = analyzeProject(
      {
        "src/a.ts": `import { callLLM } from "@acme/llm-kit";\ncallLLM("Classify: hello", "gpt-4.1-nano");`,
        "src/b.ts": `import { callLLM } from "./local";\ncallLLM("x", "y");`,
        "src/local.ts": `export const callLLM = (a: string, b: string) => a + b;`,
      },
      settings,
    );
    const calls = analyses.flatMap((analysis) => analysis.calls.map(({ call }) => `${path.relative(ROOT, call.file)} ${call.sdk} ${call.provider} ${call.model}`));
    assert.deepEqual(calls, ["src/a.ts custom openai gpt-4.1-nano"]);
  });
});

describe("the fixture app (test/fixtures/app)", () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/app");
  const files = ["src/llm/clients.ts", "src/llm/complete.ts", "src/llm/ask.ts", "src/llm/index.ts", "src/prompts/index.ts", "src/services/tickets.ts", "src/services/support.ts", "src/routes/tickets.ts", "src/routes/support.ts", "src/queue/messages.ts"];

  function lintFixture() {
    const loaded = loadConfigFile(path.join(root, "promptcost.config.json"), diskFileSystem);
    assert.ok(loaded.ok);
    const settings = applyConfig(DEFAULT_SETTINGS, loaded.config);
    const workspace = new Workspace([root]);
    const context: AnalysisContext = { workspace, prices: NO_PRICES, settings, evaluator: new Evaluator(workspace) };
    const analyses = files.map((file) => analyzeFile(path.join(root, file), context));
    return { analyses, workspace, settings };
  }

  it("finds each request where its cost is decided, through the client, prompts and wrapper modules", () => {
    const { analyses } = lintFixture();
    const lines = analyses.flatMap((analysis) =>
      analysis.calls.map(({ call }) => {
        const candidates = call.modelCandidates ? ` (${call.modelCandidates.join("|")})` : "";
        return `${path.relative(root, call.file)}:${call.range.line} ${call.sdk}/${call.provider} ${call.model}${candidates} cap=${call.outputCap}${call.via ? ` via=${call.via.map((hop) => hop.function).join(">")}` : ""}${call.wrapper ? " [in wrapper]" : ""}`;
      }),
    );
    assert.deepEqual(lines, [
      "src/llm/complete.ts:9 openai/openai gpt-4.1-mini cap=400 [in wrapper]",
      "src/llm/ask.ts:5 openai/openai null cap=400 via=complete [in wrapper]",
      "src/services/tickets.ts:5 openai/openai gpt-4.1-mini cap=400 via=ask>complete [in wrapper]",
      "src/services/support.ts:10 anthropic/anthropic claude-sonnet-4-5 cap=600 [in wrapper]",
      // Route handlers take a request, so they are marked as wrappers too; nothing calls them, so they count.
      "src/routes/tickets.ts:6 openai/openai gpt-4.1 (gpt-4.1|gpt-4.1-mini) cap=400 via=summariseTicket>ask>complete [in wrapper]",
      "src/routes/tickets.ts:7 openai/openai gpt-4.1-nano cap=16 via=complete [in wrapper]",
      "src/routes/support.ts:8 anthropic/anthropic claude-sonnet-4-5 cap=600 via=draftReply [in wrapper]",
      "src/routes/support.ts:9 custom/openai gpt-4.1-nano cap=null [in wrapper]",
    ]);
  });

  it("reads the support policy from the raw import into the system prompt", () => {
    const { analyses } = lintFixture();
    const support = analyses.find((analysis) => analysis.file.endsWith("routes/support.ts"))!.calls[0]!.call;
    const system = support.messages[0]!;
    assert.equal(system.role, "system");
    assert.match(system.parts[0]!.kind === "static" ? system.parts[0]!.text : "", /ACME Storage/);
  });

  it("counts the wrappers' own calls once, at their call sites, in the report", () => {
    const { analyses, workspace, settings } = lintFixture();
    const report = buildReport(analyses, {
      cwd: root,
      toolVersion: "test",
      settings,
      prices: NO_PRICES,
      rangeOf: (file, offsets) => toSourceRange(workspace.getParsedFile(file)!, offsets),
    });
    assert.deepEqual(
      report.calls.filter((call) => call.countedAtCallSites).map((call) => `${call.file}:${call.line}`),
      ["src/llm/complete.ts:9", "src/llm/ask.ts:5", "src/services/tickets.ts:5", "src/services/support.ts:10"],
    );
  });

  it("reports nothing in the app's own queue, whose methods look like an SDK's", () => {
    const { analyses } = lintFixture();
    assert.deepEqual(analyses.find((analysis) => analysis.file.endsWith("queue/messages.ts"))!.calls, []);
  });
});

describe("which imported files are parsed for wrappers", () => {
  it("reads what each import statement takes, from the text alone", () => {
    const text = [
      `import OpenAI from "openai";`,
      `import def, { ask, other as renamed, type Shape } from "./llm";`,
      `import * as everything from "./all";`,
      `import type { OnlyTypes } from "./types";`,
      `import "./side-effect";`,
      `export { wrap } from "./wrappers";`,
      `export * from "./barrel";`,
      `const legacy = require("./legacy");`,
      `const lazy = await import("./lazy");`,
      `import {\n  multi,\n  line,\n} from "./multi";`,
    ].join("\n");
    assert.deepEqual(importBindings(text), [
      { specifier: "openai", names: ["default"] },
      { specifier: "./llm", names: ["ask", "other", "default"] },
      { specifier: "./all", names: "all" },
      { specifier: "./wrappers", names: ["wrap"] },
      { specifier: "./barrel", names: "all" },
      { specifier: "./legacy", names: "all" },
      { specifier: "./lazy", names: "all" },
      { specifier: "./multi", names: ["multi", "line"] },
    ]);
  });

  const LLM = `import OpenAI from "openai";\nconst client = new OpenAI();\nexport function helper(n: number) { return n + 1; }\nexport function ask(question: string) {\n  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: question }] });\n}\n`;

  it("a file importing only a plain helper of a module that calls an LLM has no calls; one importing its wrapper does, also two levels up", () => {
    const calls = describeCalls(
      analyzeProject({
        "src/llm.ts": LLM,
        "src/plain.ts": `import { helper } from "./llm";\nexport function twice(n: number) { return helper(helper(n)); }\ntwice(1);\n`,
        "src/feature.ts": `import { ask } from "./llm";\nexport function answer(q: string) { return ask("Be brief. " + q); }\n`,
        "src/page.ts": `import { answer } from "./feature";\nanswer("What is new?");\n`,
      }),
    );
    assert.equal(calls.filter((call) => call.startsWith("src/plain.ts")).length, 0, calls.join("\n"));
    assert.equal(calls.filter((call) => call.startsWith("src/page.ts")).length, 1, calls.join("\n"));
  });

  // Whether a function makes a request is all the index asks of its calls: what an AI SDK request sends (its
  // prompt, schema and options) is read where a call site reads it, not while the index is made. On
  // elie222/inbox-zero 4f70dce, opening one file made its imports' entries read every feature's prompt.
  describe("the index reads whether an AI SDK call is a request, not what it sends", () => {
    const files = {
      "src/prompts.ts": `export const PROMPT = "Summarise the thread in one sentence.";\n`,
      "src/feature.ts": `import { generateText } from "ai";\nimport { openai } from "@ai-sdk/openai";\nimport { PROMPT } from "./prompts";\nexport async function summarise(thread: string) {\n  return generateText({ model: openai("gpt-4o-mini"), system: PROMPT, prompt: thread });\n}\n`,
      "src/routes.ts": `import { summarise } from "./feature";\nexport const handlers = { summarise };\n`,
    };

    it("a file only holding the feature makes its entry without reading the prompt's module; the feature's own analysis reads it", () => {
      const workspace = new Workspace([ROOT], memoryFileSystem(files));
      const parsed = recordParses(workspace);
      const context: AnalysisContext = { workspace, prices: NO_PRICES, settings: DEFAULT_SETTINGS, evaluator: new Evaluator(workspace) };
      assert.deepEqual(analyzeFile(path.join(ROOT, "src/routes.ts"), context).calls, []);
      assert.ok(recogniserFor(context.evaluator!).isWrapper(workspace.getParsedFile(path.join(ROOT, "src/feature.ts"))!.sourceFile.statements[3]!), "summarise is a wrapper");
      assert.ok(!parsed.includes("src/prompts.ts"), parsed.join(", "));
      const [call] = analyzeFile(path.join(ROOT, "src/feature.ts"), context).calls.map(({ call }) => call);
      assert.equal(call?.model, "gpt-4o-mini");
      assert.ok(call!.messages.some((message) => message.role === "system" && message.parts.some((part) => part.kind === "static" && part.text.includes("one sentence"))), JSON.stringify(call?.messages));
    });

    it("lookalike: a mock model still makes no request, and no wrapper", () => {
      const mocked = { ...files, "src/feature.ts": files["src/feature.ts"].replace(`import { openai } from "@ai-sdk/openai";`, `import { MockLanguageModelV2 } from "ai/test";\nconst openai = (_name: string) => new MockLanguageModelV2();`) };
      const workspace = new Workspace([ROOT], memoryFileSystem(mocked));
      const context: AnalysisContext = { workspace, prices: NO_PRICES, settings: DEFAULT_SETTINGS, evaluator: new Evaluator(workspace) };
      analyzeFile(path.join(ROOT, "src/routes.ts"), context);
      const feature = workspace.getParsedFile(path.join(ROOT, "src/feature.ts"))!;
      const summarise = feature.sourceFile.statements.find((statement) => statement.getText().includes("async function summarise"))!;
      assert.equal(recogniserFor(context.evaluator!).isWrapper(summarise), false);
    });
  });
});
