import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { copyFixture, lintJson, removeFixture } from "./fixture.ts";
import { LspClient, uriOf } from "./lsp-client.ts";

const CHANGED = 2;

async function lensTitles(client: LspClient, uri: string): Promise<string[]> {
  const lenses = await client.request("textDocument/codeLens", { textDocument: { uri } });
  return Promise.all(lenses.map(async (lens: unknown) => (await client.request("codeLens/resolve", lens)).command.title as string));
}

/** A workspace where features ask through a wrapper with a default model, and one call has no price. */
describe("calls through a project wrapper, in the editor", () => {
  let root: string;
  let client: LspClient;
  let llmPath: string;
  let faqPath: string;

  beforeEach(async () => {
    root = copyFixture("wrapper");
    llmPath = path.join(root, "src", "llm.ts");
    faqPath = path.join(root, "src", "faq.ts");
    client = await LspClient.start({ rootPath: root, settings: {}, initializationOptions: { fileCostNotifications: true } });
  });
  afterEach(async () => {
    await client.shutdown();
    removeFixture(root);
  });

  it("saving the file that holds the wrapper keeps the lenses at its call sites", async () => {
    const llmText = fs.readFileSync(llmPath, "utf8");
    client.open(uriOf(faqPath), fs.readFileSync(faqPath, "utf8"));
    client.open(uriOf(llmPath), llmText);
    await client.diagnostics(uriOf(faqPath), 1);
    const before = await lensTitles(client, uriOf(faqPath));
    assert.equal(before.length, 2);

    // A blank line, then save: the editor sends the change, didSave and the watcher's change event.
    const edited = llmText + "\n";
    client.replaceText(uriOf(llmPath), 2, llmText, edited);
    fs.writeFileSync(llmPath, edited);
    const since = client.notifications.length;
    client.notify("textDocument/didSave", { textDocument: { uri: uriOf(llmPath) } });
    client.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(llmPath), type: CHANGED }] });
    await client.diagnostics(uriOf(faqPath), 1, since);
    assert.deepEqual(await lensTitles(client, uriOf(faqPath)), before);
  });

  it("closing and reopening the wrapper's file keeps the call sites recognised", async () => {
    const llmText = fs.readFileSync(llmPath, "utf8");
    client.open(uriOf(faqPath), fs.readFileSync(faqPath, "utf8"));
    client.open(uriOf(llmPath), llmText);
    await client.diagnostics(uriOf(llmPath), 1);
    const before = await lensTitles(client, uriOf(faqPath));
    client.notify("textDocument/didClose", { textDocument: { uri: uriOf(llmPath) } });
    client.open(uriOf(llmPath), llmText);
    await client.diagnostics(uriOf(llmPath), 1, client.notifications.length);
    assert.deepEqual(await lensTitles(client, uriOf(faqPath)), before);
  });

  it("the workspace report counts a call through a wrapper once: its total is the CLI's", async () => {
    client.open(uriOf(llmPath), fs.readFileSync(llmPath, "utf8"));
    await client.diagnostics(uriOf(llmPath), 1);
    const report = await client.request("promptcost/workspaceReport", {});
    const cli = lintJson(root);
    assert.ok(cli.calls.some((call) => (call as { countedAtCallSites?: boolean }).countedAtCallSites), "the fixture has a wrapper call counted at its call sites");
    assert.equal(report.totals.monthlyUsd, cli.summary.monthlyUsd);
    const inner = report.calls.find((call: { file: string }) => call.file === "src/llm.ts");
    assert.equal(inner.countedAtCallSites, true);
    const llmRow = report.files.find((file: { file: string }) => file.file === "src/llm.ts");
    assert.equal(llmRow.monthlyUsd, 0, "the wrapper's own file makes no request of its own");
  });

  it("a file whose calls have no price is unknown, never $0, in the report and the status bar", async () => {
    const draftPath = path.join(root, "src", "draft.ts");
    client.open(uriOf(draftPath), fs.readFileSync(draftPath, "utf8"));
    const cost = await client.waitForNotification("promptcost/fileCostChanged", (params: any) => params.uri === uriOf(draftPath));
    assert.equal(cost.monthlyUsd, null);
    assert.equal(cost.unpricedCalls, 1);
    const report = await client.request("promptcost/workspaceReport", {});
    const row = report.files.find((file: { file: string }) => file.file === "src/draft.ts");
    assert.equal(row.monthlyUsd, null);
    assert.equal(row.unpricedCalls, 1);
  });

  it("the status bar leaves the wrapper's own call out of its file's total once its call sites are seen", async () => {
    client.open(uriOf(llmPath), fs.readFileSync(llmPath, "utf8"));
    client.open(uriOf(faqPath), fs.readFileSync(faqPath, "utf8"));
    const cost = await client.waitForNotification(
      "promptcost/fileCostChanged",
      (params: any) => params.uri === uriOf(llmPath) && params.countedAtCallSites === 1,
    );
    assert.equal(cost.monthlyUsd, 0);
    assert.equal(cost.unpricedCalls, 0);
  });
});

/** A wrapper that leaves the output uncapped and the notes unbounded, called from two functions of another file. */
describe("a wrapper's findings in the editor", () => {
  let root: string;
  let client: LspClient;

  beforeEach(async () => {
    root = copyFixture("wrapper-findings");
    client = await LspClient.start({ rootPath: root, settings: {} });
  });
  afterEach(async () => {
    await client.shutdown();
    removeFixture(root);
  });

  it("are shown at the wrapper and, once the workspace is known, not again at its call sites, as the CLI reports them", async () => {
    const ticketsUri = uriOf(path.join(root, "src", "tickets.ts"));
    const llmUri = uriOf(path.join(root, "src", "llm.ts"));
    client.open(ticketsUri, fs.readFileSync(path.join(root, "src", "tickets.ts"), "utf8"));
    // Before anything is known of the wrapper's file, the call sites say what their requests do.
    const first = await client.diagnostics(ticketsUri, 1);
    assert.ok(first.diagnostics.some((diagnostic: { code: string }) => diagnostic.code === "require-max-tokens"));
    const since = client.notifications.length;
    await client.request("promptcost/workspaceReport", {});
    const tickets = await client.waitForNotification("textDocument/publishDiagnostics", (params: any) => params.uri === ticketsUri, 30000, since);
    assert.deepEqual(tickets.diagnostics, []);
    client.open(llmUri, fs.readFileSync(path.join(root, "src", "llm.ts"), "utf8"));
    const llm = await client.diagnostics(llmUri, 1);
    assert.deepEqual(llm.diagnostics.map((diagnostic: { code: string }) => diagnostic.code).sort(), ["no-unbounded-context", "require-max-tokens"]);
    const cli = lintJson(root);
    assert.deepEqual(cli.findings.map((finding) => `${finding.file} ${finding.rule}`).sort(), ["src/llm.ts no-unbounded-context", "src/llm.ts require-max-tokens"]);
  });
});
