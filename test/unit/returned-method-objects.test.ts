import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, countedCalls, describeCalls } from "../helpers/analyze-project.ts";

// An object of methods bound to a name the function returns (`const methods = { ... }; return methods;`) is
// handed out as if written in the `return`: a call of one of its methods on what the function returned is
// the request, wherever that call is written.

const LLM = `import OpenAI from "openai";
const client = new OpenAI();
export function createAssistant(system: string) {
  const methods = {
    async ask(question: string) {
      return client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "system", content: system }, { role: "user", content: question }] });
    },
  };
  return methods;
}
`;

describe("an object of methods returned by name", () => {
  it("counts a method's request where another file calls it on what the factory returned", () => {
    const analyses = analyzeProject({
      "src/llm.ts": LLM,
      "src/app.ts": `import { createAssistant } from "./llm";\nconst assistant = createAssistant("Be brief.");\nawait assistant.ask("What is 2 + 2?");\n`,
    });
    assert.deepEqual(countedCalls(analyses), ["src/app.ts:3"]);
    assert.deepEqual(describeCalls(analyses), ["src/llm.ts:6 gpt-4o-mini wrapper=ask", "src/app.ts:3 gpt-4o-mini via=ask"]);
  });
});
