import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { copyFixture, removeFixture } from "./fixture.ts";
import { applyTextEdits, LspClient, uriOf } from "./lsp-client.ts";

interface Action {
  title: string;
  kind: string;
  isPreferred?: boolean;
  edit: { changes?: Record<string, any[]>; documentChanges?: { textDocument: { uri: string; version: number }; edits: any[] }[] };
}

/** Asks for the quick fixes of one diagnostic, as an editor does when the cursor is on it. */
async function actionsFor(client: LspClient, uri: string, diagnostic: any): Promise<Action[]> {
  return client.request("textDocument/codeAction", { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ["quickfix"] } });
}

function editsOf(action: Action, uri: string): any[] {
  return action.edit.changes?.[uri] ?? action.edit.documentChanges?.find((change) => change.textDocument.uri === uri)?.edits ?? [];
}

describe("quick fixes", () => {
  let root: string;
  let chatPath: string;
  let supportPath: string;

  before(() => {
    root = copyFixture("basic");
    chatPath = path.join(root, "src", "chat.ts");
    supportPath = path.join(root, "src", "support.ts");
  });
  after(() => removeFixture(root));

  it("require-max-tokens: inserts the provider's own cap parameter, and the finding goes away", async () => {
    const client = await LspClient.start({ rootPath: root, settings: {} });
    try {
      const uri = uriOf(chatPath);
      const text = fs.readFileSync(chatPath, "utf8");
      client.open(uri, text);
      const diagnostic = (await client.diagnostics(uri, 1)).diagnostics.find((item) => item.code === "require-max-tokens");
      const actions = await actionsFor(client, uri, diagnostic);
      const fix = actions.find((action) => action.isPreferred);
      assert.ok(fix, JSON.stringify(actions));
      assert.equal(fix.title, "Add max_completion_tokens: 1024");
      assert.equal(fix.kind, "quickfix");
      const fixed = applyTextEdits(text, editsOf(fix, uri));
      // The property is added after the last one of the first call, on its own line with the same indentation.
      assert.equal(fixed, text.replace("      { role: \"user\", content: question },\n    ],\n  });", "      { role: \"user\", content: question },\n    ],\n    max_completion_tokens: 1024,\n  });"));
      client.replaceText(uri, 2, text, fixed);
      const after = await client.diagnostics(uri, 2);
      assert.deepEqual(after.diagnostics.filter((item) => item.code === "require-max-tokens"), []);
    } finally {
      await client.shutdown();
    }
  });

  it("require-max-tokens: the inserted cap is the rule's defaultMaxTokens option", async () => {
    const client = await LspClient.start({ rootPath: root, settings: { rules: { "require-max-tokens": ["warning", { defaultMaxTokens: 256 }] } } });
    try {
      const uri = uriOf(chatPath);
      const text = fs.readFileSync(chatPath, "utf8");
      client.open(uri, text);
      const diagnostic = (await client.diagnostics(uri, 1)).diagnostics.find((item) => item.code === "require-max-tokens");
      const fix = (await actionsFor(client, uri, diagnostic)).find((action) => action.isPreferred);
      assert.equal(fix?.title, "Add max_completion_tokens: 256");
      assert.ok(applyTextEdits(text, editsOf(fix, uri)).includes("    max_completion_tokens: 256,\n  });"));
    } finally {
      await client.shutdown();
    }
  });

  it("prefer-cached-prefix: turns `system: X` into a text block with cache_control, and the finding goes away", async () => {
    const client = await LspClient.start({ rootPath: root, settings: {} });
    try {
      const uri = uriOf(supportPath);
      const text = fs.readFileSync(supportPath, "utf8");
      client.open(uri, text);
      const diagnostic = (await client.diagnostics(uri, 1)).diagnostics.find((item) => item.code === "prefer-cached-prefix");
      assert.ok(diagnostic, "the fixture's policy is long enough to be worth caching");
      const fix = (await actionsFor(client, uri, diagnostic)).find((action) => action.isPreferred);
      assert.ok(fix);
      const fixed = applyTextEdits(text, editsOf(fix, uri));
      assert.equal(fixed, text.replace("system: POLICY,", 'system: [{ type: "text", text: POLICY, cache_control: { type: "ephemeral" } }],'));
      client.replaceText(uri, 2, text, fixed);
      const after = await client.diagnostics(uri, 2);
      assert.deepEqual(after.diagnostics.filter((item) => item.code === "prefer-cached-prefix"), []);
    } finally {
      await client.shutdown();
    }
  });

  it("every rule: a disable-next-line comment above the finding with its indentation, and the finding goes away", async () => {
    const client = await LspClient.start({ rootPath: root, settings: {} });
    try {
      for (const [filePath, rule] of [
        [chatPath, "require-max-tokens"],
        [supportPath, "prefer-cached-prefix"],
      ] as const) {
        const uri = uriOf(filePath);
        const text = fs.readFileSync(filePath, "utf8");
        client.open(uri, text);
        const diagnostic = (await client.diagnostics(uri, 1)).diagnostics.find((item) => item.code === rule);
        const disable = (await actionsFor(client, uri, diagnostic)).find((action) => action.title === `Disable ${rule} for this line`);
        assert.ok(disable);
        const fixed = applyTextEdits(text, editsOf(disable, uri));
        const lines = text.split("\n");
        const line = lines[diagnostic.range.start.line]!;
        const indent = /^\s*/.exec(line)![0];
        const expected = [...lines.slice(0, diagnostic.range.start.line), `${indent}// promptcost-disable-next-line ${rule}`, ...lines.slice(diagnostic.range.start.line)].join("\n");
        assert.equal(fixed, expected);
        client.replaceText(uri, 2, text, fixed);
        const after = await client.diagnostics(uri, 2);
        assert.deepEqual(after.diagnostics.filter((item) => item.code === rule), []);
      }
    } finally {
      await client.shutdown();
    }
  });

  it("are versioned edits for clients that support documentChanges, so a stale fix is refused rather than misapplied", async () => {
    const client = await LspClient.start({ rootPath: root, settings: {}, documentChanges: true });
    try {
      const uri = uriOf(chatPath);
      client.open(uri, fs.readFileSync(chatPath, "utf8"), "typescript", 7);
      const diagnostic = (await client.diagnostics(uri, 7)).diagnostics.find((item) => item.code === "require-max-tokens");
      const fix = (await actionsFor(client, uri, diagnostic)).find((action) => action.isPreferred);
      assert.deepEqual(fix?.edit.documentChanges?.map((change) => change.textDocument), [{ uri, version: 7 }]);
    } finally {
      await client.shutdown();
    }
  });

  it("offers nothing for other sources' diagnostics", async () => {
    const client = await LspClient.start({ rootPath: root, settings: {} });
    try {
      const uri = uriOf(chatPath);
      client.open(uri, fs.readFileSync(chatPath, "utf8"));
      const diagnostic = (await client.diagnostics(uri, 1)).diagnostics.find((item) => item.code === "require-max-tokens");
      const foreign = { ...diagnostic, source: "eslint", code: "no-unused-vars" };
      assert.deepEqual(await actionsFor(client, uri, foreign), []);
    } finally {
      await client.shutdown();
    }
  });
});
