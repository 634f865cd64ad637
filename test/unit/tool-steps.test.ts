// An AI SDK call given tools and a step limit runs a request per step, as many as the model's tool calls make,
// up to the limit: one step is priced, and the lens, hover, JSON and stylish table say so.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as path from "node:path";
import { formatStylish } from "../../server/src/cli/reporters/stylish.ts";
import { buildReport } from "../../server/src/core/report.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import { codeLensTitle } from "../../server/src/lsp/code-lens.ts";
import type { DocumentAnalysis } from "../../server/src/lsp/document-analysis-cache.ts";
import { hoverMarkdown } from "../../server/src/lsp/hover.ts";
import { analyzeSource, onlyCall, ROOT } from "../helpers/memory-workspace.ts";
import { TEST_PRICES } from "../helpers/price-fixtures.ts";

const agent = (options: string) =>
  [
    `import { generateText, stepCountIs, isStepCount, hasToolCall, tool } from "ai";`,
    `import { openai } from "@ai-sdk/openai";`,
    `const MAX_STEPS = 8;`,
    `const search = tool({ description: "search", execute: async () => "found" });`,
    `export async function run(task: string, limit: number) {`,
    `  return generateText({ model: openai("gpt-4.1"), maxOutputTokens: 300, prompt: task, ${options} });`,
    `}`,
  ].join("\n");
const analysed = (options: string) => analyzeSource({ "src/agent.ts": agent(options) }, "src/agent.ts", {}, TEST_PRICES);
const reportOf = (options: string) => buildReport([analysed(options)], { cwd: "/project", toolVersion: "0.0.0", settings: DEFAULT_SETTINGS, prices: TEST_PRICES, rangeOf: () => ({ line: 6, column: 10, endLine: 6, endColumn: 20 }) });

describe("tool steps of an AI SDK call", () => {
  it("reads the limit from `stopWhen: stepCountIs(N)` (a constant, or the smallest of several conditions) and `maxSteps`", () => {
    assert.deepEqual(onlyCall(analysed("tools: { search }, stopWhen: stepCountIs(MAX_STEPS)")).call.toolSteps, { max: 8, setBy: "stopWhen" });
    assert.deepEqual(onlyCall(analysed("tools: { search }, stopWhen: [hasToolCall(\"done\"), stepCountIs(12), stepCountIs(5)]")).call.toolSteps, { max: 5, setBy: "stopWhen" });
    assert.deepEqual(onlyCall(analysed("tools: { search }, maxSteps: 3")).call.toolSteps, { max: 3, setBy: "maxSteps" });
  });

  it("reads `isStepCount(N)`, the condition's later name", () => {
    assert.deepEqual(onlyCall(analysed("tools: { search }, stopWhen: isStepCount(4)")).call.toolSteps, { max: 4, setBy: "stopWhen" });
  });

  it("gives a `ToolLoopAgent` with tools and no limit the AI SDK's default of 20 steps", () => {
    const agentCall = (settings: string) =>
      onlyCall(
        analyzeSource(
          {
            "src/agent.ts": [
              `import { ToolLoopAgent, stepCountIs } from "ai";`,
              `import { openai } from "@ai-sdk/openai";`,
              `const search = { description: "search", execute: async () => "found" };`,
              `const agent = new ToolLoopAgent({ model: openai("gpt-4.1"), maxOutputTokens: 300, ${settings} });`,
              `export const answer = (question: string) => agent.generate({ prompt: question });`,
            ].join("\n"),
          },
          "src/agent.ts",
          {},
          TEST_PRICES,
        ),
      ).call.toolSteps;
    assert.deepEqual(agentCall("tools: { search }"), { max: 20, setBy: "ToolLoopAgent's default" });
    assert.deepEqual(agentCall("tools: { search }, stopWhen: stepCountIs(3)"), { max: 3, setBy: "stopWhen" });
    assert.equal(agentCall("instructions: \"Answer.\""), undefined);
  });

  it("has none without tools, with one step, or with a limit only known at run time", () => {
    for (const options of ["stopWhen: stepCountIs(8)", "tools: { search }", "tools: { search }, stopWhen: stepCountIs(1)", "tools: { search }, stopWhen: stepCountIs(limit)"]) {
      assert.equal(onlyCall(analysed(options)).call.toolSteps, undefined, options);
    }
  });

  it("says one step is priced in the JSON, the lens, the hover and the stylish table", () => {
    const options = "tools: { search }, stopWhen: stepCountIs(MAX_STEPS)";
    const report = reportOf(options);
    const json = report.calls[0]!;
    assert.deepEqual(json.toolSteps, { max: 8, setBy: "stopWhen" });
    assert.deepEqual(json.assumptions?.find((assumption) => assumption.subject === "toolSteps"), { subject: "toolSteps", value: 1, source: "assumed: the model decides how many steps, up to 8", name: "stopWhen" });
    const priced = onlyCall(analysed(options));
    assert.match(codeLensTitle(priced), /· 1 of ≤8 tool steps ·/);
    const hover = hoverMarkdown(priced, { filePath: path.join(ROOT, "src/agent.ts"), settings: { prices: TEST_PRICES } } as unknown as DocumentAnalysis);
    assert.match(hover, /one tool step priced: the model decides how many steps a call runs, up to 8 \(`stopWhen`\)/);
    const stylish = formatStylish(report, { color: false, quiet: false, verbose: true, width: 200 });
    assert.match(stylish, /\(1 of ≤8 steps\)/);
    assert.match(stylish, /A call with tool steps is priced for one step/);
  });
});

describe("a function whose request runs tool steps set up elsewhere (morphic's research agent)", () => {
  // `researcher()` builds a ToolLoopAgent with tools and a step limit; `executeStream` streams it. The agent's
  // steps are the model's to decide, so `executeStream` is no wrapper: its request stays where the agent runs.
  const files = (stopWhen: string) => ({
    "lib/agents/researcher.ts": `import { ToolLoopAgent, isStepCount, tool } from "ai";
import { openai } from "@ai-sdk/openai";
const search = tool({ description: "search", execute: async () => "found" });
export function researcher({ model, quick }: { model: string; quick: boolean }) {
  let maxSteps: number;
  if (quick) maxSteps = 20;
  else maxSteps = 50;
  return new ToolLoopAgent({ model: openai(model), instructions: "Research the question.", tools: { search }${stopWhen} });
}`,
    "lib/streaming/stream.ts": `import { researcher } from "../agents/researcher";
export async function executeStream(question: string, model: string) {
  const researchAgent = researcher({ model, quick: question.length < 40 });
  const result = await researchAgent.stream({ prompt: question });
  return result;
}`,
    "app/api/chat/route.ts": `import { executeStream } from "../../../lib/streaming/stream";
export async function POST(request: Request) {
  const { question } = await request.json();
  return executeStream(question, "gpt-4.1");
}`,
  });
  /** Each file's calls: line, the wrappers it goes through, and the wrapper it sits in (counted at that one's callers). */
  const calls = (stopWhen: string) => {
    const all = files(stopWhen);
    return Object.keys(all).flatMap((file) => analyzeSource(all, file, {}, TEST_PRICES).calls.map(({ call }) => `${file}:${call.range.line} via [${call.via?.map((hop) => hop.function).join(" > ") ?? ""}]${call.wrapper ? ` in ${call.wrapper.name}` : ""}`));
  };

  it("is counted where the agent runs, not at the callers of the function running it", () => {
    assert.deepEqual(calls(", stopWhen: isStepCount(maxSteps)"), ["lib/streaming/stream.ts:4 via []"]);
  });

  it("with a limit of one step, the function is a wrapper counted at its callers (the lookalike)", () => {
    assert.deepEqual(calls(", stopWhen: isStepCount(1)"), ["lib/streaming/stream.ts:4 via [] in executeStream", "app/api/chat/route.ts:4 via [executeStream] in POST"]);
  });
});
