import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PricedCall } from "../../server/src/core/types.ts";
import { analyzeSource, NO_PRICES, onlyCall } from "../helpers/memory-workspace.ts";

const OPENAI = `import OpenAI from "openai";\nconst client = new OpenAI();\n`;

/** The prompt of the only call: static text joined, each dynamic part as <label>. */
function promptOf(priced: PricedCall): string {
  return priced.call.messages
    .map((message) => `${message.role}: ${message.parts.map((part) => (part.kind === "static" ? part.text : `<${part.label}>`)).join("")}`)
    .join(" | ");
}

function analyze(files: Record<string, string>, entry = "src/app.ts"): PricedCall {
  return onlyCall(analyzeSource(files, entry, {}, NO_PRICES));
}

describe("static resolution of what a call sends", () => {
  it("joins string literals, templates and concatenation; each ${} is a dynamic part", () => {
    const call = analyze({
      "src/app.ts": `${OPENAI}const who = "a tester";\nexport function run(q: string) {\n  return client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: "You are " + who + "." }, { role: "user", content: \`Q: \${q}!\` }] });\n}`,
    });
    assert.equal(promptOf(call), "system: You are a tester. | user: Q: <q>!");
  });

  it("follows a const imported from another project file, and the model from a constants object", () => {
    const call = analyze({
      "src/prompts.ts": `export const SYSTEM = "Be brief.";\nexport const MODELS = { fast: "gpt-4o-mini" } as const;`,
      "src/app.ts": `${OPENAI}import { SYSTEM, MODELS } from "./prompts";\nclient.chat.completions.create({ model: MODELS.fast, messages: [{ role: "system", content: SYSTEM }] });`,
    });
    assert.equal(call.call.model, "gpt-4o-mini");
    assert.equal(promptOf(call), "system: Be brief.");
  });

  it("reads a constants object's computed keys (`[Provider.OpenAI]: ...`) by the constant they name", () => {
    // srcbook's defaultModels: { [AiProvider.OpenAI]: "chatgpt-4o-latest", ... } read as defaultModels["openai"].
    const call = analyze({
      "src/models.ts": `export const Provider = { OpenAI: "openai", Anthropic: "anthropic" } as const;\nexport const DEFAULTS = { [Provider.OpenAI]: "gpt-4o-mini", [Provider.Anthropic]: "claude-haiku-4-5" };\nexport function defaultModel(provider: string) { return DEFAULTS[provider]; }\n`,
      "src/app.ts": `${OPENAI}import { defaultModel } from "./models";\nclient.chat.completions.create({ model: defaultModel("openai"), messages: [{ role: "user", content: "hi" }] });`,
    });
    assert.equal(call.call.model, "gpt-4o-mini");
  });

  it("follows re-exports, renamed imports and tsconfig paths", () => {
    const call = analyze({
      "tsconfig.json": `{ "compilerOptions": { "baseUrl": ".", "paths": { "@lib/*": ["src/lib/*"] } } // comment allowed\n}`,
      "src/lib/raw.ts": `export const RAW = "from raw";`,
      "src/lib/index.ts": `export { RAW as TEXT } from "./raw";`,
      "src/app.ts": `${OPENAI}import { TEXT as T } from "@lib/index";\nclient.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: T }] });`,
    });
    assert.equal(promptOf(call), "user: from raw");
  });

  it("evaluates a function that returns a template around its parameters", () => {
    const call = analyze({
      "src/build.ts": `const HEAD = "Ticket:";\nexport function buildPrompt(subject: string, body: string) {\n  return \`\${HEAD} \${subject}\\n\${body}\`;\n}`,
      "src/app.ts": `${OPENAI}import { buildPrompt } from "./build";\nexport const go = (s: string) => client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: buildPrompt("Refund", s) }] });`,
    });
    assert.equal(promptOf(call), "user: Ticket: Refund\n<s>");
  });

  it("reads a prompt file through fs.readFileSync(path.join(__dirname, ...))", () => {
    const call = analyze({
      "src/prompts/system.md": "You are the ACME assistant.",
      "src/app.ts": `${OPENAI}import fs from "node:fs";\nimport path from "node:path";\nconst SYSTEM = fs.readFileSync(path.join(__dirname, "prompts", "system.md"), "utf8");\nclient.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: SYSTEM }] });`,
    });
    assert.equal(promptOf(call), "system: You are the ACME assistant.");
    const part = call.call.messages[0]!.parts[0]!;
    assert.equal(part.kind === "static" && part.origin?.file, "/project/src/prompts/system.md");
  });

  it("reads a prompt file through fs/promises readFile(new URL(..., import.meta.url)) and import.meta.dirname", () => {
    const call = analyze({
      "src/p/a.md": "AAA",
      "src/p/b.md": "BBB",
      "src/app.ts": `${OPENAI}import { readFile } from "node:fs/promises";\nimport { join } from "node:path";\nconst a = await readFile(new URL("./p/a.md", import.meta.url), "utf8");\nconst b = await readFile(join(import.meta.dirname, "p", "b.md"), "utf8");\nclient.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: a + b }] });`,
    });
    assert.equal(promptOf(call), "system: AAABBB");
  });

  it("refuses a prompt file outside the workspace and counts it as dynamic", () => {
    const call = analyze({
      "src/app.ts": `${OPENAI}import fs from "fs";\nconst secret = fs.readFileSync("/etc/passwd", "utf8");\nclient.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: secret }] });`,
    });
    assert.equal(call.call.messages[0]!.parts[0]!.kind, "dynamic");
  });

  it("follows require() in a .js file, and module.exports of the required file", () => {
    const call = analyze(
      {
        "src/prompts.js": `module.exports = { SYSTEM: "From CommonJS." };`,
        "src/app.js": `const OpenAI = require("openai");\nconst { SYSTEM } = require("./prompts");\nconst client = new OpenAI();\nclient.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: SYSTEM }] });`,
      },
      "src/app.js",
    );
    assert.equal(promptOf(call), "system: From CommonJS.");
  });

  it("survives an import cycle and a const cycle: the cyclic value becomes dynamic", () => {
    const call = analyze({
      "src/a.ts": `import { B } from "./b";\nexport const A = "a" + B;`,
      "src/b.ts": `import { A } from "./a";\nexport const B = "b" + A;`,
      "src/app.ts": `${OPENAI}import { A } from "./a";\nconst x: string = y;\nconst y: string = x;\nclient.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: A + x }] });`,
    });
    assert.match(promptOf(call), /^user: ab<.*><.*>$/);
  });

  it("takes the fallback of process.env.X ?? literal as the model", () => {
    const call = analyze({ "src/app.ts": `${OPENAI}client.chat.completions.create({ model: process.env.MODEL ?? "gpt-4.1", messages: [] });` });
    assert.equal(call.call.model, "gpt-4.1");
  });

  it("leaves a model that cannot be known as null with the reason", () => {
    const call = analyze({ "src/app.ts": `${OPENAI}export const f = (m: string) => client.chat.completions.create({ model: m, messages: [] });` });
    assert.equal(call.call.model, null);
    assert.match(call.call.modelNote ?? "", /m/);
  });

  it("takes a destructured parameter read outside any call at its own default, as a plain parameter is", () => {
    const task = (params: string) =>
      analyze({
        "src/app.ts": `${OPENAI}const DEFAULT_MODEL = "gpt-4.1-mini";\nexport function createTask(${params}) {\n  return async (q: string) => client.chat.completions.create({ model, messages: [{ role: "user", content: q }] });\n}`,
      }).call.model;
    assert.equal(task(`model = DEFAULT_MODEL`), "gpt-4.1-mini");
    assert.equal(task(`{ model = DEFAULT_MODEL, retries = 2 }: { model?: string; retries?: number } = {}`), "gpt-4.1-mini");
    // Lookalikes: a destructured name without a default of its own stays what a caller passes.
    assert.equal(task(`{ model }: { model: string }`), null);
    assert.equal(task(`{ settings: { model } = { model: DEFAULT_MODEL } }: { settings?: { model: string } } = {}`), null);
    // The default stands for what callers may pass: a switch on it still takes every case.
    const switched = analyze({
      "src/app.ts": `${OPENAI}function modelFor(provider: string) {\n  switch (provider) {\n    case "openai": return "gpt-4.1-mini";\n    case "premium": return "gpt-4.1";\n  }\n  return "gpt-4o-mini";\n}\nexport function createTask({ provider = "openai" }: { provider?: string } = {}) {\n  return async (q: string) => client.chat.completions.create({ model: modelFor(provider), messages: [{ role: "user", content: q }] });\n}`,
    });
    assert.ok(switched.call.modelCandidates?.includes("gpt-4.1"), JSON.stringify(switched.call.modelCandidates));
    // A default that only says nothing was passed (`[]`, `null`) is no reading of what callers send: it stays dynamic.
    for (const empty of [`[]`, `null`]) {
      const call = analyze({
        "src/app.ts": `${OPENAI}export function createTask({ notes = ${empty} }: { notes?: string[] | null } = {}) {\n  return async () => client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "Notes: " + notes!.join(", ") }] });\n}`,
      });
      assert.match(promptOf(call), /^user: Notes: <.+>$/, empty);
    }
    // A flag left off by default: the costlier way it may take still stands.
    const flagged = analyze({
      "src/app.ts": `${OPENAI}export function createTask({ signed = false }: { signed?: boolean } = {}) {\n  return async () => client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "system", content: signed ? "Do not write a sign-off." : "" }] });\n}`,
    });
    assert.equal(promptOf(flagged), "system: Do not write a sign-off.");
  });

  it("follows a client created in another module", () => {
    const call = analyze({
      "src/llm.ts": `import OpenAI from "openai";\nexport const llm = new OpenAI();`,
      "src/app.ts": `import { llm } from "./llm";\nllm.chat.completions.create({ model: "gpt-4o", messages: [] });`,
    });
    assert.equal(call.call.api, "chat.completions.create");
  });

  it("marks a collection stuffed into a prompt as unbounded, and a sliced one as bounded", () => {
    const unbounded = analyze({ "src/app.ts": `${OPENAI}export const f = (docs: string[]) => client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: docs.join("\\n") }] });` });
    const bounded = analyze({ "src/app.ts": `${OPENAI}export const f = (docs: string[]) => client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: docs.slice(0, 3).join("\\n") }] });` });
    const collectionOf = (call: PricedCall) => {
      const part = call.call.messages[0]!.parts[0]!;
      return part.kind === "dynamic" ? part.collection : undefined;
    };
    assert.deepEqual(collectionOf(unbounded), { bounded: false });
    assert.deepEqual(collectionOf(bounded), { bounded: true });
  });
});
