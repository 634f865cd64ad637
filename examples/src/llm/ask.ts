import { openai } from "./clients";
import { MODELS } from "../config/models";

/** The app's small wrapper for one-shot questions. */
export async function ask(question: string, model: string = MODELS.fast): Promise<string> {
  const completion = await openai.chat.completions.create({
    model,
    messages: [
      { role: "system", content: "Answer in one short paragraph." },
      { role: "user", content: question },
    ],
    max_completion_tokens: 300,
  });
  return completion.choices[0]?.message.content ?? "";
}
