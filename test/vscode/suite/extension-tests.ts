// The protocol tests' assertions (test/lsp/), made through VS Code's own provider commands, so the
// client's wiring (selector, middleware, commands) is covered too. Expected figures come from the CLI's
// JSON report and from pricing/*.json by hand, never from the extension under test.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { formatUsd } from "../../../server/src/core/format.ts";
import type { TestCase } from "./index.ts";

const EXTENSION_ID = "promptcost.promptcost";

interface JsonCall {
  file: string;
  line: number;
  inputTokens: { total: number; cacheablePrefix: number };
}

function workspaceRoot(): string {
  const root = process.env.PROMPTCOST_TEST_WORKSPACE ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(root, "a workspace folder is open");
  return root;
}

function extensionPath(): string {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  return extension.extensionPath;
}

/** The CLI's JSON report of the workspace, run with the extension host's Electron as Node. */
function cliCalls(): JsonCall[] {
  const server = path.join(extensionPath(), "dist", "server.cjs");
  const stdout = execFileSync(process.execPath, [server, "--lint", "--format", "json", "src"], {
    cwd: workspaceRoot(),
    encoding: "utf8",
    env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" },
  });
  return (JSON.parse(stdout) as { calls: JsonCall[] }).calls;
}

function publishedPrice(provider: string, model: string): { inputPerMTok: number; outputPerMTok: number } {
  const file = JSON.parse(fs.readFileSync(path.join(extensionPath(), "pricing", `${provider}.json`), "utf8")) as { models: { id: string; inputPerMTok: number; outputPerMTok: number }[] };
  const entry = file.models.find((candidate) => candidate.id === model);
  assert.ok(entry, `${model} is in pricing/${provider}.json`);
  return entry;
}

async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function open(relative: string): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(path.join(workspaceRoot(), relative));
  await vscode.window.showTextDocument(document);
  return document;
}

function promptcostDiagnostics(uri: vscode.Uri, rule?: string): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === "promptcost" && (rule === undefined || codeOf(diagnostic) === rule));
}

function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  return typeof code === "object" ? String(code.value) : code === undefined ? undefined : String(code);
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === "string" ? content : "value" in content ? content.value : ""))).join("\n");
}

export function extensionTests(): TestCase[] {
  return [
    {
      name: "activates on a TypeScript file and registers its commands",
      async run() {
        await open("src/chat.ts");
        await waitFor("activation", () => (vscode.extensions.getExtension(EXTENSION_ID)?.isActive ? true : undefined));
        const commands = await vscode.commands.getCommands(true);
        for (const command of ["promptcost.showReport", "promptcost.restartServer", "promptcost.toggleCodeLens"]) assert.ok(commands.includes(command), command);
      },
    },
    {
      name: "squiggles a call without an output cap: code, docs link, range, severity",
      async run() {
        const document = await open("src/chat.ts");
        const [diagnostic] = await waitFor("require-max-tokens", () => {
          const found = promptcostDiagnostics(document.uri, "require-max-tokens");
          return found.length > 0 ? found : undefined;
        });
        const text = document.getText();
        const start = text.indexOf("openai.chat.completions.create");
        const end = text.indexOf("\n  });", start) + "\n  })".length;
        assert.ok(diagnostic!.range.isEqual(new vscode.Range(document.positionAt(start), document.positionAt(end))));
        assert.equal(diagnostic!.severity, vscode.DiagnosticSeverity.Warning);
        const code = diagnostic!.code as { value: string; target: vscode.Uri };
        assert.equal(code.target.toString(), "https://github.com/promptcost/promptcost/blob/main/docs/rules/require-max-tokens.md");
      },
    },
    {
      name: "shows each call's cost in a code lens",
      async run() {
        const document = await open("src/chat.ts");
        const lenses = await waitFor("code lenses", async () => {
          const found = await vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", document.uri, 10);
          return found.length === 2 ? found : undefined;
        });
        const line = document.positionAt(document.getText().indexOf("openai.chat.completions.create")).line;
        const call = cliCalls().find((candidate) => candidate.file === "src/chat.ts" && candidate.line === line + 1);
        assert.ok(call);
        const price = publishedPrice("openai", "gpt-4.1");
        const perRequest = (call.inputTokens.total * price.inputPerMTok + 500 * price.outputPerMTok) / 1e6;
        const expected = `gpt-4.1 · ${call.inputTokens.total.toLocaleString("en-US")} in → ~500 out, no cap · ${formatUsd(perRequest)}/req · ${formatUsd(perRequest * 1000 * 30)}/mo`;
        assert.equal(lenses[0]!.command?.title, expected);
      },
    },
    {
      name: "hovers a call with the full breakdown",
      async run() {
        const document = await open("src/chat.ts");
        const position = document.positionAt(document.getText().indexOf("completions.create") + 3);
        const text = await waitFor("hover", async () => {
          const value = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>("vscode.executeHoverProvider", document.uri, position));
          return value.includes("**Input**") ? value : undefined;
        });
        const call = cliCalls().find((candidate) => candidate.file === "src/chat.ts" && candidate.line === position.line + 1);
        assert.ok(call);
        const price = publishedPrice("openai", "gpt-4.1");
        assert.ok(text.includes(`**Input** ${call.inputTokens.total.toLocaleString("en-US")} tokens`), text);
        assert.ok(text.includes(`- uncached: ${formatUsd((call.inputTokens.total * price.inputPerMTok + 500 * price.outputPerMTok) / 1e6)}`), text);
      },
    },
    {
      name: "applies the output-cap quick fix, and the squiggle goes",
      async run() {
        const document = await open("src/chat.ts");
        const [diagnostic] = await waitFor("require-max-tokens", () => {
          const found = promptcostDiagnostics(document.uri, "require-max-tokens");
          return found.length > 0 ? found : undefined;
        });
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", document.uri, diagnostic!.range, vscode.CodeActionKind.QuickFix.value);
        const fix = actions.find((action) => action.title === "Add max_completion_tokens: 1024");
        assert.ok(fix?.edit, actions.map((action) => action.title).join(", "));
        const before = document.getText();
        assert.ok(await vscode.workspace.applyEdit(fix.edit));
        assert.equal(document.getText(), before.replace('      { role: "user", content: question },\n    ],\n  });', '      { role: "user", content: question },\n    ],\n    max_completion_tokens: 1024,\n  });'));
        await waitFor("the finding to go", () => (promptcostDiagnostics(document.uri, "require-max-tokens").length === 0 ? true : undefined));
        await vscode.commands.executeCommand("workbench.action.files.revert");
      },
    },
    {
      name: "re-analyses a file when the prompt file it reads changes on disk",
      async run() {
        const document = await open("src/support.ts");
        await waitFor("prefer-cached-prefix", () => (promptcostDiagnostics(document.uri, "prefer-cached-prefix").length > 0 ? true : undefined));
        fs.writeFileSync(path.join(workspaceRoot(), "src", "prompts", "policy.md"), "Be kind.\n");
        await waitFor("prefer-cached-prefix to go", () => (promptcostDiagnostics(document.uri, "prefer-cached-prefix").length === 0 ? true : undefined));
      },
    },
    {
      name: "toggles code lenses with a command",
      async run() {
        const document = await open("src/chat.ts");
        await vscode.commands.executeCommand("promptcost.toggleCodeLens");
        try {
          assert.equal(vscode.workspace.getConfiguration("promptcost").get("codeLens.enable"), false);
          await waitFor("no lenses", async () => ((await vscode.commands.executeCommand<vscode.CodeLens[]>("vscode.executeCodeLensProvider", document.uri)).length === 0 ? true : undefined));
        } finally {
          await vscode.commands.executeCommand("promptcost.toggleCodeLens");
        }
      },
    },
    {
      name: "opens the cost dashboard",
      async run() {
        await vscode.commands.executeCommand("promptcost.showReport");
        await waitFor("the dashboard panel", () => (vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => tab.label === "Prompt Cost Dashboard")) ? true : undefined));
      },
    },
  ];
}
