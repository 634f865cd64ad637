import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";

// A variable assigned a wrapper by name (`const run = fast ? quickAnswer : fullAnswer`, `completionFn =
// startConversationMessage` in a switch): a call of the variable is a call of what it may hold.

const LLM = [
  `import OpenAI from "openai";`,
  `const client = new OpenAI();`,
  `export async function quickAnswer(question: string) {`,
  `  return client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: question }] });`,
  `}`,
  `export async function fullAnswer(question: string) {`,
  `  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: question }] });`,
  `}`,
].join("\n");

describe("variables holding a wrapper", () => {
  it("a call of a variable assigned one wrapper or another is a call of those wrappers; a variable holding anything else is not", () => {
    const analyses = analyzeProject({
      "src/llm.ts": LLM,
      "src/agent.ts": [
        `import { quickAnswer, fullAnswer } from "./llm";`,
        `export async function respond(question: string, fast: boolean) {`,
        `  const run = fast ? quickAnswer : fullAnswer;`,
        `  return run(question);`,
        `}`,
        `export async function route(question: string, kind: string) {`,
        `  let completionFn;`,
        `  switch (kind) {`,
        `    case "quick":`,
        `      completionFn = quickAnswer;`,
        `      break;`,
        `    default:`,
        `      throw new Error(kind);`,
        `  }`,
        `  return completionFn(question);`,
        `}`,
        `export function shout(question: string) {`,
        `  const say = String;`,
        `  return say(question);`,
        `}`,
      ].join("\n"),
    });
    const agentLines = describeCalls(analyses).filter((call) => call.startsWith("src/agent.ts:")).map((call) => call.split(" ")[0]);
    assert.deepEqual([...new Set(agentLines)], ["src/agent.ts:4", "src/agent.ts:15"]);
  });
});
