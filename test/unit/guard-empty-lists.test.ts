import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeSource, NO_PRICES } from "../helpers/memory-workspace.ts";

/** `line static+dynamic exact` of each call of a one-file project. */
function inputs(source: string): string[] {
  return analyzeSource({ "src/chat.ts": source }, "src/chat.ts", {}, NO_PRICES).calls.map(({ call, inputTokens }) => `${call.range.line} ${inputTokens.static}+${inputTokens.dynamic} ${inputTokens.exact}`);
}

const SOURCE = `import OpenAI from "openai";
const client = new OpenAI();
type Message = { role: "user" | "assistant"; content: string };
async function parseMessages(messages: Message[] | undefined): Promise<Message[]> {
  if (!messages) return [];
  return (await Promise.all(messages.map(async (message) => ({ role: message.role, content: message.content.trim() })))).filter(Boolean);
}
function greeting(known: boolean): Message[] {
  if (!known) return [];
  return [{ role: "user", content: "Say hello to our new customer in one friendly sentence." }];
}
export async function reply(messages: Message[] | undefined, known: boolean) {
  const parsed = await parseMessages(messages);
  await client.chat.completions.create({ model: "gpt-4o", messages: parsed });
  await client.chat.completions.create({ model: "gpt-4o", messages: greeting(known) });
}
`;

describe("a list a guard returns empty beside one built at run time", () => {
  it("is the run-time list, not an exact empty request (typebot's parseChatCompletionMessages)", () => {
    const [parsed] = inputs(SOURCE);
    assert.equal(parsed, "14 7+250 false");
  });

  it("takes a list with messages in it over the empty one a guard returns", () => {
    const [, greeting] = inputs(SOURCE);
    assert.match(greeting!, /^15 \d+\+0 /);
    assert.notEqual(greeting, "15 0+0 true");
  });
});
