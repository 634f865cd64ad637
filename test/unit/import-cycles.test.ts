import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";

// Which files may define wrappers is decided once per run from their imports. Read while one of them is
// still being indexed (an import cycle), an answer is only partial: it must not be kept as the file's.

const LLM = `import OpenAI from "openai";\nconst client = new OpenAI();\nexport async function ask(question: string) {\n  return client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: question }] });\n}\n`;

describe("import cycles", () => {
  it("finds a wrapper of a file that imports, in a cycle, the file being indexed first", () => {
    const analyses = analyzeProject({
      // group.ts is analysed first; service.ts imports it back.
      "src/group.ts": `import { ask } from "./llm";\nimport { label } from "./service";\nexport async function groupSummary(text: string) { return ask(label + text); }\n`,
      "src/service.ts": `import { groupSummary } from "./group";\nexport const label = "Group: ";\nexport async function digest(text: string) { return groupSummary(text); }\n`,
      "src/main.ts": `import { digest } from "./service";\nexport async function main(input: string) { return digest(input); }\n`,
      "src/llm.ts": LLM,
    });
    assert.ok(describeCalls(analyses).some((call) => call.startsWith("src/main.ts:2 gpt-4o-mini via=digest>groupSummary>ask")), describeCalls(analyses).join("\n"));
  });

  it("finds nothing in a file of the cycle that calls no wrapper (its twin without a request)", () => {
    const analyses = analyzeProject({
      "src/group.ts": `import { ask } from "./llm";\nimport { label } from "./service";\nexport async function groupSummary(text: string) { return ask(label + text); }\n`,
      "src/service.ts": `import { groupSummary } from "./group";\nexport const label = "Group: ";\nexport function digest(text: string) { return text.trim(); }\n`,
      "src/main.ts": `import { digest } from "./service";\nexport async function main(input: string) { return digest(input); }\n`,
      "src/llm.ts": LLM,
    });
    assert.ok(!describeCalls(analyses).some((call) => call.startsWith("src/main.ts")), describeCalls(analyses).join("\n"));
  });
});
