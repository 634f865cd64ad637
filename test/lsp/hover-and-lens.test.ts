import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { formatUsd } from "../../server/src/core/format.ts";
import { copyFixture, costByHand, grouped, lintJson, positionOf, publishedModels, publishedPrice, removeFixture, type JsonCall } from "./fixture.ts";
import { LspClient, uriOf } from "./lsp-client.ts";

const ASSUMED_OUTPUT = 500;

describe("hover and code lens", () => {
  let root: string;
  let chatText: string;
  let supportText: string;
  let cliCalls: JsonCall[];
  let client: LspClient;
  let chatUri: string;
  let supportUri: string;

  before(async () => {
    root = copyFixture("basic");
    chatText = fs.readFileSync(path.join(root, "src", "chat.ts"), "utf8");
    supportText = fs.readFileSync(path.join(root, "src", "support.ts"), "utf8");
    cliCalls = lintJson(root, ["src"]).calls;
    client = await LspClient.start({ rootPath: root, settings: {} });
    chatUri = uriOf(path.join(root, "src", "chat.ts"));
    supportUri = uriOf(path.join(root, "src", "support.ts"));
    client.open(chatUri, chatText);
    client.open(supportUri, supportText);
  });
  after(async () => {
    await client.shutdown();
    removeFixture(root);
  });

  const cliCall = (file: string, line: number): JsonCall => {
    const call = cliCalls.find((candidate) => candidate.file === file && candidate.line === line);
    assert.ok(call, `the CLI reports a call at ${file}:${line}`);
    return call;
  };

  it("gives one lens per call, on the call's line, titled lazily with model, tokens, output cap and cost", async () => {
    const lenses = await client.request("textDocument/codeLens", { textDocument: { uri: chatUri } });
    const first = positionOf(chatText, "openai.chat.completions.create", 0);
    const second = positionOf(chatText, "openai.chat.completions.create", 1);
    assert.deepEqual(lenses.map((lens: { range: { start: { line: number } } }) => lens.range.start.line), [first.line, second.line]);
    assert.ok(lenses.every((lens: { command?: unknown }) => lens.command === undefined), "lenses are resolved lazily");

    const titles: string[] = [];
    for (const lens of lenses) titles.push((await client.request("codeLens/resolve", lens)).command.title);

    const uncapped = cliCall("src/chat.ts", first.line + 1);
    const gpt41 = costByHand(publishedPrice("openai", "gpt-4.1"), uncapped.inputTokens, ASSUMED_OUTPUT);
    assert.equal(formatUsd(uncapped.costUsd.perRequest), formatUsd(gpt41.perRequest), "the CLI and the hand computation agree");
    assert.equal(titles[0], `gpt-4.1 · ${grouped(uncapped.inputTokens.total)} in → ~500 out, no cap · ${formatUsd(gpt41.perRequest)}/req · ${formatUsd(gpt41.monthly(1000))}/mo`);

    const capped = cliCall("src/chat.ts", second.line + 1);
    const mini = costByHand(publishedPrice("openai", "gpt-4.1-mini"), capped.inputTokens, 300);
    assert.equal(titles[1], `gpt-4.1-mini · ${grouped(capped.inputTokens.total)} in → ≤300 out · ${formatUsd(mini.perRequest)}/req · ${formatUsd(mini.monthly(1000))}/mo`);
  });

  it("hovers a call with its full breakdown: model, tokens and assumptions, cap, costs, checked date, a cheaper model", async () => {
    const at = positionOf(chatText, "completions.create", 0);
    const hover = await client.request("textDocument/hover", { textDocument: { uri: chatUri }, position: { line: at.line, character: at.character + 3 } });
    const text: string = hover.contents.value;
    const call = cliCall("src/chat.ts", at.line + 1);
    const price = publishedPrice("openai", "gpt-4.1");
    const cost = costByHand(price, call.inputTokens, ASSUMED_OUTPUT);

    assert.match(text, /^\*\*gpt-4\.1\*\* · openai · `chat\.completions\.create`/);
    assert.ok(text.includes(`**Input** ${grouped(call.inputTokens.total)} tokens`), text);
    assert.ok(text.includes(`- static: ${grouped(call.inputTokens.static)} (`), text);
    assert.ok(text.includes(`- dynamic: ${grouped(call.inputTokens.dynamic)} assumed (\`question\` 250)`), text);
    assert.ok(text.includes("**Output** ~500 tokens expected; no cap — set `max_completion_tokens`"), text);
    assert.ok(text.includes(`- worst case ${grouped(price.maxOutputTokens!)} tokens (the model's maximum output`), text);
    assert.ok(text.includes(`- uncached: ${formatUsd(cost.perRequest)}`), text);
    assert.ok(text.includes(`- batch API: ${cost.batch === null ? "not offered" : formatUsd(cost.batch)}`), text);
    assert.ok(text.includes(`**Per month** ${formatUsd(cost.monthly(1000))} at 1,000 requests/day × 30 days`), text);
    assert.ok(text.includes(`checked ${price.checked}`), text);

    const cheaper = /Cheaper at openai: \*\*([^*]+)\*\* (\S+)\/req, (\S+)\/mo/.exec(text);
    assert.ok(cheaper, `a cheaper model is suggested:\n${text}`);
    const [, model, perRequest] = cheaper;
    const alternative = publishedModels("openai").find((candidate) => candidate.id === model);
    assert.ok(alternative, `${model} is an OpenAI model of the table`);
    assert.equal(alternative.kind, "chat");
    const alternativeCost = costByHand(alternative, call.inputTokens, ASSUMED_OUTPUT);
    assert.equal(perRequest, formatUsd(alternativeCost.perRequest));
    assert.ok(alternativeCost.perRequest <= cost.perRequest / 2, "the suggestion at least halves the cost");
    assert.deepEqual(hover.range.start, { line: positionOf(chatText, "openai.chat.completions.create").line, character: positionOf(chatText, "openai.chat.completions.create").character });
  });

  it("shows the price with a cache hit on the cacheable prefix, and where the static text came from", async () => {
    const at = positionOf(supportText, "messages.create");
    const hover = await client.request("textDocument/hover", { textDocument: { uri: supportUri }, position: { line: at.line, character: at.character } });
    const text: string = hover.contents.value;
    const call = cliCall("src/support.ts", at.line + 1);
    const cost = costByHand(publishedPrice("anthropic", "claude-sonnet-4-5"), call.inputTokens, 500);
    assert.ok(cost.cached < cost.perRequest, "the fixture's prefix is long enough to be cached");
    assert.ok(text.includes(`- cache hit on the ${grouped(call.inputTokens.cacheablePrefix)}-token prefix: ${formatUsd(cost.cached)}`), text);
    assert.ok(text.includes("**Output** ~500 tokens expected, at most 600 (`max_tokens`)"), text);
    assert.ok(text.includes("from `prompts/policy.md`"), text);
  });

  it("has no hover away from calls", async () => {
    const hover = await client.request("textDocument/hover", { textDocument: { uri: chatUri }, position: { line: 0, character: 3 } });
    assert.equal(hover, null);
  });
});

describe("code lens setting", () => {
  it("promptcost.codeLens.enable = false switches lenses off", async () => {
    const root = copyFixture("basic");
    const client = await LspClient.start({ rootPath: root, settings: { codeLens: { enable: false } } });
    try {
      const uri = uriOf(path.join(root, "src", "chat.ts"));
      client.open(uri, fs.readFileSync(path.join(root, "src", "chat.ts"), "utf8"));
      assert.deepEqual(await client.request("textDocument/codeLens", { textDocument: { uri } }), []);
    } finally {
      await client.shutdown();
      removeFixture(root);
    }
  });
});
