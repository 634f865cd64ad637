// Runs the extension tests inside VS Code (@vscode/test-electron): the minimum supported version from
// package.json `engines.vscode` and the latest stable, as rust-analyzer does. Needs a display and the network
// (to download VS Code), so it does not run in CI here; the same assertions run over stdio in test/lsp/.
//
//   node esbuild.mjs && node --import tsx test/vscode/run.ts [--version 1.100.0|stable]
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { runTests } from "@vscode/test-electron";
import * as esbuild from "esbuild";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { engines: { vscode: string } };
const MINIMUM = manifest.engines.vscode.replace(/^\^/, "");

const { values } = parseArgs({ options: { version: { type: "string", multiple: true } } });
const versions = values.version ?? [MINIMUM, "stable"];

// The extension host loads tests with require(): bundle the suite to one CommonJS file, vscode left external.
const outDirectory = path.join(REPO_ROOT, ".cache", "vscode-tests");
await esbuild.build({
  entryPoints: [path.join(REPO_ROOT, "test", "vscode", "suite", "index.ts")],
  outfile: path.join(outDirectory, "suite.cjs"),
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  external: ["vscode"],
  logLevel: "warning",
});

let failed = false;
for (const version of versions) {
  // A fresh copy of the fixture workspace per run: the tests edit files in it.
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-vscode-"));
  fs.cpSync(path.join(REPO_ROOT, "test", "fixtures", "lsp", "basic"), workspace, { recursive: true });
  console.log(`VS Code ${version}: ${workspace}`);
  try {
    await runTests({
      version,
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: path.join(outDirectory, "suite.cjs"),
      launchArgs: [workspace, "--disable-extensions", "--skip-welcome", "--skip-release-notes"],
      extensionTestsEnv: { PROMPTCOST_TEST_WORKSPACE: workspace },
    });
  } catch (error) {
    console.error(`VS Code ${version}: ${(error as Error).message}`);
    failed = true;
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}
process.exitCode = failed ? 1 : 0;
