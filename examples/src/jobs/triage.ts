import { openai } from "../llm/clients";

/** Nightly triage with a fine-tuned model that nobody added to the price table. */
export async function triageBacklog(ticket: string) {
  return openai.chat.completions.create({
    model: "ft:gpt-4.1-nano-2025-04-14:acme:triage:B7xQ2",
    messages: [{ role: "user", content: ticket }],
    max_completion_tokens: 10,
  });
}
