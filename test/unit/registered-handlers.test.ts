import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";

// A handler registered for an event or a command runs when the event comes, not when the function that
// registers it is called: its requests stay in the handler. A callback given to `map` runs with the call.

describe("registered handlers", () => {
  it("a request in an `on(...)` handler stays there; one in a `map` callback belongs to the function around it", () => {
    const analyses = analyzeProject({
      "src/llm.ts": `import OpenAI from "openai";\nexport const client = new OpenAI();`,
      "src/core.ts": [
        `import { client } from "./llm";`,
        `export class Core {`,
        `  constructor(private readonly messenger: { on(type: string, fn: (msg: { text: string }) => unknown): void }) {`,
        `    this.register(messenger);`,
        `    this.summariseAll(["a", "b"]);`,
        `  }`,
        `  register(messenger: { on(type: string, fn: (msg: { text: string }) => unknown): void }) {`,
        `    const on = messenger.on.bind(messenger);`,
        `    on("chat", async (msg) => client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: msg.text }] }));`,
        `    messenger.on("ping", () => undefined);`,
        `  }`,
        `  summariseAll(items: string[]) {`,
        `    return Promise.all(items.map((item) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: item }] })));`,
        `  }`,
        `}`,
      ].join("\n"),
    });
    assert.deepEqual(describeCalls(analyses), ["src/core.ts:5 gpt-4o-mini via=summariseAll", "src/core.ts:9 gpt-4o", "src/core.ts:13 gpt-4o-mini wrapper=summariseAll"]);
  });
});
