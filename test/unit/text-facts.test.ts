// The prefilter's facts of a file's text are kept by the workspace while the text is the same, and read
// again once it changes (server/src/core/providers/text-facts.ts).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { textFact } from "../../server/src/core/providers/text-facts.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import { Workspace } from "../../server/src/core/workspace/workspace.ts";
import { WorkspaceIndex } from "../../server/src/lsp/workspace-index.ts";
import { prices } from "../helpers/memory-workspace.ts";

const scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-text-facts-")));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe("facts of a file's text", () => {
  it("are read once while the text is the same, and again when it changes", () => {
    const workspace = new Workspace([scratch]);
    let reads = 0;
    const words = (text: string) => {
      reads++;
      return text.split(" ").length;
    };
    const file = path.join(scratch, "a.ts");
    assert.equal(textFact(workspace, file, "one two", "words", words), 2);
    assert.equal(textFact(workspace, file, "one two", "words", words), 2);
    assert.equal(reads, 1);
    assert.equal(textFact(workspace, file, "one two three", "words", words), 3);
    assert.equal(reads, 2);
    // Another file with the same text, and another fact of the same text, are read on their own.
    assert.equal(textFact(workspace, path.join(scratch, "b.ts"), "one two three", "words", words), 3);
    assert.equal(textFact(workspace, file, "one two three", "letters", (text) => text.length), 13);
    assert.equal(reads, 3);
  });

  it("follow an imported file typed into: a request added there is found at the next analysis of the importer", () => {
    const root = path.join(scratch, "typed");
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(path.join(root, "package.json"), `{ "name": "app", "dependencies": { "openai": "^5.0.0" } }`);
    const importer = `import { ask } from "./llm";\n\nexport async function run() {\n  return ask("Summarise the ticket.");\n}\n`;
    const llm = `export async function ask(prompt: string) {\n  return prompt.toUpperCase();\n}\n`;
    fs.writeFileSync(path.join(root, "run.ts"), importer);
    fs.writeFileSync(path.join(root, "llm.ts"), llm);
    const index = new WorkspaceIndex([root]);
    const inputs = { settings: DEFAULT_SETTINGS, prices: prices() };
    const run = path.join(root, "run.ts");
    index.setOverlay(run, importer, 1);
    assert.equal(index.analyze(run, inputs).calls.length, 0);
    const requesting = `import OpenAI from "openai";\nconst client = new OpenAI();\n\nexport async function ask(prompt: string) {\n  return client.chat.completions.create({ model: "gpt-4o", max_tokens: 100, messages: [{ role: "user", content: prompt }] });\n}\n`;
    index.setOverlay(path.join(root, "llm.ts"), requesting, 1);
    const calls = index.analyze(run, inputs).calls;
    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.call.model, "gpt-4o");
  });
});
