import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { REPO_ROOT, runCli } from "./run-cli.ts";

const FIXTURE = path.join(REPO_ROOT, "test/fixtures/ci/project");
const ENV = { PROMPTCOST_TODAY: "2026-09-23" };
const temporary = fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-gates-"));
after(() => fs.rmSync(temporary, { recursive: true, force: true }));

/** A fresh copy of the CI fixture project to change. */
function copyOfFixture(name: string): string {
  const root = path.join(temporary, name);
  fs.cpSync(FIXTURE, root, { recursive: true });
  return root;
}

function edit(root: string, file: string, from: string, to: string): void {
  const full = path.join(root, file);
  const text = fs.readFileSync(full, "utf8");
  assert.ok(text.includes(from), `${file} does not contain ${from}`);
  fs.writeFileSync(full, text.replace(from, to));
}

const lint = (cwd: string, ...args: string[]) => runCli(["--lint", ".", ...args], { cwd, env: ENV });

interface Report {
  calls: { file: string }[];
  summary: { monthlyUsd: number };
  comparison?: { changed: unknown[]; added: unknown[]; removed: unknown[]; unchanged: number };
}

describe("--budget", () => {
  it("exits 1 with one line on stderr when the monthly total is over the budget, 0 at or under it", () => {
    const over = lint(FIXTURE, "--budget", "500");
    assert.equal(over.status, 1);
    assert.equal(over.stderr, "promptcost: projected monthly total $703 is over the budget of $500\n");
    assert.equal(lint(FIXTURE, "--budget", "$1000").status, 0);
  });

  it("exits 2 for a budget that is not a number", () => {
    const result = lint(FIXTURE, "--budget", "lots");
    assert.equal(result.status, 2);
    assert.equal(result.stderr, 'promptcost: --budget must be a non-negative number (got "lots")\n');
  });
});

describe("--baseline and --drift", () => {
  it("passes with a threshold above every rise", () => {
    assert.equal(lint(FIXTURE, "--baseline", "../baseline.json", "--drift", "60").status, 0);
  });

  it("--write-baseline writes the JSON report; comparing with it finds nothing changed, even after lines move", () => {
    const root = copyOfFixture("write-baseline");
    const written = lint(root, "--format", "json", "--write-baseline", "baseline.json");
    assert.equal(written.status, 0);
    assert.equal(fs.readFileSync(path.join(root, "baseline.json"), "utf8"), written.stdout);
    edit(root, "src/chat.ts", `import { llm } from "./client";\n`, `import { llm } from "./client";\n\n// A comment\n// that moves every call of the file down.\n`);
    const compared = lint(root, "--format", "json", "--baseline", "baseline.json");
    assert.equal(compared.status, 0, compared.stderr);
    const comparison = (JSON.parse(compared.stdout) as Report).comparison!;
    assert.deepEqual({ changed: comparison.changed.length, added: comparison.added.length, removed: comparison.removed.length, unchanged: comparison.unchanged }, { changed: 0, added: 0, removed: 0, unchanged: 5 });
  });

  it("fails when a change raises one call's cost more than 20%, and annotates that call in the diff", () => {
    const root = copyOfFixture("raise-cost");
    assert.equal(lint(root, "--format", "json", "--output", "/dev/null", "--write-baseline", "base.json").status, 0);
    edit(root, "src/classify.ts", `content: "Classify the message`, `content: "${"Our routing policy has many details. ".repeat(40)}Classify the message`);
    const result = lint(root, "--format", "github", "--baseline", "base.json");
    assert.equal(result.status, 1);
    assert.match(result.stderr, /^promptcost: cost rose more than 20% since base\.json: src\/classify\.ts:6 costs \$0\.00142 -> \$0\.00\d+ per request \(\+\d+(\.\d)?%\)\n$/);
    assert.match(result.stdout, /^::error file=src\/classify\.ts,line=6,title=promptcost%3A cost up::acme-large: \$0\.00142 -> \$0\.00\d+ per request \(\+\d+(\.\d)?%25\), \+\$[\d.,]+\/month\. Over the 20%25 drift threshold\.$/m);
  });

  it("exits 2 when --drift comes without --baseline, or the baseline is missing, not JSON or not a report", () => {
    const root = copyOfFixture("bad-baseline");
    fs.writeFileSync(path.join(root, "not-json.json"), "{ nope");
    fs.writeFileSync(path.join(root, "not-report.json"), JSON.stringify({ version: 2, calls: [] }));
    for (const [args, message] of [
      [["--drift", "10"], "promptcost: --drift needs --baseline FILE or --baseline git:REF to compare with\n"],
      [["--baseline", "missing.json"], "promptcost: cannot read baseline missing.json: no such file or directory\n"],
      [["--baseline", "not-json.json"], /^promptcost: baseline not-json\.json is not JSON: /],
      [["--baseline", "not-report.json"], "promptcost: baseline not-report.json is not a promptcost JSON report (version 1)\n"],
      [["--baseline", "../baseline.json", "--drift=-5"], 'promptcost: --drift must be a non-negative number (got "-5")\n'],
    ] as const) {
      const result = lint(root, ...args);
      assert.equal(result.status, 2, `${args.join(" ")}: ${result.stderr}`);
      if (typeof message === "string") assert.equal(result.stderr, message);
      else assert.match(result.stderr, message);
      assert.equal(result.stderr.trimEnd().split("\n").length, 1);
      assert.equal(result.stdout, "");
    }
  });

  it("reports each failed gate on its own line and exits 1", () => {
    const result = lint(FIXTURE, "--baseline", "../baseline.json", "--budget", "100", "--max-warnings", "0");
    assert.equal(result.status, 1);
    assert.deepEqual(
      result.stderr.trimEnd().split("\n").map((line) => line.split(":")[1]!.trim().split(" ").slice(0, 3).join(" ")),
      ["3 warnings, more", "projected monthly total", "cost rose more"],
    );
  });
});

describe("config file in the CLI", () => {
  it("is found walking up from a linted subdirectory, and its exclude globs apply", () => {
    const result = runCli(["--lint", "src", "--format", "json"], { cwd: FIXTURE, env: ENV });
    assert.equal(result.status, 0, result.stderr);
    const files = (JSON.parse(result.stdout) as Report).calls.map((call) => call.file);
    assert.ok(files.includes("src/jobs/legacy.ts"));
    assert.ok(!files.includes("src/chat.test.ts"));
  });

  it("--config uses the given file instead of the nearest one; a missing one exits 2", () => {
    const root = copyOfFixture("explicit-config");
    fs.writeFileSync(path.join(root, "strict.json"), fs.readFileSync(path.join(root, "promptcost.config.json"), "utf8").replace(`"rules": {`, `"rules": {\n    "require-max-tokens": "error",`));
    assert.equal(lint(root).status, 0);
    assert.equal(lint(root, "--config", "strict.json").status, 1);
    const missing = lint(root, "--config", "nope.json");
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /^promptcost: cannot read .*nope\.json\n$/);
  });

  it("exits 2 naming the bad key of a rule's options", () => {
    const root = copyOfFixture("bad-options");
    edit(root, "promptcost.config.json", `{ "maxInputTokens": 8000 }`, `{ "maxInputTokns": 8000 }`);
    const result = lint(root);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /^promptcost: .*promptcost\.config\.json: rules\.max-context-tokens\[1\]\.maxInputTokns: unknown key\n$/);
  });

  it("exits 2 for PROMPTCOST_TODAY that is not a date", () => {
    const result = runCli(["--lint", "."], { cwd: FIXTURE, env: { PROMPTCOST_TODAY: "tomorrow" } });
    assert.equal(result.status, 2);
    assert.equal(result.stderr, 'promptcost: PROMPTCOST_TODAY must be a date as YYYY-MM-DD (got "tomorrow")\n');
  });
});
