import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { copyFixture, lintJson, removeFixture, type JsonReport } from "./fixture.ts";
import { LspClient, uriOf } from "./lsp-client.ts";

interface Published {
  uri: string;
  version?: number;
  diagnostics: { code: string; range: { start: { line: number; character: number } } }[];
}

const rulesAndLines = (diagnostics: Published["diagnostics"]): string[] => diagnostics.map((diagnostic) => `${diagnostic.code}:${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1}`).sort();
const cliRulesAndLines = (report: JsonReport, file: string): string[] => report.findings.filter((finding) => finding.file === file).map((finding) => `${finding.rule}:${finding.line}:${finding.column}`).sort();

describe("workspace-wide diagnostics (promptcost.workspaceDiagnostics)", () => {
  let root: string;
  let report: JsonReport;
  const files = ["src/chat.ts", "src/support.ts"];

  before(() => {
    root = copyFixture("basic");
    report = lintJson(root, ["src"]);
    for (const file of files) assert.ok(cliRulesAndLines(report, file).length > 0, `the fixture's ${file} has findings`);
  });
  after(() => removeFixture(root));

  it("publishes the CLI's findings of files that are not open, at the CLI's positions", async () => {
    const client = await LspClient.start({ rootPath: root, settings: { workspaceDiagnostics: true }, pullDiagnostics: true });
    try {
      for (const file of files) {
        const published: Published = await client.waitForNotification("textDocument/publishDiagnostics", (params: Published) => params.uri === uriOf(path.join(root, file)) && params.diagnostics.length > 0);
        assert.deepEqual(rulesAndLines(published.diagnostics), cliRulesAndLines(report, file), file);
        assert.ok(published.diagnostics.every((diagnostic) => (diagnostic as unknown as { source: string }).source === "promptcost"));
      }
    } finally {
      await client.shutdown();
    }
  });

  it("clears an opened file's published findings (its own analysis takes over) and publishes them again on close", async () => {
    const client = await LspClient.start({ rootPath: root, settings: { workspaceDiagnostics: true }, pullDiagnostics: true });
    try {
      const uri = uriOf(path.join(root, "src", "chat.ts"));
      await client.waitForNotification("textDocument/publishDiagnostics", (params: Published) => params.uri === uri && params.diagnostics.length > 0);
      const opened = client.notifications.length;
      client.open(uri, fs.readFileSync(path.join(root, "src", "chat.ts"), "utf8"));
      await client.waitForNotification("textDocument/publishDiagnostics", (params: Published) => params.uri === uri && params.diagnostics.length === 0, 10_000, opened);
      const closed = client.notifications.length;
      client.notify("textDocument/didClose", { textDocument: { uri } });
      const again: Published = await client.waitForNotification("textDocument/publishDiagnostics", (params: Published) => params.uri === uri && params.diagnostics.length > 0, 10_000, closed);
      assert.deepEqual(rulesAndLines(again.diagnostics), cliRulesAndLines(report, "src/chat.ts"));
    } finally {
      await client.shutdown();
    }
  });

  it("publishes nothing for files that are not open when the setting is off (the default)", async () => {
    const client = await LspClient.start({ rootPath: root, settings: {}, pullDiagnostics: true });
    try {
      // The version line is logged once the server is initialised; a workspace run would start 0.5 s later.
      await client.waitForNotification("window/logMessage", (params: { message: string }) => params.message.startsWith("promptcost "));
      await new Promise((resolve) => setTimeout(resolve, 2000));
      assert.deepEqual(client.notifications.filter((note) => note.method === "textDocument/publishDiagnostics"), []);
    } finally {
      await client.shutdown();
    }
  });
});
