import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { runCli, SERVER_BUNDLE, writeProject } from "./run-cli.ts";

const temporary = fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-cli-"));
after(() => fs.rmSync(temporary, { recursive: true, force: true }));

/** Writes a small project into a fresh directory and returns its path. */
function project(name: string, files: Record<string, string>): string {
  return writeProject(path.join(temporary, name), files);
}

const UNCAPPED = `import OpenAI from "openai";\nnew OpenAI().chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] });\n`;
const CAPPED = `import OpenAI from "openai";\nnew OpenAI().chat.completions.create({ model: "gpt-4o", max_tokens: 10, messages: [{ role: "user", content: "hi" }] });\n`;

describe("exit codes", () => {
  it("0 when nothing is at error severity", () => {
    const root = project("clean", { "src/a.ts": CAPPED });
    const result = runCli(["--lint", "."], { cwd: root });
    assert.equal(result.status, 0, result.stderr);
  });

  it("1 when a finding is at error severity (--rule raises it)", () => {
    const root = project("error", { "src/a.ts": UNCAPPED });
    assert.equal(runCli(["--lint", "."], { cwd: root }).status, 0);
    assert.equal(runCli(["--lint", ".", "--rule", "require-max-tokens=error"], { cwd: root }).status, 1);
  });

  it("1 when warnings exceed --max-warnings, with one line on stderr", () => {
    const root = project("warnings", { "src/a.ts": UNCAPPED });
    assert.equal(runCli(["--lint", ".", "--max-warnings", "1"], { cwd: root }).status, 0);
    const result = runCli(["--lint", ".", "--max-warnings", "0"], { cwd: root });
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^promptcost: 1 warning, more than --max-warnings 0\n$/);
  });

  it("2 for an unknown flag, a bad --rule, a bad number, a missing path and no files matched", () => {
    const root = project("usage", { "src/a.ts": CAPPED, "docs/readme.md": "# no code here" });
    for (const args of [
      ["--lint", "--frobnicate"],
      ["--lint", "--rule", "no-such-rule=error"],
      ["--lint", "--rule", "require-max-tokens=loud"],
      ["--lint", "--requests-per-day", "many"],
      ["--lint", "--format", "xml"],
      ["--lint", "does-not-exist"],
      ["--lint", "docs"],
    ]) {
      const result = runCli(args, { cwd: root });
      assert.equal(result.status, 2, `${args.join(" ")}: ${result.stderr}`);
      assert.equal(result.stderr.trim().split("\n").length, 1, `${args.join(" ")} printed more than one line: ${result.stderr}`);
      assert.match(result.stderr, /^promptcost: /);
      assert.equal(result.stdout, "");
    }
  });

  it("2 for an invalid config file, naming the bad key", () => {
    const root = project("bad-config", { "src/a.ts": CAPPED, "promptcost.config.json": `{ "rules": { "require-max-tokens": "loud" }, "defaults": { "requestsPerDya": 5 } }` });
    const result = runCli(["--lint", "."], { cwd: root });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /defaults\.requestsPerDya: unknown key/);
  });

  it("2 for an override of a model the table lacks without its prices", () => {
    const root = project("bad-override", { "src/a.ts": CAPPED, "promptcost.config.json": `{ "pricing": { "overrides": { "my-llm": { "cacheReadPerMTok": 1 } } } }` });
    const result = runCli(["--lint", "."], { cwd: root });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /pricing\.overrides\.my-llm/);
    assert.ok(result.stderr.includes(path.join(root, "promptcost.config.json")), result.stderr);
  });

  it("2 for an alias to a model that is not priced anywhere, naming the file and the key", () => {
    const root = project("bad-alias", { "src/a.ts": CAPPED, "promptcost.config.json": `{ "pricing": { "aliases": { "support-*": "gpt-4o-mini-typo" } } }` });
    const result = runCli(["--lint", "."], { cwd: root });
    assert.equal(result.status, 2);
    assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
    assert.ok(result.stderr.includes(`${path.join(root, "promptcost.config.json")}: pricing.aliases.support-*: "gpt-4o-mini-typo"`), result.stderr);
  });

  it("reads a config file with comments and trailing commas (JSONC)", () => {
    const config = `{\n  // the team's traffic\n  "defaults": { "requestsPerDay": 10, },\n  /* stricter in CI */\n  "rules": { "require-max-tokens": "error", },\n}\n`;
    const root = project("jsonc-config", { "src/a.ts": UNCAPPED, "promptcost.config.json": config });
    const result = runCli(["--lint", ".", "--format", "json"], { cwd: root });
    assert.equal(result.status, 1, result.stderr);
    const report = JSON.parse(result.stdout) as { assumptions: { requestsPerDay: number }; findings: { rule: string; severity: string }[] };
    assert.equal(report.assumptions.requestsPerDay, 10);
    assert.deepEqual(report.findings.map((finding) => [finding.rule, finding.severity]), [["require-max-tokens", "error"]]);
  });

  it("--report-unused-disable-directives reports disable comments that suppressed nothing, and only then", () => {
    const source = `// promptcost-disable-next-line require-max-tokens\n${CAPPED}`;
    const root = project("unused-disable", { "src/a.ts": source });
    const plain = JSON.parse(runCli(["--lint", ".", "--format", "json", "--rule", "prefer-smaller-model=off"], { cwd: root }).stdout) as { findings: { rule: string }[] };
    assert.deepEqual(plain.findings.map((finding) => finding.rule), []);
    const result = runCli(["--lint", ".", "--format", "json", "--rule", "prefer-smaller-model=off", "--report-unused-disable-directives"], { cwd: root });
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { findings: { rule: string; line: number; message: string }[] };
    assert.deepEqual(report.findings.map((finding) => [finding.rule, finding.line, finding.message]), [
      ["invalid-directive", 1, "Unused promptcost-disable-next-line directive: no require-max-tokens problem was reported on line 2."],
    ]);
    assert.match(runCli(["--lint", "--help"]).stdout, /--report-unused-disable-directives/);
  });

  it("--help and --version exit 0", () => {
    assert.equal(runCli(["--lint", "--help"]).status, 0);
    const version = runCli(["--version"]);
    assert.equal(version.status, 0);
    assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
  });
});

describe("bad input does not stop the run", () => {
  it("reports a syntax error, survives a 5 MB generated file and an import cycle, and still prices the good file", () => {
    const generated = `export const table = [\n${'  { id: 1, name: "row" },\n'.repeat(220_000)}];\n`;
    assert.ok(generated.length > 5_000_000);
    const root = project("robust", {
      "src/good.ts": CAPPED,
      "src/broken.ts": `import OpenAI from "openai";\nconst x = (;\nnew OpenAI().chat.completions.create({});\n`,
      "src/generated/table.ts": generated,
      "src/cycle-a.ts": `import { B } from "./cycle-b";\nexport const A = "a" + B;\n`,
      "src/cycle-b.ts": `import { A } from "./cycle-a";\nexport const B = "b" + A;\n`,
      "src/uses-cycle.ts": `import OpenAI from "openai";\nimport { A } from "./cycle-a";\nnew OpenAI().chat.completions.create({ model: "gpt-4o", max_tokens: 5, messages: [{ role: "user", content: A }] });\n`,
    });
    const result = runCli(["--lint", ".", "--format", "json"], { cwd: root });
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { calls: { file: string }[]; findings: { file: string; rule: string }[]; summary: { files: number } };
    assert.equal(report.summary.files, 6);
    assert.deepEqual(report.calls.map((call) => call.file).sort(), ["src/broken.ts", "src/good.ts", "src/uses-cycle.ts"]);
    assert.deepEqual(report.findings.filter((finding) => finding.rule === "parse-error").map((finding) => finding.file), ["src/broken.ts"]);
  });

  it("skips node_modules, build output and .gitignored paths", () => {
    const root = project("ignored", {
      ".gitignore": "generated/\n",
      "src/a.ts": CAPPED,
      "node_modules/pkg/index.ts": CAPPED,
      "dist/a.js": CAPPED,
      "generated/b.ts": CAPPED,
    });
    const report = JSON.parse(runCli(["--lint", ".", "--format", "json"], { cwd: root }).stdout) as { calls: { file: string }[] };
    assert.deepEqual(report.calls.map((call) => call.file), ["src/a.ts"]);
  });

  it("writes the report to --output instead of stdout", () => {
    const root = project("output", { "src/a.ts": CAPPED });
    const result = runCli(["--lint", ".", "--format", "json", "--output", "report.json"], { cwd: root });
    assert.equal(result.status, 0);
    assert.equal(result.stdout, "");
    assert.equal((JSON.parse(fs.readFileSync(path.join(root, "report.json"), "utf8")) as { version: number }).version, 1);
  });

  it("ends quietly when the reader closes the pipe early (| head), with the lint result's exit code", () => {
    const root = project("closed-pipe", { "src/a.ts": UNCAPPED });
    // `true` exits at once, so every write of the report meets a closed pipe (EPIPE).
    const script = `"${process.execPath}" "${SERVER_BUNDLE}" "$@" | true; exit \${PIPESTATUS[0]}`;
    for (const [rule, expected] of [["require-max-tokens=warning", 0], ["require-max-tokens=error", 1]] as const) {
      const result = spawnSync("bash", ["-c", script, "promptcost", "--lint", ".", "--format", "json", "--rule", rule], { cwd: root, encoding: "utf8", timeout: 60_000 });
      assert.equal(result.stderr, "", `${rule}: ${result.stderr}`);
      assert.equal(result.status, expected, rule);
    }
  });

  it("--quiet lists errors only, in every format; --max-warnings still counts the warnings", () => {
    const unknownModel = `import OpenAI from "openai";\nnew OpenAI().chat.completions.create({ model: "my-private-model", max_tokens: 10, messages: [{ role: "user", content: "hi" }] });\n`;
    const root = project("quiet", { "src/a.ts": UNCAPPED, "src/b.ts": unknownModel });
    const args = ["--lint", ".", "--rule", "require-max-tokens=error", "--quiet"];
    const json = JSON.parse(runCli([...args, "--format", "json"], { cwd: root }).stdout) as { findings: { rule: string; severity: string }[]; summary: { errors: number; warnings: number } };
    assert.deepEqual(json.findings.map((finding) => `${finding.rule}:${finding.severity}`), ["require-max-tokens:error"]);
    assert.deepEqual([json.summary.errors, json.summary.warnings], [1, 0]);
    const sarif = JSON.parse(runCli([...args, "--format", "sarif"], { cwd: root }).stdout) as { runs: { results: { ruleId: string; level: string }[] }[] };
    assert.deepEqual(sarif.runs[0]!.results.map((result) => `${result.ruleId}:${result.level}`), ["require-max-tokens:error"]);
    const github = runCli([...args, "--format", "github"], { cwd: root }).stdout;
    assert.match(github, /::error /);
    assert.doesNotMatch(github, /no-unknown-model|::warning /);
    const markdown = runCli([...args, "--format", "markdown"], { cwd: root }).stdout;
    assert.match(markdown, /require-max-tokens/);
    assert.doesNotMatch(markdown, /no-unknown-model/);
    const gated = runCli([...args, "--format", "json", "--max-warnings", "0"], { cwd: root });
    assert.equal(gated.status, 1);
    assert.match(gated.stderr, /more than --max-warnings 0/);
  });

  it("reads nothing outside the linted project, even under the current directory", () => {
    const root = project("roots", {
      "app/package.json": "{}",
      "app/src/a.ts": `import OpenAI from "openai";\nimport { SYSTEM } from "../../shared/prompt";\nnew OpenAI().chat.completions.create({ model: "gpt-4o", max_tokens: 10, messages: [{ role: "system", content: SYSTEM }] });\n`,
      "shared/prompt.ts": `export const SYSTEM = "${"A long system prompt from a sibling directory. ".repeat(50)}";\n`,
    });
    const report = JSON.parse(runCli(["--lint", "app", "--format", "json"], { cwd: root }).stdout) as { calls: { inputTokens: { static: number; dynamic: number } }[] };
    assert.equal(report.calls.length, 1);
    assert.ok(report.calls[0]!.inputTokens.dynamic > 0, JSON.stringify(report.calls[0]!.inputTokens));
    assert.ok(report.calls[0]!.inputTokens.static < 100, JSON.stringify(report.calls[0]!.inputTokens));
  });
});
