import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";

// TypeChat's shape: a factory of factories hands out `{ complete }`, a function declared inside it that posts
// to the URL the factory was given, retrying until the response is OK; a translator factory hands out
// `{ translate }`, which calls `model.complete` on the model it was given, with at most one repair.
const MODEL = [
  `export interface LanguageModel {`,
  `  complete(prompt: string): Promise<string>;`,
  `}`,
  `export function createLanguageModel(env: Record<string, string | undefined>): LanguageModel {`,
  `  if (env.AZURE_KEY) return createAzureLanguageModel(env.AZURE_KEY);`,
  `  return createOpenAILanguageModel(env.OPENAI_API_KEY ?? "", "gpt-4o-mini");`,
  `}`,
  `export function createOpenAILanguageModel(apiKey: string, model: string, endPoint = "https://api.openai.com/v1/chat/completions"): LanguageModel {`,
  `  return createFetchLanguageModel(endPoint, { Authorization: "Bearer " + apiKey }, { model });`,
  `}`,
  `export function createAzureLanguageModel(apiKey: string): LanguageModel {`,
  `  return createFetchLanguageModel("https://example.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21", { "api-key": apiKey }, {});`,
  `}`,
  `function createFetchLanguageModel(url: string, headers: object, defaultParams: object) {`,
  `  const model: LanguageModel = { complete };`,
  `  return model;`,
  ``,
  `  async function complete(prompt: string) {`,
  `    let retryCount = 0;`,
  `    while (true) {`,
  `      const options = { method: "POST", body: JSON.stringify({ ...defaultParams, messages: [{ role: "user", content: prompt }], max_tokens: 300 }), headers: { ...headers } };`,
  `      let response: Response;`,
  `      try {`,
  `        response = await fetchWithTimeout(url, options, 30000);`,
  `      } catch (e) {`,
  `        if (retryCount >= 3) throw e;`,
  `        retryCount++;`,
  `        continue;`,
  `      }`,
  `      if (response.ok) {`,
  `        const json = await response.json();`,
  `        return json.choices[0].message.content as string;`,
  `      }`,
  `      if (retryCount >= 3) throw new Error("REST API error " + response.status);`,
  `      retryCount++;`,
  `    }`,
  `  }`,
  `}`,
  `async function fetchWithTimeout(url: string, options: RequestInit, timeoutMs: number): Promise<Response> {`,
  `  options.signal = AbortSignal.timeout(timeoutMs);`,
  `  return fetch(url, options);`,
  `}`,
].join("\n");

const TRANSLATOR = [
  `import { LanguageModel } from "./model";`,
  `export function createJsonTranslator(model: LanguageModel, typeName: string) {`,
  `  const translator = { model, attemptRepair: true, translate };`,
  `  return translator;`,
  ``,
  `  async function translate(request: string) {`,
  `    const prompt = ["Translate into JSON of type " + typeName + ": " + request];`,
  `    let attemptRepair = translator.attemptRepair;`,
  `    while (true) {`,
  `      const text = await model.complete(prompt.join("\\n"));`,
  `      const validation = validate(text);`,
  `      if (validation.success) return validation.data;`,
  `      if (!attemptRepair) throw new Error("invalid JSON: " + validation.message);`,
  `      prompt.push(text, "That was not JSON. Answer again.");`,
  `      attemptRepair = false;`,
  `    }`,
  `  }`,
  `}`,
  `function validate(text: string): { success: true; data: object } | { success: false; message: string } {`,
  `  return text.startsWith("{") ? { success: true, data: { text } } : { success: false, message: "not JSON" };`,
  `}`,
].join("\n");

const MAIN = [
  `import { createLanguageModel } from "./model";`,
  `import { createJsonTranslator } from "./translator";`,
  `const model = createLanguageModel(process.env);`,
  `const translator = createJsonTranslator(model, "Order");`,
  `async function main() {`,
  `  console.log(await model.complete("Say hello"));`,
  `  console.log(await translator.translate("two lattes"));`,
  `}`,
  `main();`,
].join("\n");

describe("methods a factory hands out", () => {
  it("counts a request where the handed-out method is called, its URL the one its factory's factory was given, retried until the response is OK", () => {
    const described = describeCalls(analyzeProject({ "src/model.ts": MODEL, "src/translator.ts": TRANSLATOR, "src/main.ts": MAIN }));
    assert.ok(described.some((line) => line.startsWith("src/main.ts:6 ") && line.includes("via=complete")), described.join("\n"));
    assert.ok(!described.some((line) => line.startsWith("src/main.ts:3 ")), `the factory's call makes no request:\n${described.join("\n")}`);
  });

  it("counts a request where a method calling the model its factory was given is called, one repair at most", () => {
    const described = describeCalls(analyzeProject({ "src/model.ts": MODEL, "src/translator.ts": TRANSLATOR, "src/main.ts": MAIN }));
    assert.ok(described.some((line) => line.startsWith("src/main.ts:7 ") && line.includes("via=translate")), described.join("\n"));
    assert.ok(!described.some((line) => line.startsWith("src/main.ts:4 ")), `the factory's call makes no request:\n${described.join("\n")}`);
  });
});
