// require-max-tokens at the call site of a wrapper: the fix goes into the caller's own object literal when the
// wrapper spreads it into the request, and there is none when the caller cannot set the cap.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { applyFix } from "../helpers/apply-fix.ts";
import { analyzeSource } from "../helpers/memory-workspace.ts";

const capFinding = (files: Record<string, string>) => {
  const analysis = analyzeSource(files, "src/app.ts");
  const findings = analysis.findings.filter((finding) => finding.rule === "require-max-tokens");
  assert.equal(findings.length, 1, JSON.stringify(analysis.findings.map((finding) => finding.rule)));
  return findings[0]!;
};

const WRAPPER = `import { generateText } from "ai";
import { openai } from "@ai-sdk/openai";
type Options = Omit<Parameters<typeof generateText>[0], "model">;
export async function ask(options: Options) {
  const guarded = { ...options, system: options.system ?? "Be brief." };
  return generateText({ ...guarded, model: openai("gpt-4.1") });
}
type ClosedOptions = { prompt: string; system?: string };
export async function askClosed(options: ClosedOptions) {
  const guarded = { ...options, system: options.system ?? "Be brief." };
  return generateText({ ...guarded, model: openai("gpt-4.1") });
}
export async function askFixed(question: string) {
  return generateText({ prompt: question, model: openai("gpt-4.1") });
}
`;

describe("require-max-tokens through a wrapper", () => {
  it("adds the cap to the caller's literal that the wrapper spreads into the request, two spreads down", () => {
    const app = `import { ask } from "./llm";\nexport const summary = (text: string) => ask({ prompt: text });\n`;
    const finding = capFinding({ "src/llm.ts": WRAPPER, "src/app.ts": app });
    assert.ok(finding.fix, "a fix at the call site");
    assert.equal(applyFix(app, finding.fix), `import { ask } from "./llm";\nexport const summary = (text: string) => ask({ prompt: text, maxOutputTokens: 1024 });\n`);
    // With the cap in place the call site has no finding left: the wrapper really forwards it.
    const fixed = analyzeSource({ "src/llm.ts": WRAPPER, "src/app.ts": applyFix(app, finding.fix) }, "src/app.ts");
    assert.deepEqual(fixed.findings.filter((candidate) => candidate.rule === "require-max-tokens"), []);
  });

  it("offers no fix at a call site whose wrapper takes no options (the cap is the wrapper's to set)", () => {
    const app = `import { askFixed } from "./llm";\nexport const summary = (text: string) => askFixed(text);\n`;
    assert.equal(capFinding({ "src/llm.ts": WRAPPER, "src/app.ts": app }).fix, undefined);
  });

  it("offers no fix where the wrapper's parameter type lists its properties without the cap (it would not compile)", () => {
    const app = `import { askClosed } from "./llm";\nexport const summary = (text: string) => askClosed({ prompt: text });\n`;
    assert.equal(capFinding({ "src/llm.ts": WRAPPER, "src/app.ts": app }).fix, undefined);
  });

  it("offers no fix into an options object the caller did not write in its arguments", () => {
    const app = `import { ask } from "./llm";\nconst shared = { prompt: "Summarise." };\nexport const summary = () => ask(shared);\n`;
    assert.equal(capFinding({ "src/llm.ts": WRAPPER, "src/app.ts": app }).fix, undefined);
  });
});
