import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";

// A wrapper's request behind a condition on what its call passes (`if (!schema && prompt)`): a call that
// decides the condition against it does not make that request; an undecided one still does.

const LLM = `import OpenAI from "openai";
const client = new OpenAI();
export async function complete(prompt: string, schema: object) {
  return client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt + JSON.stringify(schema) }] });
}
export async function schemaFor(prompt: string) {
  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] });
}
`;

const EXTRACT = `import { complete, schemaFor } from "./llm";
export async function extractData(options: { prompt: string; schema?: object }) {
  let schema = options.schema;
  if (!schema && options.prompt) {
    schema = await schemaFor(options.prompt);
  }
  return complete(options.prompt, schema ?? {});
}
`;

function callsAt(files: Record<string, string>, prefix: string): string[] {
  return describeCalls(analyzeProject(files)).filter((call) => call.startsWith(prefix));
}

describe("request sites behind a condition the call decides", () => {
  it("a call passing a schema does not make the request that only runs without one", () => {
    const calls = callsAt({ "src/llm.ts": LLM, "src/extract.ts": EXTRACT, "src/main.ts": `import { extractData } from "./extract";\nexport async function main(prompt: string) {\n  return extractData({ prompt, schema: { type: "object" } });\n}\n` }, "src/main.ts");
    assert.deepEqual(calls, ["src/main.ts:3 gpt-4o-mini via=extractData>complete wrapper=main"]);
  });

  it("a call passing no schema makes both (its lookalike)", () => {
    const calls = callsAt({ "src/llm.ts": LLM, "src/extract.ts": EXTRACT, "src/main.ts": `import { extractData } from "./extract";\nexport async function main(prompt: string) {\n  return extractData({ prompt });\n}\n` }, "src/main.ts");
    assert.deepEqual(calls.sort(), ["src/main.ts:3 gpt-4o via=extractData>schemaFor wrapper=main", "src/main.ts:3 gpt-4o-mini via=extractData>complete wrapper=main"]);
  });

  it("a schema the caller tested truthy before the call: the request without one is not made", () => {
    const main = `import { extractData } from "./extract";\nexport async function main(request: { prompt: string; schema?: object }) {\n  let schema = request.schema;\n  console.log(schema);\n  if (schema && Object.keys(schema).length > 0) {\n    return extractData({ prompt: request.prompt, schema });\n  }\n}\n`;
    assert.deepEqual(callsAt({ "src/llm.ts": LLM, "src/extract.ts": EXTRACT, "src/main.ts": main }, "src/main.ts"), ["src/main.ts:6 gpt-4o-mini via=extractData>complete wrapper=main"]);
  });

  it("a schema tested only for absence, or tested and then reassigned, still makes both (lookalikes)", () => {
    const untested = `import { extractData } from "./extract";\nexport async function main(request: { prompt: string; schema?: object }) {\n  const schema = request.schema;\n  if (!schema || request.prompt) {\n    return extractData({ prompt: request.prompt, schema });\n  }\n}\n`;
    assert.equal(callsAt({ "src/llm.ts": LLM, "src/extract.ts": EXTRACT, "src/main.ts": untested }, "src/main.ts").length, 2);
    const reassigned = `import { extractData } from "./extract";\nexport async function main(request: { prompt: string; schema?: object }, fallback?: object) {\n  let schema = request.schema;\n  if (schema) {\n    schema = fallback;\n    return extractData({ prompt: request.prompt, schema });\n  }\n}\n`;
    assert.equal(callsAt({ "src/llm.ts": LLM, "src/extract.ts": EXTRACT, "src/main.ts": reassigned }, "src/main.ts").length, 2);
  });

  // postiz's MediaService.generateImage(prompt, org, generatePromptFirst?): the prompt request runs only when asked.
  it("a flag parameter the call leaves out or passes false does not reach its request; true, or a flag the function reassigns, does", () => {
    const media = `import { schemaFor } from "./llm";\nexport async function generateImage(prompt: string, first?: boolean) {\n  if (first) {\n    prompt = (await schemaFor(prompt)).id;\n  }\n  return prompt;\n}\n`;
    const main = `import { generateImage } from "./media";\nexport const a = () => generateImage("cat");\nexport const b = () => generateImage("cat", false);\nexport const c = () => generateImage("cat", true);\nexport const d = (flag: boolean) => generateImage("cat", flag);\n`;
    assert.deepEqual(callsAt({ "src/llm.ts": LLM, "src/media.ts": media, "src/main.ts": main }, "src/main.ts"), ["src/main.ts:4 gpt-4o via=generateImage>schemaFor", "src/main.ts:5 gpt-4o via=generateImage>schemaFor wrapper=d"]);
    const reassigning = media.replace("{\n  if (first)", "{\n  first = first ?? true;\n  if (first)");
    assert.equal(callsAt({ "src/llm.ts": LLM, "src/media.ts": reassigning, "src/main.ts": main }, "src/main.ts").length, 4);
  });

  // Zero's getWritingStyleMatrixForConnectionId({ connectionId, backupContent, c }): the style request runs only with a backup body.
  it("a key of a destructured object parameter the call's literal leaves out or passes undefined does not reach its request; passed, spread or given a default, it does", () => {
    const style = `import { schemaFor } from "./llm";\nexport async function styleOf({ id, backup }: { id: string; backup?: string }) {\n  const stored = await load(id);\n  if (!stored && backup) {\n    return schemaFor(backup);\n  }\n  return stored;\n}\ndeclare function load(id: string): Promise<object | undefined>;\n`;
    const main = `import { styleOf } from "./style";\nexport const a = (id: string) => styleOf({ id });\nexport const b = (id: string) => styleOf({ id, backup: undefined });\nexport const c = (id: string, body: string) => styleOf({ id, backup: body });\nexport const d = (id: string, rest: object) => styleOf({ id, ...rest });\n`;
    assert.deepEqual(callsAt({ "src/llm.ts": LLM, "src/style.ts": style, "src/main.ts": main }, "src/main.ts"), ["src/main.ts:4 gpt-4o via=styleOf>schemaFor wrapper=c", "src/main.ts:5 gpt-4o via=styleOf>schemaFor wrapper=d"]);
    const defaulted = style.replace("{ id, backup }", '{ id, backup = "hello" }');
    assert.equal(callsAt({ "src/llm.ts": LLM, "src/style.ts": defaulted, "src/main.ts": main }, "src/main.ts").length, 4);
  });

  it("a schema that is an object whichever assignment it holds: the request without one is not made", () => {
    const main = `import { extractData } from "./extract";\nexport async function main(prompt: string, keys: string[]) {\n  let schema: any = { type: "object", properties: {} };\n  if (keys.length === 0) schema = {};\n  return extractData({ prompt, schema });\n}\n`;
    assert.deepEqual(callsAt({ "src/llm.ts": LLM, "src/extract.ts": EXTRACT, "src/main.ts": main }, "src/main.ts"), ["src/main.ts:5 gpt-4o-mini via=extractData>complete wrapper=main"]);
  });

  it("a schema that may be set to undefined on one path still makes both (its lookalike)", () => {
    const main = `import { extractData } from "./extract";\nexport async function main(prompt: string, keys: string[]) {\n  let schema: any = { type: "object", properties: {} };\n  if (keys.length === 0) schema = undefined;\n  return extractData({ prompt, schema });\n}\n`;
    assert.equal(callsAt({ "src/llm.ts": LLM, "src/extract.ts": EXTRACT, "src/main.ts": main }, "src/main.ts").length, 2);
  });
});

describe("conditions a call does not decide (lookalikes of the above)", () => {
  it("a schema from a helper that returns undefined on one path: both requests", () => {
    const main = `import { extractData } from "./extract";\nfunction schemaOf(keys: string[]) {\n  if (keys.length === 0) return undefined;\n  return { type: "object" };\n}\nexport async function main(prompt: string, keys: string[]) {\n  const schema = schemaOf(keys);\n  return extractData({ prompt, schema });\n}\n`;
    assert.equal(callsAt({ "src/llm.ts": LLM, "src/extract.ts": EXTRACT, "src/main.ts": main }, "src/main.ts").length, 2);
  });

  it("a flag the caller's own parameter default sets: both requests, whatever the default", () => {
    const wrapper = `import { complete, schemaFor } from "./llm";\nexport async function extractData(prompt: string, withSchema: boolean) {\n  if (withSchema) await schemaFor(prompt);\n  return complete(prompt, {});\n}\n`;
    const main = `import { extractData } from "./extract";\nexport async function main(prompt: string, withSchema = false) {\n  return extractData(prompt, withSchema);\n}\n`;
    assert.equal(callsAt({ "src/llm.ts": LLM, "src/extract.ts": wrapper, "src/main.ts": main }, "src/main.ts").length, 2);
  });

  it("a comparison does not decide (the mode may be a default read outside a call)", () => {
    const wrapper = `import { complete, schemaFor } from "./llm";\nexport async function extractData(prompt: string, options: { mode?: string }) {\n  if (options.mode === "schema") await schemaFor(prompt);\n  return complete(prompt, {});\n}\n`;
    const main = `import { extractData } from "./extract";\nexport async function main(prompt: string) {\n  return extractData(prompt, { mode: "text" });\n}\n`;
    assert.equal(callsAt({ "src/llm.ts": LLM, "src/extract.ts": wrapper, "src/main.ts": main }, "src/main.ts").length, 2);
  });
});

describe("a let read before any assignment to it", () => {
  const wrapper = `import OpenAI from "openai";\nconst client = new OpenAI();\n`;
  it("holds its initializer there", () => {
    const file = `${wrapper}export async function ask(question: string) {\n  let model = "gpt-4o";\n  const answer = await client.chat.completions.create({ model, messages: [{ role: "user", content: question }] });\n  model = "gpt-4o-mini";\n  return answer;\n}\n`;
    assert.deepEqual(describeCalls(analyzeProject({ "src/ask.ts": file })), ["src/ask.ts:5 gpt-4o wrapper=ask"]);
  });

  it("not in a loop that assigns it after the read, nor in a closure (lookalikes)", () => {
    const loop = `${wrapper}export async function ask(questions: string[]) {\n  let model = "gpt-4o";\n  for (const question of questions) {\n    await client.chat.completions.create({ model, messages: [{ role: "user", content: question }] });\n    model = "o1";\n  }\n}\n`;
    assert.ok(!describeCalls(analyzeProject({ "src/ask.ts": loop })).some((call) => call.includes(" gpt-4o")), describeCalls(analyzeProject({ "src/ask.ts": loop })).join("\n"));
    const closure = `${wrapper}export async function ask(question: string) {\n  let model = "gpt-4o";\n  const send = () => client.chat.completions.create({ model, messages: [{ role: "user", content: question }] });\n  model = "o1";\n  return send();\n}\n`;
    assert.ok(!describeCalls(analyzeProject({ "src/ask.ts": closure })).some((call) => call.includes(" gpt-4o")), describeCalls(analyzeProject({ "src/ask.ts": closure })).join("\n"));
  });
});

// CopilotKit e9387e0483's BuiltInAgent.run: `if (isFactoryConfig(this.config)) return this.runFactory(...)` before
// its streamText; its tests build agents with a factory config (~100 `agent.run(input)` counted before).
describe("a request after an early return on what the instance was constructed with", () => {
  const agent = (guard: string, extra = "") => `import { streamText } from "ai";
import { openai } from "@ai-sdk/openai";
type Classic = { model: string };
type Factory = { factory: () => unknown };
type Config = Classic | Factory;
function isFactoryConfig(config: Config): config is Factory {
  return "factory" in config;
}
export class Agent {
  constructor(private config: Config) {}
  run(input: string) {
    ${guard}
    const config = this.config as Classic;
    return streamText({ model: openai(config.model), prompt: input });
  }${extra}
}
`;
  const early = "if (isFactoryConfig(this.config)) {\n      return this.config.factory();\n    }";
  const main = `import { Agent } from "./agent";
export const factory = () => new Agent({ factory: () => ({}) }).run("hi");
export const classic = () => new Agent({ model: "gpt-4o" }).run("hi");
export const passed = (config: { model: string } | { factory: () => unknown }) => new Agent(config).run("hi");
export const spread = (rest: object) => new Agent({ model: "gpt-4o", ...rest }).run("hi");
`;

  it("a call on an instance made with a factory config does not reach it; a classic, unknown or spread config does", () => {
    assert.deepEqual(callsAt({ "src/agent.ts": agent(early), "src/main.ts": main }, "src/main.ts"), [
      "src/main.ts:3 gpt-4o via=run",
      "src/main.ts:4 null via=run wrapper=passed",
      "src/main.ts:5 gpt-4o via=run wrapper=spread",
    ]);
  });

  it("the test written inline, a throw, or a negated test of the other shape decides the same", () => {
    for (const guard of ['if ("factory" in this.config) return;', 'if ("factory" in this.config) throw new Error("factory");', 'if (!("model" in this.config)) return;']) {
      assert.deepEqual(callsAt({ "src/agent.ts": agent(guard), "src/main.ts": main }, "src/main.ts").length, 3, guard);
    }
  });

  it("not when the branch may fall through, the field is assigned elsewhere, or the guard is not before the request (lookalikes)", () => {
    const lookalikes = [
      agent('if (isFactoryConfig(this.config)) {\n      if (input) return;\n    }'),
      agent(early, "\n  reset(config: Config) {\n    this.config = config;\n  }"),
      agent("", '\n  other() {\n    if (isFactoryConfig(this.config)) return;\n  }'),
      // Every object has a key of its prototype; a predicate calling itself decides nothing.
      agent('if (!("toString" in this.config)) return;'),
      agent(early).replace('return "factory" in config;', "return isFactoryConfig(config);"),
    ];
    for (const file of lookalikes) assert.equal(callsAt({ "src/agent.ts": file, "src/main.ts": main }, "src/main.ts").length, 4, file);
  });
});

// continue d0a3c0b's llm.test.ts: testLLM(new Azure(...), { skip: true }) returns before its tests; one way down
// from them is deeper than the wrapper depth guard, which made the call read again without its arguments.
describe("a call whose every request site is out of its reach", () => {
  const llm = `import OpenAI from "openai";
const client = new OpenAI();
export class LLM {
  constructor(public model: string) {}
  async complete(prompt: string) {
    return client.chat.completions.create({ model: this.model, messages: [{ role: "user", content: prompt }] });
  }
  async deep(prompt: string) { return this.deeper(prompt); }
  async deeper(prompt: string) { return this.deepest(prompt); }
  async deepest(prompt: string) { return this.bottom(prompt); }
  async bottom(prompt: string) { return this.complete(prompt); }
}
`;
  const main = `import { LLM } from "./llm";
function testLLM(llm: LLM, { skip }: { skip?: boolean }) {
  if (skip) {
    return;
  }
  llm.complete("hi");
  llm.deep("hi");
}
testLLM(new LLM("gpt-4o"), { skip: false });
testLLM(new LLM("gpt-4o-mini"), { skip: true });
`;

  it("makes no request, even where a way down was cut by the depth guard; the call that does not skip still does", () => {
    const calls = callsAt({ "src/llm.ts": llm, "src/main.ts": main }, "src/main.ts");
    assert.ok(!calls.some((call) => call.startsWith("src/main.ts:10 ")), calls.join("\n"));
    assert.ok(calls.some((call) => call.startsWith("src/main.ts:9 gpt-4o ")), calls.join("\n"));
  });
});
