// The server analyses an open document call by call, each call with derived state of its own so that its
// record of what it read of the document is complete (server/src/lsp/call-reuse.ts). Mutation events of
// declarations in other files read nothing of the document: they are shared between the calls (and kept
// across analyses), while those of the document's own declarations stay each call's own.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { MUTATION_EVENTS, mutationContainer } from "../../server/src/core/resolve/mutations.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import { ts } from "../../server/src/core/ts.ts";
import type { Workspace } from "../../server/src/core/workspace/workspace.ts";
import { WorkspaceIndex } from "../../server/src/lsp/workspace-index.ts";
import { prices } from "../helpers/memory-workspace.ts";

const scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-apart-map-")));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));
const inputs = { settings: DEFAULT_SETTINGS, prices: prices() };

const FILES: Record<string, string> = {
  "package.json": `{ "name": "app", "dependencies": { "openai": "^4.0.0" } }`,
  "llm.ts": `import OpenAI from "openai";
const client = new OpenAI();
export async function ask(question: string) {
  const messages = [{ role: "system" as const, content: "You answer questions about invoices." }];
  messages.push({ role: "user" as const, content: question });
  return client.chat.completions.create({ model: "gpt-4o", messages });
}
`,
  "prompts.ts": `export function invoicePrompt(invoice: string): string {
  const lines = ["Summarise this invoice in three lines."];
  lines.push(invoice);
  return lines.join("\\n");
}
`,
  "doc.ts": `import { ask } from "./llm";
import { invoicePrompt } from "./prompts";
export async function run(invoice: string) {
  const parts = ["Check this invoice:"];
  parts.push(invoice);
  await ask(parts.join(" "));
  await ask(invoicePrompt(invoice));
  await ask("What is the total?");
}
`,
};

function declarationNamed(sourceFile: ts.SourceFile, name: string): ts.VariableDeclaration {
  let found: ts.VariableDeclaration | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name) found = node;
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  assert.ok(found, `no declaration of ${name}`);
  return found;
}

describe("mutation events while an open document is analysed call by call", () => {
  const root = path.join(scratch, "app");
  for (const [file, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  const document = path.join(root, "doc.ts");
  const index = new WorkspaceIndex([root]);
  index.setOverlay(document, FILES["doc.ts"]!, 1);
  const analysis = index.analyze(document, inputs);
  const workspace = (index as unknown as { workspace: Workspace }).workspace;
  const shared = workspace.memo(MUTATION_EVENTS, () => new WeakMap<ts.Node, unknown>());

  it("analyses both calls, with the pushed messages of both files", () => {
    const cold = new WorkspaceIndex([root]);
    cold.setOverlay(document, FILES["doc.ts"]!, 1);
    assert.equal(analysis.calls.length, 3);
    assert.equal(JSON.stringify(analysis), JSON.stringify(cold.analyze(document, inputs, cold.newEvaluator())));
  });

  it("shares the events of a declaration in another file, first read by a call", () => {
    // prompts.ts defines no wrapper: only the call passing invoicePrompt(...) reads it.
    const prompts = workspace.getParsedFile(path.join(root, "prompts.ts"))!;
    assert.ok(shared.get(mutationContainer(declarationNamed(prompts.sourceFile, "lines"))), "the events of prompts.ts's `lines` were kept apart");
  });

  it("keeps the events of the open document's own declarations apart", () => {
    const own = workspace.getParsedFile(document)!;
    assert.equal(shared.get(mutationContainer(declarationNamed(own.sourceFile, "parts"))), undefined);
  });
});
