import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, countedCalls, describeCalls } from "../helpers/analyze-project.ts";
import { CLIENT, GENERATOR } from "../helpers/content-generator-fixtures.ts";

describe("a project interface written as an SDK's own surface", () => {
  it("stands for the SDK object: a call through a field typed with it is the SDK's request", () => {
    const analyses = analyzeProject({ "src/contentGenerator.ts": GENERATOR, "src/client.ts": CLIENT });
    const calls = describeCalls(analyses);
    assert.ok(calls.includes("src/client.ts:5 gemini-2.5-flash wrapper=summarise"), calls.join("\n"));
    assert.ok(calls.includes("src/client.ts:9 gemini-2.5-flash wrapper=size"), calls.join("\n"));
    // The decorator's own calls are sites of its methods, counted where the client calls them.
    assert.deepEqual(countedCalls(analyses), ["src/client.ts:5", "src/client.ts:9"]);
  });

  it("is not taken for an interface naming the SDK's types under other method names", () => {
    const source = `import type { GenerateContentParameters } from "@google/genai";
export interface Renderer { render(request: GenerateContentParameters): Promise<string>; }
export class Page {
  constructor(private readonly renderer: Renderer) {}
  show() { return this.renderer.render({ model: "gemini-2.5-flash", contents: "hi" }); }
}
`;
    assert.deepEqual(describeCalls(analyzeProject({ "src/page.ts": source })), []);
  });
});
