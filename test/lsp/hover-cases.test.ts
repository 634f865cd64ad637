import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { copyFixture, positionOf, publishedModels, removeFixture } from "./fixture.ts";
import { LspClient, uriOf } from "./lsp-client.ts";

/** Hover texts on calls whose details the breakdown used to get wrong. */
describe("hover details", () => {
  let root: string;
  let text: string;
  let uri: string;
  let client: LspClient;

  before(async () => {
    root = copyFixture("hover");
    const file = path.join(root, "src", "cases.ts");
    text = fs.readFileSync(file, "utf8");
    uri = uriOf(file);
    client = await LspClient.start({ rootPath: root, settings: {} });
    client.open(uri, text);
    await client.diagnostics(uri, 1);
  });
  after(async () => {
    await client.shutdown();
    removeFixture(root);
  });

  async function hoverOn(functionName: string): Promise<string> {
    const at = positionOf(text, `create(`, [...text.matchAll(/create\(/g)].findIndex((match) => text.lastIndexOf("function ", match.index) === text.indexOf(`function ${functionName}`)));
    const hover = await client.request("textDocument/hover", { textDocument: { uri }, position: { line: at.line, character: at.character } });
    assert.ok(hover, `a hover on ${functionName}'s call`);
    return hover.contents.value as string;
  }

  it("names the cap parameter the code sets (max_tokens), not the one the provider prefers", async () => {
    const hover = await hoverOn("legacyCap");
    assert.ok(hover.includes("at most 400 (`max_tokens`)"), hover);
    assert.ok(!hover.includes("max_completion_tokens"), hover);
  });

  it("says once that the model is not known statically", async () => {
    const hover = await hoverOn("fromEnvironment");
    assert.equal(hover.match(/not known statically/g)?.length, 1, hover);
    assert.match(hover, /\*\*Cost\*\* unknown/);
  });

  it("suggests a cheaper model of the same kind and family: no reasoning model for gpt-4o, nothing deprecated", async () => {
    const hover = await hoverOn("uncapped");
    const suggested = /Cheaper at openai: \*\*([^*]+)\*\*/.exec(hover)?.[1];
    assert.ok(suggested, hover);
    assert.doesNotMatch(suggested, /^o\d/, "an o-series reasoning model is no drop-in for gpt-4o");
    const entry = publishedModels("openai").find((model) => model.id === suggested) as { deprecationDate: string | null; replacement: string | null } | undefined;
    assert.ok(entry);
    assert.equal(entry.deprecationDate, null);
    assert.equal(entry.replacement, null);
    assert.ok(suggested.startsWith("gpt-4o"), `the smaller sibling of gpt-4o, not ${suggested}`);
  });
});
