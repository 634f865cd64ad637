import { gemini } from "../llm/clients";

const TAGS = "billing, sign-in, sync, sharing, security, other";

/** Weekly tagging of closed tickets, still on a Gemini model that Google has retired. */
export async function tagTicket(ticket: string) {
  const response = await gemini.models.generateContent({
    model: "gemini-2.0-flash",
    contents: `Tags: ${TAGS}\n\nTicket:\n${ticket}\n\nList the tags that apply, comma-separated.`,
    config: { maxOutputTokens: 30 },
  });
  return response.text;
}

/** The current-model twin. */
export async function tagTicketCurrent(ticket: string) {
  const response = await gemini.models.generateContent({
    model: "gemini-2.5-flash",
    contents: `Tags: ${TAGS}\n\nTicket:\n${ticket}\n\nList the tags that apply, comma-separated.`,
    config: { maxOutputTokens: 30 },
  });
  return response.text;
}
