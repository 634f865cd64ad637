// The editor's analysis after edits equals a cold analysis of the same texts: whatever the server keeps
// across keystrokes (parsed trees reused by the incremental parser, caches keyed by their nodes, the wrapper
// index, remembered evaluations) must never show what the text said before.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import type { FileAnalysis } from "../../server/src/core/types.ts";
import { WorkspaceIndex } from "../../server/src/lsp/workspace-index.ts";
import { prices } from "../helpers/memory-workspace.ts";

const scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-edit-freshness-")));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** A project on disk with these files, and the server's index over it. */
function project(name: string, files: Record<string, string>): { root: string; index: WorkspaceIndex } {
  const root = path.join(scratch, name);
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return { root, index: new WorkspaceIndex([root]) };
}

/** Everything an analysis shows in the editor: calls with their offsets, models, tokens and costs, findings. */
function shown(analysis: FileAnalysis): string {
  return JSON.stringify({
    calls: analysis.calls.map((priced) => ({ offsets: priced.call.offsets, range: priced.call.range, model: priced.call.model, via: priced.call.via, tokens: priced.inputTokens, cost: priced.cost })),
    findings: analysis.findings.map((finding) => ({ rule: finding.rule, offsets: finding.offsets, message: finding.message })),
  });
}

const inputs = () => ({ settings: DEFAULT_SETTINGS, prices: prices() });

/** The analysis of `file` in a server that has never seen the project, with these documents open. */
function cold(root: string, open: Record<string, string>, file: string): string {
  const index = new WorkspaceIndex([root]);
  let version = 1;
  for (const [name, text] of Object.entries(open)) index.setOverlay(path.join(root, name), text, version++);
  return shown(index.analyze(path.join(root, file), inputs()));
}

const PUSHED = (question: string) => `import OpenAI from "openai";
const client = new OpenAI();

export async function ask() {
  const messages = [{ role: "system" as const, content: "Answer in one line." }];
  messages.push({ role: "user", content: "${question}" });
  return client.chat.completions.create({ model: "gpt-4o", max_tokens: 10, messages });
}
`;

const REASSIGNED_IN_LOOP = (afterCall: string) => `import OpenAI from "openai";
const client = new OpenAI();

export async function askAll(questions: string[]) {
  let model = "gpt-4o-mini";
  for (const question of questions) {
    await client.chat.completions.create({ model, max_tokens: 10, messages: [{ role: "user", content: question }] });
    ${afterCall}
  }
}
`;

const WRAPPER = (model: string, instructions: string) => `import OpenAI from "openai";
const client = new OpenAI();

export function draftReply(email: string) {
  return client.chat.completions.create({ model: "${model}", max_tokens: 200, messages: [{ role: "system", content: "${instructions}" }, { role: "user", content: email }] });
}
`;

const CALLER = (email: string) => `import { draftReply } from "./wrapper";

export async function handle() {
  return draftReply("${email}");
}
`;

describe("analysis after an edit equals a cold analysis of the same text", () => {
  it("typing into a message pushed onto the conversation counts the new text, not the text before the keystroke", () => {
    const { root, index } = project("pushed", { "chat.ts": PUSHED("hi") });
    const file = path.join(root, "chat.ts");
    index.setOverlay(file, PUSHED("hi"), 1);
    const before = shown(index.analyze(file, inputs()));
    const typed = PUSHED("hi, could you summarise the attached quarterly report in three bullet points for the board?");
    index.setOverlay(file, typed, 2);
    const afterEdit = shown(index.analyze(file, inputs()));
    assert.equal(afterEdit, cold(root, { "chat.ts": typed }, "chat.ts"));
    assert.notEqual(afterEdit, before, "the edit changes the tokens of the call");
  });

  it("an assignment typed later in the loop makes the model unknown, as a cold analysis says", () => {
    const { root, index } = project("reassigned", { "loop.ts": REASSIGNED_IN_LOOP("") });
    const file = path.join(root, "loop.ts");
    index.setOverlay(file, REASSIGNED_IN_LOOP(""), 1);
    const before = shown(index.analyze(file, inputs()));
    const edited = REASSIGNED_IN_LOOP(`model = question.length > 100 ? "gpt-4o" : "gpt-4o-mini";`);
    index.setOverlay(file, edited, 2);
    const afterEdit = shown(index.analyze(file, inputs()));
    assert.equal(afterEdit, cold(root, { "loop.ts": edited }, "loop.ts"));
    assert.notEqual(afterEdit, before, "the assignment changes what the call's model is");
  });

  it("an edit to an imported wrapper's model and prompt changes the call site's result", () => {
    const { root, index } = project("wrapper", { "wrapper.ts": WRAPPER("gpt-4o", "Be brief."), "caller.ts": CALLER("Hello") });
    const caller = path.join(root, "caller.ts");
    const wrapper = path.join(root, "wrapper.ts");
    index.setOverlay(caller, CALLER("Hello"), 1);
    const before = shown(index.analyze(caller, inputs()));
    assert.match(before, /"model":"gpt-4o"/);
    const editedWrapper = WRAPPER("gpt-4.1", "Be brief and answer in the customer's language, quoting the order number.");
    index.setOverlay(wrapper, editedWrapper, 2);
    const afterEdit = shown(index.analyze(caller, inputs()));
    assert.equal(afterEdit, cold(root, { "caller.ts": CALLER("Hello"), "wrapper.ts": editedWrapper }, "caller.ts"));
    assert.match(afterEdit, /"model":"gpt-4.1"/);
    // Closing the wrapper's document (its disk text is the first one again) takes the call site back.
    index.removeOverlay(wrapper);
    assert.equal(shown(index.analyze(caller, inputs())), before);
  });

  it("lines and a model annotation added above a wrapper's request site move the hop and set the model at its call site", () => {
    const { root, index } = project("wrapper-site", { "wrapper.ts": WRAPPER("gpt-4o", "Be brief."), "caller.ts": CALLER("Hello") });
    const caller = path.join(root, "caller.ts");
    const wrapper = path.join(root, "wrapper.ts");
    index.setOverlay(caller, CALLER("Hello"), 1);
    assert.match(shown(index.analyze(caller, inputs())), /"line":5\}/);
    // A model left to run time, which the annotation names.
    const annotated = WRAPPER("gpt-4o", "Be brief.").replace(`"gpt-4o"`, "process.env.DRAFT_MODEL").replace("  return client", "  // Drafts go to the cheaper model.\n  // promptcost: model=gpt-4.1-mini\n  return client");
    index.setOverlay(wrapper, annotated, 2);
    const afterEdit = shown(index.analyze(caller, inputs()));
    assert.equal(afterEdit, cold(root, { "caller.ts": CALLER("Hello"), "wrapper.ts": annotated }, "caller.ts"));
    assert.match(afterEdit, /"line":7\}/);
    assert.match(afterEdit, /"model":"gpt-4.1-mini"/);
    // Lines added at the top: the incremental parser keeps the function's nodes, moved down two lines.
    const moved = `// Replies to customers.\n// Owner: support.\n${annotated}`;
    index.setOverlay(wrapper, moved, 3);
    const afterMove = shown(index.analyze(caller, inputs()));
    assert.equal(afterMove, cold(root, { "caller.ts": CALLER("Hello"), "wrapper.ts": moved }, "caller.ts"));
    assert.match(afterMove, /"line":9\}/);
    // The annotation taken away again: the model is unknown, as a cold analysis says.
    const unannotated = annotated.replace("  // promptcost: model=gpt-4.1-mini\n", "");
    index.setOverlay(wrapper, unannotated, 4);
    const afterRemoval = shown(index.analyze(caller, inputs()));
    assert.equal(afterRemoval, cold(root, { "caller.ts": CALLER("Hello"), "wrapper.ts": unannotated }, "caller.ts"));
    assert.match(afterRemoval, /"model":null/);
  });

  it("an edit to a function that calls a callback it is passed (now it only stores it), behind a barrel, changes the caller's requests", () => {
    const execution = (use: string) => `const kept: unknown[] = [];\nexport async function executeEvaluator(params: { prompt: string; callLlm: (input: { prompt: string }) => Promise<unknown> }) {\n  ${use}\n}\n`;
    const calling = execution(`return params.callLlm({ prompt: params.prompt });`);
    const storing = execution(`kept.push(params.callLlm);`);
    const evaluator = `import OpenAI from "openai";\nimport { executeEvaluator } from "./lib";\nconst client = new OpenAI();\nexport async function testEvaluator(question: string) {\n  return executeEvaluator({ prompt: question, callLlm: async ({ prompt }) => client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] }) });\n}\n`;
    const router = `import { testEvaluator } from "./evaluator";\nexport async function test() {\n  return testEvaluator("Is it polite?");\n}\n`;
    const { root, index } = project("parameter-call", { "lib/execution.ts": calling, "lib/index.ts": `export * from "./execution";\n`, "evaluator.ts": evaluator, "router.ts": router });
    const routerFile = path.join(root, "router.ts");
    index.setOverlay(routerFile, router, 1);
    const before = shown(index.analyze(routerFile, inputs()));
    assert.match(before, /"model":"gpt-4o"/);
    index.setOverlay(path.join(root, "lib/execution.ts"), storing, 2);
    const afterEdit = shown(index.analyze(routerFile, inputs()));
    assert.equal(afterEdit, cold(root, { "router.ts": router, "lib/execution.ts": storing }, "router.ts"));
    assert.doesNotMatch(afterEdit, /"model":"gpt-4o"/);
  });

  it("keystroke after keystroke in a call site's string and in the wrapper, each analysis equals a cold one", () => {
    const { root, index } = project("typing", { "wrapper.ts": WRAPPER("gpt-4o", "Be brief."), "caller.ts": CALLER("") });
    const caller = path.join(root, "caller.ts");
    const wrapper = path.join(root, "wrapper.ts");
    const sentence = "Where is my order? It was due on Monday.";
    let version = 1;
    for (let typed = 0; typed <= sentence.length; typed += 4) {
      const callerText = CALLER(sentence.slice(0, typed));
      index.setOverlay(caller, callerText, version++);
      const open: Record<string, string> = { "caller.ts": callerText };
      if (typed > sentence.length / 2) {
        // Halfway through, the wrapper is opened and typed into as well.
        const wrapperText = WRAPPER(typed % 8 === 0 ? "gpt-4o-mini" : "gpt-4o", `Be brief. ${sentence.slice(0, typed)}`);
        index.setOverlay(wrapper, wrapperText, version++);
        open["wrapper.ts"] = wrapperText;
      }
      assert.equal(shown(index.analyze(caller, inputs())), cold(root, open, "caller.ts"), `after ${typed} characters`);
    }
  });
});
