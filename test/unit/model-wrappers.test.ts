// Model wrappers: a traced or decorated model is read as the model it wraps, and a wrapped model only
// known at run time is named by where it comes from, not by the wrapper.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeSource, NO_PRICES, onlyCall } from "../helpers/memory-workspace.ts";

const AI = `import { generateText } from "ai";\nimport { openai } from "@ai-sdk/openai";\n`;

/** The one call's model, and the no-unknown-model message when there is one. */
function modelOf(source: string, files: Record<string, string> = {}) {
  const analysis = analyzeSource({ "src/app.ts": source, ...files }, "src/app.ts", {}, NO_PRICES);
  const { call } = onlyCall(analysis);
  return { model: call.model, provider: call.provider, message: analysis.findings.find((finding) => finding.rule === "no-unknown-model")?.message };
}

describe("model wrappers", () => {
  it("reads the model PostHog's withTracing wraps, directly and through a project helper that may skip it", () => {
    const direct = `${AI}import { withTracing } from "@posthog/ai/vercel";\ndeclare const posthog: any;\ngenerateText({ model: withTracing(openai("gpt-4.1-mini"), posthog, { posthogDistinctId: "u" }), prompt: "a" });`;
    assert.deepEqual(modelOf(direct).model, "gpt-4.1-mini");
    const helper = [
      AI,
      `import { withTracing } from "@posthog/ai";`,
      `declare const posthog: any;`,
      `function traced(model: any) {`,
      `  if (!posthog) return model;`,
      `  return withTracing(model, posthog, {});`,
      `}`,
      `generateText({ model: traced(openai("gpt-4o")), prompt: "a" });`,
    ].join("\n");
    const read = modelOf(helper);
    assert.equal(`${read.provider} ${read.model}`, "openai gpt-4o");
  });

  it("names the env variable a traced model comes from, with the ways to say which model runs", () => {
    const source = `${AI}import { withTracing } from "@posthog/ai/vercel";\ndeclare const posthog: any;\ngenerateText({ model: withTracing(openai(process.env.LLM_MODEL!), posthog, {}), prompt: "a" });`;
    const { model, message } = modelOf(source);
    assert.equal(model, null);
    assert.match(message ?? "", /comes from `process\.env\.LLM_MODEL`/);
    assert.match(message ?? "", /"env": \{ "LLM_MODEL": "ID" \}/);
    assert.match(message ?? "", /a default for LLM_MODEL in a committed \.env\.example/);
    // The env example's default is the model a user gets.
    assert.equal(modelOf(source, { ".env.example": "LLM_MODEL=gpt-4.1\n" }).model, "gpt-4.1");
  });

  it("reads braintrust's and LangSmith's wrapAISDKModel", () => {
    assert.equal(modelOf(`${AI}import { wrapAISDKModel } from "braintrust";\ngenerateText({ model: wrapAISDKModel(openai("o3-mini")), prompt: "a" });`).model, "o3-mini");
    assert.equal(modelOf(`${AI}import { wrapAISDKModel } from "langsmith/wrappers/vercel";\ngenerateText({ model: wrapAISDKModel(openai("o4-mini"), {}), prompt: "a" });`).model, "o4-mini");
  });

  it("looks through another package's function only when its first argument is a model", () => {
    // A tracing helper of an unlisted package, given a model: the model.
    assert.equal(modelOf(`${AI}import { withTracing } from "acme-tracing";\ngenerateText({ model: withTracing(openai("gpt-4.1-nano")), prompt: "a" });`).model, "gpt-4.1-nano");
    // A lookalike given something else: the wrapper's result stays unknown, and is named as what the model comes from.
    const lookalike = modelOf(`${AI}import { withTracing } from "acme-tracing";\ndeclare const handler: any;\ngenerateText({ model: withTracing(handler, "gpt-4o"), prompt: "a" });`);
    assert.equal(lookalike.model, null);
    assert.match(lookalike.message ?? "", /comes from `acme-tracing\.withTracing\(…\)`/);
    // PostHog's own withTracing is looked through even when the model it wraps is only known at run time.
    const known = modelOf(`${AI}import { withTracing } from "@posthog/ai";\ndeclare const handler: any;\ngenerateText({ model: withTracing(handler, {}), prompt: "a" });`);
    assert.match(known.message ?? "", /comes from `handler`/);
  });

  it("reads the model a package function is given as the `model` of its settings, in a custom provider too", () => {
    // A retrying wrapper (`createRetryable({ model, retries })`): the model it runs first.
    const retrying = `import { createRetryable } from "ai-retry";\nimport { google } from "@ai-sdk/google";\n`;
    assert.equal(modelOf(`${AI}${retrying}generateText({ model: createRetryable({ model: openai("gpt-4.1"), retries: [google("gemini-2.5-flash")] }), prompt: "a" });`).model, "gpt-4.1");
    const table = [
      `import { generateText, customProvider } from "ai";`,
      retrying,
      `const provider = customProvider({ languageModels: { title: createRetryable({ model: google("gemini-2.5-flash-lite"), retries: [] }) } });`,
      `generateText({ model: provider.languageModel("title"), prompt: "a" });`,
    ].join("\n");
    assert.equal(modelOf(table).model, "gemini-2.5-flash-lite");
    // Settings whose `model` is no model (an id, a handler): the function's result stays unknown.
    assert.equal(modelOf(`${AI}import { makeModel } from "acme-models";\ngenerateText({ model: makeModel({ model: "gpt-4o" }), prompt: "a" });`).model, null);
  });

  it("reads the model an object literal decorates by copying its identity or spreading it", () => {
    const copying = [
      AI,
      `function unprefixed(model: any) {`,
      `  return { specificationVersion: model.specificationVersion, provider: model.provider, modelId: model.modelId,`,
      `    async doGenerate(...args: unknown[]) { return model.doGenerate(...args); } };`,
      `}`,
      `generateText({ model: unprefixed(openai("gpt-4.1")), prompt: "a" });`,
    ].join("\n");
    assert.equal(modelOf(copying).model, "gpt-4.1");
    const spreading = `${AI}const base = openai("gpt-4o-mini");\ngenerateText({ model: { ...base, doStream: async () => base.doStream() }, prompt: "a" });`;
    assert.equal(modelOf(spreading).model, "gpt-4o-mini");
    const envModel = `${AI}declare const env: { CHAT_MODEL: string };\nconst base = openai(env.CHAT_MODEL);\ngenerateText({ model: { ...base, doGenerate: async () => base.doGenerate() }, prompt: "a" });`;
    assert.match(modelOf(envModel).message ?? "", /comes from `env\.CHAT_MODEL`/);
  });

  it("does not take an object that only resembles a decorator for the model it mentions", () => {
    // Settings that spread run-time options and name a provider: not a model, and not read as one.
    const settings = `${AI}declare const options: any;\ngenerateText({ model: { ...options, provider: "openai" }, prompt: "a" });`;
    assert.equal(modelOf(settings).model, null);
    // A property of another name copied from a model is no copy of its identity.
    const renamed = `${AI}const base = openai("gpt-4o");\ngenerateText({ model: { provider: base.modelId }, prompt: "a" });`;
    assert.equal(modelOf(renamed).model, null);
  });

  it("names where a model only a spread of run-time content sets comes from, instead of calling it missing", () => {
    const destructured = [
      AI,
      `declare function pick(): { model: any; fallbackModels: any[] };`,
      `function getModel() { const primary = pick(); return { ...primary, hasUserApiKey: false }; }`,
      `const { model } = getModel();`,
      `generateText({ model, prompt: "a" });`,
    ].join("\n");
    const read = modelOf(destructured);
    assert.equal(read.model, null);
    assert.match(read.message ?? "", /comes from `primary\.model`/);
    // A request with no model written and nothing that may set one still has no model parameter.
    assert.match(modelOf(`${AI}generateText({ prompt: "a" });`).message ?? "", /no model parameter/);
  });
});

describe("where a model known only by its type comes from", () => {
  const typed = `import { generateText, type LanguageModel } from "ai";\n`;

  it("names the parameter or the function whose annotation gives the model's type", () => {
    assert.match(modelOf(`${typed}export function ask(model: LanguageModel) { return generateText({ model, prompt: "a" }); }`).message ?? "", /comes from `model`, only known at run time/);
    const cached = `${typed}const cache = new Map<string, LanguageModel>();\nconst getCachedModel = (key: string): LanguageModel | undefined => cache.get(key);\ngenerateText({ model: getCachedModel("k")!, prompt: "a" });`;
    assert.match(modelOf(cached).message ?? "", /comes from `getCachedModel\(…\)`, only known at run time/);
  });

  it("names a package class made with new by its path", () => {
    const made = `import { generateText } from "ai";\nimport { CustomModel } from "custom-models";\ngenerateText({ model: new CustomModel(), prompt: "a" });`;
    assert.match(modelOf(made).message ?? "", /comes from `new custom-models\.CustomModel\(…\)`/);
  });
});

