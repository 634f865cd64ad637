import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { copyFixture, grouped, lintJson, removeFixture } from "./fixture.ts";
import { firstLensInput, waitUntil } from "./lens-helpers.ts";
import { LspClient, uriOf } from "./lsp-client.ts";

const CREATED = 1;
const CHANGED = 2;

describe("re-analysis when a file an open document uses changes", () => {
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

  it("registers a file watcher for sources, prompt files and the config file", async () => {
    const uri = uriOf(path.join(root, "src", "chat.ts"));
    client.open(uri, fs.readFileSync(path.join(root, "src", "chat.ts"), "utf8"));
    await client.diagnostics(uri, 1);
    const registrations = client.serverRequests.filter((request) => request.method === "client/registerCapability").flatMap((request) => request.params.registrations);
    const watcher = registrations.find((registration: { method: string }) => registration.method === "workspace/didChangeWatchedFiles");
    const glob: string = watcher.registerOptions.watchers[0].globPattern;
    for (const extension of ["ts", "md", "json"]) assert.ok(glob.includes(extension), glob);
  });

  it("a prompt file read with fs changes on disk: the document that reads it is re-analysed and its diagnostics re-published", async () => {
    const supportPath = path.join(root, "src", "support.ts");
    const uri = uriOf(supportPath);
    client.open(uri, fs.readFileSync(supportPath, "utf8"));
    const first = await client.diagnostics(uri, 1);
    assert.ok(first.diagnostics.some((item) => item.code === "prefer-cached-prefix"), "the long policy is worth caching");
    const before = await firstLensInput(client, uri);

    const policyPath = path.join(root, "src", "prompts", "policy.md");
    fs.writeFileSync(policyPath, "Be kind. Refund within 30 days.\n");
    const since = client.notifications.length;
    const refreshesBefore = client.serverRequests.filter((request) => request.method === "workspace/codeLens/refresh").length;
    client.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(policyPath), type: CHANGED }] });

    const republished = await client.diagnostics(uri, 1, since);
    assert.equal(republished.diagnostics.some((item) => item.code === "prefer-cached-prefix"), false, "a short policy is below the cacheable minimum");
    const expected = lintJson(root, ["src/support.ts"]).calls[0]!.inputTokens.total;
    assert.equal(await firstLensInput(client, uri), grouped(expected));
    assert.notEqual(grouped(expected), before);
    await waitUntil(() => client.serverRequests.filter((request) => request.method === "workspace/codeLens/refresh").length > refreshesBefore, "a code lens refresh");
  });

  it("an imported constant is edited in another open document: the importing document is re-analysed with the unsaved text", async () => {
    const chatPath = path.join(root, "src", "chat.ts");
    const constantsPath = path.join(root, "src", "prompts", "constants.ts");
    const chatUri = uriOf(chatPath);
    const constantsUri = uriOf(constantsPath);
    client.open(chatUri, fs.readFileSync(chatPath, "utf8"));
    client.open(constantsUri, fs.readFileSync(constantsPath, "utf8"));
    await client.diagnostics(chatUri, 1);
    const before = await firstLensInput(client, chatUri);

    const constants = fs.readFileSync(constantsPath, "utf8");
    const longer = constants.replace("Answer in two sentences at most.", "Answer in two sentences at most. Mention opening hours, the repair queue, and the return policy when relevant.");
    const since = client.notifications.length;
    client.replaceText(constantsUri, 2, constants, longer);
    await client.diagnostics(chatUri, 1, since);

    // What the CLI counts once the same text is on disk.
    fs.writeFileSync(constantsPath, longer);
    const expected = lintJson(root, ["src/chat.ts"]).calls[0]!.inputTokens.total;
    const after = await firstLensInput(client, chatUri);
    assert.equal(after, grouped(expected));
    assert.notEqual(after, before);
  });

  it("the file building a class is edited, unsaved: a request sending the model the class was built with is re-analysed", async () => {
    // bot.ts does not import use.ts: the model comes from the project's `new`s of Bot (constructed-models.test.ts).
    const botPath = path.join(root, "src", "bot.ts");
    const usePath = path.join(root, "src", "use.ts");
    fs.writeFileSync(botPath, `export class Bot {\n  constructor(public apiKey: string, public model: string) {}\n  async send(prompt: string) {\n    return fetch("https://api.openai.com/v1/chat/completions", { method: "POST", body: JSON.stringify({ model: this.model, messages: [{ role: "user", content: prompt }] }) });\n  }\n}\n`);
    const built = `import { Bot } from "./bot";\nexport const bot = new Bot("key", "gpt-4o-mini");\n`;
    fs.writeFileSync(usePath, built);
    const botUri = uriOf(botPath);
    const useUri = uriOf(usePath);
    // Written after the server listed the workspace: the client says they were created.
    client.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: botUri, type: CREATED }, { uri: useUri, type: CREATED }] });
    const model = async (): Promise<string> => {
      const [lens] = await client.request("textDocument/codeLens", { textDocument: { uri: botUri } });
      return ((await client.request("codeLens/resolve", lens)).command.title as string).split(" · ")[0]!;
    };
    client.open(botUri, fs.readFileSync(botPath, "utf8"));
    await client.diagnostics(botUri, 1);
    assert.equal(await model(), "gpt-4o-mini");
    client.open(useUri, built);
    const since = client.notifications.length;
    client.replaceText(useUri, 2, built, built.replace("gpt-4o-mini", "gpt-4.1"));
    await client.diagnostics(botUri, 1, since);
    assert.equal(await model(), "gpt-4.1");
  });

  it("an imported file that is not open changes on disk: the importing document is re-analysed", async () => {
    const chatPath = path.join(root, "src", "chat.ts");
    const constantsPath = path.join(root, "src", "prompts", "constants.ts");
    const chatUri = uriOf(chatPath);
    client.open(chatUri, fs.readFileSync(chatPath, "utf8"));
    await client.diagnostics(chatUri, 1);
    const before = await firstLensInput(client, chatUri);

    fs.writeFileSync(constantsPath, 'export const CHAT_SYSTEM = "Be brief.";\n');
    const since = client.notifications.length;
    client.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(constantsPath), type: CHANGED }] });
    await client.diagnostics(chatUri, 1, since);
    const expected = lintJson(root, ["src/chat.ts"]).calls[0]!.inputTokens.total;
    assert.equal(await firstLensInput(client, chatUri), grouped(expected));
    assert.notEqual(grouped(expected), before);
  });

  it("a document that does not use the changed file is left alone", async () => {
    const chatPath = path.join(root, "src", "chat.ts");
    const chatUri = uriOf(chatPath);
    client.open(chatUri, fs.readFileSync(chatPath, "utf8"));
    await client.diagnostics(chatUri, 1);
    const policyPath = path.join(root, "src", "prompts", "policy.md");
    fs.writeFileSync(policyPath, "Short.\n");
    const since = client.notifications.length;
    client.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(policyPath), type: CHANGED }] });
    await assert.rejects(client.waitForNotification("textDocument/publishDiagnostics", (params: { uri: string }) => params.uri === chatUri, 1500, since));
  });

  it("pulling clients are asked to pull again (workspace/diagnostic/refresh)", async () => {
    await client.shutdown();
    client = await LspClient.start({ rootPath: root, settings: {}, pullDiagnostics: true });
    const supportPath = path.join(root, "src", "support.ts");
    const uri = uriOf(supportPath);
    client.open(uri, fs.readFileSync(supportPath, "utf8"));
    const first = await client.request("textDocument/diagnostic", { textDocument: { uri } });
    const policyPath = path.join(root, "src", "prompts", "policy.md");
    fs.writeFileSync(policyPath, "Short.\n");
    client.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(policyPath), type: CHANGED }] });
    await waitUntil(() => client.serverRequests.some((request) => request.method === "workspace/diagnostic/refresh"), "a diagnostic refresh");
    const second = await client.request("textDocument/diagnostic", { textDocument: { uri }, previousResultId: first.resultId });
    assert.equal(second.kind, "full");
    assert.equal(second.items.some((item: { code: string }) => item.code === "prefer-cached-prefix"), false);
  });
});
