import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { copyFixture, lintJson, removeFixture } from "./fixture.ts";
import { LspClient, uriOf } from "./lsp-client.ts";

describe("promptcost/workspaceReport", () => {
  let root: string;
  let client: LspClient;

  before(async () => {
    root = copyFixture("basic");
    client = await LspClient.start({ rootPath: root, settings: {} });
  });
  after(async () => {
    await client.shutdown();
    removeFixture(root);
  });

  it("lists every call of the workspace with the CLI's figures, files and totals, most expensive first", async () => {
    const cli = lintJson(root, ["."]);
    const report = await client.request("promptcost/workspaceReport", {});
    const key = (call: { file: string; line: number; column: number }) => `${call.file}:${call.line}:${call.column}`;
    assert.deepEqual(report.calls.map(key).sort(), cli.calls.map(key).sort());
    for (const call of report.calls) {
      const twin = cli.calls.find((candidate) => key(candidate) === key(call))!;
      assert.equal(call.model, twin.model);
      assert.equal(call.inputTokens, twin.inputTokens.total);
      assert.equal(call.monthlyUsd, twin.costUsd.monthly);
      assert.equal(call.feature, twin.feature);
      assert.deepEqual([call.endLine, call.endColumn], [twin.endLine, twin.endColumn]);
      assert.equal(call.uri, uriOf(path.join(root, call.file)));
    }
    const findingKey = (finding: { file: string; line: number; column: number; rule: string; severity: string }) => `${finding.file}:${finding.line}:${finding.column} ${finding.rule} ${finding.severity}`;
    assert.ok(cli.findings.length > 0, "the fixture has findings");
    assert.deepEqual(report.findings.map(findingKey).sort(), cli.findings.map(findingKey).sort());
    assert.equal(report.totals.findings, cli.findings.length);
    const assumed = Object.fromEntries(report.assumptions.values.map((assumption: { key: string; value: number }) => [assumption.key, assumption.value]));
    assert.deepEqual(assumed, { requestsPerDay: cli.assumptions.requestsPerDay, dynamicTokens: cli.assumptions.dynamicTokens, outputTokens: cli.assumptions.outputTokens, cacheHitRate: cli.assumptions.cacheHitRate });
    assert.equal(report.totals.calls, cli.summary.calls);
    assert.ok(Math.abs(report.totals.monthlyUsd - cli.summary.monthlyUsd) < 0.02, `${report.totals.monthlyUsd} vs ${cli.summary.monthlyUsd}`);
    const monthly = report.calls.map((call: { monthlyUsd: number | null }) => call.monthlyUsd ?? -1);
    assert.deepEqual(monthly, [...monthly].sort((a, b) => b - a));
    assert.deepEqual(report.files.map((file: { file: string }) => file.file).sort(), ["src/chat.ts", "src/support.ts"]);
  });

  it("counts open documents with their unsaved text", async () => {
    const chatPath = path.join(root, "src", "chat.ts");
    const text = fs.readFileSync(chatPath, "utf8");
    const withThirdCall = text + '\nexport const again = () => openai.chat.completions.create({ model: "gpt-4.1", messages: [] });\n';
    client.open(uriOf(chatPath), withThirdCall);
    const report = await client.request("promptcost/workspaceReport", {});
    assert.equal(report.files.find((file: { file: string }) => file.file === "src/chat.ts").calls, 3);
  });
});

describe("promptcost/workspaceReport with a lower-bound figure", () => {
  it("counts a call whose candidate model has no price as unpriced, as the CLI's summary does", async () => {
    const root = copyFixture("basic");
    const route = [
      'import OpenAI from "openai";',
      "const openai = new OpenAI();",
      "export async function route(question: string, fast: boolean) {",
      '  return openai.chat.completions.create({ model: fast ? "gpt-4.1-mini" : "acme-inhouse-large", messages: [{ role: "user", content: question }], max_completion_tokens: 100 });',
      "}",
      "",
    ].join("\n");
    fs.writeFileSync(path.join(root, "src", "route.ts"), route);
    const client = await LspClient.start({ rootPath: root, settings: {} });
    try {
      const cli = lintJson(root, ["."]);
      assert.ok(cli.calls.some((call) => call.costUsd.lowerBound), "the route call is a lower bound");
      const report = await client.request("promptcost/workspaceReport", {});
      assert.equal(report.totals.unpricedCalls, cli.summary.unpricedCalls);
      assert.equal(report.files.find((file: { file: string }) => file.file === "src/route.ts").unpricedCalls, 1);
      assert.ok(Math.abs(report.totals.monthlyUsd - cli.summary.monthlyUsd) < 0.02, `${report.totals.monthlyUsd} vs ${cli.summary.monthlyUsd}`);
    } finally {
      await client.shutdown();
      removeFixture(root);
    }
  });
});

describe("promptcost/fileCost", () => {
  it("is sent after each analysis to clients that ask for it, and answered on request", async () => {
    const root = copyFixture("settings");
    const overrides = { "acme-small": { inputPerMTok: 1, outputPerMTok: 2 } };
    const client = await LspClient.start({ rootPath: root, settings: { pricing: { overrides } }, initializationOptions: { fileCostNotifications: true } });
    try {
      const uri = uriOf(path.join(root, "src", "ask.ts"));
      client.open(uri, fs.readFileSync(path.join(root, "src", "ask.ts"), "utf8"));
      const cost = await client.waitForNotification("promptcost/fileCostChanged", (params: any) => params.uri === uri);
      const [lens] = await client.request("textDocument/codeLens", { textDocument: { uri } });
      const input = Number(/· ([\d,]+) in/.exec((await client.request("codeLens/resolve", lens)).command.title)![1]!.replace(/,/g, ""));
      const expected = ((input * 1 + 500 * 2) / 1e6) * 1000 * 30;
      assert.equal(cost.calls, 1);
      assert.equal(cost.unpricedCalls, 0);
      assert.ok(Math.abs(cost.monthlyUsd - expected) < 1e-9, `${cost.monthlyUsd} vs ${expected}`);
      assert.deepEqual(await client.request("promptcost/fileCost", { uri }), cost);
    } finally {
      await client.shutdown();
      removeFixture(root);
    }
  });

  it("is not sent to clients that did not ask for it (Neovim, Helix)", async () => {
    const root = copyFixture("settings");
    const client = await LspClient.start({ rootPath: root, settings: {} });
    try {
      const uri = uriOf(path.join(root, "src", "ask.ts"));
      client.open(uri, fs.readFileSync(path.join(root, "src", "ask.ts"), "utf8"));
      await client.diagnostics(uri, 1);
      assert.equal(client.notifications.some((note) => note.method === "promptcost/fileCostChanged"), false);
    } finally {
      await client.shutdown();
      removeFixture(root);
    }
  });
});
