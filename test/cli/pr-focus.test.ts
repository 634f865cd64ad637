// A pull request's view: --changed-since REF keeps the findings and calls on changed lines (totals whole),
// --baseline git:REF compares with the code at a ref, and with any baseline what is new comes first.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { git } from "./github-stand-in.ts";
import { REPO_ROOT, runCli } from "./run-cli.ts";

interface Report {
  calls: { file: string; line: number; baselineState?: string }[];
  findings: { file: string; line: number; rule: string; baselineState?: string }[];
  summary: { calls: number; warnings: number; monthlyUsd: number };
  comparison?: { baseline: string; added: { file: string; line: number }[] };
  changedSince?: string;
}


const UNCAPPED = `\nexport async function apologise(order: string) {\n  return llm.chat.completions.create({ model: "acme-large", messages: [{ role: "user", content: \`Write an apology for the late order \${order}.\` }] });\n}\n`;

describe("--changed-since and --baseline git:REF", () => {
  const temporary = fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-pr-"));
  const repo = path.join(temporary, "repo");
  after(() => fs.rmSync(temporary, { recursive: true, force: true }));
  let whole: Report;

  before(() => {
    fs.cpSync(path.join(REPO_ROOT, "test/fixtures/ci/project"), repo, { recursive: true });
    git(repo, "init", "-q", "-b", "main");
    git(repo, "add", ".");
    git(repo, "commit", "-q", "-m", "base");
    whole = JSON.parse(runCli(["--lint", ".", "--format", "json"], { cwd: repo }).stdout) as Report;
    git(repo, "checkout", "-q", "-b", "feature");
    // Committed: a new uncapped call beside an old one. Not committed: a new file.
    fs.appendFileSync(path.join(repo, "src/chat.ts"), UNCAPPED);
    git(repo, "commit", "-q", "-am", "apologies");
    fs.writeFileSync(path.join(repo, "src/refund.ts"), `import { llm } from "./client";\nexport const refund = () => llm.chat.completions.create({ model: "acme-small", max_completion_tokens: 50, messages: [{ role: "user", content: "Refund" }] });\n`);
  });

  it("--changed-since keeps the calls and findings on changed lines and new files; the cost totals stay whole", () => {
    const result = runCli(["--lint", ".", "--format", "json", "--changed-since", "main"], { cwd: repo });
    assert.equal(result.stderr, "");
    const report = JSON.parse(result.stdout) as Report;
    assert.equal(report.changedSince, "main");
    assert.deepEqual(report.calls.map((call) => `${call.file}:${call.line}`), ["src/chat.ts:18", "src/refund.ts:2"]);
    assert.deepEqual(report.findings.map((finding) => `${finding.file}:${finding.line} ${finding.rule}`), ["src/chat.ts:18 require-max-tokens"]);
    assert.equal(report.summary.warnings, 1);
    assert.equal(report.summary.calls, whole.summary.calls + 2);
    assert.ok(report.summary.monthlyUsd > whole.summary.monthlyUsd);
  });

  it("--changed-since in stylish says what is shown and that the totals are whole", () => {
    const result = runCli(["--lint", ".", "--changed-since", "main", "--no-color"], { cwd: repo });
    assert.match(result.stdout, new RegExp(`Calls and findings on lines changed since main: 2 of ${whole.summary.calls + 2} calls shown; the totals are for all of them\\.`));
  });

  it("--baseline git:REF compares with the ref analysed in a worktree that is removed after, the new finding first", () => {
    const result = runCli(["--lint", ".", "--format", "json", "--baseline", "git:main", "--drift", "1000"], { cwd: repo });
    assert.equal(result.stderr, "");
    const report = JSON.parse(result.stdout) as Report;
    assert.match(report.comparison!.baseline, /^git:main \([0-9a-f]{7}\)$/);
    assert.deepEqual(report.comparison!.added.map((call) => `${call.file}:${call.line}`), ["src/chat.ts:18", "src/refund.ts:2"]);
    assert.deepEqual(report.calls.slice(0, 2).map((call) => `${call.file}:${call.line} ${call.baselineState}`), ["src/chat.ts:18 new", "src/refund.ts:2 new"]);
    assert.deepEqual(report.findings.map((finding) => finding.baselineState).slice(0, 2), ["new", "unchanged"]);
    assert.equal(`${report.findings[0]!.file}:${report.findings[0]!.line}`, "src/chat.ts:18");
    assert.equal(git(repo, "worktree", "list").split("\n").length, 1);
  });

  it("from a subdirectory, paths stay relative to it on both sides", () => {
    const result = runCli(["--lint", ".", "--format", "json", "--baseline", "git:main"], { cwd: path.join(repo, "src") });
    const report = JSON.parse(result.stdout) as Report;
    assert.deepEqual(report.comparison!.added.map((call) => `${call.file}:${call.line}`), ["chat.ts:18", "refund.ts:2"]);
  });

  it("a ref that names no commit, or a directory outside git, is one sentence and exit code 2", () => {
    for (const [args, cwd, message] of [
      [["--changed-since", "nope"], repo, /^promptcost: --changed-since: "nope" names no commit in this repository/],
      [["--baseline", "git:nope"], repo, /^promptcost: --baseline git:nope: "nope" names no commit in this repository/],
      [["--changed-since", "main"], temporary, /^promptcost: --changed-since needs a git repository, and .* is not inside one/],
    ] as const) {
      const result = runCli(["--lint", ".", ...args], { cwd });
      assert.equal(result.status, 2, result.stderr);
      assert.match(result.stderr, message);
      assert.equal(result.stderr.trim().split("\n").length, 1, result.stderr);
    }
  });
});
