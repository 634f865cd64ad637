// Boundaries: prompt files are read only inside the workspace (no ../, no absolute path outside, no symlink
// out), and directory walks neither leave the workspace through a symlink nor loop on one.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { analyzeFile } from "../../server/src/core/analyze.ts";
import { collectFiles } from "../../server/src/core/workspace/collect-files.ts";
import { Evaluator } from "../../server/src/core/resolve/evaluate.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import { Workspace } from "../../server/src/core/workspace/workspace.ts";
import { NO_PRICES } from "../helpers/memory-workspace.ts";

const SECRET = "TOP-SECRET-OUTSIDE-THE-WORKSPACE";
let base: string;
let root: string;
let outside: string;

before(() => {
  base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-boundaries-")));
  root = path.join(base, "workspace");
  outside = path.join(base, "outside");
  fs.mkdirSync(path.join(root, "src", "prompts"), { recursive: true });
  fs.mkdirSync(path.join(outside, "src"), { recursive: true });
  fs.writeFileSync(path.join(root, "package.json"), "{}");
  fs.writeFileSync(path.join(outside, "secret.md"), SECRET);
  fs.writeFileSync(path.join(outside, "src", "leak.ts"), `export const P = "${SECRET}";\nexport default "${SECRET}";\n`);
  fs.writeFileSync(path.join(root, "src", "prompts", "inside.md"), "Inside prompt text.");
  fs.symlinkSync(path.join(outside, "secret.md"), path.join(root, "src", "prompts", "linked-out.md"));
  fs.symlinkSync(path.join(root, "src", "prompts", "inside.md"), path.join(root, "src", "prompts", "linked-in.md"));
  // A loop (a directory linking to its parent) and a link to a directory outside the workspace.
  fs.symlinkSync(root, path.join(root, "src", "loop"));
  fs.symlinkSync(outside, path.join(root, "src", "outside-dir"));
  fs.writeFileSync(path.join(root, "src", "app.ts"), "export const app = 1;\n");
});

after(() => fs.rmSync(base, { recursive: true, force: true }));

function promptOf(source: string): { statics: string; dynamics: string[] } {
  const file = path.join(root, "src", "ask.ts");
  fs.writeFileSync(file, `import OpenAI from "openai";\nimport { readFileSync } from "node:fs";\nconst client = new OpenAI();\n${source}\n`);
  const workspace = new Workspace([root]);
  const analysis = analyzeFile(file, { workspace, prices: NO_PRICES, settings: DEFAULT_SETTINGS, evaluator: new Evaluator(workspace) });
  assert.equal(analysis.calls.length, 1);
  const parts = analysis.calls[0]!.call.messages.flatMap((message) => message.parts);
  return {
    statics: parts.map((part) => (part.kind === "static" ? part.text : "")).join(""),
    dynamics: parts.filter((part) => part.kind === "dynamic").map((part) => part.label),
  };
}

const call = (content: string) => `client.chat.completions.create({ model: "gpt-4o", max_tokens: 10, messages: [{ role: "user", content: ${content} }] });`;

describe("prompt files are read only inside the workspace", () => {
  it("reads a prompt file inside the workspace, directly and through a symlink that stays inside", () => {
    assert.equal(promptOf(`const p = readFileSync("src/prompts/inside.md", "utf8");\n${call("p")}`).statics, "Inside prompt text.");
    assert.equal(promptOf(`const p = readFileSync("src/prompts/linked-in.md", "utf8");\n${call("p")}`).statics, "Inside prompt text.");
  });

  for (const [name, target] of [
    ["a ../ path", "../outside/secret.md"],
    ["a deep ../../ path", "src/../../../outside/secret.md"],
    ["an absolute path outside", "OUTSIDE_ABSOLUTE"],
    ["a symlink out", "src/prompts/linked-out.md"],
    ["a path through a symlinked directory out", "src/outside-dir/secret.md"],
    ["/etc/passwd", "/etc/passwd"],
  ] as const) {
    it(`refuses ${name}: the text is never counted, the part is dynamic`, () => {
      const literal = JSON.stringify(target === "OUTSIDE_ABSOLUTE" ? path.join(outside, "secret.md") : target);
      const prompt = promptOf(`const p = readFileSync(${literal}, "utf8");\n${call("p")}`);
      assert.doesNotMatch(prompt.statics, /TOP-SECRET|root:/);
      assert.equal(prompt.dynamics.length, 1);
    });
  }

  it("Workspace.readPromptFile says why it refused", () => {
    const workspace = new Workspace([root]);
    const read = workspace.readPromptFile(path.join(root, "src", "prompts", "linked-out.md"));
    assert.equal(read.ok, false);
    assert.match(!read.ok ? read.reason : "", /outside the workspace/);
    assert.equal(workspace.readPromptFile(path.join(root, "..", "outside", "secret.md")).ok, false);
    assert.equal(workspace.readPromptFile(path.join(root, "src", "prompts", "inside.md")).ok, true);
  });

  for (const [name, statement] of [
    ["a named import", `import { P } from "../../outside/src/leak";`],
    ["a default import with the extension", `import P from "../../outside/src/leak.ts";`],
    ["a require", `const { P } = require("../../outside/src/leak");`],
    ["an import through a symlinked directory out", `import { P } from "./outside-dir/src/leak";`],
  ] as const) {
    it(`does not read a source module outside the workspace (${name}): its value is unknown`, () => {
      const prompt = promptOf(`${statement}\n${call("P")}`);
      assert.doesNotMatch(prompt.statics, /TOP-SECRET/);
      assert.equal(prompt.dynamics.length, 1);
    });
  }

  it("refuses an asset import that resolves outside the workspace", () => {
    const prompt = promptOf(`import secret from "../../outside/secret.md?raw";\n${call("secret")}`);
    assert.doesNotMatch(prompt.statics, /TOP-SECRET/);
  });
});

describe("directory walks", () => {
  it("do not follow a symlink loop or a symlinked directory out of the workspace", () => {
    const files = collectFiles([root], { baseDirectory: root });
    assert.ok(files.includes(path.join(root, "src", "app.ts")));
    assert.ok(files.every((file) => file.startsWith(root + path.sep)), `left the workspace: ${files.join(", ")}`);
    assert.ok(files.every((file) => !file.includes(`${path.sep}loop${path.sep}`) && !file.includes("outside-dir")));
    assert.equal(new Set(files).size, files.length);
  });
});
