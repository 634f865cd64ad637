// The calls a name can make a request with are taken from the list of a file's named calls that the wrapper
// index's walk of the file records, not from a walk of their own: the list must be the one a walk of the
// tree gives, in document order, whichever of the two made it.
import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { candidateCallNodes } from "../../server/src/core/analyze.ts";
import { namedCallsOf } from "../../server/src/core/providers/named-calls.ts";
import { recogniserFor } from "../../server/src/core/providers/recognise.ts";
import { Evaluator } from "../../server/src/core/resolve/evaluate.ts";
import { ts } from "../../server/src/core/ts.ts";
import { Workspace } from "../../server/src/core/workspace/workspace.ts";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";
import { memoryFileSystem, ROOT } from "../helpers/memory-workspace.ts";

const CLIENT = `import OpenAI from "openai";\nexport const client = new OpenAI();\n`;
const LLM = [
  `import { client } from "./client";`,
  `export async function ask(prompt: string) {`,
  `  const run = (p: string) => client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: p }] });`,
  `  return run(prompt.trim());`,
  `}`,
  `export class Helper {`,
  `  #process(text: string) { return ask(text); }`,
  `  go() { return (this.#process)("x")!; }`,
  `}`,
  `(ask as any)("through a cast");`,
  `ask(ask(String(1)));`,
  ``,
].join("\n");

/** The calls as `callee@line:column`, in the order given. */
function shown(sourceFile: ts.SourceFile, calls: readonly { call: ts.CallExpression; callee: string }[]): string[] {
  return calls.map(({ call, callee }) => {
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(call.getStart());
    return `${callee}@${line + 1}:${character + 1}`;
  });
}

describe("the named calls of a file, walked once", () => {
  it("lists every call with a named callee in document order, outer calls before those in their arguments", () => {
    const sourceFile = ts.createSourceFile("/project/src/llm.ts", LLM, ts.ScriptTarget.Latest, true);
    assert.deepEqual(shown(sourceFile, namedCallsOf(sourceFile)), [
      "create@3:30",
      "run@4:10",
      "trim@4:14",
      "ask@7:35",
      "process@8:17",
      "ask@10:1",
      "ask@11:1",
      "ask@11:5",
      "String@11:9",
    ]);
  });

  it("the list the wrapper index recorded is the one a walk of the same text gives, and the call finder reads it", () => {
    const files = { "package.json": `{ "dependencies": { "openai": "^4.0.0" } }`, "src/client.ts": CLIENT, "src/llm.ts": LLM };
    const workspace = new Workspace([ROOT], memoryFileSystem(files));
    const file = workspace.getParsedFile(path.join(ROOT, "src/llm.ts"))!;
    const names = recogniserFor(new Evaluator(workspace)).candidateNames(file);
    assert.ok(names.has("ask") && names.has("create"), "the wrapper index found ask and the SDK call");
    const walked = ts.createSourceFile(file.sourceFile.fileName, LLM, ts.ScriptTarget.Latest, true);
    assert.deepEqual(shown(file.sourceFile, namedCallsOf(file.sourceFile)), shown(walked, namedCallsOf(walked)));
    const candidates = candidateCallNodes(file, names).map((call) => call.getStart());
    assert.deepEqual(candidates, namedCallsOf(file.sourceFile).filter(({ callee }) => names.has(callee)).map(({ call }) => call.getStart()));
    assert.ok(!candidates.includes(LLM.indexOf("String(1)")), "a call no name can make a request with is not a candidate");
  });

  it("finds the same calls as before through the wrapper, the closure and the private method", () => {
    const files = { "package.json": `{ "dependencies": { "openai": "^4.0.0" } }`, "src/client.ts": CLIENT, "src/llm.ts": LLM };
    assert.deepEqual(describeCalls(analyzeProject(files)), [
      "src/llm.ts:3 gpt-4o wrapper=ask",
      "src/llm.ts:7 gpt-4o via=ask wrapper=process",
      "src/llm.ts:8 gpt-4o via=process>ask",
      "src/llm.ts:10 gpt-4o via=ask",
      "src/llm.ts:11 gpt-4o via=ask",
      "src/llm.ts:11 gpt-4o via=ask",
    ]);
  });
});
