import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject } from "../helpers/analyze-project.ts";

// A prompt template filled with `.replace`: a run-time replacement is run-time text in the prompt, where the
// placeholder was; a static replacement keeps the template's text (its length barely changes).

const TEMPLATE = "Answer from these documents only: {context}. Cite each one you use.";

function promptsOf(body: string): string[] {
  const analyses = analyzeProject({
    "src/answer.ts": [
      `import OpenAI from "openai";`,
      `const TEMPLATE = ${JSON.stringify(TEMPLATE)};`,
      `export async function answer(documents: string, pattern: RegExp) {`,
      `  const client = new OpenAI();`,
      body,
      `}`,
      ``,
    ].join("\n"),
  });
  return analyses.flatMap((analysis) => analysis.calls.map(({ call }) => call.messages.map((message) => message.parts.map((part) => (part.kind === "static" ? part.text : `<${part.kind}>`)).join("")).join(" | ")));
}

function ask(content: string): string {
  return `  await client.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 100, messages: [{ role: "user", content: ${content} }] });`;
}

describe("String replace in prompts", () => {
  it("puts a run-time replacement at the placeholder, or after the text when the pattern is only known at run time", () => {
    const prompts = promptsOf([ask(`TEMPLATE.replace("{context}", documents)`), ask(`TEMPLATE.replaceAll("{context}", documents)`), ask(`TEMPLATE.replace(pattern, documents)`)].join("\n"));
    assert.deepEqual(prompts, [
      "Answer from these documents only: <dynamic>. Cite each one you use.",
      "Answer from these documents only: <dynamic>. Cite each one you use.",
      `${TEMPLATE}<dynamic>`,
    ]);
  });

  it("keeps the template for a static replacement or a replacer function", () => {
    const prompts = promptsOf([ask(`TEMPLATE.replace("{context}", "none")`), ask(`TEMPLATE.replace(/\\{(\\w+)\\}/g, (match: string) => match.toUpperCase())`)].join("\n"));
    assert.deepEqual(prompts, [TEMPLATE, TEMPLATE]);
  });
});
