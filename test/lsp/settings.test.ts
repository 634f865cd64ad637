import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, beforeEach, describe, it } from "node:test";
import { formatUsd } from "../../server/src/core/format.ts";
import { copyFixture, lintJson, removeFixture } from "./fixture.ts";
import { LspClient, uriOf } from "./lsp-client.ts";

const CREATED = 1;
/** The fixture's model is priced only by these overrides: $1 per million input tokens, $2 per million output. */
const OVERRIDES = { "acme-small": { inputPerMTok: 1, outputPerMTok: 2 } };
const ASSUMED_OUTPUT = 500;

describe("settings", () => {
  let root: string;
  let askPath: string;
  let uri: string;
  let inputTokens: number;
  let client: LspClient | undefined;

  beforeEach(() => {
    root = copyFixture("settings");
    askPath = path.join(root, "src", "ask.ts");
    uri = uriOf(askPath);
    // The CLI's token count of the call, with the same prices given in a config file outside the workspace.
    const config = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-config-")), "promptcost.config.json");
    fs.writeFileSync(config, JSON.stringify({ pricing: { overrides: OVERRIDES } }));
    inputTokens = lintJson(root, ["src/ask.ts"], ["--config", config]).calls[0]!.inputTokens.total;
  });
  afterEach(async () => {
    await client?.shutdown();
    client = undefined;
    removeFixture(root);
  });

  /** $/month by hand at a traffic assumption. */
  const monthly = (requestsPerDay: number): string => formatUsd(((inputTokens * 1 + ASSUMED_OUTPUT * 2) / 1e6) * requestsPerDay * 30);

  async function lensTitle(): Promise<string> {
    const [lens] = await client!.request("textDocument/codeLens", { textDocument: { uri } });
    assert.ok(lens, "a lens for the call");
    return (await client!.request("codeLens/resolve", lens)).command.title;
  }

  async function start(settings: Record<string, unknown>): Promise<LspClient> {
    client = await LspClient.start({ rootPath: root, settings });
    client.open(uri, fs.readFileSync(askPath, "utf8"));
    await client.diagnostics(uri, 1);
    return client;
  }

  it("are pulled per document with workspace/configuration: requestsPerDay and pricing.overrides shape the figures", async () => {
    const started = await start({ requestsPerDay: 2000, pricing: { overrides: OVERRIDES } });
    const request = started.serverRequests.find((entry) => entry.method === "workspace/configuration");
    assert.deepEqual(request?.params.items, [{ scopeUri: uri, section: "promptcost" }]);
    assert.ok((await lensTitle()).endsWith(` · ${monthly(2000)}/mo`), await lensTitle());
  });

  it("are pulled again after didChangeConfiguration, and the document re-analysed", async () => {
    const started = await start({ requestsPerDay: 2000, pricing: { overrides: OVERRIDES } });
    started.settings = { requestsPerDay: 10, pricing: { overrides: OVERRIDES }, rules: { "require-max-tokens": "error" } };
    const since = started.notifications.length;
    started.notify("workspace/didChangeConfiguration", { settings: null });
    const republished = await started.diagnostics(uri, 1, since);
    assert.equal(republished.diagnostics.find((item) => item.code === "require-max-tokens")?.severity, 1);
    assert.ok((await lensTitle()).endsWith(` · ${monthly(10)}/mo`), await lensTitle());
  });

  it("lose to promptcost.config.json where it speaks, picked up when the file appears", async () => {
    const started = await start({ requestsPerDay: 2000, pricing: { overrides: OVERRIDES }, rules: { "require-max-tokens": "error" } });
    const configPath = path.join(root, "promptcost.config.json");
    fs.writeFileSync(configPath, JSON.stringify({ defaults: { requestsPerDay: 50 }, rules: { "require-max-tokens": "off" } }));
    const since = started.notifications.length;
    started.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(configPath), type: CREATED }] });
    const republished = await started.diagnostics(uri, 1, since);
    assert.equal(republished.diagnostics.some((item) => item.code === "require-max-tokens"), false);
    // The editor's price overrides still apply: the config file has none.
    assert.ok((await lensTitle()).endsWith(` · ${monthly(50)}/mo`), await lensTitle());
  });

  it("prices: the editor's selfHosted and discount apply until promptcost.config.json says otherwise", async () => {
    // $3.60 an hour at 1,000 tokens/s is $1 per million tokens; $7.20 is $2 (the overrides' own prices).
    const editorHardware = { "acme-*": { costPerHour: 3.6, tokensPerSecond: 1000 } };
    const started = await start({ pricing: { overrides: {}, selfHosted: editorHardware, discount: 50 } });
    const atOneDollar = formatUsd(((inputTokens + ASSUMED_OUTPUT) / 1e6) * 1000 * 30);
    assert.ok((await lensTitle()).endsWith(` · ${atOneDollar}/mo`), await lensTitle());
    const configPath = path.join(root, "promptcost.config.json");
    fs.writeFileSync(configPath, JSON.stringify({ pricing: { selfHosted: { "acme-small": { costPerHour: 7.2, tokensPerSecond: 1000 } } } }));
    const since = started.notifications.length;
    started.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(configPath), type: CREATED }] });
    await started.diagnostics(uri, 1, since);
    const atTwoDollars = formatUsd(((inputTokens + ASSUMED_OUTPUT) * 2 / 1e6) * 1000 * 30);
    assert.ok((await lensTitle()).endsWith(` · ${atTwoDollars}/mo`), await lensTitle());
  });

  it("in an untrusted workspace, the repository config is not read", async () => {
    fs.writeFileSync(path.join(root, "promptcost.config.json"), JSON.stringify({ defaults: { requestsPerDay: 50 } }));
    await start({ requestsPerDay: 2000, pricing: { overrides: OVERRIDES }, workspaceTrusted: false });
    assert.ok((await lensTitle()).endsWith(` · ${monthly(2000)}/mo`), await lensTitle());
  });

  it("an invalid config file is reported once and ignored; the editor settings still apply", async () => {
    fs.writeFileSync(path.join(root, "promptcost.config.json"), JSON.stringify({ defaults: { requestsPerDay: "many" } }));
    const started = await start({ requestsPerDay: 2000, pricing: { overrides: OVERRIDES } });
    const shown = started.serverRequests.filter((entry) => entry.method === "window/showMessageRequest" || entry.method === "window/showMessage");
    const warnings = [...shown, ...started.notifications.filter((note) => note.method === "window/showMessage")];
    assert.equal(warnings.length, 1, JSON.stringify(warnings));
    assert.match(warnings[0]!.params.message, /defaults\.requestsPerDay/);
    assert.ok((await lensTitle()).endsWith(` · ${monthly(2000)}/mo`), await lensTitle());
  });

  it("promptcost.enable = false: no diagnostics and no lenses", async () => {
    const started = await start({ enable: false });
    const published = started.notifications.filter((note) => note.method === "textDocument/publishDiagnostics" && note.params.uri === uri);
    assert.deepEqual(published.at(-1)?.params.diagnostics, []);
    assert.deepEqual(await started.request("textDocument/codeLens", { textDocument: { uri } }), []);
  });

  it("clients without workspace/configuration use the settings sent with didChangeConfiguration", async () => {
    client = await LspClient.start({ rootPath: root, settings: undefined });
    client.open(uri, fs.readFileSync(askPath, "utf8"));
    await client.diagnostics(uri, 1);
    const since = client.notifications.length;
    client.notify("workspace/didChangeConfiguration", { settings: { promptcost: { requestsPerDay: 300, pricing: { overrides: OVERRIDES } } } });
    await client.diagnostics(uri, 1, since);
    assert.ok((await lensTitle()).endsWith(` · ${monthly(300)}/mo`), await lensTitle());
  });

  it("clients that send their settings as initializationOptions (Helix's `config`) get them applied", async () => {
    client = await LspClient.start({ rootPath: root, settings: undefined, initializationOptions: { promptcost: { requestsPerDay: 300, pricing: { overrides: OVERRIDES } } } });
    client.open(uri, fs.readFileSync(askPath, "utf8"));
    await client.diagnostics(uri, 1);
    assert.ok((await lensTitle()).endsWith(` · ${monthly(300)}/mo`), await lensTitle());
  });
});
