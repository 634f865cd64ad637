// Which model each feature uses. Changing one line here changes the bill of every caller.
export const MODELS = {
  smart: "gpt-4.1",
  fast: "gpt-4.1-mini",
  support: "claude-sonnet-4-5",
  research: "gemini-2.5-pro",
  embeddings: "text-embedding-3-small",
} as const;

export const SUMMARY_MAX_TOKENS = 400;
