import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { SHOW_CALL_COMMAND, type CallLensArguments } from "../../server/src/protocol.ts";
import { copyFixture, lintJson, removeFixture, type JsonCall } from "./fixture.ts";
import { LspClient, uriOf } from "./lsp-client.ts";

async function resolvedLenses(client: LspClient, uri: string): Promise<{ range: { start: { line: number } }; command: { title: string; command: string; arguments?: unknown[] } }[]> {
  const lenses: unknown[] = await client.request("textDocument/codeLens", { textDocument: { uri } });
  return Promise.all(lenses.map((lens) => client.request("codeLens/resolve", lens)));
}

describe("clickable code lenses", () => {
  let root: string;
  let chatText: string;
  let cliCalls: JsonCall[];
  let uri: string;
  let asking: LspClient;
  let plain: LspClient;

  before(async () => {
    root = copyFixture("basic");
    chatText = fs.readFileSync(path.join(root, "src", "chat.ts"), "utf8");
    cliCalls = lintJson(root, ["src"]).calls.filter((call) => call.file === "src/chat.ts");
    uri = uriOf(path.join(root, "src", "chat.ts"));
    asking = await LspClient.start({ rootPath: root, settings: {}, initializationOptions: { callLensCommand: true } });
    plain = await LspClient.start({ rootPath: root, settings: {} });
    asking.open(uri, chatText);
    plain.open(uri, chatText);
  });
  after(async () => {
    await Promise.all([asking.shutdown(), plain.shutdown()]);
    removeFixture(root);
  });

  it("runs the show-call command with the call's line, title, breakdown and requests/day when the client asks for it", async () => {
    const lenses = await resolvedLenses(asking, uri);
    assert.equal(lenses.length, cliCalls.length);
    for (const [index, lens] of lenses.entries()) {
      assert.equal(lens.command.command, SHOW_CALL_COMMAND);
      const call = lens.command.arguments?.[0] as CallLensArguments;
      assert.equal(call.uri, uri);
      assert.equal(call.line, cliCalls[index]!.line - 1, "the line the call starts on, where the annotation goes above");
      assert.equal(call.title, lens.command.title);
      assert.equal(call.requestsPerDay, 1000);
      assert.match(call.breakdown, /\*\*Input\*\* [\d,]+ tokens/);
    }
  });

  it("reads a // promptcost: requestsPerDay annotation back into the lens's arguments", async () => {
    const first = cliCalls[0]!;
    const lines = chatText.split("\n");
    const indent = /^\s*/.exec(lines[first.line - 1]!)![0];
    lines.splice(first.line - 1, 0, `${indent}// promptcost: requestsPerDay=42`);
    asking.replaceText(uri, 2, chatText, lines.join("\n"));
    const lens = (await resolvedLenses(asking, uri))[0]!;
    const call = lens.command.arguments?.[0] as CallLensArguments;
    assert.equal(call.requestsPerDay, 42);
    assert.equal(call.line, first.line);
  });

  it("stays plain text for editors that do not ask (no command they cannot run)", async () => {
    const lenses = await resolvedLenses(plain, uri);
    assert.ok(lenses.length > 0);
    for (const lens of lenses) {
      assert.equal(lens.command.command, "");
      assert.equal(lens.command.arguments, undefined);
    }
  });
});
