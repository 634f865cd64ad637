import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { copyFixture, lintJson, positionOf, removeFixture } from "./fixture.ts";
import { LspClient, uriOf } from "./lsp-client.ts";

const WARNING = 2;
const DOCS = "https://github.com/promptcost/promptcost/blob/main/docs/rules/";

/** The range of the callee's name (the last identifier of `callee`) at its first occurrence in a text: where a finding about the whole call sits. */
function calleeNameRange(text: string, callee: string, occurrence = 0) {
  const start = positionOf(text, callee, occurrence);
  const name = callee.slice(callee.lastIndexOf(".") + 1);
  const character = start.character + callee.length - name.length;
  return { start: { line: start.line, character }, end: { line: start.line, character: character + name.length } };
}

describe("diagnostics", () => {
  let root: string;
  let chatPath: string;
  let chatText: string;

  before(() => {
    root = copyFixture("basic");
    chatPath = path.join(root, "src", "chat.ts");
    chatText = fs.readFileSync(chatPath, "utf8");
  });
  after(() => removeFixture(root));

  it("are pushed (textDocument/publishDiagnostics) to a client without pull support, with source, code, docs link, range and severity", async () => {
    const client = await LspClient.start({ rootPath: root, settings: {} });
    try {
      const uri = uriOf(chatPath);
      client.open(uri, chatText);
      const published = await client.diagnostics(uri, 1);
      const capFindings = published.diagnostics.filter((diagnostic) => diagnostic.code === "require-max-tokens");
      // Only the first call lacks max_completion_tokens; the second sets it.
      assert.equal(capFindings.length, 1);
      const [finding] = capFindings;
      assert.deepEqual(finding.range, calleeNameRange(chatText, "openai.chat.completions.create"));
      assert.equal(finding.severity, WARNING);
      assert.equal(finding.source, "promptcost");
      assert.deepEqual(finding.codeDescription, { href: `${DOCS}require-max-tokens.md` });
      assert.match(finding.message, /max_completion_tokens/);

      // The CLI reports the same findings at the same places (1-based there).
      const cli = lintJson(root, ["src/chat.ts"]);
      const fromServer = published.diagnostics.map((diagnostic) => `${diagnostic.code}@${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1}-${diagnostic.range.end.line + 1}:${diagnostic.range.end.character + 1}`);
      const fromCli = cli.findings.map((finding) => `${finding.rule}@${finding.line}:${finding.column}-${finding.endLine}:${finding.endColumn}`);
      assert.deepEqual(fromServer.sort(), fromCli.sort());
    } finally {
      await client.shutdown();
    }
  });

  it("are answered on request (textDocument/diagnostic) when the client pulls, and unchanged when nothing changed", async () => {
    const client = await LspClient.start({ rootPath: root, settings: {}, pullDiagnostics: true });
    try {
      const uri = uriOf(chatPath);
      client.open(uri, chatText);
      const report = await client.request("textDocument/diagnostic", { textDocument: { uri } });
      assert.equal(report.kind, "full");
      const finding = report.items.find((item: { code: string }) => item.code === "require-max-tokens");
      assert.deepEqual(finding.range, calleeNameRange(chatText, "openai.chat.completions.create"));
      assert.equal(finding.severity, WARNING);
      const again = await client.request("textDocument/diagnostic", { textDocument: { uri }, previousResultId: report.resultId });
      assert.deepEqual(again, { kind: "unchanged", resultId: report.resultId });
      // A pulling client gets nothing pushed.
      assert.equal(client.notifications.filter((note) => note.method === "textDocument/publishDiagnostics").length, 0);
    } finally {
      await client.shutdown();
    }
  });

  it("follow edits: the finding goes when the cap is typed in, and comes back when it is removed", async () => {
    const client = await LspClient.start({ rootPath: root, settings: {} });
    try {
      const uri = uriOf(chatPath);
      client.open(uri, chatText);
      await client.diagnostics(uri, 1);
      const capped = chatText.replace('model: "gpt-4.1",', 'model: "gpt-4.1",\n    max_completion_tokens: 800,');
      client.replaceText(uri, 2, chatText, capped);
      const second = await client.diagnostics(uri, 2);
      assert.deepEqual(second.diagnostics.filter((diagnostic) => diagnostic.code === "require-max-tokens"), []);
      client.replaceText(uri, 3, capped, chatText);
      const third = await client.diagnostics(uri, 3);
      assert.equal(third.diagnostics.filter((diagnostic) => diagnostic.code === "require-max-tokens").length, 1);
    } finally {
      await client.shutdown();
    }
  });

  it("skip stale work: a burst of edits is analysed for the newest text, not once per edit", async () => {
    const client = await LspClient.start({ rootPath: root, settings: {} });
    try {
      const uri = uriOf(chatPath);
      client.open(uri, chatText);
      await client.diagnostics(uri, 1);
      const since = client.notifications.length;
      const at = { line: 0, character: 0 };
      const edits = 30;
      // Thirty keystrokes written at once, as a fast typist's editor sends them while the server is busy.
      for (let version = 2; version <= edits + 1; version++) {
        client.notify("textDocument/didChange", { textDocument: { uri, version }, contentChanges: [{ range: { start: at, end: at }, text: " " }] });
      }
      const last = await client.diagnostics(uri, edits + 1, since);
      assert.ok(last.diagnostics.some((diagnostic) => diagnostic.code === "require-max-tokens"));
      const versions = client.notifications.slice(since).filter((note) => note.method === "textDocument/publishDiagnostics" && note.params.uri === uri).map((note) => note.params.version as number);
      assert.ok(versions.length < edits / 2, `published for versions ${versions.join(", ")}`);
      assert.deepEqual(versions, [...versions].sort((a, b) => a - b), "never an older version after a newer one");
    } finally {
      await client.shutdown();
    }
  });

  it("are cleared when the document closes", async () => {
    const client = await LspClient.start({ rootPath: root, settings: {} });
    try {
      const uri = uriOf(chatPath);
      client.open(uri, chatText);
      await client.diagnostics(uri, 1);
      const since = client.notifications.length;
      client.notify("textDocument/didClose", { textDocument: { uri } });
      const cleared = await client.waitForNotification("textDocument/publishDiagnostics", (params: any) => params.uri === uri, 5000, since);
      assert.deepEqual(cleared.diagnostics, []);
    } finally {
      await client.shutdown();
    }
  });

  it("cover untitled documents", async () => {
    const client = await LspClient.start({ rootPath: root, settings: {} });
    try {
      const uri = "untitled:Untitled-1";
      const text = 'import OpenAI from "openai";\nconst client = new OpenAI();\nawait client.chat.completions.create({ model: "gpt-4.1", messages: [{ role: "user", content: "hi" }] });\n';
      client.open(uri, text);
      const published = await client.diagnostics(uri, 1);
      const finding = published.diagnostics.find((diagnostic) => diagnostic.code === "require-max-tokens");
      assert.ok(finding, JSON.stringify(published.diagnostics));
      assert.equal(finding.range.start.line, 2);
      assert.equal(finding.range.start.character, text.split("\n")[2]!.indexOf("create("));
    } finally {
      await client.shutdown();
    }
  });

  it("follow the rule levels of the editor settings", async () => {
    const client = await LspClient.start({ rootPath: root, settings: { rules: { "require-max-tokens": "error", "no-unknown-model": "off" } } });
    try {
      const uri = uriOf(chatPath);
      client.open(uri, chatText);
      const published = await client.diagnostics(uri, 1);
      const finding = published.diagnostics.find((diagnostic) => diagnostic.code === "require-max-tokens");
      assert.equal(finding?.severity, 1);
      assert.equal(published.diagnostics.some((diagnostic) => diagnostic.code === "no-unknown-model"), false);
    } finally {
      await client.shutdown();
    }
  });
});
