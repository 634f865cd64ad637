// The command-line habits ESLint users bring: globs and `-` as paths, --init, --print-config, --fix and
// --fix-dry-run, --explain, --ignore-pattern and --no-ignore, and every mistake answered by one plain
// sentence on stderr with exit code 2.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { REPO_ROOT, runCli, SERVER_BUNDLE, writeProject } from "./run-cli.ts";

const UNCAPPED = `import OpenAI from "openai";\nconst client = new OpenAI();\nclient.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hi" }] });\n`;
const CAPPED = `import OpenAI from "openai";\nnew OpenAI().chat.completions.create({ model: "gpt-4o", max_tokens: 10, messages: [{ role: "user", content: "hi" }] });\n`;

const temporary = fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-habits-"));
after(() => fs.rmSync(temporary, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>): string {
  return writeProject(path.join(temporary, name), files);
}

function lintedFiles(stdout: string): string[] {
  return (JSON.parse(stdout) as { calls: { file: string }[] }).calls.map((call) => call.file).sort();
}

/** One line on stderr, matching `message`, exit code 2 and nothing on stdout. */
function assertUsageError(args: string[], cwd: string, message: RegExp): void {
  const result = runCli(args, { cwd });
  assert.equal(result.status, 2, `${args.join(" ")}: ${result.stderr}`);
  assert.equal(result.stderr.split("\n").length, 2, `${args.join(" ")}: ${result.stderr}`);
  assert.match(result.stderr, message, args.join(" "));
  assert.equal(result.stdout, "");
}

describe("paths as ESLint takes them", () => {
  const root = project("paths", { "src/a.ts": CAPPED, "src/deep/b.ts": CAPPED, "src/c.tsx": CAPPED, "scripts/d.ts": CAPPED, "src/a.test.ts": CAPPED });

  it("expands a quoted glob itself, relative to the working directory", () => {
    const result = runCli(["--lint", "src/**/*.ts", "--format", "json"], { cwd: root });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(lintedFiles(result.stdout), ["src/a.test.ts", "src/a.ts", "src/deep/b.ts"]);
  });

  it("reads the paths from stdin for -", () => {
    const result = spawnSync(process.execPath, [SERVER_BUNDLE, "--lint", "-", "--format", "json"], { cwd: root, input: "src/c.tsx\n\nscripts/d.ts\n", encoding: "utf8", env: { PATH: process.env.PATH ?? "" } });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(lintedFiles(result.stdout), ["scripts/d.ts", "src/c.tsx"]);
  });

  it("lints without --lint, as `eslint src` does", () => {
    const result = runCli(["scripts", "--format", "json"], { cwd: root });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(lintedFiles(result.stdout), ["scripts/d.ts"]);
  });

  it("--ignore-pattern leaves files out; --no-ignore brings back what .gitignore and the config exclude", () => {
    fs.writeFileSync(path.join(root, ".gitignore"), "scripts/\n");
    fs.writeFileSync(path.join(root, "promptcost.config.json"), JSON.stringify({ exclude: ["**/*.test.ts"] }));
    try {
      const ignored = runCli(["--lint", ".", "--format", "json", "--ignore-pattern", "src/deep/**", "--ignore-pattern", "**/*.tsx"], { cwd: root });
      assert.deepEqual(lintedFiles(ignored.stdout), ["src/a.ts"]);
      const all = runCli(["--lint", ".", "--format", "json", "--no-ignore", "--ignore-pattern", "src/deep/**"], { cwd: root });
      assert.deepEqual(lintedFiles(all.stdout), ["scripts/d.ts", "src/a.test.ts", "src/a.ts", "src/c.tsx", "src/deep/b.ts"]);
    } finally {
      fs.rmSync(path.join(root, ".gitignore"));
      fs.rmSync(path.join(root, "promptcost.config.json"));
    }
  });
});

describe("--init, --print-config, --explain", () => {
  it("--init writes a config with $schema, and will not overwrite one", () => {
    const root = project("init", { "src/a.ts": CAPPED });
    const result = runCli(["--init"], { cwd: root });
    assert.equal(result.status, 0, result.stderr);
    const config = JSON.parse(fs.readFileSync(path.join(root, "promptcost.config.json"), "utf8")) as { $schema: string };
    // The schema the package ships, at the path an installed promptcost has it.
    assert.ok(config.$schema.startsWith("./node_modules/promptcost/"));
    assert.ok(fs.existsSync(path.join(REPO_ROOT, config.$schema.replace("./node_modules/promptcost/", ""))), config.$schema);
    assert.equal(runCli(["--lint", "."], { cwd: root }).status, 0);
    assertUsageError(["--init"], root, /^promptcost: promptcost\.config\.json already exists in .*; --init does not overwrite it\n$/);
  });

  it("--print-config FILE prints the config found for FILE and the rules after the flags", () => {
    const root = project("print-config", { "app/promptcost.config.json": JSON.stringify({ exclude: ["**/gen/**"], rules: { "require-max-tokens": "error" }, defaults: { requestsPerDay: 50 } }), "app/src/a.ts": CAPPED, "app/gen/b.ts": CAPPED });
    const result = runCli(["--print-config", "app/src/a.ts", "--rule", "no-unknown-model=off"], { cwd: root });
    assert.equal(result.status, 0, result.stderr);
    const printed = JSON.parse(result.stdout) as { configFile: string; linted: boolean; defaults: { requestsPerDay: number }; rules: Record<string, unknown> };
    assert.equal(printed.configFile, "app/promptcost.config.json");
    assert.equal(printed.linted, true);
    assert.equal(printed.defaults.requestsPerDay, 50);
    assert.equal(printed.rules["require-max-tokens"], "error");
    assert.equal(printed.rules["no-unknown-model"], "off");
    assert.equal(printed.rules["no-unbatched-loop"], "info");
    assert.equal((JSON.parse(runCli(["--print-config", "app/gen/b.ts"], { cwd: root }).stdout) as { linted: boolean }).linted, false);
  });

  it("--explain RULE prints the rule's page; an unknown rule gets the nearest name", () => {
    const result = runCli(["--explain", "require-max-tokens"], { cwd: temporary });
    assert.equal(result.status, 0);
    assert.equal(result.stdout, fs.readFileSync(path.join(REPO_ROOT, "docs/rules/require-max-tokens.md"), "utf8"));
    assertUsageError(["--explain", "require-max-token"], temporary, /^promptcost: --explain: there is no rule require-max-token; did you mean require-max-tokens\?\n$/);
  });
});

describe("--fix and --fix-dry-run", () => {
  it("--fix-dry-run prints the fix as a diff and writes nothing; --fix writes it and reports what is left", () => {
    const root = project("fix", { "src/a.ts": UNCAPPED });
    const dry = runCli(["--lint", ".", "--fix-dry-run"], { cwd: root });
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /^--- a\/src\/a\.ts\n\+\+\+ b\/src\/a\.ts\n@@ -3,1 \+3,1 @@\n-client\.chat.*\n\+client\.chat\.completions\.create\(\{ .*max_completion_tokens: \d+ \}\);\n$/);
    assert.equal(fs.readFileSync(path.join(root, "src/a.ts"), "utf8"), UNCAPPED);
    // Without --fix nothing is written either.
    runCli(["--lint", ".", "--format", "json"], { cwd: root });
    assert.equal(fs.readFileSync(path.join(root, "src/a.ts"), "utf8"), UNCAPPED);

    const fixed = runCli(["--lint", ".", "--fix", "--format", "json"], { cwd: root });
    assert.equal(fixed.status, 0, fixed.stderr);
    assert.equal(fs.readFileSync(path.join(root, "src/a.ts"), "utf8"), UNCAPPED.replace(`}] });`, `}], max_completion_tokens: ${/max_completion_tokens: (\d+)/.exec(dry.stdout)![1]} });`));
    assert.deepEqual((JSON.parse(fixed.stdout) as { findings: { rule: string }[] }).findings.filter((finding) => finding.rule === "require-max-tokens"), []);
  });

  it("leaves alone a fix that needs input (an annotation whose value the user must write)", () => {
    const source = `import OpenAI from "openai";\nconst client = new OpenAI();\nexport const ask = (model: string) => client.chat.completions.create({ model, max_tokens: 5, messages: [{ role: "user", content: "hi" }] });\n`;
    const root = project("fix-needs-input", { "src/a.ts": source });
    const report = JSON.parse(runCli(["--lint", ".", "--format", "json"], { cwd: root }).stdout) as { findings: { fix?: { needsInput?: true } }[] };
    assert.ok(report.findings.some((finding) => finding.fix?.needsInput), "the fixture no longer has a fix that needs input");
    assert.equal(runCli(["--lint", ".", "--fix-dry-run"], { cwd: root }).stdout, "");
    runCli(["--lint", ".", "--fix"], { cwd: root });
    assert.equal(fs.readFileSync(path.join(root, "src/a.ts"), "utf8"), source);
  });
});

describe("every mistake is one sentence and exit code 2", () => {
  const root = project("mistakes", { "src/a.ts": CAPPED, "notes/readme.md": "# no code", "package.json": "{}" });

  it("an unknown flag names the flag and the nearest one", () => {
    assertUsageError(["--lint", "--formt", "json"], root, /^promptcost: unknown option --formt; did you mean --format\?\n$/);
    assertUsageError(["--lint", "--frobnicate"], root, /^promptcost: unknown option --frobnicate; promptcost --help lists the options\n$/);
  });

  it("a negative number, a missing value and a value on a switch say so", () => {
    assertUsageError(["--lint", "--budget", "-5"], root, /^promptcost: --budget must be a non-negative number \(got "-5"\)\n$/);
    assertUsageError(["--lint", "--budget"], root, /^promptcost: --budget needs a value\n$/);
    assertUsageError(["--lint", "--quiet=yes"], root, /^promptcost: --quiet takes no value\n$/);
    assertUsageError(["--lint", "--fix", "--fix-dry-run"], root, /^promptcost: --fix and --fix-dry-run exclude each other/);
  });

  it("a file that is not TypeScript or JavaScript is refused by name, as a folder without any is", () => {
    assertUsageError(["--lint", "package.json"], root, /^promptcost: package\.json is not a TypeScript or JavaScript file \(\.ts, /);
    assertUsageError(["--lint", "notes"], root, /^promptcost: no TypeScript or JavaScript files matched notes\n$/);
  });

  it("a glob that matches nothing, a symlink loop and a missing path are named as given", () => {
    assertUsageError(["--lint", "lib/**/*.ts"], root, /^promptcost: no files match the glob lib\/\*\*\/\*\.ts\n$/);
    assertUsageError(["--lint", "src/**/*.tsx"], root, /^promptcost: no TypeScript or JavaScript files match the glob src\/\*\*\/\*\.tsx\n$/);
    fs.symlinkSync("loop", path.join(root, "loop"));
    assertUsageError(["--lint", "loop"], root, /^promptcost: loop is a symbolic link that points back to itself \(a loop\)\n$/);
    assertUsageError(["--lint", "nowhere"], root, /^promptcost: no such file or directory: nowhere\n$/);
  });

  it("file errors are in words, not ENOENT or EISDIR", () => {
    assertUsageError(["--lint", "src", "--output", "notes"], root, /^promptcost: cannot write notes: it is a directory\n$/);
    assertUsageError(["--lint", "src", "--baseline", "missing.json"], root, /^promptcost: cannot read baseline missing\.json: no such file or directory\n$/);
    assertUsageError(["--lint", "src", "--output", "no/such/dir/report.txt"], root, /^promptcost: cannot write no\/such\/dir\/report\.txt: no such file or directory\n$/);
    if (fs.existsSync("/dev/full")) assertUsageError(["--lint", "src", "--output", "/dev/full"], root, /^promptcost: cannot write \/dev\/full: no space left on the device\n$/);
  });
});
