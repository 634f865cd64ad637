// The npm route as a user takes it: `npm pack` on a clean copy of the repository (what is committed, no
// dist/), the tarball installed offline into an empty project, and its `promptcost` bin run on a fixture.
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { REPO_ROOT } from "./run-cli.ts";

/** The production engine is about 1 MB (1.9 MB unminified); the TypeScript compiler is a bundle of its own. */
const MAX_ENGINE_BYTES = 2_000_000;
/** The compiler's bundle: 3.6 MB minified, 9.1 MB not. */
const MAX_COMPILER_BYTES = 5_000_000;

interface PackResult {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string; size: number }[];
}

function npm(cwd: string, args: string[]): string {
  const result = spawnSync("npm", args, { cwd, encoding: "utf8", timeout: 180_000, env: { ...process.env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" } });
  assert.equal(result.status, 0, `npm ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

describe("npm pack and install from a clean copy", () => {
  const temporary = fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-install-"));
  const clone = path.join(temporary, "clone");
  const project = path.join(temporary, "project");
  let packed: PackResult;
  after(() => fs.rmSync(temporary, { recursive: true, force: true }));

  before(() => {
    // The files git would check out (tracked, and new files not yet committed), without dist/ or any build output.
    const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: REPO_ROOT, encoding: "utf8" }).split("\0").filter(Boolean);
    for (const file of listed) {
      const source = path.join(REPO_ROOT, file);
      if (!fs.existsSync(source) || !fs.statSync(source).isFile()) continue;
      fs.mkdirSync(path.dirname(path.join(clone, file)), { recursive: true });
      fs.copyFileSync(source, path.join(clone, file));
    }
    assert.equal(fs.existsSync(path.join(clone, "dist")), false);
    // The build tools as `npm ci` would install them.
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(clone, "node_modules"), "dir");
    const output = npm(clone, ["pack", "--json", "--pack-destination", temporary]);
    packed = (JSON.parse(output) as PackResult[])[0]!;
  });

  it("builds the production bundles before packing, and ships them without source maps or sources", () => {
    const files = new Map(packed.files.map((file) => [file.path, file.size]));
    for (const bundle of ["dist/server.cjs", "dist/engine.cjs", "dist/typescript.cjs", "dist/client.cjs"]) assert.ok(files.has(bundle), `${bundle} is not in the tarball`);
    assert.ok(files.get("dist/engine.cjs")! < MAX_ENGINE_BYTES, `dist/engine.cjs is ${files.get("dist/engine.cjs")} bytes: not the minified production build`);
    assert.ok(files.get("dist/typescript.cjs")! < MAX_COMPILER_BYTES, `dist/typescript.cjs is ${files.get("dist/typescript.cjs")} bytes: not the minified production build`);
    assert.deepEqual([...files.keys()].filter((file) => file.endsWith(".map") || file.startsWith("server/src/") || file.startsWith("test/")), []);
    assert.ok(files.has("pricing/openai.json"));
    // The size recorded in README.md is the one this tarball has, to 0.1 MB.
    const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
    const recorded = readme.match(/npm tarball \| ([\d.]+) MB packed, ([\d.]+) MB unpacked/);
    assert.ok(recorded, "README.md does not record the npm tarball's size");
    assert.ok(Math.abs(Number(recorded[1]) - packed.size / 1e6) <= 0.1, `README says ${recorded[1]} MB packed, the tarball is ${(packed.size / 1e6).toFixed(2)} MB`);
    assert.ok(Math.abs(Number(recorded[2]) - packed.unpackedSize / 1e6) <= 0.1, `README says ${recorded[2]} MB unpacked, it is ${(packed.unpackedSize / 1e6).toFixed(2)} MB`);
  });

  it("installs offline into an empty project and its bin lints a fixture", () => {
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "user-project", private: true }));
    npm(project, ["install", "--offline", path.join(temporary, packed.filename)]);
    const bin = path.join(project, "node_modules", ".bin", "promptcost");
    const version = spawnSync(bin, ["--version"], { cwd: project, encoding: "utf8" });
    assert.equal(version.stdout.trim(), (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version);
    fs.cpSync(path.join(REPO_ROOT, "test/fixtures/ci/project"), path.join(project, "app"), { recursive: true });
    const lint = spawnSync(bin, ["--lint", "app", "--format", "json"], { cwd: project, encoding: "utf8", timeout: 60_000 });
    assert.equal(lint.stderr, "");
    assert.ok(lint.status === 0 || lint.status === 1, `exit code ${lint.status}`);
    const report = JSON.parse(lint.stdout) as { calls: { file: string; costUsd: { monthly: number | null } }[] };
    assert.ok(report.calls.length > 0);
    assert.ok(report.calls.every((call) => call.file.startsWith("app/")));
    assert.ok(report.calls.some((call) => (call.costUsd.monthly ?? 0) > 0));
  });

  it("passes the release workflow's `npm publish --dry-run`", () => {
    const output = npm(clone, ["publish", "--dry-run", "--offline", "--json"]);
    const published = (JSON.parse(output) as Record<string, { files: { path: string }[] }>).promptcost!;
    assert.ok(published.files.some((file) => file.path === "dist/engine.cjs"));
  });
});
