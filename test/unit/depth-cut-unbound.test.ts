import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";
import { CLIENT, GENERATOR } from "../helpers/content-generator-fixtures.ts";

describe("a call whose arguments lead past the depth guard", () => {
  it("is read without them when every way they lead is cut, so the request is counted at the call", () => {
    // gemini-cli's `ensureCorrectFileContent(content, config.getBaseLlmClient())`: the config's client holds
    // the generator its factory made, decorators of decorators of the SDK object, one wrapper level each.
    const decorators = `import type { GenerateContentParameters, CountTokensParameters } from "@google/genai";
import { LoggingContentGenerator, type ContentGenerator } from "./contentGenerator";
export class RecordingContentGenerator implements ContentGenerator {
  constructor(private readonly inner: ContentGenerator) {}
  generateContent(request: GenerateContentParameters, userPromptId: string) { return this.inner.generateContent(request, userPromptId); }
  countTokens(request: CountTokensParameters) { return this.inner.countTokens(request); }
}
export class MappingContentGenerator implements ContentGenerator {
  constructor(private readonly inner: ContentGenerator) {}
  generateContent(request: GenerateContentParameters, userPromptId: string) { return this.inner.generateContent({ ...request, model: "gemini-2.5-pro" }, userPromptId); }
  countTokens(request: CountTokensParameters) { return this.inner.countTokens(request); }
}
export async function makeGenerator(generator: ContentGenerator, record: boolean) {
  const mapped = new LoggingContentGenerator(new MappingContentGenerator(generator));
  return record ? new RecordingContentGenerator(mapped) : mapped;
}
`;
    const config = `import { BaseLlmClient } from "./client";
import type { ContentGenerator } from "./contentGenerator";
import { makeGenerator } from "./decorators";
export class Config {
  private contentGenerator!: ContentGenerator;
  private baseLlmClient!: BaseLlmClient;
  async refreshAuth(generator: ContentGenerator, record: boolean) {
    this.contentGenerator = await makeGenerator(generator, record);
    this.baseLlmClient = new BaseLlmClient(this.contentGenerator);
  }
  getBaseLlmClient(): BaseLlmClient { return this.baseLlmClient; }
}
`;
    const corrector = `import type { BaseLlmClient } from "./client";
async function escapes(text: string, client: BaseLlmClient) {
  return client.summarise(text);
}
export async function correct(text: string, client: BaseLlmClient) {
  return escapes(text, client);
}
`;
    const tool = `import type { Config } from "./config";
import { correct } from "./corrector";
export async function fixText(config: Config, text: string) {
  return correct(text, config.getBaseLlmClient());
}
`;
    const analyses = analyzeProject({ "src/contentGenerator.ts": GENERATOR, "src/client.ts": CLIENT, "src/decorators.ts": decorators, "src/config.ts": config, "src/corrector.ts": corrector, "src/tool.ts": tool });
    const calls = describeCalls(analyses);
    assert.ok(calls.some((line) => line.startsWith("src/tool.ts:4 ")), calls.join("\n"));
  });
});
