import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { analyzeProject } from "../helpers/analyze-project.ts";
import { ROOT } from "../helpers/memory-workspace.ts";

// NextChat's ClientApi: the constructor picks the vendor class by a switch on what `new` passes, and the chat
// store sends through `api.llm.chat(...)`.
const PACKAGE = `{"dependencies":{"openai":"4.0.0"}}`;
const VENDORS = `import OpenAI from "openai";
export abstract class LLMApi {
  abstract chat(prompt: string): Promise<string>;
}
const openai = new OpenAI();
const deepseek = new OpenAI({ baseURL: "https://api.deepseek.com" });
export class ChatGPTApi implements LLMApi {
  async chat(prompt: string) {
    const res = await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] });
    return res.choices[0]?.message.content ?? "";
  }
}
export class DeepSeekApi implements LLMApi {
  async chat(prompt: string) {
    const res = await deepseek.chat.completions.create({ model: "deepseek-chat", messages: [{ role: "user", content: prompt }] });
    return res.choices[0]?.message.content ?? "";
  }
}
`;
const CLIENT = `import { ChatGPTApi, DeepSeekApi, type LLMApi } from "./vendors";
export class ClientApi {
  public llm: LLMApi;
  constructor(provider: string = "openai") {
    switch (provider) {
      case "deepseek":
        this.llm = new DeepSeekApi();
        break;
      default:
        this.llm = new ChatGPTApi();
    }
  }
}
`;

function counted(store: string): string[][] {
  const analyses = analyzeProject({ "package.json": PACKAGE, "vendors.ts": VENDORS, "client.ts": CLIENT, "store.ts": store });
  return analyses.flatMap((analysis) => analysis.calls.filter(({ call }) => path.relative(ROOT, call.file) === "store.ts").map(({ call, candidateCosts }) => [String(call.range.line), ...(candidateCosts?.map((candidate) => candidate.model) ?? [String(call.model)])]));
}

describe("a field the constructor assigns in several places", () => {
  it("is what the clause the construction takes assigns", () => {
    const store = `import { ClientApi } from "./client";\nexport const ask = (prompt: string) => new ClientApi("deepseek").llm.chat(prompt);\nexport const askDefault = (prompt: string) => new ClientApi().llm.chat(prompt);\n`;
    assert.deepEqual(counted(store), [["2", "deepseek-chat"], ["3", "gpt-4o"]]);
  });

  it("is any of them when the construction's value is not known", () => {
    const store = `import { ClientApi } from "./client";\nexport const ask = (prompt: string, provider: string) => new ClientApi(provider).llm.chat(prompt);\n`;
    const found = counted(store);
    assert.equal(found.length, 1, JSON.stringify(found));
    assert.deepEqual(found[0]!.slice(1).sort(), ["deepseek-chat", "gpt-4o"]);
  });
});

describe("fields assigned in one constructor", () => {
  // Each field's assignments are found in one walk of the constructor, kept for every later read.
  it("are each found, one inside another's assignment too, and read again for each object built", () => {
    const client = `import OpenAI from "openai";\nexport class Client {\n  primary: OpenAI;\n  backup: OpenAI;\n  model: string;\n  constructor(model = "llama-3.1-8b-instant") {\n    this.primary = this.backup = new OpenAI({ baseURL: \"https://api.groq.com/openai/v1\" });\n    this.model = model;\n  }\n  askBackup(prompt: string) {\n    return this.backup.chat.completions.create({ model: this.model, messages: [{ role: "user", content: prompt }] });\n  }\n}\n`;
    const store = `import { Client } from "./client";\nexport const a = (p: string) => new Client().askBackup(p);\nexport const b = (p: string) => new Client("llama-3.3-70b-versatile").askBackup(p);\nexport const c = (p: string) => new Client("gemma2-9b-it").askBackup(p);\n`;
    const analyses = analyzeProject({ "package.json": PACKAGE, "client.ts": client, "store.ts": store });
    const found = analyses.flatMap((analysis) => analysis.calls.filter(({ call }) => path.relative(ROOT, call.file) === "store.ts").map(({ call }) => [call.range.line, call.provider, call.model]));
    assert.deepEqual(found, [[2, "groq", "llama-3.1-8b-instant"], [3, "groq", "llama-3.3-70b-versatile"], [4, "groq", "gemma2-9b-it"]]);
  });
});

// CopilotKit e9387e0483's ExperimentalOllamaAdapter: `if (options?.model) this.model = options.model; else
// this.model = DEFAULT_MODEL;`, its request read from `process(request)` with nothing constructed.
describe("a field the constructor assigns from an option when given, else a default", () => {
  const adapter = (constructorBody: string) => `import OpenAI from "openai";
const DEFAULT_MODEL = "gpt-4o-mini";
const openai = new OpenAI();
export class Adapter {
  public model: string;
  constructor(options?: { model?: string }) {
    ${constructorBody}
  }
  async process(prompt: string) {
    return openai.chat.completions.create({ model: this.model, messages: [{ role: "user", content: prompt }] });
  }
}
`;
  const modelsOf = (file: string): string[] => analyzeProject({ "package.json": PACKAGE, "adapter.ts": file }).flatMap((analysis) => analysis.calls.map(({ call }) => String(call.model)));

  it("is the default where nothing is constructed, as `options?.model || DEFAULT_MODEL` would be", () => {
    const forms = [
      "if (options?.model) {\n      this.model = options.model;\n    } else {\n      this.model = DEFAULT_MODEL;\n    }",
      "if (!options?.model) this.model = DEFAULT_MODEL;\n    else this.model = options.model;",
    ];
    for (const body of forms) assert.deepEqual(modelsOf(adapter(body)), ["gpt-4o-mini"], body);
  });

  it("not when the branch assigns something other than what it tests (lookalike: the first assignment stands)", () => {
    const body = 'if (options?.model) {\n      this.model = "gpt-4o";\n    } else {\n      this.model = DEFAULT_MODEL;\n    }';
    assert.deepEqual(modelsOf(adapter(body)), ["gpt-4o"]);
  });
});
