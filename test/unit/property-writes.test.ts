import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";

// A property written from its own value (`body.model = body.model ?? "gpt-4o-mini"`): the read on the right
// is of the object before the write.

const lines = (...text: string[]): string => [...text, ""].join("\n");

describe("property writes read before they are made", () => {
  it("reads a variable's property on the right of its own write as it was before the write", () => {
    const calls = describeCalls(
      analyzeProject({
        "src/app.ts": lines(
          `import OpenAI from "openai";`,
          `const client = new OpenAI();`,
          `export async function given(text: string) {`,
          `  const body = { model: "gpt-4", messages: [{ role: "user" as const, content: text }] };`,
          `  body.model = body.model ?? "gpt-4o-mini";`,
          `  return client.chat.completions.create(body);`,
          `}`,
          `export async function suffixed(text: string) {`,
          `  const body = { model: "gpt-4o", messages: [{ role: "user" as const, content: text }] };`,
          `  body.model = body.model + "-mini";`,
          `  return client.chat.completions.create(body);`,
          `}`,
        ),
      }),
    );
    assert.deepEqual(calls, ["src/app.ts:6 gpt-4 wrapper=given", "src/app.ts:11 gpt-4o-mini wrapper=suffixed"]);
  });
});
