import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { runCli } from "./run-cli.ts";

interface Report {
  findings: { file: string; line: number; rule: string; message: string }[];
}

/** Rules whose message is about the file, not money: a syntax error, a malformed comment. */
const NOT_ABOUT_MONEY = new Set(["parse-error", "invalid-directive"]);
/** A dollar figure, a dollar range or the reason there is none. */
const DOLLAR_LEAD = /^(Up to |\+)?\$\d|^The same cost on |^Cost unknown|^The cost shown .* is only a lower bound|^Rejected on every request/;

function findingsOf(args: string[]): Report["findings"] {
  const result = runCli(["--lint", ...args, "--format", "json"]);
  return (JSON.parse(result.stdout) as Report).findings.filter((finding) => !NOT_ABOUT_MONEY.has(finding.rule));
}

describe("finding messages", () => {
  const findings = [...findingsOf(["examples"]), ...findingsOf([path.join("test", "fixtures", "ci", "project")])];

  it("covers most rules in the fixtures", () => {
    assert.ok(new Set(findings.map((finding) => finding.rule)).size >= 7, [...new Set(findings.map((finding) => finding.rule))].join(", "));
  });

  it("lead with the dollar impact (or say why there is none), then the reason", () => {
    const without = findings.filter((finding) => /\$\d/.test(finding.message) || finding.rule === "no-unknown-model").filter((finding) => !DOLLAR_LEAD.test(finding.message));
    assert.deepEqual(without.map((finding) => `${finding.rule} ${finding.file}:${finding.line}: ${finding.message}`), []);
  });

  it("are one sentence", () => {
    // A sentence ends at a full stop followed by a capital; `e.g.` and numbers such as `$0.5` do not.
    const many = findings.filter((finding) => /[.!?] +[A-Z]/.test(finding.message.replace(/`[^`]*`/g, "``")));
    assert.deepEqual(many.map((finding) => `${finding.rule}: ${finding.message}`), []);
  });
});

