import { readFileSync } from "node:fs";
import { join } from "node:path";
import { anthropic } from "../llm/clients";
import { MODELS } from "../config/models";

const SUPPORT_POLICY = readFileSync(join(__dirname, "../prompts/support-policy.md"), "utf8");
const MAX_TURNS = 20;

interface Turn {
  role: "user" | "assistant";
  content: string;
}

/** The in-app support chat: sends the whole conversation so far with every new message. */
export async function continueChat(history: Turn[]) {
  // promptcost: feature=support-chat
  const reply = await anthropic.messages.create({
    model: MODELS.support,
    max_tokens: 500,
    system: [{ type: "text", text: SUPPORT_POLICY, cache_control: { type: "ephemeral" } }],
    messages: history,
  });
  return reply.content;
}

/** The trimmed twin: only the last twenty turns, so a long conversation costs no more per message. */
export async function continueChatTrimmed(history: Turn[]) {
  // promptcost: feature=support-chat
  const reply = await anthropic.messages.create({
    model: MODELS.support,
    max_tokens: 500,
    system: [{ type: "text", text: SUPPORT_POLICY, cache_control: { type: "ephemeral" } }],
    messages: history.slice(-MAX_TURNS),
  });
  return reply.content;
}
