import { readFileSync } from "node:fs";
import { join } from "node:path";
import { anthropic } from "../llm/clients";
import { MODELS } from "../config/models";
import { ticketPrompt } from "../prompts";

const SUPPORT_POLICY = readFileSync(join(__dirname, "../prompts/support-policy.md"), "utf8");

/** The same reply as support-reply.ts, with the policy marked for Anthropic's prompt cache. */
export async function draftReplyCached(subject: string, body: string) {
  const message = await anthropic.messages.create({
    model: MODELS.support,
    max_tokens: 600,
    system: [{ type: "text", text: SUPPORT_POLICY, cache_control: { type: "ephemeral" } }],
    messages: [{ role: "user", content: ticketPrompt(subject, body) }],
  });
  return message.content;
}
