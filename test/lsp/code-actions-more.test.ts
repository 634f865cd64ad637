import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { OPEN_RULE_DOCS_COMMAND } from "../../server/src/lsp/code-actions.ts";
import { copyFixture, removeFixture } from "./fixture.ts";
import { applyTextEdits, LspClient, uriOf } from "./lsp-client.ts";

interface Action {
  title: string;
  command?: { command: string; arguments?: unknown[] };
  edit?: { changes?: Record<string, any[]>; documentChanges?: ({ textDocument: { uri: string; version: number | null }; edits: any[] } | { kind: string; uri: string })[] };
}

const UNKNOWN_MODEL = "gpt-4.1-nano-acme-triage";
const UNKNOWN_SOURCE = `import OpenAI from "openai";
const openai = new OpenAI();
export async function triage(text: string) {
  return openai.chat.completions.create({ model: "${UNKNOWN_MODEL}", max_completion_tokens: 5, messages: [{ role: "user", content: text }] });
}
`;

async function actionsFor(client: LspClient, uri: string, diagnostic: any): Promise<Action[]> {
  return client.request("textDocument/codeAction", { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ["quickfix"] } });
}

function editsOf(action: Action, uri: string): any[] {
  const changes = action.edit?.changes?.[uri];
  if (changes) return changes;
  const change = action.edit?.documentChanges?.find((candidate) => "textDocument" in candidate && candidate.textDocument.uri === uri);
  return change && "edits" in change ? change.edits : [];
}

describe("quick fixes: for the file, the rule's docs, pricing an unknown model", () => {
  let root: string;
  let chatPath: string;
  let triagePath: string;

  before(() => {
    root = copyFixture("basic");
    chatPath = path.join(root, "src", "chat.ts");
    triagePath = path.join(root, "src", "triage.ts");
    fs.writeFileSync(triagePath, UNKNOWN_SOURCE);
  });
  after(() => removeFixture(root));

  it("disables a rule for the whole file with a block comment on the first line, and its findings go away", async () => {
    const client = await LspClient.start({ rootPath: root, settings: {} });
    try {
      const uri = uriOf(chatPath);
      const text = fs.readFileSync(chatPath, "utf8");
      client.open(uri, text);
      const before = (await client.diagnostics(uri, 1)).diagnostics;
      const diagnostic = before.find((item) => item.code === "require-max-tokens");
      const action = (await actionsFor(client, uri, diagnostic)).find((candidate) => candidate.title === "Disable require-max-tokens for this file");
      assert.ok(action);
      const fixed = applyTextEdits(text, editsOf(action, uri));
      assert.equal(fixed, `/* promptcost-disable require-max-tokens */\n${text}`);
      client.replaceText(uri, 2, text, fixed);
      const after = (await client.diagnostics(uri, 2)).diagnostics;
      assert.deepEqual(after.filter((item) => item.code === "require-max-tokens"), []);
      assert.deepEqual(after.map((item) => item.code), before.filter((item) => item.code !== "require-max-tokens").map((item) => item.code));
    } finally {
      await client.shutdown();
    }
  });

  it("opens the rule's docs page: the action runs a server command that asks the editor to show the page", async () => {
    const client = await LspClient.start({ rootPath: root, settings: {} });
    try {
      const uri = uriOf(chatPath);
      client.open(uri, fs.readFileSync(chatPath, "utf8"));
      const diagnostic = (await client.diagnostics(uri, 1)).diagnostics.find((item) => item.code === "require-max-tokens");
      const action = (await actionsFor(client, uri, diagnostic)).find((candidate) => candidate.title === "Open the docs of require-max-tokens");
      assert.deepEqual(action?.command?.command, OPEN_RULE_DOCS_COMMAND);
      assert.deepEqual(action?.command?.arguments, [diagnostic.codeDescription.href]);
      await client.request("workspace/executeCommand", { command: action!.command!.command, arguments: action!.command!.arguments });
      assert.deepEqual(
        client.serverRequests.filter((request) => request.method === "window/showDocument").map((request) => request.params),
        [{ uri: diagnostic.codeDescription.href, external: true }],
      );
    } finally {
      await client.shutdown();
    }
  });

  it("prices an unknown model as the closest listed one through pricing.aliases in the existing config, and the finding goes away", async () => {
    const configPath = path.join(root, "promptcost.config.json");
    fs.writeFileSync(configPath, '{\n  // traffic of the support app\n  "defaults": { "requestsPerDay": 100 }\n}\n');
    const client = await LspClient.start({ rootPath: root, settings: {} });
    try {
      const uri = uriOf(triagePath);
      client.open(uri, UNKNOWN_SOURCE);
      const diagnostic = (await client.diagnostics(uri, 1)).diagnostics.find((item) => item.code === "no-unknown-model");
      assert.ok(diagnostic);
      const actions = await actionsFor(client, uri, diagnostic);
      const alias = actions.find((action) => action.title.startsWith(`Price "${UNKNOWN_MODEL}" as `));
      assert.ok(alias, actions.map((action) => action.title).join("\n"));
      // The closest listed id is the model the name starts with.
      assert.match(alias.title, / as gpt-4\.1-nano \(pricing\.aliases in promptcost\.config\.json\)$/);
      const override = actions.find((action) => action.title.startsWith(`Add a price for "${UNKNOWN_MODEL}"`));
      assert.ok(override);
      const configText = fs.readFileSync(configPath, "utf8");
      const written = applyTextEdits(configText, editsOf(alias, uriOf(configPath)));
      assert.match(written, /\/\/ traffic of the support app/, "the comment is kept");
      assert.match(written, new RegExp(`"aliases": \\{\\s*"${UNKNOWN_MODEL}": "gpt-4\\.1-nano"`));
      const overrideText = applyTextEdits(configText, editsOf(override, uriOf(configPath)));
      assert.match(overrideText, new RegExp(`"overrides": \\{\\s*"${UNKNOWN_MODEL}": \\{\\s*"provider": "openai",\\s*"inputPerMTok": [\\d.]+,\\s*"outputPerMTok": [\\d.]+`));

      fs.writeFileSync(configPath, written);
      client.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(configPath), type: 2 }] });
      const after = await client.waitForNotification("textDocument/publishDiagnostics", (params: any) => params.uri === uri && !params.diagnostics.some((item: any) => item.code === "no-unknown-model"), 10_000);
      assert.deepEqual(after.diagnostics.filter((item: any) => item.code === "no-unknown-model"), []);
    } finally {
      await client.shutdown();
      fs.rmSync(configPath, { force: true });
    }
  });

  it("creates promptcost.config.json at the workspace folder when there is none and the editor can create files", async () => {
    const client = await LspClient.start({ rootPath: root, settings: {}, documentChanges: true });
    try {
      const uri = uriOf(triagePath);
      client.open(uri, UNKNOWN_SOURCE);
      const diagnostic = (await client.diagnostics(uri, 1)).diagnostics.find((item) => item.code === "no-unknown-model");
      const alias = (await actionsFor(client, uri, diagnostic)).find((action) => action.title.startsWith(`Price "${UNKNOWN_MODEL}" as `));
      const configUri = uriOf(path.join(root, "promptcost.config.json"));
      assert.deepEqual(alias?.edit?.documentChanges?.[0], { kind: "create", uri: configUri, options: { ignoreIfExists: true } });
      const created = JSON.parse(applyTextEdits("", editsOf(alias!, configUri)));
      assert.deepEqual(created, { pricing: { aliases: { [UNKNOWN_MODEL]: "gpt-4.1-nano" } } });
    } finally {
      await client.shutdown();
    }
  });
});
