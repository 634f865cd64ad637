// Deterministic fuzz inputs: input i of seed s is always the same workspace, so a failure is reproduced by
// its (seed, index) pair alone and a run can resume past an input that hung.
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export interface FuzzInput {
  /** What generated it, e.g. "mutate:splice" or "nest:parens:20000"; counts are reported per kind. */
  kind: string;
  /** Workspace files, paths relative to the root. */
  files: Record<string, string>;
  /** The files the CLI would analyse (source files); others are prompt files or config. */
  entries: string[];
}

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** mulberry32: small, fast, and the same on every platform. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedOf(seed: number, index: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ index, 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

const SEEDS: Record<string, string> = {
  "openai.ts": `import OpenAI from "openai";\nconst client = new OpenAI();\nconst SYSTEM = "You are a helpful assistant. ".repeat(40);\nexport async function ask(q: string) {\n  return client.chat.completions.create({ model: "gpt-4o", max_tokens: 200, messages: [{ role: "system", content: SYSTEM }, { role: "user", content: \`Q: \${q}\` }] });\n}\nfor (const item of ["a", "b", "c"]) await client.responses.create({ model: "gpt-4.1-mini", input: "Tag " + item });\nawait client.embeddings.create({ model: "text-embedding-3-small", input: ["x", "y"] });\n`,
  "anthropic.ts": `import Anthropic from "@anthropic-ai/sdk";\nimport { readFileSync } from "node:fs";\nconst anthropic = new Anthropic();\nconst policy = readFileSync("prompts/policy.md", "utf8");\nexport const reply = (ticket: { body: string }) => anthropic.messages.create({ model: "claude-sonnet-4-5", max_tokens: 1024, system: [{ type: "text", text: policy, cache_control: { type: "ephemeral" } }], messages: [{ role: "user", content: ticket.body }] });\n`,
  "google.ts": `import { GoogleGenAI } from "@google/genai";\nconst ai = new GoogleGenAI({});\nconst docs: string[] = [];\nexport const run = () => ai.models.generateContent({ model: "gemini-2.5-flash", contents: docs.join("\\n"), config: { maxOutputTokens: 100 } });\n`,
  "vercel.ts": `import { generateText, streamText } from "ai";\nimport { openai } from "@ai-sdk/openai";\nimport { anthropic } from "@ai-sdk/anthropic";\nconst model = openai("gpt-4o-mini");\nexport const a = () => generateText({ model, prompt: "Summarise: " + new Date().toISOString() });\nexport const b = (items: string[]) => Promise.all(items.map((i) => streamText({ model: anthropic("claude-3-5-haiku-latest"), maxOutputTokens: 5, prompt: i })));\n`,
  "langchain.ts": `import { ChatOpenAI } from "@langchain/openai";\nconst llm = new ChatOpenAI({ model: "gpt-4o", maxTokens: 300 });\nexport const go = (text: string) => llm.invoke([["system", "Classify sentiment."], ["human", text]]);\n`,
  "bedrock.ts": `import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";\nconst client = new BedrockRuntimeClient({});\nexport const c = (t: string) => client.send(new ConverseCommand({ modelId: "anthropic.claude-3-haiku-20240307-v1:0", messages: [{ role: "user", content: [{ text: t }] }], inferenceConfig: { maxTokens: 10 } }));\n`,
  "mistral.ts": `import { Mistral } from "@mistralai/mistralai";\nimport { CohereClientV2 } from "cohere-ai";\nconst m = new Mistral();\nconst co = new CohereClientV2();\nexport const x = () => m.chat.complete({ model: "mistral-large-latest", messages: [{ role: "user", content: "hi" }] });\nexport const y = () => co.chat({ model: "command-r-plus", messages: [{ role: "user", content: "hi" }] });\n`,
  "wrapper.ts": `import OpenAI from "openai";\nimport { PROMPTS } from "./prompts";\nconst client = new OpenAI();\nfunction callLLM(prompt: string, model = "gpt-4o-mini") {\n  return client.chat.completions.create({ model, messages: [{ role: "user", content: prompt }] });\n}\n// promptcost: requestsPerDay=5000 dynamicTokens=1200 feature=checkout\nexport const z = callLLM(PROMPTS.summary + JSON.stringify({ a: [1, 2, 3] }));\n/* promptcost-disable require-max-tokens */\n`,
  "prompts.ts": `export const PROMPTS = { summary: \`Summarise the text below in three bullet points.\n\` } as const;\nexport default PROMPTS;\n`,
};

const SEED_EXTRAS: Record<string, string> = {
  "prompts/policy.md": "# Support policy\n\n" + "Be kind, be brief, cite the knowledge base. ".repeat(60),
  "package.json": `{ "name": "fuzz", "type": "module" }`,
  "tsconfig.json": `{ "compilerOptions": { "baseUrl": ".", "paths": { "@p/*": ["./*"] } } }`,
};

interface Corpus {
  /** Multi-file workspaces to mutate: the seeds above, the examples app, the LSP fixtures. */
  workspaces: { files: Record<string, string>; entries: string[] }[];
  /** Every source text, for splices. */
  texts: string[];
}

let corpus: Corpus | undefined;

function readTree(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const visit = (directory: string): void => {
    for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.isFile()) files[path.relative(root, full).split(path.sep).join("/")] = fs.readFileSync(full, "utf8");
    }
  };
  visit(root);
  return files;
}

const SOURCE = /\.(?:[cm]?[jt]sx?)$/;

function sourcesOf(files: Record<string, string>): string[] {
  return Object.keys(files).filter((name) => SOURCE.test(name));
}

export function loadCorpus(): Corpus {
  if (corpus) return corpus;
  const workspaces: Corpus["workspaces"] = [];
  const seedFiles = { ...SEEDS, ...SEED_EXTRAS };
  workspaces.push({ files: seedFiles, entries: sourcesOf(seedFiles) });
  for (const root of ["examples", "test/fixtures/lsp/basic", "test/fixtures/lsp/settings"]) {
    const absolute = path.join(REPO, root);
    if (!fs.existsSync(absolute)) continue;
    const files = readTree(absolute);
    workspaces.push({ files, entries: sourcesOf(files) });
  }
  const texts = workspaces.flatMap((workspace) => workspace.entries.map((entry) => workspace.files[entry]!));
  corpus = { workspaces, texts };
  return corpus;
}

/** Fragments that tend to confuse a parser or an evaluator when dropped into the middle of code. */
const TOKENS = [
  "(", ")", "{", "}", "[", "]", "`", "${", "\"", "'", "/*", "*/", "//", "\n", ";", ",", "=>", "...", "?.", "??", "<", ">", "</div>",
  "import ", "export ", "from \"./prompts\"", "require(\"openai\")", "new OpenAI()", "client.chat.completions.create(", "messages.create(",
  "generateText(", ".join(\"\\n\")", ".repeat(1e9)", "JSON.stringify(", "readFileSync(\"../../etc/passwd\", \"utf8\")", "as const", "satisfies X",
  "\u0000", "\uFFFD", "\uD800", "\u2028", "😀", "0x", "1e308", "-", "+", "!", "await ", "yield ", "async ", "class A extends A {}", "const x = x;",
];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function int(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

type Mutation = (text: string, random: () => number, texts: string[]) => string;

const MUTATIONS: Record<string, Mutation> = {
  truncate: (text, random) => text.slice(0, int(random, 0, text.length)),
  "byte-flip": (text, random) => {
    const bytes = Buffer.from(text, "utf8");
    const flips = int(random, 1, 16);
    for (let i = 0; i < flips && bytes.length > 0; i++) bytes[int(random, 0, bytes.length - 1)]! ^= 1 << int(random, 0, 7);
    return bytes.toString("latin1").length === bytes.length && random() < 0.5 ? bytes.toString("latin1") : bytes.toString("utf8");
  },
  splice: (text, random, texts) => {
    const other = pick(random, texts);
    const from = int(random, 0, other.length);
    const piece = other.slice(from, from + int(random, 1, 400));
    const at = int(random, 0, text.length);
    return text.slice(0, at) + piece + text.slice(at + (random() < 0.5 ? int(random, 0, 200) : 0));
  },
  "delete-range": (text, random) => {
    const at = int(random, 0, text.length);
    return text.slice(0, at) + text.slice(at + int(random, 1, 300));
  },
  "duplicate-range": (text, random) => {
    const at = int(random, 0, text.length);
    const piece = text.slice(at, at + int(random, 1, 500));
    return text.slice(0, at) + piece.repeat(int(random, 2, 20)) + text.slice(at);
  },
  "insert-tokens": (text, random) => {
    let result = text;
    for (let i = int(random, 1, 12); i > 0; i--) {
      const at = int(random, 0, result.length);
      result = result.slice(0, at) + pick(random, TOKENS) + result.slice(at);
    }
    return result;
  },
};

const NESTINGS: Record<string, (depth: number) => string> = {
  parens: (n) => "(".repeat(n) + '"x"' + ")".repeat(n),
  arrays: (n) => "[".repeat(n) + '"x"' + "]".repeat(n),
  objects: (n) => "{ a: ".repeat(n) + '"x"' + " }".repeat(n),
  calls: (n) => "f(".repeat(n) + '"x"' + ")".repeat(n),
  concat: (n) => Array.from({ length: n }, (_, i) => `"p${i % 10}"`).join(" + "),
  ternary: (n) => "c ? ".repeat(n) + '"x"' + ' : "y"'.repeat(n),
  templates: (n) => "`a${".repeat(n) + '"x"' + "}b`".repeat(n),
  members: (n) => "o" + ".a".repeat(n),
  arrows: (n) => "() => ".repeat(n) + '"x"',
  unary: (n) => "!-".repeat(n) + "1",
};

const OPENAI_HEAD = `import OpenAI from "openai";\nconst client = new OpenAI();\n`;

function callWith(content: string): string {
  return `client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: ${content} }] });\n`;
}

function nested(random: () => number): FuzzInput {
  const shape = pick(random, Object.keys(NESTINGS));
  const depth = pick(random, [50, 500, 2000, 5000, 20000]);
  const where = pick(random, ["const", "inline", "block", "import"]);
  const expression = NESTINGS[shape]!(depth);
  let files: Record<string, string>;
  if (where === "const") files = { "a.ts": `${OPENAI_HEAD}const p = ${expression};\n${callWith("p")}` };
  else if (where === "inline") files = { "a.ts": `${OPENAI_HEAD}${callWith(expression)}` };
  else if (where === "block") files = { "a.ts": `${OPENAI_HEAD}${"{ if (x) ".repeat(depth)}${callWith('"x"')}${"}".repeat(depth)}` };
  else files = { "deep.ts": `export const p = ${expression};\n`, "a.ts": `${OPENAI_HEAD}import { p } from "./deep";\n${callWith("p")}` };
  return { kind: `nest:${where === "block" ? "blocks" : shape}:${depth}`, files, entries: Object.keys(files) };
}

function huge(random: () => number): FuzzInput {
  const which = pick(random, ["array-100k", "line-5mb", "binary-ts", "prompt-file-3mb", "many-calls", "long-string"]);
  switch (which) {
    case "array-100k": {
      const items = Array.from({ length: 100_000 }, (_, i) => (i % 3 === 0 ? `"item ${i}"` : i % 3 === 1 ? String(i) : `{ role: "user", content: "m${i}" }`));
      return { kind: "huge:array-100k", files: { "a.ts": `${OPENAI_HEAD}const items = [${items.join(", ")}];\n${callWith("items.join(\" \")")}client.chat.completions.create({ model: "gpt-4o", messages: items });\n` }, entries: ["a.ts"] };
    }
    case "line-5mb": {
      const body = `const s${0} = "${"lorem ipsum ".repeat(5 * 1024 * 1024 / 12)}";`;
      return { kind: "huge:line-5mb", files: { "a.ts": `${OPENAI_HEAD}${body} ${callWith("s0")}`.replace(/\n/g, " ") }, entries: ["a.ts"] };
    }
    case "binary-ts": {
      const random2 = prng(int(random, 0, 2 ** 31));
      const bytes = Buffer.alloc(int(random, 1, 200_000));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random2() * 256);
      return { kind: "huge:binary-ts", files: { "a.ts": bytes.toString("latin1"), "b.ts": "create(" + bytes.toString("utf8") } , entries: ["a.ts", "b.ts"] };
    }
    case "prompt-file-3mb":
      return {
        kind: "huge:prompt-file",
        files: {
          "package.json": "{}",
          "prompts/big.md": "All work and no play makes Jack a dull boy. ".repeat(70_000),
          "a.ts": `${OPENAI_HEAD}import { readFileSync } from "node:fs";\nconst big = readFileSync("prompts/big.md", "utf8");\n${callWith("big + big")}`,
        },
        entries: ["a.ts"],
      };
    case "many-calls": {
      const lines = Array.from({ length: 1000 }, (_, i) => `export const c${i} = () => ${callWith(`"prompt ${i} " + q${i % 7}`).trim()}`);
      return { kind: "huge:many-calls", files: { "a.ts": `${OPENAI_HEAD}declare const ${Array.from({ length: 7 }, (_, i) => `q${i}: string`).join(", ")};\n${lines.join("\n")}\n` }, entries: ["a.ts"] };
    }
    default:
      return { kind: "huge:long-string", files: { "a.ts": `${OPENAI_HEAD}const p = "${"word ".repeat(400_000)}";\n${callWith("p + p + p")}` }, entries: ["a.ts"] };
  }
}

function cycles(random: () => number): FuzzInput {
  const which = pick(random, ["import-cycle", "const-cycle", "self-reference", "reexport-cycle", "class-cycle", "function-recursion"]);
  const files = ((): Record<string, string> => {
    switch (which) {
      case "import-cycle":
        return {
          "a.ts": `${OPENAI_HEAD}import { B } from "./b";\nexport const A = "a" + B;\n${callWith("A")}`,
          "b.ts": `import { C } from "./c";\nexport const B = "b" + C;\n`,
          "c.ts": `import { A } from "./a";\nexport const C = "c" + A;\n`,
        };
      case "const-cycle":
        return { "a.ts": `${OPENAI_HEAD}const x = y + "1";\nconst y = z + "2";\nconst z = x + "3";\n${callWith("x")}` };
      case "self-reference":
        return { "a.ts": `${OPENAI_HEAD}const p = p + "x";\nlet q = "a"; q += q; q = q + q;\nconst o = { a: o, b: () => o.a };\n${callWith("p + q + o.a.a.a")}` };
      case "reexport-cycle":
        return { "a.ts": `export * from "./b";\nexport { X as Y } from "./b";\n`, "b.ts": `export * from "./a";\nexport { Y as X } from "./a";\n`, "c.ts": `${OPENAI_HEAD}import { X, Y } from "./a";\n${callWith("X + Y")}` };
      case "class-cycle":
        return { "a.ts": `${OPENAI_HEAD}class A extends B { p = this.q; q = this.p; }\nclass B extends A {}\nconst a = new A();\n${callWith("a.p")}` };
      default:
        return { "a.ts": `${OPENAI_HEAD}function f(n: number): string { return f(n) + g(n); }\nfunction g(n: number): string { return f(n); }\nconst build = (s: string): string => build(s + s);\n${callWith("f(1) + build('x')")}` };
    }
  })();
  return { kind: `cycle:${which}`, files, entries: sourcesOf(files) };
}

function mutated(random: () => number): FuzzInput {
  const { workspaces, texts } = loadCorpus();
  const workspace = pick(random, workspaces);
  const files = { ...workspace.files };
  const target = pick(random, workspace.entries);
  const names = Object.keys(MUTATIONS);
  const applied: string[] = [];
  let text = files[target]!;
  for (let i = random() < 0.7 ? 1 : int(random, 2, 5); i > 0; i--) {
    const name = pick(random, names);
    applied.push(name);
    text = MUTATIONS[name]!(text, random, texts);
  }
  files[target] = text;
  return { kind: `mutate:${applied.length === 1 ? applied[0] : "multi"}`, files, entries: workspace.entries };
}

/** Input `index` of run `seed`. Mostly mutations of real code; structural extremes at a steady rate. */
export function generateInput(seed: number, index: number): FuzzInput {
  const random = prng(seedOf(seed, index));
  const roll = random();
  if (roll < 0.8) return mutated(random);
  if (roll < 0.9) return cycles(random);
  if (roll < 0.97) return nested(random);
  return huge(random);
}
