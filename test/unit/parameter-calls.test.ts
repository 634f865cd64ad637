import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { callsOwnParameter } from "../../server/src/core/providers/parameter-calls.ts";
import { recogniserFor } from "../../server/src/core/providers/recognise.ts";
import { Evaluator } from "../../server/src/core/resolve/evaluate.ts";
import { ts } from "../../server/src/core/ts.ts";
import { Workspace } from "../../server/src/core/workspace/workspace.ts";
import { buildReport } from "../../server/src/core/report.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import type { FileAnalysis } from "../../server/src/core/types.ts";
import { analyzeProject } from "../helpers/analyze-project.ts";
import { memoryFileSystem, ROOT } from "../helpers/memory-workspace.ts";
import { modelPrice, priceTable } from "../helpers/price-fixtures.ts";

// Requests made through a function the callee receives as a parameter (or as a property of a parameter
// object) and calls: the summary says "calls its parameter", and each call site applies it with the
// argument it passes.

const PRICES = priceTable({ openai: [modelPrice("gpt-4o-mini", { inputPerMTok: 0.15, outputPerMTok: 0.6 })] });
const CLIENT = `import OpenAI from "openai";\nexport const client = new OpenAI();\n`;
const REQUEST = `client.chat.completions.create({ model, messages: [{ role: "user", content: prompt }] })`;

/** A factory returning a closure that makes the request (`createGenerateObject(opts)`). */
const FACTORY = `import { client } from "./client";\nexport function createGenerator(model: string) {\n  return async ({ prompt }: { prompt: string }) => ${REQUEST};\n}\n`;

/** A factory returning an object of dependencies, one of which makes the request (`createProductionDeps()`). */
const DEPS_FACTORY = [
  `import { client } from "./client";`,
  `export function createDeps() {`,
  `  return {`,
  `    callLLM: async ({ prompt, model }: { prompt: string; model: string }) => ${REQUEST},`,
  `    save: async (row: string) => { console.log(row); },`,
  `  };`,
  `}`,
  ``,
].join("\n");

/** The counted calls (not counted at their call sites), each as `file:line model`. */
function counted(analyses: FileAnalysis[]): string[] {
  const report = buildReport(analyses, { cwd: "/project", toolVersion: "0", settings: DEFAULT_SETTINGS, prices: PRICES, rangeOf: () => ({ line: 1, column: 1, endLine: 1, endColumn: 1 }) });
  return report.calls.filter((call) => !call.countedAtCallSites).map((call) => `${call.file}:${call.line} ${call.model}`);
}

describe("a function received as a parameter and called", () => {
  /** `pick` calls the `generate` it is passed; `callers` (exported from the same file) pass it one; the app calls `uses`. */
  const pickProject = (callers: string[], uses: string[]) =>
    analyzeProject({
      "src/client.ts": CLIENT,
      "src/llm.ts": FACTORY,
      "src/choose.ts": [
        `import { createGenerator } from "./llm";`,
        `async function pick({ generate, text }: { generate: (options: { prompt: string }) => Promise<unknown>; text: string }) {`,
        `  return generate({ prompt: "Pick a rule for " + text });`,
        `}`,
        ...callers,
        ``,
      ].join("\n"),
      "src/app.ts": `import { ${uses.join(", ")} } from "./choose";\nexport async function handler() {\n${uses.map((name) => `  await ${name}("an email");\n`).join("")}}\n`,
    });

  it("counts the request where the closure a factory returned is passed in, not where the parameter is called", () => {
    const analyses = pickProject([`export async function choose(text: string) {`, `  const generate = createGenerator("gpt-4o-mini");`, `  return pick({ generate, text });`, `}`], ["choose"]);
    assert.deepEqual(counted(analyses), ["src/app.ts:3 gpt-4o-mini"]);
  });

  it("makes no request where the function passed in makes none, beside a call site that passes one (the lookalike)", () => {
    const analyses = pickProject(
      [
        `export async function choose(text: string) {`,
        `  return pick({ generate: createGenerator("gpt-4o-mini"), text });`,
        `}`,
        `export async function shout(text: string) {`,
        `  const generate = async ({ prompt }: { prompt: string }) => prompt.toUpperCase();`,
        `  return pick({ generate, text });`,
        `}`,
      ],
      ["choose", "shout"],
    );
    assert.deepEqual(counted(analyses), ["src/app.ts:3 gpt-4o-mini"]);
  });

  /** A queue job calling `execute`, which passes a dependency object to `judge` (its body given); `more` lines end evaluate.ts. */
  const dependencyFiles = (judgeBody: string[], more: string[] = []): Record<string, string> => ({
    "src/client.ts": CLIENT,
    "src/deps.ts": DEPS_FACTORY,
    "src/evaluate.ts": [
      `import { createDeps } from "./deps";`,
      `type Deps = ReturnType<typeof createDeps>;`,
      `export async function judge({ deps, text }: { deps: Deps; text: string }) {`,
      ...judgeBody,
      `}`,
      `export async function execute(params: { text: string; deps?: Deps }) {`,
      `  const deps = params.deps ?? createDeps();`,
      `  return judge({ ...params, deps });`,
      `}`,
      ...more,
      ``,
    ].join("\n"),
    "src/queue.ts": `import { execute } from "./evaluate";\nexport async function processJob() {\n  await execute({ text: "a trace" });\n}\n`,
  });

  it("applies a property of a parameter object (`deps.callLLM(...)`) with the object the call site passes", () => {
    const analyses = analyzeProject(dependencyFiles([`  const output = await deps.callLLM({ prompt: "Judge " + text, model: "gpt-4o-mini" });`, `  await deps.save(String(output));`]));
    assert.deepEqual(counted(analyses), ["src/queue.ts:3 gpt-4o-mini"]);
  });

  it("makes no request where the parameter object's member called makes none (the lookalike)", () => {
    const analyses = analyzeProject(dependencyFiles([`  await deps.save(text);`]));
    // The deps object's callLLM is never called: it stays a request of its own where it is written.
    assert.deepEqual(counted(analyses), ["src/deps.ts:4 null"]);
  });

  /** `setUp` passes `{ prompt, callLlm }` to `callee` of src/callee.ts (its body given); the router calls `setUp`. */
  const callbackProject = (callee: string, calleeBody: string) =>
    analyzeProject({
      "src/client.ts": CLIENT,
      "src/callee.ts": [
        `const handlers: ((input: { prompt: string }) => Promise<unknown>)[] = [];`,
        `export async function ${callee}(params: { prompt: string; callLlm: (input: { prompt: string }) => Promise<unknown> }) {`,
        `  ${calleeBody}`,
        `}`,
        ``,
      ].join("\n"),
      "src/set-up.ts": [
        `import { client } from "./client";`,
        `import { ${callee} } from "./callee";`,
        `export async function setUp(params: { prompt: string; model: string }) {`,
        `  return ${callee}({`,
        `    prompt: params.prompt,`,
        `    callLlm: async ({ prompt }) => {`,
        `      const model = params.model;`,
        `      return ${REQUEST};`,
        `    },`,
        `  });`,
        `}`,
        ``,
      ].join("\n"),
      "src/router.ts": `import { setUp } from "./set-up";\nexport async function test() {\n  return setUp({ prompt: "is it polite?", model: "gpt-4o-mini" });\n}\n`,
    });

  it("runs a callback written in an object the call passes with the function around it when the callee calls it", () => {
    const analyses = callbackProject("executeEvaluator", `return params.callLlm({ prompt: "Evaluate: " + params.prompt });`);
    assert.deepEqual(counted(analyses), ["src/router.ts:3 gpt-4o-mini"]);
  });

  it("leaves a callback in an object the callee only stores for later where it is written (the lookalike)", () => {
    const analyses = callbackProject("registerEvaluator", `handlers.push(params.callLlm);`);
    // The callback's own parameters are unbound there: its model, read from setUp's parameter, is unknown.
    assert.deepEqual(counted(analyses), ["src/set-up.ts:8 null"]);
  });

  it("read without the call's arguments (a call too costly to follow with them), still asks which function the call passes to a parameter it calls", () => {
    const files = dependencyFiles(
      [`  await deps.save(text);`, `  return deps.callLLM({ prompt: "Judge " + text, model: "gpt-4o-mini" });`],
      [`export const judged = () => judge({ deps: createDeps(), text: "a trace" });`, `export const stored = () => judge({ deps: { save: async (row: string) => row, callLLM: async () => "no request" }, text: "a trace" });`],
    );
    const workspace = new Workspace([ROOT], memoryFileSystem(files));
    const recogniser = recogniserFor(new Evaluator(workspace));
    const file = workspace.getParsedFile(path.join(ROOT, "src/evaluate.ts"))!;
    const callOf = (name: string): ts.CallExpression => {
      const statement = file.sourceFile.statements.find((node) => ts.isVariableStatement(node) && node.declarationList.declarations[0]!.name.getText() === name) as ts.VariableStatement;
      return (statement.declarationList.declarations[0]!.initializer as ts.ArrowFunction).body as ts.CallExpression;
    };
    const unbound = (name: string) => recogniser.withArguments(false, () => recogniser.recognise(callOf(name), file)).map((result) => `${result.via?.map((hop) => hop.function).join(">")} ${result.recognised.model ?? "null"}`);
    // The request is found through the function passed; what it sends is read without the arguments (model unknown).
    assert.deepEqual(unbound("judged"), ["judge>callLLM null"]);
    // Lookalike: the object passed holds a callLLM that makes no request.
    assert.deepEqual(unbound("stored"), []);
  });
});

describe("callsOwnParameter", () => {
  /** Whether the named call in the first function of `source` calls (a value made from) one of its parameters. */
  function callsParameter(source: string, callText: string): boolean {
    const sourceFile = ts.createSourceFile("/project/handler.ts", source, ts.ScriptTarget.Latest, true);
    let fn: ts.Node | undefined;
    let call: ts.CallExpression | undefined;
    const visit = (node: ts.Node): void => {
      if (!fn && ts.isArrowFunction(node)) fn = node;
      if (!call && ts.isCallExpression(node) && node.expression.getText(sourceFile) === callText) call = node;
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    assert.ok(fn && call, `${callText} in a function`);
    return callsOwnParameter(call, fn);
  }

  const HANDLER = (parameter: string, local: string) => `export const handler = async (${parameter}) => {\n  let ${local};\n  response = await dispatch(request);\n  after(response.clone());\n  return response;\n};\n`;

  it("says a value made from a parameter whose method is called is decided by the call site", () => {
    assert.equal(callsParameter(HANDLER("request", "response"), "response.clone"), true);
    assert.equal(callsParameter(`export const run = async (deps) => {\n  const chain = makeChain(deps);\n  return chain.call({});\n};\n`, "chain.call"), true);
  });

  it("leaves out a value of a web platform type, and one made only from such a parameter (a fetch handler's response)", () => {
    assert.equal(callsParameter(HANDLER("request", "response: Response"), "response.clone"), false);
    assert.equal(callsParameter(HANDLER("request: Request", "response"), "response.clone"), false);
    assert.equal(callsParameter(`export const handle = async (request: Request) => request.json();\n`, "request.json"), false);
  });
});
