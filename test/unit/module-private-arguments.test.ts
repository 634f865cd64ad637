// A typed parameter of a function only its module calls, each call passing a `new`, read at the function's own
// request line: the instances the calls make, not every class its type names (server/src/core/resolve/module-private-arguments.ts).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeInOrder } from "../helpers/analyze-project.ts";

const LLMS = `import OpenAI from "openai";
import Anthropic from "@anthropic-ai/sdk";
export abstract class BaseLLM {
  abstract chat(text: string): Promise<unknown>;
}
export class Fast extends BaseLLM {
  private client = new OpenAI();
  chat(text: string) {
    return this.client.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 100, messages: [{ role: "user", content: text }] });
  }
}
export class Smart extends BaseLLM {
  private client = new OpenAI();
  chat(text: string) {
    return this.client.chat.completions.create({ model: "gpt-4.1", max_tokens: 100, messages: [{ role: "user", content: text }] });
  }
}
export class Deep extends BaseLLM {
  private client = new Anthropic();
  chat(text: string) {
    return this.client.messages.create({ model: "claude-opus-4-1", max_tokens: 100, messages: [{ role: "user", content: text }] });
  }
}
`;

/** The model of the request at line 4 of src/check.ts (`llm.chat`, inside `check`): of several ways, the one the report shows. */
function modelInside(check: string): string | null {
  const [analysis] = analyzeInOrder({ "src/llms.ts": LLMS, "src/check.ts": check }, ["src/check.ts"]);
  const inside = analysis!.calls.find(({ call }) => call.range.line === 4);
  assert.ok(inside, JSON.stringify(analysis!.calls.map(({ call }) => call.range.line)));
  return inside.call.model;
}

const CHECK = (calls: string, exported = "") => `import { BaseLLM, Fast, Smart, Deep } from "./llms";

${exported}function check(llm: BaseLLM) {
  return llm.chat("Say OK.");
}

${calls}`;

describe("a typed parameter of a function only its module calls", () => {
  it("stands for the instances the calls pass, not every subclass (Deep's model, the one the three would show, is passed by no call)", () => {
    assert.equal(modelInside(CHECK("check(new Smart());\n")), "gpt-4.1");
    assert.ok(["gpt-4o-mini", "gpt-4.1"].includes(modelInside(CHECK("check(new Fast());\ncheck(new Smart());\n")) ?? ""));
  });

  it("stands for every subclass when the function is exported, handed on, or one call passes something else", () => {
    assert.equal(modelInside(CHECK("check(new Smart());\n", "export ")), "claude-opus-4-1");
    assert.equal(modelInside(CHECK("check(new Smart());\n[new Fast()].map(check);\n")), "claude-opus-4-1");
    assert.equal(modelInside(CHECK("check(new Smart());\ndeclare const any: BaseLLM;\ncheck(any);\n")), "claude-opus-4-1");
  });
});
