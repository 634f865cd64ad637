// The wrapper index follows only the imports a file uses as values (value-names.ts): a module whose names the
// file uses only in types is not read for wrappers, nor is everything it imports (the evaluator may still
// read the type itself).
import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { analyzeFile } from "../../server/src/core/analyze.ts";
import { declaresTypeOnly, nameUses } from "../../server/src/core/providers/value-names.ts";
import { wrapperIndexOf } from "../../server/src/core/providers/wrapper-index.ts";
import { Evaluator } from "../../server/src/core/resolve/evaluate.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import { ts } from "../../server/src/core/ts.ts";
import { Workspace } from "../../server/src/core/workspace/workspace.ts";
import { memoryFileSystem, prices, ROOT } from "../helpers/memory-workspace.ts";

function usesOf(text: string): { values: string[]; types: string[] } {
  const uses = nameUses(ts.createSourceFile("a.tsx", text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX));
  return { values: [...uses.values].sort(), types: [...uses.types].sort() };
}

describe("nameUses", () => {
  it("puts names written in types, interfaces, type aliases, implements clauses and type-only exports with the types, and leaves imports out", () => {
    const text = [
      `import { Options, Protocol, IDE, Shape, Alias, Listed, unused } from "./types";`,
      `interface Local extends Shape { a: Alias }`,
      `type Pair = [Listed, Listed];`,
      `export class Ide implements IDE {`,
      `  constructor(private readonly options: Options) {}`,
      `  send<T extends keyof Protocol>(kind: T): Promise<Protocol[T]> { return run(kind) as Promise<Protocol[T]>; }`,
      `}`,
      `export type { Pair };`,
    ].join("\n");
    const { values, types } = usesOf(text);
    for (const typeOnly of ["Options", "Protocol", "IDE", "Shape", "Alias", "Listed", "Local", "Pair"]) {
      assert.ok(!values.includes(typeOnly), `${typeOnly} is used only as a type`);
      assert.ok(types.includes(typeOnly), `${typeOnly} is written in a type`);
    }
    for (const value of ["Ide", "run", "send", "kind"]) assert.ok(values.includes(value), `${value} is written as a value`);
    assert.ok(!values.includes("unused") && !types.includes("unused"), "an import's own names are not uses");
  });

  it("counts a class's base, an instantiation expression, JSX, a decorator, a shorthand property and an export of an import as values", () => {
    const text = [
      `import { Base, makeClient, Panel, logged, settings, reexported } from "./values";`,
      `class Agent extends Base<Options> { @logged run() { return { settings }; } }`,
      `const create = makeClient<Options>;`,
      `const view = <Panel />;`,
      `export { reexported };`,
    ].join("\n");
    const { values, types } = usesOf(text);
    for (const value of ["Base", "makeClient", "Panel", "logged", "settings", "reexported"]) assert.ok(values.includes(value), `${value} is a value`);
    assert.deepEqual(types, ["Options"]);
  });
});

describe("declaresTypeOnly", () => {
  it("is true for an interface or a type alias, false when the name also exists at run time or is not declared there", () => {
    assert.equal(declaresTypeOnly(`export interface AskOptions { model: string }`, "AskOptions"), true);
    assert.equal(declaresTypeOnly(`export type FromIdeProtocol = A & B;`, "FromIdeProtocol"), true);
    assert.equal(declaresTypeOnly(`export class Docs { index() {} }`, "Docs"), false);
    assert.equal(declaresTypeOnly(`export interface Docs { a: 1 }\nexport class Docs {}`, "Docs"), false);
    assert.equal(declaresTypeOnly(`export type Mode = "a";\nexport const Mode = { a: "a" };`, "Mode"), false);
    assert.equal(declaresTypeOnly(`export function* Steps() {}\nexport type Steps = string;`, "Steps"), false);
    assert.equal(declaresTypeOnly(`export { AskOptions } from "./llm";`, "AskOptions"), false);
  });
});

describe("the wrapper index and imports used only in types", () => {
  const llm = [
    `import OpenAI from "openai";`,
    `const client = new OpenAI();`,
    `export interface AskOptions { model: string }`,
    `export async function ask(prompt: string, options: AskOptions) {`,
    `  return client.chat.completions.create({ model: options.model, messages: [{ role: "user", content: prompt }] });`,
    `}`,
  ].join("\n");
  // The prefilter (text-prefilter.ts) finds that agent.ts may define wrappers through other.ts, listed first.
  const other = llm.replaceAll("AskOptions", "SummaryOptions").replace("export async function ask", "export async function summarise");
  const main = `import { Agent } from "./agent";\nnew Agent({ model: "gpt-4o" }).run("Summarise the report");\n`;

  function analyse(agent: string): { calls: number; llmIndexed: boolean } {
    const files = { "src/llm.ts": llm, "src/other.ts": other, "src/agent.ts": agent, "src/main.ts": main };
    const workspace = new Workspace([ROOT], memoryFileSystem(files));
    workspace.projectFiles = Object.keys(files).map((file) => path.join(ROOT, file)).sort();
    const analysis = analyzeFile(path.join(ROOT, "src/main.ts"), { workspace, prices: prices(), settings: DEFAULT_SETTINGS, evaluator: new Evaluator(workspace) });
    return { calls: analysis.calls.length, llmIndexed: wrapperIndexOf(workspace).has(path.join(ROOT, "src/llm.ts")) };
  }

  it("does not read a module for wrappers when the importing file uses its names only as types", () => {
    const agent = `import { summarise } from "./other";\nimport { AskOptions } from "./llm";\nexport class Agent {\n  constructor(private readonly options: AskOptions) {}\n  run(task: string) { return summarise(task, this.options); }\n}\n`;
    assert.deepEqual(analyse(agent), { calls: 1, llmIndexed: false });
  });

  it("reads it when the file uses one of them as a value, and finds the call through it", () => {
    const agent = `import { summarise } from "./other";\nimport { AskOptions, ask } from "./llm";\nexport class Agent {\n  constructor(private readonly options: AskOptions) {}\n  run(task: string) { return ask(task, this.options); }\n  brief(task: string) { return summarise(task, this.options); }\n}\n`;
    assert.deepEqual(analyse(agent), { calls: 1, llmIndexed: true });
  });
});
