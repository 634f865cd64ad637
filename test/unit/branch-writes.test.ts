import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";

// A `let` given a default and set again in the branches of one `if` / `else if` chain (settings merged with
// defaults), read after the chain: the branch the chain takes where its conditions are known.

const CLIENT = `import OpenAI from "openai";\nexport const client = new OpenAI();\n`;

function merged(chain: string): Record<string, string> {
  return {
    "src/client.ts": CLIENT,
    "src/llm.ts": [
      `import { client } from "./client";`,
      `const DEFAULTS = { model: "gpt-4o-mini" };`,
      `export async function ask(user: { model?: string | object }, question: string) {`,
      `  let finalModel: any = DEFAULTS.model;`,
      chain,
      `  return client.chat.completions.create({ model: finalModel, messages: [{ role: "user", content: question }] });`,
      `}`,
    ].join("\n"),
    "src/app.ts": `import { ask } from "./llm";\nexport async function main() {\n  return ask({ model: "gpt-4o" }, "hi");\n}\n`,
  };
}

const CHAIN = [
  `  if (user.model && typeof user.model === "object") {`,
  `    finalModel = user.model;`,
  `  } else if (user.model && typeof user.model === "string") {`,
  `    finalModel = user.model;`,
  `  }`,
].join("\n");

function modelAt(lines: string[], prefix: string): string | undefined {
  return lines.find((line) => line.startsWith(prefix))?.split(" ")[1];
}

describe("a let set in the branches of one if / else-if chain", () => {
  it("is the value of the branch taken where the conditions are known (the caller's model, not the default)", () => {
    assert.equal(modelAt(describeCalls(analyzeProject(merged(CHAIN))), "src/app.ts:3"), "gpt-4o");
  });

  it("is the default where no branch can be taken", () => {
    const files = merged(CHAIN);
    files["src/app.ts"] = `import { ask } from "./llm";\nexport async function main() {\n  return ask({ model: 42 as unknown as string }, "hi");\n}\n`;
    assert.equal(modelAt(describeCalls(analyzeProject(files)), "src/app.ts:3"), "gpt-4o-mini");
  });

  it("is not taken from a chain with a write in a loop", () => {
    const loop = [`  for (const m of ["gpt-4o"]) {`, `    if (user.model) {`, `      finalModel = m;`, `    }`, `  }`].join("\n");
    assert.notEqual(modelAt(describeCalls(analyzeProject(merged(loop))), "src/app.ts:3"), "gpt-4o-mini");
  });
});

describe("a let set in branches to a text with run-time parts (a prompt built in the branches)", () => {
  it("stays one run-time value, as before: a branch's way is taken only when it is known whole", () => {
    const files = {
      "src/client.ts": CLIENT,
      "src/llm.ts": [
        `import { client } from "./client";`,
        `export async function ask(question: string, brief: boolean) {`,
        `  let content = "Answer the question below in full, with every step of the reasoning written out.";`,
        `  if (brief) {`,
        `    content = "Answer briefly: " + question;`,
        `  }`,
        `  return client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content }] });`,
        `}`,
      ].join("\n"),
    };
    const [call] = analyzeProject(files).flatMap((analysis) => analysis.calls);
    assert.equal(call?.inputTokens.static, 7, "only the message overhead is static: the content is one run-time value");
  });
});

describe("a let corrected in a branch on its own value", () => {
  it("is left to the run-time value it corrects (`if (tools && model !== FIXED) model = FIXED`)", () => {
    const chain = [`  if (user.model && finalModel !== "gpt-4o") {`, `    finalModel = "gpt-4o";`, `  }`].join("\n");
    const files = merged(chain);
    files["src/llm.ts"] = files["src/llm.ts"]!.replace("let finalModel: any = DEFAULTS.model;", "let finalModel: any = \"ft:\" + process.env.MODEL;");
    assert.equal(modelAt(describeCalls(analyzeProject(files)), "src/app.ts:3"), "null");
  });
});
