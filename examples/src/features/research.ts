import { gemini } from "../llm/clients";
import { MODELS } from "../config/models";

interface Article {
  title: string;
  body: string;
}

/** Answers an agent's question from every help-centre article retrieved for it. */
export async function researchAnswer(question: string, articles: Article[]) {
  const context = articles.map((article) => `## ${article.title}\n${article.body}`).join("\n\n");
  // promptcost: dynamicTokens=9000 feature=research
  const response = await gemini.models.generateContent({
    model: MODELS.research,
    contents: `Articles:\n${context}\n\nQuestion: ${question}\nAnswer from the articles only.`,
    config: { maxOutputTokens: 800 },
  });
  return response.text;
}

/** The bounded twin: only the five best articles, so one part of ~9,000 tokens. */
export async function researchBrief(question: string, articles: Article[]) {
  const context = articles.slice(0, 5).map((article) => article.body).join("\n\n");
  // promptcost: dynamicTokens=9000 feature=research
  const response = await gemini.models.generateContent({
    model: MODELS.research,
    contents: `Answer the question from these articles only.\n\n${context}`,
    config: { maxOutputTokens: 800 },
  });
  return response.text;
}
