import type { LspClient } from "./lsp-client.ts";

/** The input token total in the first code lens of a document. */
export async function firstLensInput(client: LspClient, uri: string): Promise<string> {
  const [lens] = await client.request("textDocument/codeLens", { textDocument: { uri } });
  const title: string = (await client.request("codeLens/resolve", lens)).command.title;
  return /· ([\d,]+) in/.exec(title)?.[1] ?? title;
}

export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
