import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";

/** An immutable update of a field (`this.current = { ...this.current, count }`) spreads the object into itself. */
describe("an object spreading itself", () => {
  it("reads the file instead of running out of stack, and finds its request", () => {
    const analyses = analyzeProject({
      "src/store.ts": [
        `import OpenAI from "openai";`,
        `const client = new OpenAI();`,
        `export class Store {`,
        `  current: { model: string; count: number } | null = null;`,
        `  setCount(count: number) {`,
        `    if (this.current) this.current = { ...this.current, count };`,
        `  }`,
        `  async ask(question: string) {`,
        `    return client.chat.completions.create({ model: this.current!.model, messages: [{ role: "user", content: question }], max_tokens: 10 });`,
        `  }`,
        `}`,
      ].join("\n"),
    });
    const findings = analyses.flatMap((analysis) => analysis.findings.map((finding) => finding.rule));
    assert.ok(!findings.includes("parse-error"), findings.join(", "));
    assert.equal(describeCalls(analyses).length, 1, describeCalls(analyses).join("\n"));
  });
});
