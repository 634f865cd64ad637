// The heritage index (which project files declare a class implementing or extending a type, and which of
// those may make requests) is kept by the workspace across analyses and brought up to date for the files
// whose text changed: it must always equal the index made from scratch over the same texts, and an edit must
// not make it read every project file again.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { heritageIndex } from "../../server/src/core/providers/implementations.ts";
import { recogniserFor } from "../../server/src/core/providers/recognise.ts";
import { Evaluator } from "../../server/src/core/resolve/evaluate.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import type { FileAnalysis } from "../../server/src/core/types.ts";
import { collectFiles } from "../../server/src/core/workspace/collect-files.ts";
import { Workspace } from "../../server/src/core/workspace/workspace.ts";
import { WorkspaceIndex } from "../../server/src/lsp/workspace-index.ts";
import { prices } from "../helpers/memory-workspace.ts";

const scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-heritage-index-")));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

const INTERFACE = `export interface Summariser {
  summarise(text: string): Promise<string>;
}
`;

const OPENAI_SUMMARISER = `import OpenAI from "openai";
import type { Summariser } from "./summariser";

const client = new OpenAI();

export class OpenAISummariser implements Summariser {
  async summarise(text: string): Promise<string> {
    const completion = await client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: \`Summarise: \${text}\` }] });
    return completion.choices[0]?.message.content ?? "";
  }
}
`;

/** A class whose requests depend on what `./client` is: it may request only once that file reaches an SDK. */
const LOCAL_SUMMARISER = `import type { Summariser } from "./summariser";
import { client } from "./client";

export class LocalSummariser implements Summariser {
  async summarise(text: string): Promise<string> {
    return client.batches.create({ input: text });
  }
}
`;

const FAKE_CLIENT = `export const client = { batches: { create: async (request: { input: string }) => request.input } };
`;

const SDK_CLIENT = `import OpenAI from "openai";
export const client = new OpenAI();
`;

/** A costlier model than OpenAISummariser's: the call through the interface is then priced at it. */
const TURBO_SUMMARISER = OPENAI_SUMMARISER.replace("OpenAISummariser", "TurboSummariser").replace('"gpt-4o"', '"gpt-4-turbo"');

const DOCUMENT = (note: string) => `import type { Summariser } from "./summariser";

export async function digest(summariser: Summariser, tickets: string[]) {
  console.log("${note}");
  return summariser.summarise(tickets.join("\\n"));
}
`;

const NOTES = `export const notes = "nothing here extends anything";
`;

function project(name: string): string {
  const root = path.join(scratch, name);
  const files: Record<string, string> = {
    "package.json": `{"dependencies":{"openai":"4.0.0"}}`,
    "src/summariser.ts": INTERFACE,
    "src/openai-summariser.ts": OPENAI_SUMMARISER,
    "src/local-summariser.ts": LOCAL_SUMMARISER,
    "src/client.ts": FAKE_CLIENT,
    "src/notes.ts": NOTES,
    "src/digest.ts": DOCUMENT("one"),
  };
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

function workspaceOf(root: string): Workspace {
  const workspace = new Workspace([root]);
  workspace.listProjectFiles = () => collectFiles([root], { baseDirectory: root }).sort();
  return workspace;
}

/** The index as one analysis sees it, by type name, with file names relative to the root. */
function indexOf(workspace: Workspace, root: string): string {
  const index = heritageIndex(recogniserFor(new Evaluator(workspace)));
  const relative = (map: ReadonlyMap<string, readonly string[]>) => [...map].map(([name, files]) => [name, files.map((file) => path.relative(root, file))]);
  return JSON.stringify({ all: relative(index.all), request: relative(index.request) });
}

/** The index a workspace that has never seen the project makes, with these documents open. */
function coldIndex(root: string, open: Map<string, string>): string {
  const workspace = workspaceOf(root);
  let version = 1;
  for (const [file, text] of open) workspace.setOverlay(file, text, version++);
  return indexOf(workspace, root);
}

describe("the heritage index kept across analyses", () => {
  it("is the same index after a keystroke that changes no class, and an edit reads only the file edited", () => {
    const root = project("kept");
    const workspace = workspaceOf(root);
    const recogniser = recogniserFor(new Evaluator(workspace));
    const first = heritageIndex(recogniser);
    assert.deepEqual([...first.request.keys()], ["Summariser"]);
    const digest = path.join(root, "src/digest.ts");
    workspace.setOverlay(digest, DOCUMENT("one more"), 2);
    assert.equal(heritageIndex(recogniserFor(new Evaluator(workspace))), first, "a keystroke changing no class keeps the index");
    workspace.setOverlay(digest, DOCUMENT("one more!"), 3);
    const reads = new Map<string, string | undefined>();
    assert.equal(workspace.readingTexts(reads, () => heritageIndex(recogniserFor(new Evaluator(workspace)))), first);
    assert.deepEqual([...reads.keys()], [digest], "only the edited file is read again");

    // A subclass added in another file: that file is read (and what its request answer needs), not the others.
    const notes = path.join(root, "src/notes.ts");
    workspace.setOverlay(notes, TURBO_SUMMARISER, 4);
    reads.clear();
    const third = workspace.readingTexts(reads, () => heritageIndex(recogniserFor(new Evaluator(workspace))));
    assert.notEqual(third, first);
    assert.deepEqual(third.request.get("Summariser")?.map((file) => path.relative(root, file)), ["src/notes.ts", "src/openai-summariser.ts"]);
    assert.ok(!reads.has(path.join(root, "src/openai-summariser.ts")) && !reads.has(path.join(root, "src/local-summariser.ts")), `read again: ${[...reads.keys()].map((file) => path.relative(root, file)).join(", ")}`);
  });

  it("equals the index made from scratch after each edit: classes added and removed, an import's text changing a class's answer, a file changed on disk", () => {
    const root = project("edits");
    const workspace = workspaceOf(root);
    const open = new Map<string, string>();
    let version = 1;
    const edit = (file: string, text: string) => {
      const filePath = path.join(root, file);
      open.set(filePath, text);
      workspace.setOverlay(filePath, text, ++version);
    };
    const check = (step: string) => assert.equal(indexOf(workspace, root), coldIndex(root, open), step);
    const before = indexOf(workspace, root);
    check("first");

    edit("src/digest.ts", DOCUMENT("two"));
    check("a keystroke in a string");
    edit("src/notes.ts", TURBO_SUMMARISER);
    check("a requesting subclass added in another file");
    assert.notEqual(indexOf(workspace, root), before);

    // LocalSummariser's file is not edited: whether it requests changes with the file it imports.
    const withoutSdk = indexOf(workspace, root);
    assert.ok(!JSON.parse(withoutSdk).request.flatMap(([, files]: [string, string[]]) => files).includes("src/local-summariser.ts"));
    edit("src/client.ts", SDK_CLIENT);
    check("an imported file now reaching an SDK");
    assert.ok(JSON.parse(indexOf(workspace, root)).request.flatMap(([, files]: [string, string[]]) => files).includes("src/local-summariser.ts"), "the class whose import now reaches an SDK requests");
    edit("src/client.ts", FAKE_CLIENT);
    check("and back");

    edit("src/openai-summariser.ts", OPENAI_SUMMARISER.replace("implements Summariser", ""));
    check("a class no longer implementing the interface");
    edit("src/notes.ts", NOTES);
    check("the added subclass removed");

    // On disk: a file appears (the listing is made again) and one changes.
    fs.writeFileSync(path.join(root, "src/other-turbo.ts"), TURBO_SUMMARISER.replace("TurboSummariser", "OtherTurbo"));
    workspace.invalidate(path.join(root, "src/other-turbo.ts"));
    check("a file added on disk");
    fs.writeFileSync(path.join(root, "src/client.ts"), SDK_CLIENT);
    workspace.invalidate(path.join(root, "src/client.ts"));
    open.delete(path.join(root, "src/client.ts"));
    workspace.removeOverlay(path.join(root, "src/client.ts"));
    check("an import changed on disk, its document closed");
  });
});

describe("the editor's analysis after an edit adding an implementation in another open file", () => {
  /** Calls and findings as the editor shows them. */
  const shown = (analysis: FileAnalysis) =>
    JSON.stringify({
      calls: analysis.calls.map((priced) => ({ range: priced.call.range, model: priced.call.model, via: priced.call.via, tokens: priced.inputTokens, cost: priced.cost })),
      findings: analysis.findings.map((finding) => ({ rule: finding.rule, offsets: finding.offsets, message: finding.message })),
    });
  const inputs = { settings: DEFAULT_SETTINGS, prices: prices() };

  it("equals the analysis of a server that never saw the project", () => {
    const root = project("server");
    const digest = path.join(root, "src/digest.ts");
    const notes = path.join(root, "src/notes.ts");
    const cold = (open: [string, string][]) => {
      const index = new WorkspaceIndex([root]);
      index.setRoots([root], true);
      open.forEach(([file, text], at) => index.setOverlay(file, text, at + 1));
      return shown(index.analyze(digest, inputs));
    };
    const index = new WorkspaceIndex([root]);
    index.setRoots([root], true);
    index.setOverlay(digest, DOCUMENT("one"), 1);
    index.setOverlay(notes, NOTES, 1);
    const first = shown(index.analyze(digest, inputs));
    assert.equal(first, cold([[digest, DOCUMENT("one")]]));
    index.setOverlay(digest, DOCUMENT("one!"), 2);
    assert.equal(shown(index.analyze(digest, inputs)), cold([[digest, DOCUMENT("one!")]]));
    index.setOverlay(notes, TURBO_SUMMARISER, 2);
    const added = shown(index.analyze(digest, inputs));
    assert.equal(added, cold([[digest, DOCUMENT("one!")], [notes, TURBO_SUMMARISER]]));
    assert.match(added, /"model":"gpt-4-turbo"/, "the call now stands for the added class too, its costlier model standing");
    index.setOverlay(notes, NOTES, 3);
    assert.equal(shown(index.analyze(digest, inputs)), cold([[digest, DOCUMENT("one!")]]));
  });
});
