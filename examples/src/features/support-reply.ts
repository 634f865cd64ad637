import { readFileSync } from "node:fs";
import { join } from "node:path";
import { anthropic } from "../llm/clients";
import { MODELS } from "../config/models";
import { ticketPrompt } from "../prompts";

// The policy is ~1,300 tokens sent with every reply: the same prefix, every time.
const SUPPORT_POLICY = readFileSync(join(__dirname, "../prompts/support-policy.md"), "utf8");

/** Drafts a reply to a ticket. Sends the whole policy uncached on every request. */
export async function draftReply(subject: string, body: string) {
  const message = await anthropic.messages.create({
    model: MODELS.support,
    max_tokens: 600,
    system: SUPPORT_POLICY,
    messages: [{ role: "user", content: ticketPrompt(subject, body) }],
  });
  return message.content;
}
