// A value declared with a type alias of a union of project interfaces (`type TextProvider = TextToTextProvider
// | ImageToTextProvider`, AFFiNE's copilot): no class implements the alias, so the classes implementing its
// members are what the value may be, and a request made in one of them is counted where it is asked for.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeInOrder } from "../helpers/analyze-project.ts";

const TYPES = `export interface Provider {
  readonly type: string;
}
export interface TextToTextProvider extends Provider {
  generateText(prompt: string, model: string): Promise<string>;
}
export interface ImageToTextProvider extends Provider {
  generateText(prompt: string, model: string): Promise<string>;
}
export type TextProvider = TextToTextProvider | ImageToTextProvider;
`;

const OPENAI_PROVIDER = `import OpenAI from "openai";
import type { TextToTextProvider } from "./types";
const client = new OpenAI();
export class OpenAIProvider implements TextToTextProvider {
  readonly type = "openai";
  async generateText(prompt: string, model: string = "gpt-4o-mini"): Promise<string> {
    const result = await client.chat.completions.create({ model, messages: [{ role: "user", content: prompt }] });
    return result.choices[0]?.message.content ?? "";
  }
}
`;

const CONTROLLER = `import type { TextProvider } from "./types";
import { chooseProvider } from "./registry";

export class Controller {
  private async provider(): Promise<TextProvider> {
    return chooseProvider();
  }

  async chat(prompt: string) {
    const provider = await this.provider();
    return provider.generateText(prompt, "gpt-4o-mini");
  }
}
`;

/** The calls of the controller: line and how the request was reached. */
function controllerCalls(types: string): { line: number; model: string | null }[] {
  const files = { "src/types.ts": types, "src/openai.ts": OPENAI_PROVIDER, "src/registry.ts": "export declare function chooseProvider(): any;\n", "src/controller.ts": CONTROLLER };
  const [analysis] = analyzeInOrder(files, ["src/controller.ts"]);
  return analysis!.calls.map(({ call }) => ({ line: call.range.line, model: call.model }));
}

describe("a value declared with a type alias of project interfaces", () => {
  it("may be any class implementing one of them: the request is counted at the call asking for it, at its model", () => {
    assert.deepEqual(controllerCalls(TYPES), [{ line: 11, model: "gpt-4o-mini" }]);
  });

  it("follows a union of aliases of such unions", () => {
    const aliased = TYPES.replace("export type TextProvider = TextToTextProvider | ImageToTextProvider;", "type Chat = TextToTextProvider | ImageToTextProvider;\ntype Vision = ImageToTextProvider | TextToTextProvider;\nexport type TextProvider = Chat | Vision | null;");
    assert.deepEqual(controllerCalls(aliased), [{ line: 11, model: "gpt-4o-mini" }]);
  });

  it("leaves an alias of one type as it was (a generic's shorthand over every tool of an agent, in gemini-cli)", () => {
    const single = TYPES.replace("export type TextProvider = TextToTextProvider | ImageToTextProvider;", "export type TextProvider = TextToTextProvider;");
    assert.deepEqual(controllerCalls(single), []);
  });
});
