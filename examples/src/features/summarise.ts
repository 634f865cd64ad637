import { readFile } from "node:fs/promises";
import { openai } from "../llm/clients";
import { MODELS, SUMMARY_MAX_TOKENS } from "../config/models";

const instructions = await readFile(new URL("../prompts/summarise.md", import.meta.url), "utf8");

/** Hand-over summary for the next agent. No output cap: a long thread can produce a long summary. */
export async function summariseThread(thread: string) {
  const result = await openai.chat.completions.create({
    model: MODELS.smart,
    messages: [
      { role: "system", content: instructions },
      { role: "user", content: thread },
    ],
  });
  return result.choices[0]?.message.content;
}

/** The capped twin: the same request with an output limit. */
export async function summariseThreadCapped(thread: string) {
  const result = await openai.chat.completions.create({
    model: MODELS.smart,
    messages: [
      { role: "system", content: instructions },
      { role: "user", content: thread },
    ],
    max_completion_tokens: SUMMARY_MAX_TOKENS,
  });
  return result.choices[0]?.message.content;
}
