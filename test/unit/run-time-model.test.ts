// Models decided at run time: defaults from committed env example files, the config's `env` and
// `defaults.model`, the `// promptcost: model=ID` comment; each stated as an assumption.
import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { analyzeFile, type AnalysisContext } from "../../server/src/core/analyze.ts";
import { buildReport } from "../../server/src/core/report.ts";
import { Evaluator } from "../../server/src/core/resolve/evaluate.ts";
import { parseEnvFile } from "../../server/src/core/resolve/run-time-values.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import { Workspace } from "../../server/src/core/workspace/workspace.ts";
import { hoverMarkdown } from "../../server/src/lsp/hover.ts";
import type { DocumentAnalysis } from "../../server/src/lsp/document-analysis-cache.ts";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";
import { applyFix } from "../helpers/apply-fix.ts";
import { analyzeSource, memoryFileSystem, onlyCall, prices, ROOT } from "../helpers/memory-workspace.ts";

const OPENAI = `import OpenAI from "openai";\nconst client = new OpenAI();\n`;
const withModel = (model: string) => `${OPENAI}export const ask = (settings: { model?: string }) => client.chat.completions.create({ model: ${model}, max_tokens: 50, messages: [] });\n`;

describe("models decided at run time", () => {
  it("takes the branch a user who copied the env example gets when an env variable decides the provider", () => {
    const providers = [
      `import { createOpenAI } from "@ai-sdk/openai";`,
      `import { createFireworks } from "@ai-sdk/fireworks";`,
      `import { generateText } from "ai";`,
      `const openai = process.env.OPENAI_KEY ? createOpenAI({ apiKey: process.env.OPENAI_KEY }) : undefined;`,
      `const fireworks = process.env.FIREWORKS_KEY ? createFireworks({ apiKey: process.env.FIREWORKS_KEY }) : undefined;`,
      `const o3Mini = openai?.("o3-mini");`,
      `const deepSeek = fireworks ? fireworks("accounts/fireworks/models/deepseek-r1") : undefined;`,
      `function getModel() {`,
      `  const model = deepSeek ?? o3Mini;`,
      `  if (!model) throw new Error("No model found");`,
      `  return model;`,
      `}`,
      `export const ask = (prompt: string) => generateText({ model: getModel(), prompt });`,
    ].join("\n");
    const example = 'OPENAI_KEY="YOUR_KEY"\n# If you want DeepSeek R1 on fireworks.ai:\n# FIREWORKS_KEY="YOUR_KEY"\n';
    assert.equal(onlyCall(analyzeSource({ ".env.example": example, "src/ai.ts": providers }, "src/ai.ts")).call.model, "o3-mini");
    // The example sets FIREWORKS_KEY: that branch is the one a user gets.
    assert.equal(onlyCall(analyzeSource({ ".env.example": `${example}FIREWORKS_KEY="YOUR_KEY"\n`, "src/ai.ts": providers }, "src/ai.ts")).call.model, "accounts/fireworks/models/deepseek-r1");
    // Lookalike: no env example, so nothing says which key is set; the choice is not made from an absent file.
    assert.notEqual(onlyCall(analyzeSource({ "src/ai.ts": providers }, "src/ai.ts")).call.model, "o3-mini");
  });

  it("a function declared to return a model type returns the model a provider package made: that model stands, not the declared type", () => {
    const providers = (declared: string) =>
      [
        `import { createOpenAI } from "@ai-sdk/openai";`,
        `import { generateObject, type LanguageModelV1 } from "ai";`,
        `const openai = process.env.OPENAI_KEY ? createOpenAI({ apiKey: process.env.OPENAI_KEY }) : undefined;`,
        `const customModel = process.env.CUSTOM_MODEL ? openai?.(process.env.CUSTOM_MODEL) : undefined;`,
        `const o3Mini = openai?.("o3-mini", { structuredOutputs: true });`,
        `export function getModel()${declared} {`,
        `  if (customModel) return customModel;`,
        `  if (!o3Mini) throw new Error("No model found");`,
        `  return o3Mini as LanguageModelV1;`,
        `}`,
        `export const ask = (prompt: string) => generateObject({ model: getModel(), prompt, schema: {} as never });`,
      ].join("\n");
    const example = 'OPENAI_KEY="YOUR_KEY"\n# CUSTOM_MODEL="llama3.1"\n';
    assert.equal(onlyCall(analyzeSource({ ".env.example": example, "src/ai.ts": providers(": LanguageModelV1") }, "src/ai.ts")).call.model, "o3-mini");
    assert.equal(onlyCall(analyzeSource({ ".env.example": example, "src/ai.ts": providers("") }, "src/ai.ts")).call.model, "o3-mini");
    // Lookalike: what the function returns is a value of a package no adapter knows; the declared project class stands.
    const analyses = analyzeProject({
      "src/llm.ts": `import OpenAI from "openai";\nconst client = new OpenAI();\nexport class Llm {\n  complete(prompt: string) {\n    return client.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 10, messages: [{ role: "user", content: prompt }] });\n  }\n}\n`,
      "src/use.ts": `import { Llm } from "./llm";\nimport { loadPlugin } from "plugin-host";\nfunction getLlm(): Llm {\n  return loadPlugin("llm") as Llm;\n}\nexport const run = (prompt: string) => getLlm().complete(prompt);\n`,
    });
    assert.ok(describeCalls(analyses).includes("src/use.ts:6 gpt-4o-mini via=complete wrapper=run"), describeCalls(analyses).join("\n"));
  });

  it("takes the first of two env reads the example states (`env.SMALL_MODEL ?? env.MODEL`), through the objects a helper returns", () => {
    const source = [
      OPENAI,
      `function availability(enabled: boolean) {`,
      `  if (!enabled) return { available: false };`,
      `  const model = process.env.SMALL_MODEL ?? process.env.MODEL;`,
      `  return { available: true, model };`,
      `}`,
      `export const ask = (enabled: boolean) => client.chat.completions.create({ model: availability(enabled).model, max_tokens: 50, messages: [] });`,
    ].join("\n");
    assert.equal(onlyCall(analyzeSource({ ".env.example": "MODEL=gpt-4.1\nSMALL_MODEL=gpt-4.1-nano\n", "src/app.ts": source }, "src/app.ts")).call.model, "gpt-4.1-nano");
    // Lookalike: the example leaves the small model out, so the other read's default stands.
    assert.equal(onlyCall(analyzeSource({ ".env.example": "MODEL=gpt-4.1\n", "src/app.ts": source }, "src/app.ts")).call.model, "gpt-4.1");
  });

  it("takes an env variable's default from a committed .env.example, stated as an assumption", () => {
    const call = onlyCall(analyzeSource({ ".env.example": "# which model\nexport LLM_MODEL=gpt-4.1-mini # cheap\nOPENAI_API_KEY=\n", "src/app.ts": withModel("process.env.LLM_MODEL") }, "src/app.ts"));
    assert.equal(call.call.model, "gpt-4.1-mini");
    assert.deepEqual(call.call.modelAssumption, { kind: "env-file", name: "LLM_MODEL", file: path.join(ROOT, ".env.example") });
    assert.equal(call.call.modelNote, "assumed: LLM_MODEL=gpt-4.1-mini from ../.env.example");
    assert.notEqual(call.cost.perRequest, null);
  });

  it("keeps the env default through a guard that only reads the variable (`if (!model) throw`)", () => {
    const source = `${OPENAI}export async function ask(prompt: string, chosen?: string) {\n  const model = chosen ?? process.env.LLM_MODEL;\n  if (!model) throw new Error("no model");\n  return client.chat.completions.create({ model, max_tokens: 50, messages: [{ role: "user", content: prompt }] });\n}\n`;
    const call = onlyCall(analyzeSource({ ".env.example": "LLM_MODEL=gpt-4.1-mini\n", "src/app.ts": source }, "src/app.ts"));
    assert.equal(call.call.model, "gpt-4.1-mini");
  });

  it("reads .env.sample and .env.template too, never .env or .env.local (secrets)", () => {
    assert.equal(onlyCall(analyzeSource({ ".env.sample": "LLM_MODEL=gpt-4.1\n", "src/app.ts": withModel("process.env.LLM_MODEL") }, "src/app.ts")).call.model, "gpt-4.1");
    assert.equal(onlyCall(analyzeSource({ ".env.template": "LLM_MODEL='gpt-4.1'\n", "src/app.ts": withModel("process.env.LLM_MODEL") }, "src/app.ts")).call.model, "gpt-4.1");
    const secret = onlyCall(analyzeSource({ ".env": "LLM_MODEL=gpt-4.1\n", ".env.local": "LLM_MODEL=gpt-4.1\n", "src/app.ts": withModel("process.env.LLM_MODEL") }, "src/app.ts"));
    assert.equal(secret.call.model, null);
  });

  it("prefers the committed default over the code's fallback (`??` and `||`), and states the fallback when there is none", () => {
    const files = (env: string, operator: string) => ({ ...(env ? { ".env.example": env } : {}), "src/app.ts": withModel(`process.env.LLM_MODEL ${operator} "gpt-4o-mini"`) });
    assert.equal(onlyCall(analyzeSource(files("LLM_MODEL=gpt-4.1\n", "??"), "src/app.ts")).call.model, "gpt-4.1");
    assert.equal(onlyCall(analyzeSource(files("LLM_MODEL=gpt-4.1\n", "||"), "src/app.ts")).call.model, "gpt-4.1");
    const fallback = onlyCall(analyzeSource(files("LLM_MODEL=\n", "??"), "src/app.ts"));
    assert.equal(fallback.call.model, "gpt-4o-mini");
    assert.deepEqual(fallback.call.modelAssumption, { kind: "code-fallback", name: "process.env.LLM_MODEL" });
  });

  it("states a model id chosen over a run-time branch (`x === \"a\" ? \"gpt-5\" : x`) as the code's fallback of that value, not as the model", () => {
    const ternary = onlyCall(analyzeSource({ "src/app.ts": withModel(`settings.model === "openai/gpt-5" ? "gpt-5" : settings.model`) }, "src/app.ts"));
    assert.equal(ternary.call.model, "gpt-5");
    assert.deepEqual(ternary.call.modelAssumption, { kind: "code-fallback", name: "settings.model" });
    const two = onlyCall(analyzeSource({ "src/app.ts": withModel(`settings.model === "a" ? "gpt-4.1" : settings.model === "b" ? "gpt-4.1-mini" : settings.model`) }, "src/app.ts"));
    assert.equal(two.call.modelNote, "one of gpt-4.1, gpt-4.1-mini (priced at the most expensive); another branch not known statically (settings.model)");
    // The run-time side read from a package's value (a Next.js request's body).
    const route = [
      `import { NextRequest } from "next/server";`,
      OPENAI,
      `export async function POST(request: NextRequest) {`,
      `  const { model } = await request.json();`,
      `  return client.chat.completions.create({ model: model === "openai/gpt-5" ? "gpt-5" : model, max_tokens: 50, messages: [] });`,
      `}`,
    ].join("\n");
    assert.deepEqual(onlyCall(analyzeSource({ "src/route.ts": route }, "src/route.ts")).call.modelAssumption, { kind: "code-fallback", name: "model" });
    // Every branch known: the model is one of them, no run-time value to name.
    const known = onlyCall(analyzeSource({ "src/app.ts": withModel(`settings.model ? "gpt-4.1" : "gpt-4.1-mini"`) }, "src/app.ts"));
    assert.equal(known.call.modelAssumption, undefined);
    assert.equal(known.call.modelNote, "one of gpt-4.1, gpt-4.1-mini (priced at the most expensive)");
  });

  it("takes an env example's placeholder (`your-deployment-name`, `<model>`) for no model: the code's fallback or the expression stands", () => {
    const files = (env: string, fallback: string) => ({ ".env.example": env, "src/app.ts": withModel(`process.env.LLM_MODEL${fallback}`) });
    const withFallback = onlyCall(analyzeSource(files("LLM_MODEL=your-deployment-name\n", ` || "gpt-4o-mini"`), "src/app.ts"));
    assert.equal(withFallback.call.model, "gpt-4o-mini");
    assert.deepEqual(withFallback.call.modelAssumption, { kind: "code-fallback", name: "process.env.LLM_MODEL" });
    assert.equal(onlyCall(analyzeSource(files("LLM_MODEL=<model>\n", ""), "src/app.ts")).call.model, null);
    assert.equal(onlyCall(analyzeSource(files("LLM_MODEL=your-model\n", ""), "src/app.ts")).call.model, null);
    assert.equal(onlyCall(analyzeSource(files("LLM_MODEL=yourmodel-v2\n", ""), "src/app.ts")).call.model, "yourmodel-v2");
  });

  it("takes the nearest env example walking up, and none outside the workspace roots", () => {
    const files = { ".env.example": "LLM_MODEL=gpt-4.1\n", "apps/web/.env.example": "LLM_MODEL=gpt-4.1-nano\n", "apps/web/src/app.ts": withModel("process.env.LLM_MODEL"), "apps/api/src/app.ts": withModel("process.env.LLM_MODEL") };
    assert.equal(onlyCall(analyzeSource(files, "apps/web/src/app.ts")).call.model, "gpt-4.1-nano");
    assert.equal(onlyCall(analyzeSource(files, "apps/api/src/app.ts")).call.model, "gpt-4.1");
    // The workspace is apps/api: the repository's root .env.example lies outside it.
    const workspace = new Workspace([path.join(ROOT, "apps/api")], memoryFileSystem(files));
    const analysis = analyzeFile(path.join(ROOT, "apps/api/src/app.ts"), { workspace, prices: prices(), settings: DEFAULT_SETTINGS });
    assert.equal(onlyCall(analysis).call.model, null);
  });

  it("reads a typed env object (t3-env createEnv imported from ~/env) and import.meta.env", () => {
    const t3 = {
      ".env.example": "DEFAULT_LLM_MODEL=gpt-4.1\n",
      "tsconfig.json": `{ "compilerOptions": { "paths": { "~/*": ["./src/*"] } } }`,
      "src/env.ts": `import { createEnv } from "@t3-oss/env-nextjs";\nimport { z } from "zod";\nexport const env = createEnv({ server: { DEFAULT_LLM_MODEL: z.string() }, runtimeEnv: process.env });\n`,
      "src/app.ts": `${OPENAI}import { env } from "~/env";\nexport const ask = () => client.chat.completions.create({ model: env.DEFAULT_LLM_MODEL, max_tokens: 50, messages: [] });\n`,
    };
    const call = onlyCall(analyzeSource(t3, "src/app.ts"));
    assert.equal(call.call.model, "gpt-4.1");
    assert.equal(call.call.modelAssumption?.kind, "env-file");
    assert.equal(onlyCall(analyzeSource({ ".env.example": "VITE_MODEL=gpt-4.1\n", "src/app.ts": withModel("import.meta.env.VITE_MODEL") }, "src/app.ts")).call.model, "gpt-4.1");
  });

  it("never lets an env default change a prompt or a base URL: only a model read takes it", () => {
    const files = {
      ".env.example": "SYSTEM_PROMPT=You are a very long and detailed assistant prompt\nOPENAI_BASE_URL=http://localhost:11434/v1\n",
      "src/app.ts": `import OpenAI from "openai";\nconst client = new OpenAI({ baseURL: process.env.OPENAI_BASE_URL });\nexport const ask = () => client.chat.completions.create({ model: "gpt-4.1", max_tokens: 50, messages: [{ role: "system", content: process.env.SYSTEM_PROMPT }] });\n`,
    };
    const call = onlyCall(analyzeSource(files, "src/app.ts"));
    assert.equal(call.call.provider, "openai");
    assert.deepEqual(call.call.messages[0]!.parts.map((part) => part.kind), ["dynamic"]);
  });

  it("takes config env (env names and app settings, winning over env files) and defaults.model as the last fallback", () => {
    const files = { ".env.example": "LLM_MODEL=gpt-4.1\n", "src/app.ts": withModel("process.env.LLM_MODEL") };
    const configured = onlyCall(analyzeSource(files, "src/app.ts", { env: { LLM_MODEL: "gpt-4.1-nano" } }));
    assert.deepEqual([configured.call.model, configured.call.modelAssumption], ["gpt-4.1-nano", { kind: "config-env", name: "LLM_MODEL" }]);
    const setting = onlyCall(analyzeSource({ "src/app.ts": withModel("settings?.model") }, "src/app.ts", { env: { "settings.model": "gpt-4.1-mini" } }));
    assert.deepEqual([setting.call.model, setting.call.modelAssumption], ["gpt-4.1-mini", { kind: "config-env", name: "settings.model" }]);
    const fallback = onlyCall(analyzeSource({ "src/app.ts": withModel("settings.model") }, "src/app.ts", { defaultModel: "gpt-4.1" }));
    assert.deepEqual([fallback.call.model, fallback.call.modelAssumption], ["gpt-4.1", { kind: "defaults-model" }]);
    // A model the code fixes is not replaced by defaults.model.
    assert.equal(onlyCall(analyzeSource({ "src/app.ts": withModel(`"gpt-4o"`) }, "src/app.ts", { defaultModel: "gpt-4.1" })).call.model, "gpt-4o");
  });

  it("takes the config env key the message names even when the expression is built in a helper, written nowhere", () => {
    // `primaryModel.model` is what the value is called after the helper's destructuring and spread: no
    // property read in the code says it, yet no-unknown-model offers it as the env key.
    const source = [
      `import { generateText } from "ai";`,
      `function selectModel(options: { primary: any }) {`,
      `  const { primaryModel } = options.primary;`,
      `  return { ...primaryModel, fallbackModels: [] };`,
      `}`,
      `export async function judge(options: { primary: any }, prompt: string) {`,
      `  const { model } = selectModel(options);`,
      `  return generateText({ model, prompt, maxOutputTokens: 100 });`,
      `}`,
    ].join("\n");
    const unset = analyzeSource({ "src/judge.ts": source }, "src/judge.ts");
    assert.match(unset.findings.find((candidate) => candidate.rule === "no-unknown-model")!.message, /"env": \{ "primaryModel\.model": "ID" \}/);
    const configured = onlyCall(analyzeSource({ "src/judge.ts": source }, "src/judge.ts", { env: { "primaryModel.model": "claude-sonnet-4-5", "primaryModel?.other": "x" } }));
    assert.deepEqual([configured.call.model, configured.call.modelAssumption], ["claude-sonnet-4-5", { kind: "config-env", name: "primaryModel.model" }]);
    assert.notEqual(configured.cost.perRequest, null);
    assert.equal(configured.call.modelSource, undefined);
    // An env variable's name is no expression key: it is read where the variable is, never matched to a label.
    assert.equal(onlyCall(analyzeSource({ "src/judge.ts": source }, "src/judge.ts", { env: { primaryModel: "gpt-4.1" } })).call.model, null);
  });

  it("keeps a model the config's env states beside an object another branch returns", () => {
    // inbox-zero's bridge: the candidate's model, or a model object built for one provider. The stated model
    // was dropped for the object, so setting the key the message offers made the call's model unknown.
    const source = [
      `import { generateText } from "ai";`,
      `function bridged(name: string) { return { specificationVersion: "v2", modelId: name, doGenerate: async () => ({}) }; }`,
      `function bridge({ provider, model }: { provider: string; model: any }) {`,
      `  if (provider !== "claude-code") return { model, bridged: false };`,
      `  return { model: bridged(provider), bridged: true };`,
      `}`,
      `export async function ask(candidate: { provider: string; model: any }, prompt: string) {`,
      `  const { model } = bridge({ provider: candidate.provider, model: candidate.model });`,
      `  return generateText({ model, prompt, maxOutputTokens: 100 });`,
      `}`,
    ].join("\n");
    const call = onlyCall(analyzeSource({ "src/ask.ts": source }, "src/ask.ts", { env: { "candidate.model": "claude-sonnet-4-5" } }));
    assert.equal(call.call.model, "claude-sonnet-4-5");
    assert.notEqual(call.cost.perRequest, null);
    // Lookalike: with nothing stated, the run-time value is still no model.
    assert.equal(onlyCall(analyzeSource({ "src/ask.ts": source }, "src/ask.ts")).call.model, null);
  });

  it("takes // promptcost: model=ID above the call over anything the code says", () => {
    const source = `${OPENAI}export const ask = (m: string) => {\n  // promptcost: model=gpt-4.1-mini feature=chat\n  return client.chat.completions.create({ model: m, max_tokens: 50, messages: [] });\n};\n`;
    const call = onlyCall(analyzeSource({ "src/app.ts": source }, "src/app.ts"));
    assert.deepEqual([call.call.model, call.call.modelAssumption, call.feature], ["gpt-4.1-mini", { kind: "annotation" }, "chat"]);
    assert.notEqual(call.cost.perRequest, null);
  });

  it("lists every assumption of a call in the JSON report, the model's source included", () => {
    const files = { ".env.example": "LLM_MODEL=gpt-4.1-mini\n", "src/app.ts": withModel("process.env.LLM_MODEL").replace("max_tokens: 50, ", "") };
    const analysis = analyzeSource(files, "src/app.ts");
    const report = buildReport([analysis], { cwd: ROOT, toolVersion: "0", settings: DEFAULT_SETTINGS, prices: prices(), rangeOf: () => ({ line: 1, column: 1, endLine: 1, endColumn: 1 }) });
    assert.deepEqual(report.calls[0]!.assumptions, [
      { subject: "model", value: "gpt-4.1-mini", source: "env-file", name: "LLM_MODEL", file: ".env.example" },
      { subject: "requestsPerDay", value: 1000, source: "settings" },
      { subject: "outputTokens", value: 500, source: "settings" },
    ]);
  });

  it("states the assumed model in the hover", () => {
    const priced = onlyCall(analyzeSource({ ".env.example": "LLM_MODEL=gpt-4.1-mini\n", "src/app.ts": withModel("process.env.LLM_MODEL") }, "src/app.ts"));
    const hover = hoverMarkdown(priced, { filePath: path.join(ROOT, "src/app.ts"), settings: { prices: prices() } } as unknown as DocumentAnalysis);
    assert.match(hover.split("\n")[0]!, /^\*\*gpt-4\.1-mini\*\*.*assumed: LLM\\?_MODEL=gpt-4\.1-mini from \.\.\/\.env\.example/);
  });

  it("reads each env file once per run, however many calls read env variables", () => {
    const files: Record<string, string> = { ".env.example": "LLM_MODEL=gpt-4.1\n" };
    for (let index = 0; index < 5; index++) files[`src/app${index}.ts`] = withModel("process.env.LLM_MODEL");
    const fileSystem = memoryFileSystem(files);
    const reads = new Map<string, number>();
    const counting = { ...fileSystem, readFile: (file: string) => (reads.set(file, (reads.get(file) ?? 0) + 1), fileSystem.readFile(file)) };
    const workspace = new Workspace([ROOT], counting);
    const context: AnalysisContext = { workspace, prices: prices(), settings: DEFAULT_SETTINGS, evaluator: new Evaluator(workspace) };
    for (let index = 0; index < 5; index++) assert.equal(onlyCall(analyzeFile(path.join(ROOT, `src/app${index}.ts`), context)).call.model, "gpt-4.1");
    assert.equal(reads.get(path.join(ROOT, ".env.example")), 1);
  });

  it("parses dotenv lines: export, quotes, comments, empty values", () => {
    assert.deepEqual([...parseEnvFile(`# c\nexport A=1\nB="two # not a comment"\nC='3' # note\nD=\nE = five # five\n  F=six=6\n`)], [
      ["A", "1"],
      ["B", "two # not a comment"],
      ["C", "3"],
      ["E", "five"],
      ["F", "six=6"],
    ]);
  });
});

describe("no-unknown-model on a model only known at run time", () => {
  it("names the expression and the three ways to say the model, never 'not known statically (not known statically)'", () => {
    const finding = analyzeSource({ "src/app.ts": withModel("process.env.LLM_MODEL") }, "src/app.ts").findings.find((candidate) => candidate.rule === "no-unknown-model")!;
    assert.equal(
      finding.message,
      "Cost unknown: the model comes from `process.env.LLM_MODEL`, only known at run time; say which model runs with `// promptcost: model=ID` above the call, \"env\": { \"LLM_MODEL\": \"ID\" } or \"defaults\": { \"model\": \"ID\" } in promptcost.config.json, or a default for LLM_MODEL in a committed .env.example.",
    );
    const object = analyzeSource({ "src/app.ts": withModel(`{ id: "gpt-4.1" }`) }, "src/app.ts").findings.find((candidate) => candidate.rule === "no-unknown-model")!;
    assert.doesNotMatch(object.message, /not known statically \(not known statically\)/);
    assert.match(object.message, /comes from `\{ id: "gpt-4\.1" \}`/);
    // The config's env takes env names and property paths: a call or an object is offered defaults.model only.
    assert.match(object.message, /above the call, "defaults": \{ "model": "ID" \} in promptcost\.config\.json/);
    const setting = analyzeSource({ "src/app.ts": withModel("settings?.model") }, "src/app.ts").findings.find((candidate) => candidate.rule === "no-unknown-model")!;
    assert.match(setting.message, /"env": \{ "settings\.model": "ID" \} or "defaults"/);
  });

  it("has a quick fix that inserts the annotation above the call, lined up with it, or adds model= to one already there", () => {
    const source = `${OPENAI}export async function ask(m: string) {\n  const reply = await client.chat.completions.create({ model: m, max_tokens: 50, messages: [] });\n  return reply;\n}\n`;
    const finding = analyzeSource({ "src/app.ts": source }, "src/app.ts").findings.find((candidate) => candidate.rule === "no-unknown-model")!;
    assert.equal(finding.fix?.needsInput, true);
    const fixed = applyFix(source, finding.fix!);
    assert.ok(fixed.includes(`{\n  // promptcost: model=\n  const reply = await`), fixed);
    // Filled in, the annotation prices the call.
    const filled = fixed.replace("model=\n", "model=gpt-4.1\n");
    assert.equal(onlyCall(analyzeSource({ "src/app.ts": filled }, "src/app.ts")).call.model, "gpt-4.1");
    const annotated = source.replace("  const reply", "  // promptcost: feature=chat\n  const reply");
    const second = analyzeSource({ "src/app.ts": annotated }, "src/app.ts").findings.find((candidate) => candidate.rule === "no-unknown-model")!;
    assert.ok(applyFix(annotated, second.fix!).includes("// promptcost: feature=chat model=\n"));
  });
});
