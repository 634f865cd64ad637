// The server stays up and right under what editors and broken clients really send: unknown methods,
// missing or out-of-range parameters, documents it never saw, bursts of changes, closes, cancellations and
// garbage on the wire. After each scenario a normal hover must still give the CLI's token count.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { formatTokens } from "../../server/src/core/format.ts";
import { copyFixture, lintJson, removeFixture } from "./fixture.ts";
import { LspClient, uriOf } from "./lsp-client.ts";

const METHOD_NOT_FOUND = -32601;
const REQUEST_CANCELLED = -32800;

describe("robustness of the language server", () => {
  let root: string;
  let client: LspClient;
  let chatUri: string;
  let chatText: string;
  /** The CLI's input tokens for the first call of chat.ts, at line 7. */
  let expectedTokens: number;
  /** Where the first call's `create` is, for hovers. */
  let callPosition: { line: number; character: number };

  before(async () => {
    root = copyFixture("basic");
    const chatPath = path.join(root, "src", "chat.ts");
    chatText = fs.readFileSync(chatPath, "utf8");
    chatUri = uriOf(chatPath);
    const call = lintJson(root, ["src/chat.ts"]).calls[0]!;
    expectedTokens = call.inputTokens.total;
    callPosition = { line: call.line - 1, character: chatText.split("\n")[call.line - 1]!.indexOf("create") };
    client = await LspClient.start({ rootPath: root, settings: {} });
    client.open(chatUri, chatText);
    await client.diagnostics(chatUri, 1);
  });
  after(async () => {
    await client.shutdown();
    removeFixture(root);
  });

  /** The server is up and its hover of the first call still shows the CLI's token count. */
  async function assertStillRight(uri = chatUri): Promise<void> {
    assert.equal(client.exitCode, null, `the server exited\n${client.stderr}`);
    const hover = await client.request("textDocument/hover", { textDocument: { uri }, position: callPosition });
    assert.ok(hover, "a hover for the call");
    assert.match(hover.contents.value, new RegExp(`\\*\\*Input\\*\\* ${formatTokens(expectedTokens).replace(",", "\\,")} tokens`));
  }

  it("answers an unknown request with MethodNotFound and ignores an unknown notification", async () => {
    await assert.rejects(client.request("promptcost/noSuchThing", {}), (error: { code?: number }) => error.code === METHOD_NOT_FOUND);
    client.notify("promptcost/noSuchNotification", { anything: true });
    client.notify("$/someClientExtension", null);
    await assertStillRight();
  });

  it("survives requests with missing or malformed parameters", async () => {
    const malformed: [string, unknown][] = [
      ["textDocument/hover", {}],
      ["textDocument/hover", { textDocument: {}, position: { line: 0, character: 0 } }],
      ["textDocument/hover", { textDocument: { uri: chatUri } }],
      ["textDocument/hover", { textDocument: { uri: chatUri }, position: { line: -5, character: -1 } }],
      ["textDocument/hover", { textDocument: { uri: chatUri }, position: { line: 100000, character: 100000 } }],
      ["textDocument/hover", null],
      ["textDocument/codeLens", { textDocument: null }],
      ["codeLens/resolve", { range: null }],
      ["codeLens/resolve", { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, data: { uri: chatUri, index: 999 } }],
      ["textDocument/codeAction", { textDocument: { uri: chatUri }, range: { start: { line: 9, character: 0 }, end: { line: 2, character: 0 } }, context: { diagnostics: [{ code: 42, range: null }] } }],
      ["textDocument/codeAction", { textDocument: { uri: chatUri } }],
      ["textDocument/diagnostic", { textDocument: { uri: 42 } }],
      ["promptcost/fileCost", { uri: null }],
      ["workspace/executeCommand", { command: "promptcost.noSuchCommand", arguments: [1, null, {}] }],
    ];
    for (const [method, params] of malformed) {
      // Any answer or error is fine; what is not fine is no answer, or a dead server.
      await client.request(method, params).catch((error: Error) => error);
    }
    client.notify("textDocument/didChange", { textDocument: { uri: chatUri } });
    client.notify("textDocument/didOpen", { textDocument: null });
    client.notify("textDocument/didClose", {});
    client.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: "not a uri", type: 99 }] });
    await assertStillRight();
  });

  it("answers for documents it never saw with nothing, not an error or a stale answer", async () => {
    const unknown = uriOf(path.join(root, "src", "never-opened-and-absent.ts"));
    assert.equal(await client.request("textDocument/hover", { textDocument: { uri: unknown }, position: { line: 0, character: 0 } }), null);
    assert.deepEqual(await client.request("textDocument/codeLens", { textDocument: { uri: unknown } }), []);
    const actions = await client.request("textDocument/codeAction", { textDocument: { uri: unknown }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] } });
    assert.ok(actions === null || (Array.isArray(actions) && actions.length === 0), JSON.stringify(actions));
    const otherScheme = "untitled:Untitled-1";
    assert.equal(await client.request("textDocument/hover", { textDocument: { uri: otherScheme }, position: { line: 0, character: 0 } }), null);
    await assertStillRight();
  });

  it("after a burst of 200 unawaited changes, the last version's diagnostics equal a fresh analysis of its text", async () => {
    const burstPath = path.join(root, "src", "burst.ts");
    const burstUri = uriOf(burstPath);
    const twinUri = uriOf(path.join(root, "src", "twin.ts"));
    client.open(burstUri, chatText);
    await client.diagnostics(burstUri, 1);
    let text = chatText;
    for (let version = 2; version <= 201; version++) {
      // Typing a comment line by line; change 100 removes the second call's output cap (a new finding).
      const next = version === 100 ? text.replace("    max_completion_tokens: 300,\n", "") : `${text}// edit ${version}\n`;
      client.replaceText(burstUri, version, text, next);
      text = next;
    }
    const last = await client.diagnostics(burstUri, 201);
    client.open(twinUri, text);
    const fresh = await client.diagnostics(twinUri, 1);
    const shape = (diagnostics: { code: string; range: unknown; message: string }[]) => diagnostics.map((item) => ({ code: item.code, range: item.range, message: item.message }));
    assert.ok(fresh.diagnostics.length > 0, "the text has findings");
    assert.deepEqual(shape(last.diagnostics), shape(fresh.diagnostics));
    client.notify("textDocument/didClose", { textDocument: { uri: twinUri } });
    await assertStillRight();
  });

  it("open, close and reopen in quick succession: a closed document gets no hover, the reopened one its new text", async () => {
    const flickerUri = uriOf(path.join(root, "src", "flicker.ts"));
    for (let round = 0; round < 20; round++) {
      client.open(flickerUri, chatText, "typescript", 1);
      client.notify("textDocument/didClose", { textDocument: { uri: flickerUri } });
    }
    const closedHover = await client.request("textDocument/hover", { textDocument: { uri: flickerUri }, position: callPosition });
    assert.equal(closedHover, null);
    // Reopened with no LLM call at all: its diagnostics and lenses are empty, not the old text's.
    const since = client.notifications.length;
    client.open(flickerUri, "export const nothing = 1;\n", "typescript", 1);
    const reopened = await client.diagnostics(flickerUri, 1, since);
    assert.deepEqual(reopened.diagnostics, []);
    assert.deepEqual(await client.request("textDocument/codeLens", { textDocument: { uri: flickerUri } }), []);
    client.notify("textDocument/didClose", { textDocument: { uri: flickerUri } });
    await assertStillRight();
  });

  it("a cancelled request answers RequestCancelled or its right result, and later requests are right", async () => {
    for (const method of ["textDocument/hover", "textDocument/codeLens"]) {
      const params = method === "textDocument/hover" ? { textDocument: { uri: chatUri }, position: callPosition } : { textDocument: { uri: chatUri } };
      const answer = await client.requestAndCancel(method, params);
      if (answer.error) assert.equal(answer.error.code, REQUEST_CANCELLED, `${method}: ${JSON.stringify(answer.error)}`);
      else if (method === "textDocument/hover") assert.match(JSON.stringify(answer.result), new RegExp(formatTokens(expectedTokens).replace(",", "\\,")));
    }
    await assertStillRight();
  });

  it("survives a body that is not JSON, then goes on answering", async () => {
    const garbage = Buffer.from("{ this is not json", "utf8");
    client.sendRaw(`Content-Length: ${garbage.length}\r\n\r\n`);
    client.sendRaw(garbage);
    await assertStillRight();
  });
});
