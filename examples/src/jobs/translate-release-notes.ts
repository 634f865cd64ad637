import { openai } from "../llm/clients";
import { MODELS } from "../config/models";

const LANGUAGES = ["French", "German", "Spanish", "Japanese", "Portuguese"] as const;

/** Translates the release notes into every supported language: one request per language, five per run. */
export async function translateReleaseNotes(notes: string) {
  const translations: Record<string, string> = {};
  for (const language of LANGUAGES) {
    // promptcost: requestsPerDay=4 feature=release-notes
    const completion = await openai.chat.completions.create({
      model: MODELS.fast,
      messages: [
        { role: "system", content: `Translate the release notes into ${language}. Keep product names and Markdown unchanged.` },
        { role: "user", content: notes },
      ],
      max_completion_tokens: 1200,
    });
    translations[language] = completion.choices[0]?.message.content ?? "";
  }
  return translations;
}

/** The one-request twin: every language in one JSON answer, the notes sent once instead of five times. */
export async function translateReleaseNotesAtOnce(notes: string) {
  // promptcost: requestsPerDay=4 feature=release-notes
  const completion = await openai.chat.completions.create({
    model: MODELS.fast,
    messages: [
      { role: "system", content: `Translate the release notes into ${LANGUAGES.join(", ")}. Keep product names and Markdown unchanged. Answer with a JSON object keyed by language.` },
      { role: "user", content: notes },
    ],
    response_format: { type: "json_object" },
    max_completion_tokens: 6000,
  });
  return JSON.parse(completion.choices[0]?.message.content ?? "{}") as Record<string, string>;
}
