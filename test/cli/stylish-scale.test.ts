// Stylish on a large repository: the costliest 20 calls and "N more" (all with --verbose), counts per rule,
// lines fitted to the width (80 when not a terminal; 72 at the least), thousands separators, singular and plural; the
// Markdown and GitHub summaries agree with it.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import type { JsonReport } from "../../server/src/core/report.ts";
import { formatStylish } from "../../server/src/cli/reporters/stylish.ts";
import { runCli, writeProject } from "./run-cli.ts";

const temporary = fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-scale-"));
after(() => fs.rmSync(temporary, { recursive: true, force: true }));

/** 1,002 calls in two files: odd ones capped (each cap a little higher, so each costs more), even ones uncapped. */
function largeProject(): string {
  const files: Record<string, string> = {};
  for (let file = 0; file < 2; file++) {
    let text = `import OpenAI from "openai";\nconst client = new OpenAI();\n`;
    for (let index = 0; index < 501; index++) {
      const n = file * 501 + index;
      text +=
        n % 2
          ? `client.chat.completions.create({ model: "gpt-4o", max_tokens: ${10 + n}, messages: [{ role: "user", content: "hi ${n}" }] });\n`
          : `client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi ${n}" }] });\n`;
    }
    files[`src/module-${file}.ts`] = text;
  }
  return writeProject(path.join(temporary, "large"), files);
}

/** The rows of the call table, on one line or (too wide for it) with the figures on the next: `path:line` and the monthly figure. */
function callRows(stdout: string): { call: string; monthly: number }[] {
  return [...stdout.matchAll(/^  (src\/\S+:\d+)[^\n]*(?:\n {4}[^\n]*)? \$([\d,.]+)$/gm)].map((match) => ({ call: match[1]!, monthly: Number(match[2]!.replace(/,/g, "")) }));
}

describe("stylish at scale", () => {
  let root = "";
  let stdout = "";
  before(() => {
    root = largeProject();
    const result = runCli(["--lint", "."], { cwd: root });
    assert.equal(result.stderr, "");
    stdout = result.stdout;
  });

  it("lists the 20 costliest calls, dearest first, then says how many more and what they cost", () => {
    const rows = callRows(stdout);
    assert.equal(rows.length, 20);
    assert.deepEqual(rows.map((row) => row.monthly), [...rows.map((row) => row.monthly)].sort((a, b) => b - a));
    assert.equal(rows[0]!.call, "src/module-1.ts:503");
    assert.match(stdout, /^  … 982 more calls: \$[\d,]+\/month \(--verbose lists them\)$/m);
    assert.match(stdout, /^Total: 1,002 calls in 2 files, \$[\d,]+\/month$/m);
  });

  it("--verbose lists every call", () => {
    const verbose = runCli(["--lint", ".", "--verbose"], { cwd: root }).stdout;
    assert.equal(callRows(verbose).length, 1002);
    assert.doesNotMatch(verbose, /more calls/);
  });

  it("counts the findings per rule under the problem count, with thousands separators", () => {
    assert.match(stdout, /^✖ 50\d problems \(0 errors, 501 warnings, \d infos\)\n  require-max-tokens    501 warnings\n  prefer-smaller-model  \d infos?\n/m);
  });

  it("keeps every line within 80 columns when the output is not a terminal, and within a terminal's width", () => {
    const longest = (text: string): number => Math.max(...text.split("\n").map((line) => line.replace(/\u001b\[[0-9;]*m/g, "").length));
    assert.ok(longest(stdout) <= 80, `a line of ${longest(stdout)} columns`);
    const report = JSON.parse(runCli(["--lint", ".", "--format", "json"], { cwd: root }).stdout) as JsonReport;
    for (const width of [72, 100, 160]) {
      const text = formatStylish(report, { color: true, quiet: false, verbose: false, width });
      assert.ok(longest(text) <= width, `width ${width}: a line of ${longest(text)} columns`);
    }
  });

  it("the Markdown and GitHub summaries count and order the calls the same way", () => {
    const markdown = runCli(["--lint", ".", "--format", "markdown"], { cwd: root }).stdout;
    assert.match(markdown, /^#### Most expensive calls \(top 20 of 1,002\)$/m);
    assert.match(markdown, /\n\| `src\/module-1\.ts:503` \| gpt-4o \|/);
    assert.match(markdown, /1,002 LLM API calls in 2 files/);
    const github = runCli(["--lint", ".", "--format", "github"], { cwd: root }).stdout;
    assert.match(github, /::1,002 LLM API calls in 2 files: \$[\d,]+\/month\. 0 errors, 501 warnings, \d infos?\.$/m);
  });

  it("says 1 problem, 1 warning, 1 call and 1 file in the singular", () => {
    const small = writeProject(path.join(temporary, "small"), { "a.ts": `import OpenAI from "openai";\nnew OpenAI().chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] });\n` });
    const result = runCli(["--lint", ".", "--max-warnings", "0"], { cwd: small });
    assert.match(result.stdout, /^✖ 1 problem \(0 errors, 1 warning, 0 infos\)\n  require-max-tokens  1 warning\n/m);
    assert.match(result.stdout, /^Total: 1 call in 1 file, /m);
    assert.equal(result.stderr, "promptcost: 1 warning, more than --max-warnings 0\n");
  });
});

describe("a total with nothing priced", () => {
  it("reads 'cost unknown' in stylish, Markdown and the GitHub summary, never $0; a priced twin still shows its dollars", () => {
    const unpriced = writeProject(path.join(temporary, "unpriced"), {
      "src/ask.ts": `import OpenAI from "openai";\nconst client = new OpenAI();\nexport const ask = (q: string) => client.chat.completions.create({ model: "acme-inhouse-large", messages: [{ role: "user", content: q }] });\n`,
    });
    const stylish = runCli(["--lint", "."], { cwd: unpriced }).stdout;
    assert.match(stylish, /^Total: 1 call in 1 file, cost unknown, 1 unpriced$/m);
    const markdown = runCli(["--lint", ".", "--format", "markdown"], { cwd: unpriced }).stdout;
    assert.match(markdown, /^### Prompt Cost: cost unknown$/m);
    const github = runCli(["--lint", ".", "--format", "github"], { cwd: unpriced }).stdout;
    assert.match(github, /1 LLM API call in 1 file: cost unknown \(1 unpriced\)/);
    assert.match(stylish.replace(/\s+/g, " "), /Total: 1 call in 1 file, cost unknown, 1 unpriced 1 unpriced call names a model the price table lacks: price it with `pricing\.overrides` or map it to a listed model with `pricing\.aliases`\. Assumed:/);
    assert.match(markdown, /^<sub>1 unpriced call names a model the price table lacks: .*<\/sub>$/m);
    const priced = writeProject(path.join(temporary, "priced"), {
      "src/ask.ts": `import OpenAI from "openai";\nconst client = new OpenAI();\nexport const ask = (q: string) => client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: q }] });\n`,
    });
    const pricedOut = runCli(["--lint", "."], { cwd: priced }).stdout;
    assert.match(pricedOut, /^Total: 1 call in 1 file, \$[\d,.]+\/month$/m);
    assert.doesNotMatch(pricedOut, /unpriced/);
  });

  it("says how to price calls whose model is chosen at run time, apart from models the table lacks", () => {
    const mixed = writeProject(path.join(temporary, "mixed"), {
      "src/ask.ts": `import OpenAI from "openai";\nconst client = new OpenAI();\nexport const ask = (q: string, model: string) => client.chat.completions.create({ model, messages: [{ role: "user", content: q }] });\nexport const other = (q: string, model: string) => client.chat.completions.create({ model, messages: [{ role: "user", content: q }] });\nexport const house = (q: string) => client.chat.completions.create({ model: "acme-inhouse-large", messages: [{ role: "user", content: q }] });\n`,
    });
    const stylish = runCli(["--lint", "."], { cwd: mixed }).stdout;
    // Lines wrap at the terminal's width; read as one line.
    const flat = (text: string) => text.replace(/\s+/g, " ");
    assert.match(flat(stylish), /Total: 3 calls in 1 file, cost unknown, 3 unpriced 2 unpriced calls choose their model at run time: name the model production uses with `"defaults": \{ "model": "ID" \}` in promptcost\.config\.json, or `\/\/ promptcost: model=ID` above a call\. 1 unpriced call names a model the price table lacks: /);
    fs.writeFileSync(path.join(mixed, "promptcost.config.json"), JSON.stringify({ defaults: { model: "gpt-4o-mini" } }));
    const named = runCli(["--lint", "."], { cwd: mixed }).stdout;
    assert.match(flat(named), /Total: 3 calls in 1 file, \$[\d,.]+\/month, 1 unpriced 1 unpriced call names a model the price table lacks/);
    assert.doesNotMatch(named, /at run time/);
  });

  it("says which calls are priced at another provider's list price, and how to price them otherwise", () => {
    const gateway = writeProject(path.join(temporary, "gateway"), {
      "src/ask.ts": `import OpenAI from "openai";\nconst client = new OpenAI({ baseURL: "https://gateway.example.com/v1" });\nexport const ask = (q: string) => client.chat.completions.create({ model: "anthropic/claude-sonnet-4.5", max_tokens: 100, messages: [{ role: "user", content: q }] });\n`,
    });
    const flat = (text: string) => text.replace(/\s+/g, " ");
    const stylish = runCli(["--lint", "."], { cwd: gateway }).stdout;
    assert.match(flat(stylish), /Total: 1 call in 1 file, \$[\d,.]+\/month 1 call is priced at another provider's list price \(a gateway's `vendor\/model` id, a model its own provider's table lacks\): set `pricing\.overrides` where the provider charges otherwise\. Assumed:/);
    const markdown = runCli(["--lint", ".", "--format", "markdown"], { cwd: gateway }).stdout;
    assert.match(markdown, /^<sub>1 call is priced at another provider's list price .*<\/sub>$/m);
  });
});
