import { openai } from "../llm/clients";
import { MODELS } from "../config/models";

/** Embeds a help-centre query for semantic search. */
export async function embedQuery(query: string) {
  const response = await openai.embeddings.create({ model: MODELS.embeddings, input: query });
  return response.data[0]?.embedding;
}
