import { openai } from "../llm/clients";
import { MODELS } from "../config/models";

const SENTIMENT_INSTRUCTIONS = "Rate the sentiment of the app-store review. Answer with one word only: positive, neutral or negative.";

/** Tags each new app-store review with its sentiment, on the premium model. */
export async function reviewSentiment(review: string) {
  const completion = await openai.chat.completions.create({
    model: "gpt-4.1",
    messages: [
      { role: "system", content: SENTIMENT_INSTRUCTIONS },
      { role: "user", content: review },
    ],
    max_completion_tokens: 2,
  });
  return completion.choices[0]?.message.content?.trim().toLowerCase();
}

/** The small-model twin: the same one-word answer from the cheaper tier. */
export async function reviewSentimentSmall(review: string) {
  const completion = await openai.chat.completions.create({
    model: MODELS.fast,
    messages: [
      { role: "system", content: SENTIMENT_INSTRUCTIONS },
      { role: "user", content: review },
    ],
    max_completion_tokens: 2,
  });
  return completion.choices[0]?.message.content?.trim().toLowerCase();
}
