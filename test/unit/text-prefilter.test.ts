import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { analyzeFile, type AnalysisContext } from "../../server/src/core/analyze.ts";
import { callsRequestName, receiverRoot, thisFieldRoot } from "../../server/src/core/providers/request-calls.ts";
import { importedNames, namesWord, WordsOfText } from "../../server/src/core/providers/text-prefilter.ts";
import { Evaluator } from "../../server/src/core/resolve/evaluate.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import { Workspace } from "../../server/src/core/workspace/workspace.ts";
import { memoryFileSystem, NO_PRICES, projectWorkspace, recordParses, ROOT } from "../helpers/memory-workspace.ts";

/** Each file's calls as `file model`, and the files the run parsed (in a workspace listing its project files when asked, as the CLI does). */
function analyseAll(files: Record<string, string>, listed = false): { calls: string[]; parsed: Set<string> } {
  const workspace = listed ? projectWorkspace(files) : new Workspace([ROOT], memoryFileSystem(files));
  const parsed = recordParses(workspace);
  const context: AnalysisContext = { workspace, prices: NO_PRICES, settings: DEFAULT_SETTINGS, evaluator: new Evaluator(workspace) };
  const analyses = Object.keys(files).map((file) => analyzeFile(path.join(ROOT, file), context));
  return { calls: analyses.flatMap((analysis) => analysis.calls.map(({ call }) => `${path.relative(ROOT, call.file)} ${call.model}`)), parsed: new Set(parsed) };
}

describe("text prefilter", () => {
  it("reads a request method's name as a call only before an argument list", () => {
    for (const text of [
      "client.chat.completions.create({ model })",
      "await generateObject<Summary>({ model, schema })",
      "client?.responses.create?.({ model })",
      "(llm.invoke)!(messages)",
      "model.invoke /* once */ (messages)",
      "client.beta.chat.completions.parse({ model, messages })",
      "openai.responses.parse({ model, input })",
      "mistral.chat.parse({ model, messages })",
      "client.responses.inputTokens.count({ model, input })",
      "anthropic.beta.messages.batches.create({ requests })",
      "const completions = openai.chat.completions;\ncompletions.create({ model, messages })",
      "mistral.chat.complete({ model, messages })",
      "client.batch.jobs.create({ inputFiles, model })",
    ]) {
      assert.equal(callsRequestName(text), true, text);
    }
    for (const text of [
      `const help = "create a summary, then parse it";`,
      "// we stream the reply and send it",
      "export const options = { create: true, stream: false };",
      "const parse = (text: string) => text;",
      "JSON.parse(input)",
      "Object.create(null)",
      "Date.parse(when)",
      "console.count('retries')",
      "JSON\n  .parse(input)",
      // `parse` and `count` are an SDK's only under its path: a schema's, a parser's, a database's are not.
      "schema.parse(input)",
      "myJSON.parse(input)",
      "this.JSON.parse(input)",
      "const user = UserSchema.parse(await request.json());",
      "await prisma.user.count({ where })",
      "const total = count(items);",
      // `create` and `complete` likewise: a database's, a store's, a task's.
      "await prisma.user.create({ data: { email } })",
      "const useStore = create((set) => ({ count: 0 }));",
      "task.complete();",
    ]) {
      assert.equal(callsRequestName(text), false, text);
    }
  });

  it("reads a method or function declared with a request method's name as no call", () => {
    for (const text of [
      "class Mailer {\n  async send(message: Message): Promise<void> {\n    await queue.push(message);\n  }\n}",
      "interface Messenger {\n  send<T extends keyof Protocol>(type: T, data: Protocol[T]): void;\n  invoke<T extends keyof Protocol>(type: T): Promise<Protocol[T]>;\n}",
      "export const repository = { create(data) { return rows.push(data); } };",
      "class Feed {\n  static *stream(items) { yield* items; }\n}",
      "class Store {\n  private parse(text: string): Item[] { return []; }\n}",
    ]) {
      assert.equal(callsRequestName(text), false, text);
    }
    // Calls written like declarations are calls: a statement, a ternary's branch, a base class made by a call, a block on the next line.
    for (const text of [
      "function reply() {\n  send(message);\n}",
      "const answer = ready ? send(prompt) : undefined;",
      "class Chat extends stream(Base) {}",
      "function reply() {\n  send(message)\n  { log(message); }\n}",
      "await generateObject<Summary>({ model, schema }).then((result) => result.object)",
    ]) {
      assert.equal(callsRequestName(text), true, text);
    }
  });

  it("finds a name only as a whole word, as \\bname\\b does", () => {
    const pattern = (text: string, name: string) => new RegExp(`\\b${name.replace(/[$]/g, "\\$")}\\b`).test(text);
    const cases: [string, string, boolean][] = [
      ["llm.ask(question)", "ask", true],
      ["ask", "ask", true],
      ["const { ask } = llm", "ask", true],
      ["the mask", "ask", false],
      ["asks_", "ask", false],
      ["ask_more() + task", "ask", false],
      ["x1ask", "ask", false],
      ["a$ask", "$ask", true],
      [" $ask", "$ask", false],
      ["ask$ ask", "ask$", false],
      ["", "ask", false],
    ];
    for (const [text, name, expected] of cases) {
      assert.equal(namesWord(text, name), expected, `${name} in ${JSON.stringify(text)}`);
      assert.equal(pattern(text, name), expected, `the pattern: ${name} in ${JSON.stringify(text)}`);
    }
  });

  it("answers as namesWord does for a text asked of many names, before and after gathering its words", () => {
    const text = "import { ask, askMore } from './llm';\nconst a$ask = await ask_more(task) + askMore($q);\nexport class Écrire { ask2() {} }";
    const names = ["ask", "askMore", "ask_more", "task", "mask", "q", "$q", "a$ask", "$ask", "ask$", "ask2", "Écrire", "crire", "llm", "import", "from", "const", "more", "await", "class", "ask2()", ""];
    // Asked twice over, so every name is asked both while the text is searched and once its words are gathered.
    const words = new WordsOfText(text);
    for (const name of [...names, ...names]) assert.equal(words.has(name), namesWord(text, name), `${name} in the text`);
    assert.equal(new WordsOfText(text).has("askMore"), true);
    assert.equal(new WordsOfText("").has("ask"), false);
  });

  it("reads the names an import or export clause takes", () => {
    const cases: [keyword: "import" | "export", clause: string, withTypes: boolean, expected: string[] | "all"][] = [
      ["import", "{ a, b as c }", false, ["a", "b"]],
      ["import", "{\n  a,\n  type T,\n  b\tas\tc,\n}", false, ["a", "b"]],
      ["import", "{ a, type T, type }", true, ["a", "T"]],
      ["import", "{ type T as U }", true, ["T"]],
      ["import", "Default, { a }", false, ["a", "default"]],
      ["import", "Default", false, ["default"]],
      ["import", "* as ns", false, "all"],
      ["export", "{ a }", false, ["a"]],
      ["export", "Default", false, "all"],
      ["import", "{}", false, []],
    ];
    for (const [keyword, clause, withTypes, expected] of cases) assert.deepEqual(importedNames(keyword, clause, withTypes), expected, `${keyword} ${JSON.stringify(clause)}`);
  });

  it("reads the first name of what a request-named call is made on, when it is a plain chain of names", () => {
    const rootOf = (text: string) => receiverRoot(text, text.lastIndexOf("create"));
    assert.equal(rootOf("await prisma.user.create({ data })"), "prisma");
    assert.equal(rootOf("const user = await prisma\n  .user\n  .create({ data })"), "prisma");
    assert.equal(rootOf("return store?.items.create(item)"), "store");
    assert.equal(rootOf("export const useStore = create(() => ({}))"), "create");
    // Lookalikes: a call result, `this` or a private member, or a chain after a call: what it is made on is not a name the file imports.
    assert.equal(rootOf("getClient().chat.completions.create({ model })"), undefined);
    assert.equal(rootOf("this.client.chat.completions.create({ model })"), undefined);
    assert.equal(rootOf("this.#client.create({ model })"), undefined);
    assert.equal(rootOf("clients[0].create({ model })"), undefined);
    assert.equal(rootOf("build().prisma.create({ model })"), undefined);
  });

  it("does not parse a file whose request-named calls are all on names imported from modules that cannot hold an SDK value", () => {
    const files = {
      "src/llm.ts": `import OpenAI from "openai";\nexport const client = new OpenAI();`,
      "src/db.ts": `export const prisma = { user: { create: (data: unknown) => data } };`,
      "src/store.ts": `import { client } from "./llm";\nexport const llmStore = { client };`,
      // Calls `create` on prisma (a project file whose imports reach no SDK) and on zustand (a package no adapter knows).
      "src/signup.ts": `import { prisma } from "./db";\nimport { create } from "zustand";\nimport { client } from "./llm";\nexport const signUp = (email: string) => prisma.user.create({ data: { email } });\nexport const useStore = create(() => ({ client }));`,
      // Lookalikes kept: a name from a module whose imports reach the SDK, and a file importing the SDK itself (where a local may shadow an import).
      "src/through-store.ts": `import { llmStore } from "./store";\nllmStore.client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] });`,
      "src/shadowed.ts": `import OpenAI from "openai";\nimport { prisma } from "./db";\nexport async function run() {\n  const prisma = new OpenAI();\n  return prisma.chat.completions.create({ model: "gpt-4.1", messages: [{ role: "user", content: "hi" }] });\n}`,
    };
    const { calls, parsed } = analyseAll(files);
    assert.deepEqual(calls, ["src/through-store.ts gpt-4o", "src/shadowed.ts gpt-4.1"]);
    assert.ok(!parsed.has("src/signup.ts"), `parsed: ${[...parsed].join(", ")}`);
  });

  it("reads the field a request-named call is made on when its receiver is `this.<field>`", () => {
    const fieldOf = (text: string) => thisFieldRoot(text, text.lastIndexOf("create"));
    assert.equal(fieldOf("await this.client.users.drafts.create({ userId })"), "client");
    assert.equal(fieldOf("return this\n  .gmail!\n  .users.create(body)"), "gmail");
    // Lookalikes: the method of `this` itself, a private member, a `this` that is a property, a call result.
    assert.equal(fieldOf("this.create({ model })"), undefined);
    assert.equal(fieldOf("this.#client.create({ model })"), undefined);
    assert.equal(fieldOf("options.this.client.create({ model })"), undefined);
    assert.equal(fieldOf("this.client().create({ model })"), undefined);
  });

  it("does not parse a file whose request-named calls are on `this` fields declared only with packages no adapter knows", () => {
    const llm = `import OpenAI from "openai";\nexport type Client = OpenAI;\nexport const client = new OpenAI();\nexport const makeClient = () => new OpenAI();\nexport const ask = (q: string) => client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: q }] });`;
    const files = {
      "src/llm.ts": llm,
      "src/models.ts": `import type OpenAI from "openai";\nexport type Client = OpenAI;\nexport const SUMMARY_MODEL = "gpt-4o-mini";`,
      // Reaches the SDK through ./models, but creates drafts and users on a Gmail client and a Prisma client it was given or made.
      "src/mailbox.ts": `import type { gmail_v1 } from "@googleapis/gmail";\nimport { PrismaClient } from "@prisma/client";\nimport { SUMMARY_MODEL } from "./models";\nexport class Mailbox {\n  private readonly client: gmail_v1.Gmail | null;\n  private db = new PrismaClient();\n  constructor(client: gmail_v1.Gmail, archive: PrismaClient) {\n    this.client = client;\n    this.store = archive;\n  }\n  archive(email: string) {\n    return this.store.user.create({ data: { email } });\n  }\n  draft(raw: string) {\n    const options = { client: this, raw };\n    return this.client!.users.drafts.create({ userId: "me", requestBody: { message: { raw } } }) && options;\n  }\n  save(email: string) {\n    return this.db.user.create({ data: { email } });\n  }\n  summary = SUMMARY_MODEL;\n}`,
      // Lookalikes kept, each reaching the SDK through a project file: a field typed with a union naming a project type, one
      // made without a type in JavaScript, one defaulted where it is assigned, one declared nowhere.
      "src/typed.ts": `import type { gmail_v1 } from "@googleapis/gmail";\nimport { client as shared, type Client } from "./llm";\nexport class Typed {\n  private readonly client: gmail_v1.Gmail | Client = shared;\n  run() {\n    return this.client.chat.completions.create({ model: "gpt-4.1", messages: [{ role: "user", content: "hi" }] });\n  }\n}`,
      "src/made.js": `import { makeClient } from "./llm";\nexport class Made {\n  constructor() {\n    this.client = makeClient();\n  }\n  run() {\n    return this.client.chat.completions.create({ model: "gpt-4.1-mini", messages: [{ role: "user", content: "hi" }] });\n  }\n}`,
      "src/defaulted.js": `import { PrismaClient } from "@prisma/client";\nimport { client as shared } from "./llm";\nexport class Defaulted {\n  constructor() {\n    this.client = PrismaClient.fromEnv() ?? shared;\n  }\n  run() {\n    return this.client.chat.completions.create({ model: "o3", messages: [{ role: "user", content: "hi" }] });\n  }\n}`,
      "src/base.ts": `import { client as shared } from "./llm";\nexport class Base {\n  client = shared;\n}`,
      "src/given.ts": `import { Base } from "./base";\nexport class Given extends Base {\n  run() {\n    return this.client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] });\n  }\n}`,
    };
    const { calls, parsed } = analyseAll(files);
    assert.ok(!parsed.has("src/mailbox.ts"), `parsed: ${[...parsed].join(", ")}`);
    for (const file of ["src/typed.ts", "src/made.js", "src/defaulted.js", "src/given.ts"]) assert.ok(parsed.has(file), `${file} not parsed`);
    assert.deepEqual(calls, ["src/llm.ts gpt-4o", "src/typed.ts gpt-4.1", "src/made.js gpt-4.1-mini", "src/given.ts gpt-4o-mini"]);
  });

  it("does not make an interface a way to a request through a class whose request-named calls are on a package's client", () => {
    const files = {
      "src/llm.ts": `import OpenAI from "openai";\nexport const client = new OpenAI();\nexport const ask = (q: string) => client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: q }] });`,
      "src/provider.ts": `export interface EmailProvider {\n  createDraft(raw: string): Promise<unknown>;\n}`,
      "src/models.ts": `import type OpenAI from "openai";\nexport type Client = OpenAI;\nexport const LABEL_MODEL = "gpt-4o-mini";`,
      // Its imports reach the SDK (./models), and it creates drafts on the Gmail client it is given.
      "src/google.ts": `import type { gmail_v1 } from "@googleapis/gmail";\nimport type { EmailProvider } from "./provider";\nimport { LABEL_MODEL } from "./models";\nexport class GmailProvider implements EmailProvider {\n  constructor(private readonly client: gmail_v1.Gmail) {}\n  createDraft(raw: string) {\n    return this.client.users.drafts.create({ userId: "me", requestBody: { message: { raw } } });\n  }\n  model = LABEL_MODEL;\n}`,
      // Calls the interface's method only: no request can start there.
      "src/follow-up.ts": `import type { EmailProvider } from "./provider";\nexport async function followUp(provider: EmailProvider, raw: string) {\n  return provider.createDraft(raw);\n}`,
    };
    const { calls, parsed } = analyseAll(files, true);
    assert.deepEqual(calls, ["src/llm.ts gpt-4o"]);
    assert.ok(!parsed.has("src/follow-up.ts") && !parsed.has("src/google.ts"), `parsed: ${[...parsed].join(", ")}`);
  });

  it("does not parse a file whose imports reach an SDK but that names request methods only in prose, keys or built-ins' calls", () => {
    const files = {
      "src/llm.ts": `import OpenAI from "openai";\nexport const client = new OpenAI();\nexport const ask = (q: string) => client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: q }] });`,
      // Lookalikes: they import the module that makes requests and name `create`, `parse`, `stream`, `send` and openai, never calling a request method.
      "src/mentions.ts": `import { client } from "./llm";\n// We create the reply with openai and stream it to the user.\nexport const usage = "send a message, then parse the answer";\nexport const flags = { create: true, stream: false };\nexport const read = (text: string) => JSON.parse(text);\nexport const blank = Object.create(null);\nexport const current = client;`,
      "src/dates.ts": `import { client as llm } from "./llm";\nexport const when = (text: string) => Date.parse(text);\nexport const stamp = () => console.count(String(llm));`,
      "src/validate.ts": `import { client } from "./llm";\nimport { z } from "zod";\nconst Body = z.object({ text: z.string() });\nexport const read = (input: unknown) => Body.parse(input);\nexport const total = (db: { user: { count(): Promise<number> } }) => db.user.count();\nexport const current = client;`,
      "src/signup.ts": `import { client } from "./llm";\nimport { db } from "./db";\nexport const signUp = (email: string) => db.user.create({ data: { email } });\nexport const done = (task: { complete(): void }) => task.complete();\nexport const current = client;`,
      "src/db.ts": `import { client } from "./llm";\nexport const db = { user: { create: (data: unknown) => data }, llm: client };`,
      // Kept: a direct call through the imported client, and a call of the project's wrapper.
      "src/direct.ts": `import { client } from "./llm";\nclient.chat.completions.create({ model: "gpt-4.1", messages: [{ role: "user", content: "hi" }] });`,
      "src/uses-wrapper.ts": `import { ask } from "./llm";\nexport const reply = () => ask("hello");`,
    };
    const { calls, parsed } = analyseAll(files);
    assert.deepEqual(calls, ["src/llm.ts gpt-4o", "src/direct.ts gpt-4.1", "src/uses-wrapper.ts gpt-4o"]);
    assert.ok(!parsed.has("src/mentions.ts"), `parsed: ${[...parsed].join(", ")}`);
    assert.ok(!parsed.has("src/dates.ts"), `parsed: ${[...parsed].join(", ")}`);
    assert.ok(!parsed.has("src/validate.ts") && !parsed.has("src/signup.ts"), `parsed: ${[...parsed].join(", ")}`);
    assert.ok(parsed.has("src/direct.ts") && parsed.has("src/uses-wrapper.ts"));
  });

  it("does not parse a file posting with fetch whose imports name an LLM endpoint only in types or comments", () => {
    const files = {
      "src/http.ts": `export const post = (url: string, body: unknown) => fetch(url, { method: "POST", body: JSON.stringify(body) });`,
      "src/types.d.ts": `export type IndexingType = "chunk" | "embeddings";`,
      "src/notes.ts": `/**\n * Models without tools fall back to the /chat/completions endpoint.\n */\nexport const FALLBACK = true; // and to /v1/messages for Claude`,
      "src/indexer.ts": `import type { IndexingType } from "./types";\nimport { FALLBACK } from "./notes";\nimport { post } from "./http";\nexport const index = (kind: IndexingType) => post("/api/index", { kind, FALLBACK });`,
      // Kept: a URL constant in code, whatever its comment says.
      "src/urls.ts": `// The /chat/completions endpoint.\nexport const CHAT_URL = "https://api.openai.com/v1/chat/completions";`,
      "src/ask.ts": `import { CHAT_URL } from "./urls";\nexport const ask = () => fetch(CHAT_URL, { method: "POST", body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }) });`,
    };
    const { calls, parsed } = analyseAll(files);
    assert.deepEqual(calls, ["src/ask.ts gpt-4o-mini"]);
    assert.ok(!parsed.has("src/indexer.ts"), `parsed: ${[...parsed].join(", ")}`);
  });

  it("does not parse a file posting with fetch whose imports end in an endpoint's last word only as a module's path", () => {
    const files = {
      "src/http.ts": `export const post = (url: string, body: unknown) => fetch(url, { method: "POST", body: JSON.stringify(body) });`,
      "src/types/responses.ts": `export type TResponse = { id: string };`,
      "src/billing.ts": `import type { TResponse } from "./types/responses";\nimport { post } from "./http";\nexport const sync = (response: TResponse) => post("/api/billing", response);`,
      "src/later.ts": `import { post } from "./http";\nexport const load = async () => (await import("./types/responses")) && post("/api/later", {});`,
      // Kept: the same word as a URL's path in code.
      "src/ask.ts": `export const ask = () => fetch("https://api.openai.com/v1" + "/responses", { method: "POST", body: JSON.stringify({ model: "gpt-4o-mini", input: "hi" }) });`,
    };
    const { calls, parsed } = analyseAll(files);
    assert.deepEqual(calls, ["src/ask.ts gpt-4o-mini"]);
    assert.ok(!parsed.has("src/billing.ts") && !parsed.has("src/later.ts") && !parsed.has("src/http.ts"), `parsed: ${[...parsed].join(", ")}`);
  });

  // A JavaScript file may call a method of a class implementing a requesting type on an untyped value
  // (`provider.log(...)`): the method's name is enough to parse it. Not on JavaScript's own objects: on
  // Mintplex-Labs/anything-llm 72aabbd an agent provider's `log` method had 273 files match, most by `console.log(`.
  it("does not parse a JavaScript file for a method name it calls only on a built-in object (`console.log`)", () => {
    const files = {
      "src/providers/base.js": `class Provider {\n  log(text) { process.stdout.write(text); }\n}\nmodule.exports = { Provider };\n`,
      "src/providers/openai.js": `const OpenAI = require("openai");\nconst { Provider } = require("./base");\nclass OpenAiProvider extends Provider {\n  constructor() { super(); this.client = new OpenAI(); }\n  complete(prompt) {\n    this.log("completing");\n    return this.client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] });\n  }\n}\nmodule.exports = { OpenAiProvider };\n`,
      "src/util.js": `function format(value) {\n  console.log("formatting", value);\n  return JSON.stringify(value);\n}\nmodule.exports = { format };\n`,
      "src/main.js": `const { format } = require("./util");\nformat(1);\n`,
      // Kept: the same method called on a value of unknown type, which may be a provider.
      "src/agent.js": `function run(provider) {\n  provider.log("start");\n  return provider.complete("Plan the day.");\n}\nmodule.exports = { run };\n`,
    };
    const { parsed } = analyseAll(files, true);
    assert.ok(!parsed.has("src/util.js"), `parsed: ${[...parsed].join(", ")}`);
    assert.ok(parsed.has("src/agent.js"), `parsed: ${[...parsed].join(", ")}`);
  });

  // gitroomhq/postiz-app 74b01ad's apps/frontend/public/f.js: a 15,897-line tracking script served as a static
  // file, parsed (335 ms) because it calls methods named like the social providers' (`.init(`, `.send(`...).
  it("does not parse a JavaScript script that neither imports nor exports for the method names it calls", () => {
    const files = {
      "src/providers/base.js": `class Provider {\n  log(text) { process.stdout.write(text); }\n}\nmodule.exports = { Provider };\n`,
      "src/providers/openai.js": `const OpenAI = require("openai");\nconst { Provider } = require("./base");\nclass OpenAiProvider extends Provider {\n  constructor() { super(); this.client = new OpenAI(); }\n  complete(prompt) {\n    return this.client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] });\n  }\n}\nmodule.exports = { OpenAiProvider };\n`,
      "public/tracker.js": `(function (w) {\n  var queue = w.queue;\n  function run(item) {\n    return item.complete("tracked");\n  }\n  queue.forEach(run);\n})(window);\n`,
      // Kept: the same script as a module (CommonJS or ES).
      "src/agent.js": `function run(provider) {\n  return provider.complete("Plan the day.");\n}\nexports.run = run;\n`,
      "src/agent.mjs": `export function run(provider) {\n  return provider.complete("Plan the day.");\n}\n`,
    };
    const { parsed } = analyseAll(files, true);
    assert.ok(!parsed.has("public/tracker.js"), `parsed: ${[...parsed].join(", ")}`);
    assert.ok(parsed.has("src/agent.js") && parsed.has("src/agent.mjs"), `parsed: ${[...parsed].join(", ")}`);
  });

  it("still finds a call written with type arguments or optional chaining", () => {
    const files = {
      "src/summary.ts": `import { generateObject } from "ai";\nimport { openai } from "@ai-sdk/openai";\nexport const run = () => generateObject<{ title: string }>({ model: openai("gpt-4o-mini"), prompt: "Title this" });`,
      "src/optional.ts": `import OpenAI from "openai";\nconst client: OpenAI | undefined = new OpenAI();\nclient?.chat.completions.create({ model: "gpt-4.1-mini", messages: [{ role: "user", content: "hi" }] });`,
    };
    assert.deepEqual(analyseAll(files).calls, ["src/summary.ts gpt-4o-mini", "src/optional.ts gpt-4.1-mini"]);
  });
});
