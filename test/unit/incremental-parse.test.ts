import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { analyzeFile } from "../../server/src/core/analyze.ts";
import { Evaluator } from "../../server/src/core/resolve/evaluate.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import { Workspace } from "../../server/src/core/workspace/workspace.ts";
import { prng } from "../fuzz/inputs.ts";
import { memoryFileSystem, prices, ROOT } from "../helpers/memory-workspace.ts";

const BASE = `import OpenAI from "openai";
import Anthropic from "@anthropic-ai/sdk";
const openai = new OpenAI();
const anthropic = new Anthropic();
const SYSTEM = "You are a support agent. Answer briefly and cite the order id.";

export async function reply(question: string, history: string[]) {
  return openai.chat.completions.create({
    model: "gpt-4.1",
    messages: [{ role: "system", content: SYSTEM }, ...history.map((content) => ({ role: "user" as const, content })), { role: "user", content: question }],
  });
}

export function summarise(text: string) {
  return anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 300, system: SYSTEM, messages: [{ role: "user", content: text }] });
}

for (const item of ["a", "b", "c"]) {
  await reply(item, []);
}
`;

/** What an analysis says, with everything positional: calls, their ranges and tokens, findings. */
function outcome(workspace: Workspace, file: string): string {
  const result = analyzeFile(file, { workspace, prices: prices(), settings: DEFAULT_SETTINGS, evaluator: new Evaluator(workspace) });
  return JSON.stringify({
    calls: result.calls.map((priced) => ({ offsets: priced.call.offsets, range: priced.call.range, model: priced.call.model, tokens: priced.inputTokens, cost: priced.cost })),
    findings: result.findings.map((finding) => ({ rule: finding.rule, offsets: finding.offsets, message: finding.message, fix: finding.fix })),
  });
}

describe("incremental parsing of open documents", () => {
  it("gives the same analysis as a fresh parse after each of 300 random edits (typing, deleting, pasting)", () => {
    const file = path.join(ROOT, "src", "chat.ts");
    const incremental = new Workspace([ROOT], memoryFileSystem({ "src/chat.ts": BASE }));
    const random = prng(42);
    let text = BASE;
    for (let version = 1; version <= 300; version++) {
      const at = Math.floor(random() * (text.length + 1));
      const kind = random();
      if (kind < 0.5) text = text.slice(0, at) + "xyz ,({\"'`".charAt(Math.floor(random() * 10)) + text.slice(at);
      else if (kind < 0.8) text = text.slice(0, at) + text.slice(Math.min(text.length, at + 1 + Math.floor(random() * 20)));
      else text = text.slice(0, at) + BASE.slice(0, Math.floor(random() * 200)) + text.slice(at);
      // Every 25 edits the document goes back to the original text, so the analysis has calls to compare.
      if (version % 25 === 0) text = BASE;
      incremental.setOverlay(file, text, version);
      const fresh = new Workspace([ROOT], memoryFileSystem({ "src/chat.ts": text }));
      assert.equal(outcome(incremental, file), outcome(fresh, file), `edit ${version}`);
    }
  });
});
