// `--cache` over a sequence of edits, as a project changes between CI runs: after each edit, the warm run's
// report is byte-identical to a run without the cache. The edits are drawn from a seeded generator (the same
// sequence every time): a model id swapped, a number changed, a comment appended, a prompt file grown, a
// file added importing a wrapper, an added file removed.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { REPO_ROOT, runCli } from "./run-cli.ts";

const STEPS = 10;
const MODELS = ["gpt-4.1", "gpt-4.1-mini", "gpt-4o", "claude-sonnet-4-5", "o3-mini"];

/** A small seeded generator (mulberry32): the same edits on every run of the test. */
function generator(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}

function filesUnder(directory: string): string[] {
  return fs.readdirSync(directory, { recursive: true, encoding: "utf8" }).filter((name) => /\.(ts|md)$/.test(name)).sort().map((name) => path.join(directory, name));
}

/** One edit of the project, of a kind drawn first and then a file it applies to; described for the failure message. */
function edit(app: string, step: number, random: (below: number) => number): string {
  const files = filesUnder(path.join(app, "src"));
  const pick = (candidates: string[]): string => candidates[random(candidates.length)]!;
  const named = (file: string): string => path.relative(app, file).split(path.sep).join("/");
  const read = (file: string): string => fs.readFileSync(file, "utf8");
  const MODEL = /"((?:gpt|claude|o\d)[\w.-]*)"/g;
  const NUMBER = /\b\d{2,5}\b/g;
  const added = files.filter((file) => path.basename(file).startsWith("extra-"));
  switch (random(6)) {
    case 0: {
      const file = pick(files.filter((candidate) => MODEL.test(read(candidate))));
      const models = [...read(file).matchAll(MODEL)].map((match) => match[1]!);
      const [from, to] = [models[random(models.length)]!, MODELS[random(MODELS.length)]!];
      fs.writeFileSync(file, read(file).replace(`"${from}"`, `"${to}"`));
      return `${named(file)}: "${from}" -> "${to}"`;
    }
    case 1: {
      const file = pick(files.filter((candidate) => !candidate.endsWith(".md") && NUMBER.test(read(candidate))));
      const numbers = [...read(file).matchAll(NUMBER)].map((match) => match[0]);
      const from = numbers[random(numbers.length)]!;
      fs.writeFileSync(file, read(file).replace(from, String(Number(from) * 2)));
      return `${named(file)}: ${from} -> ${Number(from) * 2}`;
    }
    case 2: {
      const file = pick(files.filter((candidate) => candidate.endsWith(".md")));
      fs.writeFileSync(file, read(file) + "\nEscalate refunds over $500 to the finance team before answering.".repeat(1 + random(30)));
      return `${named(file)}: grown`;
    }
    case 3:
    case 4: {
      if (added.length > 0 && random(2) === 0) {
        const removed = pick(added);
        fs.rmSync(removed);
        return `removed ${named(removed)}`;
      }
      fs.writeFileSync(path.join(app, "src", `extra-${step}.ts`), `import { complete } from "./llm/complete";\nexport const extra${step} = (text: string) => complete([{ role: "user", content: "Summarise: " + text }], "gpt-4.1-mini", 64);\n`);
      return `added src/extra-${step}.ts`;
    }
    default: {
      const file = pick(files);
      fs.writeFileSync(file, `${read(file)}\n// edited at step ${step}\n`);
      return `${named(file)}: comment appended`;
    }
  }
}

describe("--cache over a sequence of edits", () => {
  const temporary = fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-cache-sequences-"));
  after(() => fs.rmSync(temporary, { recursive: true, force: true }));

  it(`gives a fresh run's report after each of ${STEPS} edits`, () => {
    const app = path.join(temporary, "app");
    fs.cpSync(path.join(REPO_ROOT, "test/fixtures/app"), app, { recursive: true });
    const lint = (cached: boolean) => runCli(["--lint", ".", "--format", "json", ...(cached ? ["--cache", "--cache-location", path.join(temporary, "cache")] : [])], { cwd: app }).stdout;
    const random = generator(20261204);
    lint(true);
    const done: string[] = [];
    for (let step = 0; step < STEPS; step++) {
      done.push(edit(app, step, random));
      assert.equal(lint(true), lint(false), `after: ${done.join("; ")}`);
    }
  });
});
