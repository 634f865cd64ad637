// Work in progress: this draft does not compile yet.
import { anthropic } from "../llm/clients";

export async function escalate(summary: string) {
  const note = await anthropic.messages.create({
    model: "claude-haiku-4-5",
    max_tokens: 200,
    messages: [{ role: "user", content: `Escalation note: ${summary}` }],
  };
  return note;
}
