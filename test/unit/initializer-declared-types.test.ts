import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeSource, NO_PRICES } from "../helpers/memory-workspace.ts";

/** `line api` of each call of a one-file project. */
function calls(source: string): string[] {
  return analyzeSource({ "src/expander.ts": source }, "src/expander.ts", {}, NO_PRICES).calls.map(({ call }) => `${call.range.line} ${call.api}`);
}

const HEADER = `import { BaseChatModel } from "@langchain/core/language_models/chat_models";
export interface Options {
  getChatModel?: () => Promise<BaseChatModel | null>;
  currentModel(): BaseChatModel;
}
export class Expander {
  constructor(private readonly options: Options = {}) {}
  async expand(query: string) {
    if (!this.options.getChatModel) return null;
    const model = await this.options.getChatModel();
    if (!model) return null;
    return model.invoke(\`Expand: \${query}\`);
  }
}
`;

describe("a variable without a type whose initializer cannot be followed", () => {
  it("takes the declared return type of the function it calls: an options member, an interface method, a function handed in (obsidian-copilot's QueryExpander)", () => {
    const source = `${HEADER}export async function current(query: string, options: Options) {
  const model = options.currentModel();
  return model.invoke(query);
}
export async function handed(query: string, getModel: () => Promise<BaseChatModel>) {
  const model = await getModel();
  return model.invoke(query);
}
`;
    assert.deepEqual(calls(source), ["12 BaseChatModel.invoke", "17 BaseChatModel.invoke", "21 BaseChatModel.invoke"]);
  });

  it("is not its declared type when the initializer is known to be null: a getter returning null makes no request", () => {
    const source = `${HEADER}export async function run() {
  return new Expander({ getChatModel: async () => null }).expand("test");
}
`;
    assert.deepEqual(calls(source), ["12 BaseChatModel.invoke"], "the method's own request only: run() passes a getter giving null");
  });

  it("stays unknown when the declared type names no request maker", () => {
    const source = `export interface Store { load(): Promise<{ invoke(text: string): Promise<string> }> }
export async function run(store: Store, text: string) {
  const loaded = await store.load();
  return loaded.invoke(text);
}
`;
    assert.deepEqual(calls(source), []);
  });
});
