import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeSource, onlyCall } from "../helpers/memory-workspace.ts";

// A helper's value is what its `return` statements give, wherever in its body they are: inside blocks,
// branches, loops, labels, `try`, `catch` and `finally`; never a `return` of a function or class inside it.

const OPENAI = `import OpenAI from "openai";\nconst client = new OpenAI();\n`;

function modelOf(helperBody: string): string | null {
  const source = `${OPENAI}function pickModel(tier: string, tiers: string[]) {\n${helperBody}\n}\nexport const ask = (tier: string) => client.chat.completions.create({ model: pickModel(tier, []), max_tokens: 50, messages: [] });\n`;
  return onlyCall(analyzeSource({ "src/ai.ts": source }, "src/ai.ts")).call.model;
}

describe("the value a function returns", () => {
  const places: [where: string, body: string][] = [
    ["a block", `{ return "gpt-4.1-mini"; }`],
    ["an if with a run-time condition", `if (tier.length > 3) { return "gpt-4.1-mini"; }\nthrow new Error(tier);`],
    ["a for loop", `for (let i = 0; i < 3; i++) return "gpt-4.1-mini";\nthrow new Error(tier);`],
    ["a for-of loop", `for (const t of tiers) { if (t) return "gpt-4.1-mini"; }\nthrow new Error(tier);`],
    ["a for-in loop", `for (const key in tiers) return "gpt-4.1-mini";\nthrow new Error(tier);`],
    ["a while loop", `while (tiers.length) { return "gpt-4.1-mini"; }\nthrow new Error(tier);`],
    ["a do-while loop", `do { return "gpt-4.1-mini"; } while (tiers.length);`],
    ["a labelled loop", `outer: for (const t of tiers) { for (const u of tiers) { if (u) return "gpt-4.1-mini"; continue outer; } }\nthrow new Error(tier);`],
    ["a switch's case", `switch (tier) { case "a": case "b": { return "gpt-4.1-mini"; } default: throw new Error(tier); }`],
    ["a try block", `try { return "gpt-4.1-mini"; } finally { tiers.pop(); }`],
    ["a catch clause", `try { JSON.parse(tier); throw new Error(tier); } catch { return "gpt-4.1-mini"; }`],
    ["a finally block", `try { JSON.parse(tier); } finally { return "gpt-4.1-mini"; }`],
  ];
  for (const [where, body] of places) {
    it(`reads a return inside ${where}`, () => {
      assert.equal(modelOf(body), "gpt-4.1-mini");
    });
  }

  it("lookalike: a return of a function or class inside the helper is not the helper's", () => {
    const model = modelOf(`const inner = () => { return "gpt-4.1-mini"; };\nclass Tier { get model() { return "o3"; } }\nreturn tier + String(inner) + String(Tier);`);
    assert.notEqual(model, "gpt-4.1-mini");
    assert.notEqual(model, "o3");
  });
});
