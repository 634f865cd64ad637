import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeInOrder } from "../helpers/analyze-project.ts";

const BACKEND = `export interface Backend {
  requiresEmbeddings(): boolean;
}
`;

/** Lines of the calls of src/ops.ts, with Local and Remote implementing Backend in their own files. */
function callLines(local: string, remote: string): number[] {
  const files = {
    "src/backend.ts": BACKEND,
    "src/local.ts": `import type { Backend } from "./backend";\nexport class Local implements Backend {\n  requiresEmbeddings(): boolean {\n    return ${local};\n  }\n}\n`,
    "src/remote.ts": `import type { Backend } from "./backend";\nexport class Remote implements Backend {\n  requiresEmbeddings(): boolean {\n    return ${remote};\n  }\n}\n`,
    "src/ops.ts": `import OpenAI from "openai";
import type { Backend } from "./backend";
const client = new OpenAI();
export class Ops {
  constructor(private backend: Backend) {}
  async index(texts: string[]) {
    const requiresEmbeddings = this.backend.requiresEmbeddings();
    const embedder = requiresEmbeddings ? client : undefined;
    if (requiresEmbeddings && embedder) {
      await embedder.embeddings.create({ model: "text-embedding-3-small", input: texts });
    }
  }
}
`,
  };
  return analyzeInOrder(files, ["src/ops.ts"]).flatMap((analysis) => analysis.calls.map(({ call }) => call.range.line));
}

describe("a boolean that differs between the ways a value can take", () => {
  it("is decided at run time: one implementation returning true and another false leaves the guarded request in reach (obsidian-copilot's index backends)", () => {
    assert.deepEqual(callLines("false", "true"), [10]);
  });

  it("is that boolean when every way agrees: both implementations returning true choose the one model", () => {
    const files = {
      "src/backend.ts": "export interface Backend {\n  small(): boolean;\n}\n",
      "src/a.ts": 'import type { Backend } from "./backend";\nexport class A implements Backend {\n  small() {\n    return true;\n  }\n}\n',
      "src/b.ts": 'import type { Backend } from "./backend";\nexport class B implements Backend {\n  small() {\n    return true;\n  }\n}\n',
      "src/ops.ts": `import OpenAI from "openai";
import type { Backend } from "./backend";
const client = new OpenAI();
export class Ops {
  constructor(private backend: Backend) {}
  async ask(question: string) {
    await client.chat.completions.create({ model: this.backend.small() ? "gpt-4o-mini" : "gpt-4o", messages: [{ role: "user", content: question }] });
  }
}
`,
    };
    assert.deepEqual(
      analyzeInOrder(files, ["src/ops.ts"]).flatMap((analysis) => analysis.calls.map(({ call }) => call.model)),
      ["gpt-4o-mini"],
    );
  });
});
