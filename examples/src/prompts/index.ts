// Short prompts live in code; long ones in .md files beside this module.
export const CLASSIFY_INSTRUCTIONS =
  "Classify the customer's message into exactly one category: billing, sign-in, sync, sharing, security, other. " +
  "Answer with the category name only.";

export const TRANSLATE_SYSTEM = "Translate the customer's message into English. Keep product names unchanged.";

export function ticketPrompt(subject: string, body: string): string {
  return `Ticket subject: ${subject}\n\nTicket body:\n${body}\n\nWrite a reply that follows the policy.`;
}
