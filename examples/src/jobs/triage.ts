import { openai } from "../llm/clients";

/** Nightly triage on the team's own fine-tune, served under a name no price table lists. */
export async function triageBacklog(ticket: string) {
  return openai.chat.completions.create({
    model: "gpt-4.1-nano-acme-triage",
    messages: [{ role: "user", content: ticket }],
    max_completion_tokens: 10,
  });
}
