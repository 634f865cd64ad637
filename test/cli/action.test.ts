// The GitHub Action of this repository (action.yml): its run step's script on a pull request of the CI
// fixture that adds one uncapped call and grows one prompt, as the runner would run it (inputs as
// environment variables, the GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files), and its comment script against
// a stand-in for the GitHub API.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { git, githubStandIn, type IssueComment } from "./github-stand-in.ts";
import { REPO_ROOT, SERVER_BUNDLE } from "./run-cli.ts";

const ACTION = fs.readFileSync(path.join(REPO_ROOT, "action.yml"), "utf8");
const RUN_SCRIPT = path.join(REPO_ROOT, "action", "run.sh");

/** The inputs of action.yml with their defaults: enough YAML for the file as written. */
function actionInputs(): Map<string, string> {
  const block = ACTION.match(/^inputs:\n([\s\S]*?)\n\S/m)![1]!;
  const inputs = new Map<string, string>();
  let name: string | undefined;
  for (const line of block.split("\n")) {
    const input = line.match(/^  ([a-z-]+):$/);
    if (input) name = input[1]!;
    const fallback = line.match(/^    default: (.*)$/);
    if (fallback && name) inputs.set(name, fallback[1]!.replace(/^"(.*)"$/, "$1"));
  }
  return inputs;
}


function outputs(file: string): Record<string, string> {
  return Object.fromEntries(fs.readFileSync(file, "utf8").trim().split("\n").map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]));
}

describe("the GitHub Action (action.yml)", () => {
  const temporary = fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-action-"));
  after(() => fs.rmSync(temporary, { recursive: true, force: true }));
  const workspace = path.join(temporary, "repo");
  let baseSha = "";

  before(() => {
    fs.cpSync(path.join(REPO_ROOT, "test/fixtures/ci/project"), workspace, { recursive: true });
    git(workspace, "init", "-q", "-b", "main");
    git(workspace, "add", ".");
    git(workspace, "commit", "-q", "-m", "base");
    baseSha = git(workspace, "rev-parse", "HEAD");
    // The pull request: one prompt grows, and a new call without an output cap joins an uncapped one.
    const classify = path.join(workspace, "src/classify.ts");
    fs.writeFileSync(classify, fs.readFileSync(classify, "utf8").replace(`content: "Classify the message`, `content: "${"Routing follows the support handbook. ".repeat(40)}Classify the message`));
    fs.appendFileSync(
      path.join(workspace, "src/chat.ts"),
      `\nexport async function apologise(order: string) {\n  return llm.chat.completions.create({ model: "acme-large", messages: [{ role: "user", content: \`Write an apology for the late order \${order}.\` }] });\n}\n`,
    );
    git(workspace, "commit", "-q", "-am", "a longer routing prompt, and apologies");
  });

  it("maps every input the run script reads, and the script reads every input the step passes", () => {
    const read = new Set([...fs.readFileSync(RUN_SCRIPT, "utf8").matchAll(/\bINPUT_[A-Z_]+/g)].map((match) => match[0]));
    const passed = new Set([...ACTION.matchAll(/^\s+(INPUT_[A-Z_]+): \$\{\{ inputs\.([a-z-]+) \}\}$/gm)].map((match) => {
      assert.equal(match[1], `INPUT_${match[2]!.toUpperCase().replace(/-/g, "_")}`);
      assert.ok(actionInputs().has(match[2]!), `${match[2]} is not an input`);
      return match[1]!;
    }));
    assert.deepEqual([...read].filter((name) => name !== "INPUT_VERSION").sort(), [...passed].filter((name) => name !== "INPUT_VERSION").sort());
  });

  it("on the pull request: SARIF, the job summary and annotations put the new finding and the drift first, and the gate fails", () => {
    const runnerTemp = path.join(temporary, "runner-temp");
    fs.mkdirSync(runnerTemp);
    const githubOutput = path.join(temporary, "github-output");
    const stepSummary = path.join(temporary, "step-summary.md");
    const bin = path.join(temporary, "promptcost");
    fs.writeFileSync(bin, `#!/bin/sh\nexec "${process.execPath}" "${SERVER_BUNDLE}" "$@"\n`, { mode: 0o755 });
    const inputs = Object.fromEntries([...actionInputs()].map(([name, value]) => [`INPUT_${name.toUpperCase().replace(/-/g, "_")}`, name === "baseline-ref" ? baseSha : value]));
    const result = spawnSync("bash", ["--noprofile", "--norc", "-e", "-o", "pipefail", RUN_SCRIPT], {
      cwd: workspace,
      encoding: "utf8",
      timeout: 120_000,
      env: { ...inputs, PATH: process.env.PATH ?? "", HOME: temporary, PROMPTCOST_BIN: bin, PROMPTCOST_TODAY: "2026-11-22", RUNNER_TEMP: runnerTemp, GITHUB_OUTPUT: githubOutput, GITHUB_STEP_SUMMARY: stepSummary },
    });
    assert.equal(result.status, 0, result.stderr);
    const written = outputs(githubOutput);
    assert.equal(written["exit-code"], "1");
    assert.match(result.stderr, /^promptcost: cost rose more than 20% since git:/m);

    // Annotations: the failed gate, the drift over the threshold, then the new finding first of the warnings.
    const annotations = result.stdout.trim().split("\n");
    assert.match(annotations[0]!, /^::error title=promptcost drift::/);
    assert.match(annotations[1]!, /^::error file=src\/classify\.ts,line=6,title=promptcost%3A cost up::/);
    assert.match(annotations.find((line) => line.startsWith("::warning"))!, /^::warning file=src\/chat\.ts,line=18,.*title=promptcost require-max-tokens::/);

    // SARIF: the new finding is the first result, marked new; the unchanged one on the old call is not.
    const sarif = JSON.parse(fs.readFileSync(written["sarif-file"]!, "utf8")) as { runs: { results: { ruleId: string; baselineState?: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
    const results = sarif.runs[0]!.results;
    assert.equal(results[0]!.ruleId, "require-max-tokens");
    assert.equal(results[0]!.locations[0]!.physicalLocation.region.startLine, 18);
    assert.equal(results[0]!.baselineState, "new");
    assert.equal(results.find((result) => result.ruleId === "require-max-tokens" && result.locations[0]!.physicalLocation.region.startLine === 8)?.baselineState, "unchanged");

    // The job summary is the Markdown report: the drift and the new call and its finding at the top.
    const summary = fs.readFileSync(stepSummary, "utf8");
    assert.equal(summary, fs.readFileSync(written["summary-file"]!, "utf8"));
    assert.match(summary, /❌ \*\*drift\*\*/);
    const newFindings = summary.indexOf("#### New and changed findings");
    assert.ok(newFindings > 0 && newFindings < summary.indexOf("#### Most expensive calls"), "no new findings section before the cost table");
    assert.match(summary.slice(newFindings), /^- new `src\/chat\.ts:18` warning \*\*require-max-tokens\*\*/m);
  });

  it("docs/ci.md's workflow uses this action with inputs it has", () => {
    const docs = fs.readFileSync(path.join(REPO_ROOT, "docs/ci.md"), "utf8");
    const block = docs.slice(docs.indexOf("## GitHub Action\n")).match(/```yaml\n([\s\S]*?)```/)![1]!;
    assert.match(block, /^      - uses: promptcost\/promptcost@main$/m);
    const used = [...block.split("- uses: promptcost/promptcost@main")[1]!.matchAll(/^          ([a-z-]+): /gm)].map((match) => match[1]!);
    assert.ok(used.length > 0);
    for (const name of used) assert.ok(actionInputs().has(name), `docs/ci.md sets ${name}, which action.yml does not have`);
  });

  it("comments once on the pull request and updates that comment on the next run", async () => {
    const summary = path.join(temporary, "summary.md");
    fs.writeFileSync(summary, "<!-- promptcost -->\n### Prompt Cost: $1/month\n");
    const comments: IssueComment[] = [{ id: 1, body: "LGTM" }];
    const { github, context } = githubStandIn(comments);
    const comment = createRequire(import.meta.url)(path.join(REPO_ROOT, "action", "comment.cjs")) as (options: unknown) => Promise<void>;
    await comment({ github, context, file: summary });
    fs.writeFileSync(summary, "<!-- promptcost -->\n### Prompt Cost: $2/month\n");
    await comment({ github, context, file: summary });
    assert.deepEqual(comments.map((entry) => entry.body), ["LGTM", "<!-- promptcost -->\n### Prompt Cost: $2/month\n"]);
  });
});
