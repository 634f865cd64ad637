import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { git, githubStandIn, type IssueComment } from "./github-stand-in.ts";
import { REPO_ROOT, SERVER_BUNDLE } from "./run-cli.ts";

/**
 * Runs the GitHub Actions workflow of docs/ci.md on a pull request of the CI fixture that raises a call's
 * cost: each `run:` step in bash as the runner does (promptcost on PATH as the bundle, the expressions
 * filled in), and the comment step's script against a stand-in for the GitHub API.
 */
const temporary = fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-workflow-"));
after(() => fs.rmSync(temporary, { recursive: true, force: true }));

interface Step {
  name: string;
  run?: string;
  script?: string;
  if?: string;
}

/** The steps of the YAML block of docs/ci.md "Without the action": enough YAML for the workflow as written there. */
function workflowSteps(): Step[] {
  const markdown = fs.readFileSync(path.join(REPO_ROOT, "docs/ci.md"), "utf8");
  const yaml = markdown.slice(markdown.indexOf("## Without the action")).match(/```yaml\n([\s\S]*?)```/)![1]!;
  const lines = yaml.split("\n");
  const steps: Step[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const item = line.match(/^(\s*)- (name|uses): (.*)$/);
    if (item) {
      steps.push({ name: item[2] === "name" ? item[3]! : `uses ${item[3]!}` });
      continue;
    }
    const step = steps[steps.length - 1];
    const field = line.match(/^(\s*)(run|script|if): ?(.*)$/);
    if (!step || !field) continue;
    const [, indent, key, value] = field as unknown as [string, string, "run" | "script" | "if", string];
    if (value !== "|") {
      step[key] = value;
      continue;
    }
    const block: string[] = [];
    while (index + 1 < lines.length && (lines[index + 1]!.startsWith(indent + "  ") || lines[index + 1]!.trim() === "")) block.push(lines[++index]!.slice(indent.length + 2));
    step[key] = block.join("\n").trimEnd() + "\n";
  }
  return steps;
}


describe("the GitHub Actions workflow of docs/ci.md, without the action", () => {
  const steps = workflowSteps();

  it("has the steps the issue asks for, the gate last", () => {
    assert.deepEqual(
      steps.map((step) => step.name),
      [
        "uses actions/checkout@v4",
        "uses actions/setup-node@v4",
        "Install promptcost",
        "Cost of the base branch",
        "Findings for code scanning",
        "uses github/codeql-action/upload-sarif@v3",
        "Cost summary",
        "Comment on the pull request",
        "Annotate the diff, fail on drift over 20%",
      ],
    );
  });

  it("on a change that raises a call's cost: annotates it, writes SARIF and the summary, comments once, and fails", async () => {
    const workspace = path.join(temporary, "repo");
    fs.cpSync(path.join(REPO_ROOT, "test/fixtures/ci/project"), workspace, { recursive: true });
    git(workspace, "init", "-q", "-b", "main");
    git(workspace, "add", ".");
    git(workspace, "commit", "-q", "-m", "base");
    const baseSha = git(workspace, "rev-parse", "HEAD");
    const classify = path.join(workspace, "src/classify.ts");
    fs.writeFileSync(classify, fs.readFileSync(classify, "utf8").replace(`content: "Classify the message`, `content: "${"Routing follows the support handbook. ".repeat(40)}Classify the message`));
    git(workspace, "commit", "-q", "-am", "a longer routing prompt");

    const bin = path.join(temporary, "bin");
    fs.mkdirSync(bin);
    fs.writeFileSync(path.join(bin, "promptcost"), `#!/bin/sh\nexec "${process.execPath}" "${SERVER_BUNDLE}" "$@"\n`, { mode: 0o755 });
    const runnerTemp = path.join(temporary, "runner-temp");
    fs.mkdirSync(runnerTemp);
    const stepSummary = path.join(temporary, "step-summary.md");
    const env = { PATH: `${bin}:${process.env.PATH ?? ""}`, HOME: temporary, RUNNER_TEMP: runnerTemp, GITHUB_WORKSPACE: workspace, GITHUB_STEP_SUMMARY: stepSummary };

    const results = new Map<string, { status: number | null; stdout: string; stderr: string }>();
    for (const step of steps) {
      if (!step.run || step.name === "Install promptcost") continue;
      const script = step.run.replaceAll("${{ github.event.pull_request.base.sha }}", baseSha);
      assert.doesNotMatch(script, /\$\{\{/, `${step.name} uses an expression the test does not fill in`);
      // The runner's default shell for run steps.
      const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", script], { cwd: workspace, env, encoding: "utf8", timeout: 120_000 });
      results.set(step.name, { status: result.status, stdout: result.stdout, stderr: result.stderr });
    }

    assert.equal(results.get("Cost of the base branch")!.status, 0, results.get("Cost of the base branch")!.stderr);
    assert.equal(results.get("Findings for code scanning")!.status, 0);
    const sarif = JSON.parse(fs.readFileSync(path.join(workspace, "promptcost.sarif"), "utf8")) as { version: string; runs: { results: unknown[] }[] };
    assert.equal(sarif.version, "2.1.0");
    assert.ok(sarif.runs[0]!.results.length > 0);

    assert.equal(results.get("Cost summary")!.status, 0);
    const summary = fs.readFileSync(path.join(workspace, "promptcost.md"), "utf8");
    assert.ok(summary.startsWith("<!-- promptcost -->\n"));
    assert.match(summary, /\| `src\/classify\.ts:6` \| acme-large \| \$0\.00142 → \$0\.00\d+ \| \*\*\+\d+(\.\d)?% ❌\*\* \|/);
    assert.equal(fs.readFileSync(stepSummary, "utf8"), summary);

    const gate = results.get("Annotate the diff, fail on drift over 20%")!;
    assert.equal(gate.status, 1);
    assert.match(gate.stdout, /^::error file=src\/classify\.ts,line=6,title=promptcost%3A cost up::acme-large: \$0\.00142 -> \$0\.00\d+ per request/m);
    assert.match(gate.stderr, /^promptcost: cost rose more than 20% since promptcost-base\.json: src\/classify\.ts:6 /);

    // The comment step, twice: the second run updates the first comment instead of adding one.
    const comment = steps.find((step) => step.name === "Comment on the pull request")!.script!;
    const comments: IssueComment[] = [{ id: 1, body: "LGTM" }];
    const { github, context } = githubStandIn(comments);
    const requireInWorkspace = (name: string) => (name === "fs" ? { readFileSync: (file: string, encoding: BufferEncoding) => fs.readFileSync(path.resolve(workspace, file), encoding) } : undefined);
    const run = new Function("github", "context", "require", `return (async () => {\n${comment}\n})();`) as (...args: unknown[]) => Promise<void>;
    await run(github, context, requireInWorkspace);
    await run(github, context, requireInWorkspace);
    assert.deepEqual(comments.map((entry) => entry.body.slice(0, 40)), ["LGTM", summary.slice(0, 40)]);
  });
});
