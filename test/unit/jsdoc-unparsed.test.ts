// Files are parsed with their JSDoc comments left unparsed (workspace.ts PARSE_OPTIONS): the analysis reads
// no JSDoc node, and parsing them cost ~5 % of a lint run on a JavaScript project written with JSDoc types
// (anything-llm 72aabbd). So nothing may come to depend on one: the trees have none, also after an edit
// parsed incrementally, and a call documented with JSDoc is read as before.
import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { analyzeFile } from "../../server/src/core/analyze.ts";
import { Evaluator } from "../../server/src/core/resolve/evaluate.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import { ts } from "../../server/src/core/ts.ts";
import { Workspace } from "../../server/src/core/workspace/workspace.ts";
import { memoryFileSystem, prices, ROOT } from "../helpers/memory-workspace.ts";

const ASK = `const OpenAI = require("openai");
const client = new OpenAI();
/**
 * Asks the model.
 * @param {string} question what the user asked
 * @returns {Promise<import("openai").OpenAI.ChatCompletion>}
 */
async function ask(question) {
  return client.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 200, messages: [{ role: "user", content: question }] });
}
module.exports = { ask };
`;

/** Every node of a tree that carries JSDoc, by the compiler's own `jsDoc` field. */
function documented(sourceFile: ts.SourceFile): ts.Node[] {
  const found: ts.Node[] = [];
  const visit = (node: ts.Node): void => {
    if ((node as { jsDoc?: unknown[] }).jsDoc?.length) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

describe("JSDoc comments", () => {
  const file = path.join(ROOT, "src", "ask.js");

  it("are left unparsed, in a fresh parse and in an incremental one", () => {
    // Lookalike: the compiler's default parse attaches the comment to the function.
    assert.equal(documented(ts.createSourceFile(file, ASK, ts.ScriptTarget.Latest, true)).length, 1);
    const workspace = new Workspace([ROOT], memoryFileSystem({ "src/ask.js": ASK }));
    assert.deepEqual(documented(workspace.getParsedFile(file)!.sourceFile), []);
    workspace.setOverlay(file, ASK.replace("Asks the model.", "Asks the model once."), 1);
    workspace.getParsedFile(file);
    workspace.setOverlay(file, ASK.replace("Asks the model.", "Asks the model twice."), 2);
    assert.deepEqual(documented(workspace.getParsedFile(file)!.sourceFile), []);
  });

  it("leave a documented call read as before: its model and its output cap", () => {
    const workspace = new Workspace([ROOT], memoryFileSystem({ "src/ask.js": ASK }));
    const calls = analyzeFile(file, { workspace, prices: prices(), settings: DEFAULT_SETTINGS, evaluator: new Evaluator(workspace) }).calls;
    assert.deepEqual(calls.map((priced) => [priced.call.model, priced.outputTokens.cap]), [["gpt-4o-mini", 200]]);
  });
});
