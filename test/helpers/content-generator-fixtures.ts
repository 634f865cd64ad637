// gemini-cli's layout: an interface written with @google/genai's parameter types, given `googleGenAI.models`
// (wrapped in a logging decorator) by a factory, and used through a field typed with the interface.
export const GENERATOR = `import { GoogleGenAI, type GenerateContentParameters, type GenerateContentResponse, type CountTokensParameters, type CountTokensResponse } from "@google/genai";
export interface ContentGenerator {
  generateContent(request: GenerateContentParameters, userPromptId: string): Promise<GenerateContentResponse>;
  countTokens(request: CountTokensParameters): Promise<CountTokensResponse>;
}
export class LoggingContentGenerator implements ContentGenerator {
  constructor(private readonly wrapped: ContentGenerator) {}
  async generateContent(request: GenerateContentParameters, userPromptId: string) {
    console.log(userPromptId);
    return this.wrapped.generateContent(request, userPromptId);
  }
  async countTokens(request: CountTokensParameters) {
    return this.wrapped.countTokens(request);
  }
}
export async function createContentGenerator(apiKey: string): Promise<ContentGenerator> {
  const googleGenAI = new GoogleGenAI({ apiKey });
  return new LoggingContentGenerator(googleGenAI.models);
}
`;

export const CLIENT = `import type { ContentGenerator } from "./contentGenerator";
export class BaseLlmClient {
  constructor(private readonly contentGenerator: ContentGenerator) {}
  async summarise(text: string) {
    const result = await this.contentGenerator.generateContent({ model: "gemini-2.5-flash", contents: [{ role: "user", parts: [{ text: "Summarise: " + text }] }], config: { maxOutputTokens: 200 } }, "summary");
    return result.text;
  }
  async size(text: string) {
    return (await this.contentGenerator.countTokens({ model: "gemini-2.5-flash", contents: text })).totalTokens;
  }
}
`;
