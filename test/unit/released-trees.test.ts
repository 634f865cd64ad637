// A CLI run lets go of the trees of files nothing else can reach once they are analysed, forgets the values
// remembered of their nodes, and gives the same results as a run that keeps everything.
import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { analyzeFile, type AnalysisContext } from "../../server/src/core/analyze.ts";
import { RELEASE_MIN_FILES, ReleasedTrees } from "../../server/src/cli/released-trees.ts";
import { Evaluator } from "../../server/src/core/resolve/evaluate.ts";
import { EvaluationMemo } from "../../server/src/core/resolve/evaluation-memo.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import { ts } from "../../server/src/core/ts.ts";
import type { FileAnalysis } from "../../server/src/core/types.ts";
import { Workspace } from "../../server/src/core/workspace/workspace.ts";
import { memoryFileSystem, prices, ROOT } from "../helpers/memory-workspace.ts";

const FILES: Record<string, string> = {
  "src/llm.ts": [
    `import OpenAI from "openai";`,
    `const client = new OpenAI();`,
    `export async function ask(prompt: string, options: { model: string }) {`,
    `  return client.chat.completions.create({ model: options.model, messages: [{ role: "user", content: prompt }] });`,
    `}`,
  ].join("\n"),
  "src/summarise.ts": `import { ask } from "./llm";\nexport const summarise = (text: string) => ask("Summarise: " + text, { model: "gpt-4o-mini" });\n`,
  "src/summarise.test.ts": `import { summarise } from "./summarise";\nimport { ask } from "./llm";\nsummarise("a report");\nask("Hello there", { model: "gpt-4o" });\n`,
  "src/jobs.ts": `import { ask } from "./llm";\nexport async function run() { return ask("Run the job", { model: "gpt-4o" }); }\n`,
  "src/cron.ts": `import { run } from "./jobs";\nrun();\n`,
  "src/agent.ts": `import { ask } from "./llm";\nexport class Agent { go() { return ask("Go", { model: "gpt-4o" }); } }\n`,
};

/** `runFiles`: how many files the run stands for (a run of fewer than RELEASE_MIN_FILES keeps every tree). */
function setUp(files: Record<string, string>, runFiles = RELEASE_MIN_FILES): { workspace: Workspace; context: AnalysisContext; releasing: ReleasedTrees } {
  const workspace = new Workspace([ROOT], memoryFileSystem(files));
  workspace.projectFiles = Object.keys(files).map((file) => path.join(ROOT, file)).sort();
  const evaluator = new Evaluator(workspace);
  return { workspace, context: { workspace, prices: prices(), settings: DEFAULT_SETTINGS, evaluator }, releasing: new ReleasedTrees(workspace, evaluator, DEFAULT_SETTINGS, runFiles) };
}

function analyseAll(files: Record<string, string>, release: boolean): { analyses: FileAnalysis[]; workspace: Workspace } {
  const { workspace, context, releasing } = setUp(files);
  const analyses = workspace.projectFiles.map((file) => (release ? releasing.analyse(file, () => analyzeFile(file, context)) : analyzeFile(file, context)));
  return { analyses, workspace };
}

describe("released trees", () => {
  it("a file no other file imports lets its tree go once analysed; the files it imports keep theirs", () => {
    const { workspace } = analyseAll(FILES, true);
    assert.equal(workspace.isParsed(path.join(ROOT, "src/summarise.test.ts")), false);
    assert.equal(workspace.isParsed(path.join(ROOT, "src/cron.ts")), false);
    assert.equal(workspace.isParsed(path.join(ROOT, "src/llm.ts")), true);
  });

  it("a run of a few files keeps every tree: the run ends soon, and telling which files nothing imports would read the whole project", () => {
    const { workspace, releasing, context } = setUp(FILES, RELEASE_MIN_FILES - 1);
    const test = path.join(ROOT, "src/summarise.test.ts");
    assert.ok(releasing.analyse(test, () => analyzeFile(test, context)).calls.length > 0);
    assert.equal(workspace.isParsed(test), true);
  });

  it("a file another file imports keeps its tree, and so does a file with a class (found without an import)", () => {
    const { workspace } = analyseAll(FILES, true);
    assert.equal(workspace.isParsed(path.join(ROOT, "src/jobs.ts")), true);
    assert.equal(workspace.isParsed(path.join(ROOT, "src/summarise.ts")), true);
    assert.equal(workspace.isParsed(path.join(ROOT, "src/agent.ts")), true);
  });

  it("the results are the ones of a run that keeps every tree", () => {
    const kept = analyseAll(FILES, false).analyses;
    const released = analyseAll(FILES, true).analyses;
    assert.ok(kept.flatMap((analysis) => analysis.calls).length >= 4);
    assert.deepEqual(released, kept);
  });

  it("a released file needed after all (imported by a name that does not tell) is parsed again and every cache of nodes starts over", () => {
    const files = { ...FILES, "src/late.ts": `import { summarise } from "./summarise.test";\nsummarise("late");\n` };
    // "summarise.test" is imported here, so the test file is kept: release it by hand to stand for a name the specifiers cannot tell.
    const { workspace, context } = setUp(files);
    const test = path.join(ROOT, "src/summarise.test.ts");
    analyzeFile(test, context);
    const changes = workspace.changes;
    workspace.release(test);
    assert.equal(workspace.isParsed(test), false);
    assert.equal(workspace.changes, changes, "releasing alone changes nothing");
    const late = analyzeFile(path.join(ROOT, "src/late.ts"), context);
    assert.equal(workspace.isParsed(test), true);
    assert.ok(workspace.changes > changes);
    const fresh = setUp(files);
    assert.deepEqual(late, analyzeFile(path.join(ROOT, "src/late.ts"), fresh.context));
  });

  it("an open document's tree is never released", () => {
    const { workspace } = setUp(FILES);
    const file = path.join(ROOT, "src/cron.ts");
    workspace.setOverlay(file, FILES["src/cron.ts"]!, 1);
    workspace.getParsedFile(file);
    workspace.release(file);
    assert.equal(workspace.isParsed(file), true);
  });
});

describe("forgetting what was remembered of a tracked file", () => {
  const leaf = ts.createSourceFile("/project/src/leaf.ts", `const a = 1;\nconst b = 2;`, ts.ScriptTarget.Latest, true);
  const helper = ts.createSourceFile("/project/src/helper.ts", `const c = 3;\nconst d = 4;`, ts.ScriptTarget.Latest, true);
  const [leafA, leafB] = leaf.statements;
  const [helperC, helperD] = helper.statements;
  const remember = (memo: EvaluationMemo, node: ts.Node, scope: object): number => {
    const scopeId = memo.ids.of(scope);
    memo.open(0);
    memo.close(node, scopeId, { kind: "number", value: 1 }, { steps: 1 });
    return scopeId;
  };

  it("drops values of the file's nodes and of scopes holding its nodes, keeps the others", () => {
    const memo = new EvaluationMemo(60);
    const before = remember(memo, helperD!, { file: { sourceFile: helper } });
    memo.trackFile(leaf.fileName);
    const own = remember(memo, leafA!, { file: { sourceFile: leaf } });
    const reaching = remember(memo, helperC!, { file: { sourceFile: helper }, bindings: [{ kind: "object", node: leafB }] });
    const other = remember(memo, helperC!, { file: { sourceFile: helper }, bindings: [{ kind: "text", parts: [{ kind: "static", text: "x" }] }] });
    memo.forgetTracked();
    const none = new Set<ts.Node>();
    assert.equal(memo.find(leafA!, own, 0, none), undefined);
    assert.equal(memo.find(helperC!, reaching, 0, none), undefined);
    assert.ok(memo.find(helperC!, other, 0, none));
    assert.ok(memo.find(helperD!, before, 0, none));
  });

  it("without tracking, nothing is forgotten", () => {
    const memo = new EvaluationMemo(60);
    const own = remember(memo, leafA!, { file: { sourceFile: leaf } });
    memo.forgetTracked();
    assert.ok(memo.find(leafA!, own, 0, new Set()));
  });
});
