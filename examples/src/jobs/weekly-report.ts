import { ask } from "../llm/ask";
import { MODELS } from "../config/models";

/** Uses the app's wrapper; the call itself is in llm/ask.ts. */
export async function weeklyReport(stats: string) {
  return ask(`Write a three-line summary of this week's support stats:\n${stats}`, MODELS.smart);
}
