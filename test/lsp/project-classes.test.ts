// A call through a project interface stands for the classes implementing it, which live in files the
// editor has not opened: the server looks for them in the workspace folders' files, as the CLI does.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { removeFixture } from "./fixture.ts";
import { LspClient, uriOf } from "./lsp-client.ts";

const INTERFACE = `export interface Summariser {
  summarise(text: string): Promise<string>;
}
`;

const IMPLEMENTATION = `import OpenAI from "openai";
import type { Summariser } from "./summariser";

const client = new OpenAI();

export class OpenAISummariser implements Summariser {
  async summarise(text: string): Promise<string> {
    const completion = await client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: \`Summarise: \${text}\` }] });
    return completion.choices[0]?.message.content ?? "";
  }
}
`;

const DOCUMENT = `import type { Summariser } from "./summariser";

export async function digest(summariser: Summariser, tickets: string[]) {
  return summariser.summarise(tickets.join("\\n"));
}
`;

describe("a call through a project interface, its implementations in files not open", () => {
  let root: string;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-lsp-project-classes-"));
    fs.mkdirSync(path.join(root, "src"));
    fs.writeFileSync(path.join(root, "package.json"), `{"dependencies":{"openai":"4.0.0"}}`);
    fs.writeFileSync(path.join(root, "src", "summariser.ts"), INTERFACE);
    fs.writeFileSync(path.join(root, "src", "openai-summariser.ts"), IMPLEMENTATION);
    fs.writeFileSync(path.join(root, "src", "digest.ts"), DOCUMENT);
  });
  after(() => removeFixture(root));

  it("gets a lens at the call, priced at the implementation's model, as the CLI reports it", async () => {
    const client = await LspClient.start({ rootPath: root, settings: {} });
    try {
      const uri = uriOf(path.join(root, "src", "digest.ts"));
      client.open(uri, DOCUMENT);
      await client.diagnostics(uri, 1);
      const lenses: { range: { start: { line: number } }; data?: unknown }[] = await client.request("textDocument/codeLens", { textDocument: { uri } });
      assert.deepEqual(lenses.map((lens) => lens.range.start.line + 1), [4]);
      const resolved: { command?: { title: string } } = await client.request("codeLens/resolve", lenses[0]);
      assert.match(resolved.command?.title ?? "", /gpt-4o/);
    } finally {
      await client.shutdown();
    }
  });

  // The server reads the folder's files on a second thread from its start (text-prefetch.ts): an
  // implementation changed on disk after that read is priced as it is now, not as the thread read it.
  it("prices an implementation changed on disk after the server started as it is now", async () => {
    const client = await LspClient.start({ rootPath: root, settings: {} });
    const implementationPath = path.join(root, "src", "openai-summariser.ts");
    try {
      // The thread reads this folder in milliseconds: it has read the implementation before it changes.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      fs.writeFileSync(implementationPath, IMPLEMENTATION.replace('model: "gpt-4o"', 'model: "gpt-4.1-nano"'));
      client.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(implementationPath), type: 2 }] });
      const uri = uriOf(path.join(root, "src", "digest.ts"));
      client.open(uri, DOCUMENT);
      await client.diagnostics(uri, 1);
      const lenses: { data?: unknown }[] = await client.request("textDocument/codeLens", { textDocument: { uri } });
      const resolved: { command?: { title: string } } = await client.request("codeLens/resolve", lenses[0]);
      assert.match(resolved.command?.title ?? "", /gpt-4\.1-nano/);
    } finally {
      fs.writeFileSync(implementationPath, IMPLEMENTATION);
      await client.shutdown();
    }
  });
});
