import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { afterEach, beforeEach, describe, it } from "node:test";
import { copyFixture, grouped, lintJson, removeFixture } from "./fixture.ts";
import { firstLensInput, waitUntil } from "./lens-helpers.ts";
import { LspClient, uriOf } from "./lsp-client.ts";

function refreshes(client: LspClient): number {
  return client.serverRequests.filter((request) => request.method === "workspace/codeLens/refresh").length;
}


describe("lenses while typing", () => {
  let root: string;
  let client: LspClient;

  beforeEach(async () => {
    root = copyFixture("basic");
    client = await LspClient.start({ rootPath: root, settings: {} });
  });
  afterEach(async () => {
    await client.shutdown();
    removeFixture(root);
  });

  it("asks the editor for lenses again as soon as an edit is analysed, within 300 ms", async () => {
    const chatPath = path.join(root, "src", "chat.ts");
    const uri = uriOf(chatPath);
    const text = fs.readFileSync(chatPath, "utf8");
    client.open(uri, text);
    await client.diagnostics(uri, 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = refreshes(client);
    const since = client.notifications.length;
    client.replaceText(uri, 2, text, text.replace("messages: [{ role: \"user\", content: question }]", "messages: [{ role: \"user\", content: `Please answer: ${question}` }]"));
    await client.diagnostics(uri, 2, since);
    const analysed = performance.now();
    await waitUntil(() => refreshes(client) > before, "a code lens refresh after the edit's analysis");
    assert.ok(performance.now() - analysed < 300, `refresh ${Math.round(performance.now() - analysed)} ms after the diagnostics`);
  });

  it("counts a prompt file's unsaved text: editing policy.md in the editor changes the lens of the code that reads it", async () => {
    const supportPath = path.join(root, "src", "support.ts");
    const policyPath = path.join(root, "src", "prompts", "policy.md");
    const supportUri = uriOf(supportPath);
    const policyUri = uriOf(policyPath);
    client.open(supportUri, fs.readFileSync(supportPath, "utf8"));
    await client.diagnostics(supportUri, 1);
    const before = await firstLensInput(client, supportUri);

    const policy = fs.readFileSync(policyPath, "utf8");
    client.open(policyUri, policy, "markdown");
    const since = client.notifications.length;
    const shorter = "Be kind. Refund within 30 days.\n";
    client.replaceText(policyUri, 2, policy, shorter);
    await client.diagnostics(supportUri, 1, since);
    const unsaved = await firstLensInput(client, supportUri);

    // What the CLI counts once the same text is on disk.
    fs.writeFileSync(policyPath, shorter);
    const expected = lintJson(root, ["src/support.ts"]).calls[0]!.inputTokens.total;
    assert.equal(unsaved, grouped(expected));
    assert.notEqual(unsaved, before);
    // The prompt document itself has no calls and no findings.
    assert.deepEqual(await client.request("textDocument/codeLens", { textDocument: { uri: policyUri } }), []);
  });
});
