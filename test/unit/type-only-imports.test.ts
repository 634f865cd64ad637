import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";
import { CLIENT, GENERATOR } from "../helpers/content-generator-fixtures.ts";

describe("a class imported with `import type`", () => {
  it("follows a class imported with `import type` for a parameter typed with it, as a value import used only in types", () => {
    // gemini-cli's routing strategies: `route(context, config, baseLlmClient: BaseLlmClient)` with `import type { BaseLlmClient }`.
    const router = `import type { BaseLlmClient } from "./client";
export class ClassifierStrategy {
  async route(request: string, baseLlmClient: BaseLlmClient) {
    return baseLlmClient.summarise(request);
  }
}
`;
    // A file calling a function of a module that imports the class as a type only: that module may define wrappers.
    const classify = `import type { BaseLlmClient } from "./client";
export function classify(request: string, client: BaseLlmClient) { return client.summarise(request); }
`;
    const app = `import { classify } from "./classify";
import type { BaseLlmClient } from "./client";
export const label = (client: BaseLlmClient) => classify("is this spam?", client);
`;
    const analyses = analyzeProject({ "src/contentGenerator.ts": GENERATOR, "src/client.ts": CLIENT, "src/router.ts": router, "src/classify.ts": classify, "src/app.ts": app });
    const calls = describeCalls(analyses);
    assert.ok(calls.includes("src/router.ts:4 gemini-2.5-flash via=summarise wrapper=route"), calls.join("\n"));
    assert.ok(calls.includes("src/app.ts:3 gemini-2.5-flash via=classify>summarise wrapper=label"), calls.join("\n"));
  });
});
