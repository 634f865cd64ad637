// A synthetic TypeScript workspace for the --lint throughput benchmark: 2,000 files, about 250,000 lines,
// of which 1% (20 files) call the OpenAI or Anthropic SDK with prompts imported from other files. The rest
// is ordinary application code: services, models, utilities, with imports between files. Deterministic:
// the same --seed gives byte-identical files.
//
// Written outside the repository (its .gitignore would hide it from the walk).
//
//   node --import tsx bench/throughput/generate.ts [--out DIR] [--files 2000] [--lines 125] [--seed 7]
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { prng } from "../../test/fuzz/inputs.ts";

const { values } = parseArgs({
  options: { out: { type: "string", default: "/tmp/promptcost-bench/synthetic" }, files: { type: "string", default: "2000" }, lines: { type: "string", default: "125" }, seed: { type: "string", default: "7" } },
});

const random = prng(Number(values.seed));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const NOUNS = ["order", "invoice", "customer", "ticket", "product", "shipment", "payment", "account", "session", "report"];
const VERBS = ["load", "save", "validate", "format", "merge", "sync", "render", "score", "archive", "notify"];

function moduleName(index: number): string {
  return `${NOUNS[index % NOUNS.length]}-${Math.floor(index / NOUNS.length)}`;
}

/** An ordinary module of about `lines` lines: an interface, a class with methods, helpers. */
function plainModule(index: number, lines: number): string {
  const noun = NOUNS[index % NOUNS.length]!;
  const type = noun[0]!.toUpperCase() + noun.slice(1) + index;
  const out: string[] = [];
  const imports = index > 0 ? [Math.floor(random() * index), Math.floor(random() * index)] : [];
  for (const target of new Set(imports)) out.push(`import { helper${target} } from "./${moduleName(target)}";`);
  out.push("", `export interface ${type} {`, "  id: string;", "  createdAt: Date;", "  tags: string[];", "  amount: number;", "}", "");
  out.push(`export function helper${index}(value: number): number {`, `  return Math.round(value * ${(random() * 10).toFixed(3)}) + ${index};`, "}", "");
  out.push(`export class ${type}Service {`, `  private readonly cache = new Map<string, ${type}>();`, "");
  while (out.length < lines - 3) {
    const verb = pick(VERBS);
    const name = `${verb}${out.length}`;
    out.push(
      `  async ${name}(item: ${type}, options: { force?: boolean; limit?: number } = {}): Promise<${type} | undefined> {`,
      `    if (!options.force && this.cache.has(item.id)) return this.cache.get(item.id);`,
      `    const score = item.tags.filter((tag) => tag.startsWith("${verb}")).length * ${Math.floor(random() * 100)};`,
      `    const next = { ...item, amount: item.amount + score, tags: [...item.tags, \`${verb}:\${score}\`] };`,
      `    for (let attempt = 0; attempt < (options.limit ?? 3); attempt++) {`,
      `      if (next.amount > ${Math.floor(random() * 1000)}) break;`,
      "      next.amount += attempt;",
      "    }",
      "    this.cache.set(item.id, next);",
      "    return next;",
      "  }",
      "",
    );
  }
  out.push("}", "");
  return out.join("\n");
}

/** A prompt module imported by a calling file. */
function promptModule(index: number): string {
  const topic = pick(NOUNS);
  return `export const SYSTEM_${index} = \`You are the ${topic} assistant of Acme. Answer in two sentences, cite the ${topic} id, and never invent figures. ${"Follow the house style guide. ".repeat(20)}\`;\n`;
}

/** A module that calls an LLM SDK, its system prompt imported from a prompt module. */
function callingModule(index: number, lines: number): string {
  const plain = plainModule(index, Math.max(20, lines - 30));
  const anthropic = Math.floor(index / 100) % 2 === 0;
  const call = anthropic
    ? [
        `import Anthropic from "@anthropic-ai/sdk";`,
        `import { SYSTEM_${index} } from "./prompts/prompt-${index}";`,
        "const anthropic = new Anthropic();",
        `export async function ask${index}(question: string) {`,
        "  return anthropic.messages.create({",
        `    model: "claude-sonnet-4-5",`,
        "    max_tokens: 400,",
        `    system: SYSTEM_${index},`,
        `    messages: [{ role: "user", content: question }],`,
        "  });",
        "}",
      ]
    : [
        `import OpenAI from "openai";`,
        `import { SYSTEM_${index} } from "./prompts/prompt-${index}";`,
        "const openai = new OpenAI();",
        `export async function ask${index}(question: string) {`,
        "  return openai.chat.completions.create({",
        `    model: "gpt-4.1-mini",`,
        `    messages: [{ role: "system", content: SYSTEM_${index} }, { role: "user", content: question }],`,
        "  });",
        "}",
      ];
  return [...call, "", plain].join("\n");
}

const out = path.resolve(values.out);
const fileCount = Number(values.files);
const lines = Number(values.lines);
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(path.join(out, "src", "prompts"), { recursive: true });
fs.writeFileSync(path.join(out, "package.json"), JSON.stringify({ name: "synthetic", private: true }, null, 2) + "\n");
let totalLines = 0;
let calling = 0;
for (let index = 0; index < fileCount; index++) {
  // 1% of files call an LLM: every 100th, so they are spread through the tree.
  const callsLlm = index % 100 === 50;
  const text = callsLlm ? callingModule(index, lines) : plainModule(index, lines);
  if (callsLlm) {
    calling++;
    fs.writeFileSync(path.join(out, "src", "prompts", `prompt-${index}.ts`), promptModule(index));
  }
  totalLines += text.split("\n").length;
  fs.writeFileSync(path.join(out, "src", `${moduleName(index)}.ts`), text);
}
console.log(JSON.stringify({ out, files: fileCount, callingFiles: calling, promptFiles: calling, lines: totalLines }));
