// Files that are not plain UTF-8 text, and paths that are not plain files: each is read as editors read
// it, skipped, or reported, and the run goes on (or, for a path given on the command line, stops with one
// line and exit code 2).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { runCli } from "./run-cli.ts";

const SOURCE = `import OpenAI from "openai";\nconst client = new OpenAI();\nclient.chat.completions.create({ model: "gpt-4o", max_tokens: 50, messages: [{ role: "user", content: "Summarise the résumé in one line" }] });\n`;

interface Report {
  calls: { file: string; inputTokens: { total: number } }[];
  findings: { file: string; rule: string; message: string }[];
}

function lint(cwd: string, args: string[] = ["."]): { status: number | null; report: Report; stderr: string } {
  const result = runCli(["--lint", ...args, "--format", "json"], { cwd });
  return { status: result.status, report: result.stdout ? (JSON.parse(result.stdout) as Report) : { calls: [], findings: [] }, stderr: result.stderr };
}

describe("bad input to the CLI", () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-bad-input-"));
    fs.mkdirSync(path.join(root, "src"));
    fs.writeFileSync(path.join(root, "src", "utf8.ts"), SOURCE);
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it("reads UTF-16 (either byte order, with its BOM) and UTF-8 with a BOM as the same text as plain UTF-8", () => {
    const directory = path.join(root, "encodings");
    fs.mkdirSync(directory);
    fs.writeFileSync(path.join(directory, "utf8.ts"), SOURCE);
    fs.writeFileSync(path.join(directory, "utf8-bom.ts"), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SOURCE, "utf8")]));
    fs.writeFileSync(path.join(directory, "utf16le.ts"), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SOURCE, "utf16le")]));
    fs.writeFileSync(path.join(directory, "utf16be.ts"), Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(SOURCE, "utf16le").swap16()]));
    const { status, report } = lint(directory);
    assert.equal(status, 0);
    const tokens = Object.fromEntries(report.calls.map((call) => [call.file, call.inputTokens.total]));
    assert.deepEqual(Object.keys(tokens).sort(), ["utf16be.ts", "utf16le.ts", "utf8-bom.ts", "utf8.ts"]);
    for (const file of ["utf8-bom.ts", "utf16le.ts", "utf16be.ts"]) assert.equal(tokens[file], tokens["utf8.ts"], file);
  });

  it("analyses a Latin-1 file with its invalid bytes replaced, as ESLint and the compiler read it", () => {
    const directory = path.join(root, "latin1");
    fs.mkdirSync(directory);
    fs.writeFileSync(path.join(directory, "latin1.ts"), Buffer.from(SOURCE, "latin1"));
    fs.writeFileSync(path.join(directory, "good.ts"), SOURCE);
    const { status, report } = lint(directory);
    assert.equal(status, 0);
    assert.deepEqual(report.calls.map((call) => call.file).sort(), ["good.ts", "latin1.ts"]);
  });

  it("skips a FIFO and a dangling symlink named *.ts inside the tree without hanging; given by name, each exits 2 with one line", () => {
    const directory = path.join(root, "special");
    fs.mkdirSync(directory);
    fs.writeFileSync(path.join(directory, "good.ts"), SOURCE);
    fs.symlinkSync(path.join(root, "does-not-exist.ts"), path.join(directory, "dangling.ts"));
    const fifo = path.join(directory, "pipe.ts");
    let hasFifo = true;
    try {
      execFileSync("mkfifo", [fifo]);
    } catch {
      hasFifo = false;
    }
    const { status, report } = lint(directory);
    assert.equal(status, 0);
    assert.deepEqual(report.calls.map((call) => call.file), ["good.ts"]);
    for (const name of ["dangling.ts", ...(hasFifo ? ["pipe.ts"] : [])]) {
      const named = runCli(["--lint", name], { cwd: directory });
      assert.equal(named.status, 2, `${name}: ${named.stderr}`);
      assert.equal(named.stderr.trim().split("\n").length, 1, named.stderr);
    }
  });

  it("reports a source file over the 8 MB limit as not analysed, with its size, and prices the others", () => {
    const directory = path.join(root, "generated");
    fs.mkdirSync(directory);
    fs.writeFileSync(path.join(directory, "good.ts"), SOURCE);
    fs.writeFileSync(path.join(directory, "bundle.ts"), `export const data = "${"x".repeat(9 * 1024 * 1024)}";\n` + SOURCE);
    const { status, report } = lint(directory);
    assert.equal(status, 0);
    assert.deepEqual(report.calls.map((call) => call.file), ["good.ts"]);
    assert.deepEqual(report.findings.filter((finding) => finding.file === "bundle.ts").map((finding) => [finding.rule, finding.message]), [
      ["parse-error", "Not analysed: 9.0 MB is over the 8 MB limit for source files."],
    ]);
  });

  it("reports a file it may not read as not analysed and still prices the others", (t) => {
    if (process.getuid?.() === 0) {
      // root reads any file whatever its mode; test/unit/work-budget.test.ts covers the same path with a
      // file system that refuses the read.
      t.skip("running as root: file modes do not deny reads");
      return;
    }
    const directory = path.join(root, "unreadable");
    fs.mkdirSync(directory);
    fs.writeFileSync(path.join(directory, "good.ts"), SOURCE);
    fs.writeFileSync(path.join(directory, "secret.ts"), SOURCE);
    fs.chmodSync(path.join(directory, "secret.ts"), 0o000);
    const { status, report } = lint(directory);
    assert.equal(status, 0);
    assert.deepEqual(report.calls.map((call) => call.file), ["good.ts"]);
    assert.match(report.findings.find((finding) => finding.file === "secret.ts")?.message ?? "", /could not be read/);
  });
});
