import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { assertGolden } from "./golden.ts";
import { REPO_ROOT, runCli } from "./run-cli.ts";

const PROJECT = path.join(REPO_ROOT, "test/fixtures/ci/project");
/** Deprecations are measured from this date, so the reports read the same every day. */
const ENV = { PROMPTCOST_TODAY: "2026-09-23" };
const temporary = fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-formats-"));
after(() => fs.rmSync(temporary, { recursive: true, force: true }));

const lint = (...args: string[]) => runCli(["--lint", ".", ...args], { cwd: PROJECT, env: ENV });

let reportHeader: { tool: { version: string }; pricing: { checked: string; source: string } } | undefined;

/** The price table's date, source and the tool version change on their own schedule: not part of the goldens. */
function normalise(text: string): string {
  const report = (reportHeader ??= JSON.parse(lint("--format", "json").stdout) as typeof reportHeader)!;
  return text
    .replaceAll(JSON.stringify(report.pricing.source).slice(1, -1), "<pricing source>")
    .replaceAll(report.pricing.checked, "<checked>")
    .replaceAll(`"${report.tool.version}"`, `"<version>"`)
    .replaceAll(`promptcost ${report.tool.version}.`, "promptcost <version>.");
}

/** The SARIF Multitool's findings on a file at error and warning level, GitHub's ingestion rules included. */
function sarifProblems(file: string): string[] {
  const binary = createRequire(import.meta.url)("@microsoft/sarif-multitool") as string;
  const output = path.join(temporary, `${path.basename(file)}.validation.sarif`);
  const result = spawnSync(binary, ["validate", file, "--output", output, "--log", "ForceOverwrite", "--rule-kind", "Sarif;Gh", "--quiet"], { encoding: "utf8", timeout: 120_000 });
  assert.equal(result.status, 0, result.stderr + result.stdout);
  const validation = JSON.parse(fs.readFileSync(output, "utf8")) as { runs: { results?: { ruleId: string; level?: string; message: { arguments?: string[] } }[] }[] };
  return (validation.runs[0]?.results ?? []).filter((entry) => (entry.level ?? "warning") === "error" || (entry.level ?? "warning") === "warning").map((entry) => `${entry.ruleId}: ${entry.message.arguments?.join(" ")}`);
}

const multitoolInstalled = (() => {
  try {
    return fs.existsSync(createRequire(import.meta.url)("@microsoft/sarif-multitool") as string);
  } catch {
    return false;
  }
})();

describe("report formats on the CI fixture", () => {
  for (const [format, golden] of [
    ["stylish", "ci.stylish.txt"],
    ["json", "ci.json"],
    ["sarif", "ci.sarif"],
    ["github", "ci.github.txt"],
    ["markdown", "ci.md"],
  ] as const) {
    it(`--format ${format} matches test/cli/golden/${golden}`, () => {
      const result = lint("--format", format);
      assert.equal(result.stderr, "");
      assert.equal(result.status, 0);
      assertGolden(golden, normalise(result.stdout));
    });
  }

  for (const [format, golden] of [
    ["stylish", "ci-baseline.stylish.txt"],
    ["json", "ci-baseline.json"],
    ["sarif", "ci-baseline.sarif"],
    ["github", "ci-baseline.github.txt"],
    ["markdown", "ci-baseline.md"],
  ] as const) {
    it(`--format ${format} --baseline matches test/cli/golden/${golden}, and the drift gate fails`, () => {
      const result = lint("--format", format, "--baseline", "../baseline.json");
      assert.equal(result.status, 1);
      assert.equal(
        result.stderr,
        "promptcost: cost rose more than 20% since ../baseline.json: src/chat.ts:8 costs $0.00589 -> $0.00889 per request (+50.9%); the monthly total rose $529 -> $703 (+32.9%)\n",
      );
      assertGolden(golden, normalise(result.stdout));
    });
  }

  it("every rule that can fire on a custom-priced model fires in the fixture", () => {
    const report = JSON.parse(lint("--format", "json").stdout) as { findings: { rule: string }[] };
    assert.deepEqual([...new Set(report.findings.map((finding) => finding.rule))].sort(), ["no-deprecated-model", "no-unbatched-loop", "no-unbounded-context", "prefer-smaller-model", "require-max-tokens"]);
  });

  it("escapes workflow command data and properties as the Actions runner expects", () => {
    const lines = lint("--format", "github").stdout.trimEnd().split("\n");
    assert.ok(lines.every((line) => /^::(error|warning|notice) [^:]*::/.test(line)), lines.join("\n"));
    assert.ok(lines.some((line) => line.includes("50% less") === false && line.includes("50%25 less")), "a % in a message is escaped as %25");
    assert.ok(lines.some((line) => line.startsWith("::warning file=src/chat.ts,line=8,col=31,endColumn=37,title=promptcost require-max-tokens::")));
  });

  it("starts the Markdown with the marker a workflow finds its earlier comment by", () => {
    assert.ok(lint("--format", "markdown").stdout.startsWith("<!-- promptcost -->\n### Prompt Cost: $703/month\n"));
  });

  it("produces SARIF 2.1.0 that the SARIF Multitool validates without errors or warnings, GitHub rules included", { skip: multitoolInstalled ? false : "@microsoft/sarif-multitool is not installed for this platform" }, () => {
    for (const args of [[], ["--baseline", "../baseline.json"]]) {
      const file = path.join(temporary, `report-${args.length}.sarif`);
      lint("--format", "sarif", "--output", file, ...args);
      assert.deepEqual(sarifProblems(file), []);
    }
  });

  it("the Multitool check catches a broken SARIF file (so a pass means something)", { skip: multitoolInstalled ? false : "@microsoft/sarif-multitool is not installed for this platform" }, () => {
    const sarif = JSON.parse(lint("--format", "sarif").stdout) as { runs: { results: { locations: { physicalLocation: { region: Record<string, number> } }[] }[]; tool: { driver: { rules: { helpUri: string }[] } } }[] };
    sarif.runs[0]!.tool.driver.rules[0]!.helpUri = "not a uri";
    delete sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.region.startLine;
    const file = path.join(temporary, "broken.sarif");
    fs.writeFileSync(file, JSON.stringify(sarif));
    const problems = sarifProblems(file);
    assert.ok(problems.some((problem) => problem.startsWith("SARIF1002")));
    assert.ok(problems.some((problem) => problem.startsWith("SARIF1007")));
  });
});
