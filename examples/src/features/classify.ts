import { generateText } from "ai";
import { openai } from "@ai-sdk/openai";
import { MODELS } from "@/config/models";
import { CLASSIFY_INSTRUCTIONS } from "@/prompts";

/** Routes an incoming message to a queue with the Vercel AI SDK. */
export async function classifyMessage(message: string) {
  const { text } = await generateText({
    model: openai(MODELS.fast),
    system: CLASSIFY_INSTRUCTIONS,
    prompt: message,
    maxOutputTokens: 5,
  });
  return text.trim();
}
