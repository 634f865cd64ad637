import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeSource, NO_PRICES } from "../helpers/memory-workspace.ts";

// A model only the URL names, known at run time: the note names the expression of its own segment, not
// an earlier run-time part of the URL (a base URL from the settings) that reads the same.

function modelNotes(source: string): string[] {
  return analyzeSource({ "src/app.ts": source }, "src/app.ts", {}, NO_PRICES).calls.map(({ call }) => `${call.model} ${call.modelNote}`);
}

describe("a run-time model in the URL", () => {
  it("names the model's own segment behind a run-time base URL", () => {
    const source = `declare const settings: { googleUrl: string; model: string };
export async function ask(question: string) {
  return fetch(\`\${settings.googleUrl}/v1beta/models/\${settings.model}:generateContent\`, {
    method: "POST",
    body: JSON.stringify({ contents: [{ role: "user", parts: [{ text: question }] }] }),
  });
}`;
    assert.deepEqual(modelNotes(source), ["null not known statically: settings.model; the base URL is not known statically (settings.googleUrl): priced as google"]);
  });

  it("names an Azure deployment's own segment behind a run-time endpoint", () => {
    const source = `declare const settings: { azureUrl: string; deployment: string };
export async function ask(question: string) {
  return fetch(\`\${settings.azureUrl}/openai/deployments/\${settings.deployment}/chat/completions?api-version=2024-10-21\`, {
    method: "POST",
    body: JSON.stringify({ messages: [{ role: "user", content: question }] }),
  });
}`;
    assert.deepEqual(modelNotes(source), ["null not known statically: settings.deployment; the base URL is not known statically (settings.azureUrl): priced as openai"]);
  });
});
