import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { runCli, writeProject } from "./run-cli.ts";

const temporary = fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-roots-"));
after(() => fs.rmSync(temporary, { recursive: true, force: true }));

const APP = `import OpenAI from "openai";\nnew OpenAI().chat.completions.create({ model: process.env.LLM_MODEL!, max_tokens: 10, messages: [{ role: "user", content: "hi" }] });\n`;

function modelLinting(name: string, files: Record<string, string>): string | null {
  const root = writeProject(path.join(temporary, name), { ".env.example": "LLM_MODEL=gpt-4.1-mini\n", "apps/web/package.json": `{ "name": "web" }`, "apps/web/src/a.ts": APP, ...files });
  const result = runCli(["--lint", "apps/web/src", "--format", "json"], { cwd: root });
  return (JSON.parse(result.stdout) as { calls: { model: string | null }[] }).calls[0]!.model;
}

describe("workspace roots without .git", () => {
  it("a package of a monorepo linted on its own reads the monorepo root (its env example), as with a .git there", () => {
    assert.equal(modelLinting("pnpm", { "pnpm-workspace.yaml": "packages:\n  - apps/*\n" }), "gpt-4.1-mini");
    assert.equal(modelLinting("npm", { "package.json": `{ "private": true, "workspaces": ["apps/*"] }` }), "gpt-4.1-mini");
  });

  it("a directory above a package that declares no workspaces stays outside it", () => {
    assert.equal(modelLinting("plain", { "package.json": `{ "name": "not-a-monorepo" }` }), null);
  });
});
