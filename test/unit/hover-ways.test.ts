import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { buildReport } from "../../server/src/core/report.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import { hoverMarkdown } from "../../server/src/lsp/hover.ts";
import type { DocumentAnalysis } from "../../server/src/lsp/document-analysis-cache.ts";
import { analyzeSource, onlyCall, prices, ROOT } from "../helpers/memory-workspace.ts";

// A request whose model a switch picks is one request that can go several ways: the costliest stands for
// it, and the hover says so, with each way's cost, rather than naming one model as if the code sent it.

const SWITCH = [
  `import { generateText } from "ai";`,
  `import { createOpenAI } from "@ai-sdk/openai";`,
  `import { createAnthropic } from "@ai-sdk/anthropic";`,
  `function pick(provider: string) {`,
  `  switch (provider) {`,
  `    case "openai": return createOpenAI({})("gpt-4o-mini");`,
  `    case "anthropic": return createAnthropic({})("claude-3-5-haiku-latest");`,
  `    default: return createOpenAI({ baseURL: process.env.LOCAL_URL })(LOCAL_MODEL);`,
  `  }`,
  `}`,
  `const LOCAL_MODEL = "my-local-finetune";`,
  `export const ask = (provider: string, prompt: string) => generateText({ model: pick(provider), maxOutputTokens: 100, prompt });`,
  ``,
].join("\n");

function hoverOf(source: string): { hover: string; perRequest: (number | null)[] } {
  const analysis = analyzeSource({ "src/app.ts": source }, "src/app.ts");
  const priced = onlyCall(analysis);
  const hover = hoverMarkdown(priced, { filePath: path.join(ROOT, "src/app.ts"), settings: { prices: prices() } } as unknown as DocumentAnalysis);
  return { hover, perRequest: (priced.candidateCosts ?? []).map((way) => way.perRequest) };
}

describe("the hover of a request that can go several ways", () => {
  it("lists each way's model, provider and cost, and says the cost is a lower bound when a way has no price", () => {
    const { hover, perRequest } = hoverOf(SWITCH);
    const lines = hover.split("\n");
    assert.equal(perRequest.length, 3, hover);
    assert.match(lines[0]!, /^\*\*claude-3-5-haiku-latest\*\*/);
    assert.ok(lines.includes("One request, 3 ways it can go: the costliest stands for it; a way with no price may cost more, so the cost below is a lower bound."), hover);
    assert.ok(lines.some((line) => /^- gpt-4o-mini \(openai\): \$[\d.]+\/req$/.test(line)), hover);
    assert.ok(lines.some((line) => /^- claude-3-5-haiku-latest \(anthropic\): \$[\d.]+\/req$/.test(line)), hover);
    assert.ok(lines.includes("- my-local-finetune (openai): no price"), hover);
  });

  it("lookalike: a request with one model has no list of ways", () => {
    const { hover } = hoverOf(SWITCH.replace("model: pick(provider)", `model: createOpenAI({})("gpt-4o-mini")`));
    assert.ok(!hover.includes("ways it can go"), hover);
  });

  it("names each way's provider in the JSON report", () => {
    const analysis = analyzeSource({ "src/app.ts": SWITCH }, "src/app.ts");
    const report = buildReport([analysis], { cwd: ROOT, toolVersion: "0", settings: DEFAULT_SETTINGS, prices: prices(), rangeOf: () => ({ line: 1, column: 1, endLine: 1, endColumn: 1 }) });
    assert.deepEqual(
      report.calls[0]!.modelCandidates?.map(({ model, provider }) => `${model} ${provider}`),
      ["gpt-4o-mini openai", "claude-3-5-haiku-latest anthropic", "my-local-finetune openai"],
    );
  });
});
