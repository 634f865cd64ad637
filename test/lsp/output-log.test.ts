import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { TOOL_VERSION } from "../../server/src/version.ts";
import { copyFixture, removeFixture } from "./fixture.ts";
import { LspClient, uriOf } from "./lsp-client.ts";

const logged = (client: LspClient): string[] => client.notifications.filter((note) => note.method === "window/logMessage").map((note) => note.params.message as string);

describe("the output channel's log (window/logMessage, $/logTrace)", () => {
  let root: string;
  let client: LspClient;
  let uri: string;

  before(async () => {
    root = copyFixture("basic");
    fs.writeFileSync(path.join(root, "promptcost.config.json"), JSON.stringify({ defaults: { requestsPerDay: 10 } }));
    client = await LspClient.start({ rootPath: root, settings: {} });
    uri = uriOf(path.join(root, "src", "chat.ts"));
  });
  after(async () => {
    await client.shutdown();
    removeFixture(root);
  });

  it("logs the version once initialised", async () => {
    const line = await client.waitForNotification("window/logMessage", (params: { message: string }) => params.message.startsWith("promptcost "));
    assert.match(line.message, new RegExp(`^promptcost ${TOOL_VERSION.replace(/\./g, "\\.")} \\(Node v\\d+`));
  });

  it("logs the config file in force, once", async () => {
    client.open(uri, fs.readFileSync(path.join(root, "src", "chat.ts"), "utf8"));
    await client.diagnostics(uri, 1);
    const configLines = logged(client).filter((message) => message.startsWith("config: "));
    assert.equal(configLines.length, 1, configLines.join("\n"));
    assert.equal(fs.realpathSync(configLines[0]!.slice("config: ".length)), fs.realpathSync(path.join(root, "promptcost.config.json")));
  });

  it("logs how many files the workspace report indexed, and how long it took", async () => {
    const report = await client.request("promptcost/workspaceReport", {});
    const line = logged(client).find((message) => message.startsWith("workspace: "));
    const { files, calls, filesWithCalls } = report.totals;
    assert.match(line ?? "", new RegExp(`^workspace: ${files} files indexed, ${calls} calls in ${filesWithCalls} files, in \\d+ ms$`));
    assert.ok(report.totals.files >= 2);
  });

  it("traces each analysis with its time when the client turns tracing on", async () => {
    client.notify("$/setTrace", { value: "messages" });
    client.replaceText(uri, 2, fs.readFileSync(path.join(root, "src", "chat.ts"), "utf8"), fs.readFileSync(path.join(root, "src", "chat.ts"), "utf8") + "\n");
    const trace = await client.waitForNotification("$/logTrace", (params: { message: string }) => params.message.startsWith("analysed "));
    assert.match(trace.message, /^analysed .*chat\.ts \(version 2\): \d+ calls, \d+ findings in \d+\.\d ms$/);
  });
});
