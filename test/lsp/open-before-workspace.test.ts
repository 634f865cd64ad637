// A document opened while workspace-wide work runs (the report the VS Code status bar asks for at start,
// workspace diagnostics) is analysed before the workspace's other files, and what the workspace's files
// then add (a wrapper's finding shown where the wrapper is) corrects its diagnostics afterwards.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { after, before, describe, it } from "node:test";
import { removeFixture } from "./fixture.ts";
import { LspClient, uriOf } from "./lsp-client.ts";

/** Files the workspace report analyses before the document (named after it) in listing order. */
const OTHER_FILES = 20;

const WRAPPER = `import OpenAI from "openai";

const client = new OpenAI();

export async function ask(prompt: string) {
  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] });
}
`;

const DOCUMENT = `import { ask } from "./llm";

export async function summarise(text: string) {
  return ask(\`Summarise this support ticket in two sentences: \${text}\`);
}
`;

/** A file of twenty requests: tens of milliseconds of analysis each, so the workspace's files take a while. */
function requestsFile(index: number): string {
  const functions = Array.from(
    { length: 20 },
    (_, task) => `export async function task${task}(input: string) {
  const system = "You are assistant ${task} of file ${index}. " + "Answer briefly and politely. ".repeat(3);
  return client.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 200, messages: [{ role: "system", content: system }, { role: "user", content: \`Task ${task}: \${input}\` }] });
}
`,
  );
  return `import OpenAI from "openai";\nconst client = new OpenAI();\n${functions.join("")}`;
}

interface Published {
  uri: string;
  version?: number;
  diagnostics: { code: string; range: { start: { line: number } } }[];
}

describe("a document opened while the workspace's files are analysed", () => {
  let root: string;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-lsp-open-first-"));
    fs.mkdirSync(path.join(root, "src"));
    fs.writeFileSync(path.join(root, "src", "llm.ts"), WRAPPER);
    fs.writeFileSync(path.join(root, "src", "z-feature.ts"), DOCUMENT);
    for (let index = 0; index < OTHER_FILES; index++) fs.writeFileSync(path.join(root, "src", `a${String(index).padStart(2, "0")}.ts`), requestsFile(index));
  });
  after(() => removeFixture(root));

  it("gets its diagnostics before the workspace report goes on, then without the wrapper's finding once the report read the wrapper", async () => {
    const client = await LspClient.start({ rootPath: root, settings: {} });
    try {
      const uri = uriOf(path.join(root, "src", "z-feature.ts"));
      const reportAnswered = client.request("promptcost/workspaceReport", {}).then(() => performance.now());
      const opened = performance.now();
      client.open(uri, DOCUMENT);
      const first: Published = await client.diagnostics(uri, 1);
      const firstAt = performance.now();
      // Alone, the document shows the missing cap at its call of the wrapper (the wrapper's file is not known yet).
      assert.deepEqual(
        first.diagnostics.map((diagnostic) => `${diagnostic.code}:${diagnostic.range.start.line + 1}`),
        ["require-max-tokens:4"],
      );
      const answeredAt = await reportAnswered;
      // Before, the report analysed its first 20 files before yielding to the document: its diagnostics came
      // at the end of the report. Now they come first, and the report goes on after them.
      assert.ok(answeredAt - firstAt > (answeredAt - opened) / 2, `diagnostics ${Math.round(firstAt - opened)} ms after opening, the report ${Math.round(answeredAt - opened)} ms`);
      const since = client.notifications.findIndex((note) => note.method === "textDocument/publishDiagnostics" && note.params === first) + 1;
      // The report read the wrapper, which reports the missing cap where it is caused: the call site no longer repeats it.
      const corrected: Published = await client.waitForNotification("textDocument/publishDiagnostics", (params: Published) => params.uri === uri, 10_000, since);
      assert.deepEqual(corrected.diagnostics, []);
    } finally {
      await client.shutdown();
    }
  });
});
