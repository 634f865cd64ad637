import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ModuleResolver } from "../../server/src/core/workspace/module-resolver.ts";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";
import { memoryFileSystem } from "../helpers/memory-workspace.ts";

const AI_PACKAGE = {
  "packages/ai/package.json": JSON.stringify({ name: "@acme/ai", exports: { ".": { types: "./dist/index.d.ts", import: "./dist/index.js" }, "./server/*": "./src/server/*.ts" } }),
  "packages/ai/src/index.ts": `import OpenAI from "openai";\nconst client = new OpenAI();\nexport async function summarise(text: string, model = "gpt-4o-mini") {\n  return client.chat.completions.create({ model, max_tokens: 200, messages: [{ role: "user", content: "Summarise: " + text }] });\n}\n`,
  "packages/ai/src/server/embed.ts": `export const EMBEDDING_MODEL = "text-embedding-3-small";\n`,
};

/** Requests behind a helper of another package of the same monorepo, imported by its package name. */
describe("monorepo workspace packages", () => {
  it("follows a package.json workspaces import to the package's source, built output absent", () => {
    const analyses = analyzeProject({
      "package.json": JSON.stringify({ private: true, workspaces: ["packages/*", "apps/*"] }),
      ...AI_PACKAGE,
      "apps/web/package.json": JSON.stringify({ name: "web", dependencies: { "@acme/ai": "workspace:*" } }),
      "apps/web/src/route.ts": `import { summarise } from "@acme/ai";\nexport async function POST(body: string) {\n  return summarise(body, "gpt-4.1");\n}\n`,
    });
    assert.deepEqual(describeCalls(analyses), ["packages/ai/src/index.ts:4 gpt-4o-mini wrapper=summarise", "apps/web/src/route.ts:3 gpt-4.1 via=summarise wrapper=POST"]);
  });

  it("reads pnpm-workspace.yaml and an exports subpath pattern", () => {
    const files = {
      "pnpm-workspace.yaml": `packages:\n  - "apps/*"\n  - 'packages/*' # shared code\n`,
      "package.json": JSON.stringify({ name: "root", private: true }),
      ...AI_PACKAGE,
      "apps/web/src/x.ts": "",
    };
    const resolver = new ModuleResolver(memoryFileSystem(files));
    assert.equal(resolver.resolve("/project/apps/web/src/x.ts", "@acme/ai"), "/project/packages/ai/src/index.ts");
    assert.equal(resolver.resolve("/project/apps/web/src/x.ts", "@acme/ai/server/embed"), "/project/packages/ai/src/server/embed.ts");
  });

  it("follows a dependency on a directory (`\"core\": \"file:../../core\"`) to its source, with no workspaces declared", () => {
    const analyses = analyzeProject({
      "package.json": JSON.stringify({ name: "root", private: true }),
      "core/package.json": JSON.stringify({ name: "@acme/core" }),
      "core/llm/summarise.ts": AI_PACKAGE["packages/ai/src/index.ts"],
      "extensions/vscode/package.json": JSON.stringify({ name: "extension", dependencies: { core: "file:../../core", vendored: "file:vendor/vendored-1.0.0.tgz" } }),
      "extensions/vscode/src/command.ts": `import { summarise } from "core/llm/summarise";\nexport async function run(body: string) {\n  return summarise(body, "gpt-4.1");\n}\n`,
    });
    assert.deepEqual(describeCalls(analyses), ["core/llm/summarise.ts:4 gpt-4o-mini wrapper=summarise", "extensions/vscode/src/command.ts:3 gpt-4.1 via=summarise wrapper=run"]);
  });

  it("never reads an SDK's source as the project's, where its own examples depend on it by path (`\"openai\": \"file:..\"`)", () => {
    const analyses = analyzeProject({
      "package.json": JSON.stringify({ name: "openai", main: "src/index.ts" }),
      "src/index.ts": `export default class OpenAI {\n  chat = { completions: { create: (body: { model: string }) => this.post("/chat/completions", body) } };\n  post(path: string, body: unknown) { return fetch("https://api.openai.com/v1" + path, { method: "POST", body: JSON.stringify(body) }); }\n}\n`,
      "examples/package.json": JSON.stringify({ name: "examples", dependencies: { openai: "file:.." } }),
      "examples/demo.ts": `import OpenAI from "openai";\nconst client = new OpenAI();\nexport const reply = () => client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "Hello" }] });\n`,
    });
    assert.deepEqual(describeCalls(analyses).filter((call) => call.startsWith("examples/")), ["examples/demo.ts:3 gpt-4o"]);
  });

  it("takes declarations written apart (`types: ./dist/types/index.d.ts`) as built from src/index.ts, not from src/types/index.ts", () => {
    // LibreChat's librechat-data-provider: rollup with declarationDir dist/types, and a src/types/ barrel of type modules.
    const files = {
      "package.json": JSON.stringify({ private: true, workspaces: ["packages/*"] }),
      "packages/data/package.json": JSON.stringify({ name: "data-provider", main: "dist/index.js", exports: { ".": { import: "./dist/index.es.js", require: "./dist/index.js", types: "./dist/types/index.d.ts" } } }),
      "packages/data/src/index.ts": `export * from "./schemas";\nexport * from "./types";\n`,
      "packages/data/src/types/index.ts": `export type Run = { id: string };\n`,
      "packages/data/src/schemas.ts": `export const settings = { model: { default: "gpt-4o-mini" } };\n`,
      "api/x.js": "",
    };
    const resolver = new ModuleResolver(memoryFileSystem(files));
    assert.equal(resolver.resolve("/project/api/x.js", "data-provider"), "/project/packages/data/src/index.ts");
  });

  it("leaves a package that is not one of the monorepo's unresolved", () => {
    const resolver = new ModuleResolver(memoryFileSystem({ "package.json": JSON.stringify({ workspaces: ["packages/*"] }), ...AI_PACKAGE, "apps/web/src/x.ts": "" }));
    assert.equal(resolver.resolve("/project/apps/web/src/x.ts", "@acme/other"), undefined);
    assert.equal(resolver.resolve("/project/apps/web/src/x.ts", "openai"), undefined);
  });
});
