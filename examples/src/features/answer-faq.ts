import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openai } from "../llm/clients";
import { MODELS } from "../config/models";

const SUPPORT_POLICY = readFileSync(join(__dirname, "../prompts/support-policy.md"), "utf8");

/** Answers a help-centre question. The date comes first, so no two requests share a prefix to cache. */
export async function answerFaq(question: string) {
  const completion = await openai.chat.completions.create({
    model: MODELS.smart,
    messages: [
      { role: "system", content: `Today is ${new Date().toDateString()}.\n${SUPPORT_POLICY}` },
      { role: "user", content: question },
    ],
    max_completion_tokens: 400,
  });
  return completion.choices[0]?.message.content;
}

/** The cache-friendly twin: the policy first, the date with the question. */
export async function answerFaqCached(question: string) {
  const completion = await openai.chat.completions.create({
    model: MODELS.smart,
    messages: [
      { role: "system", content: SUPPORT_POLICY },
      { role: "user", content: `Today is ${new Date().toDateString()}.\n${question}` },
    ],
    max_completion_tokens: 400,
    prompt_cache_key: "answer-faq",
  });
  return completion.choices[0]?.message.content;
}
