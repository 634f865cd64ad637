// A prompt written as a template and handed to a dedent package's function (`return dedent(systemPrompt)`)
// is the template's text, as the same package's tagged template (`dedent\`...\``) already was: reading the
// call as an unknown package value made a prompt of thousands of tokens one run-time part.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject } from "../helpers/analyze-project.ts";

/** Each call as `line: static text | dynamic labels`. */
function prompts(files: Record<string, string>): string[] {
  return analyzeProject(files).flatMap((analysis) =>
    analysis.calls.map(({ call }) => {
      const parts = call.messages.flatMap((message) => message.parts);
      const text = parts.flatMap((part) => (part.kind === "static" ? [part.text.replace(/\s+/g, " ").trim()] : [])).join(" ");
      const dynamic = parts.flatMap((part) => (part.kind === "dynamic" ? [part.label] : []));
      return `${call.range.line}: ${text} | ${dynamic.join(", ")}`;
    }),
  );
}

const ASK = (content: string) => `openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: ${content} }] })`;

describe("a dedent package's function called with the prompt", () => {
  it("gives the text it is handed, whichever package and import shape", () => {
    const found = prompts({
      "src/llm.ts": [
        `import OpenAI from "openai";`,
        `import dedent from "dedent";`,
        `import { dedent as tsDedent } from "ts-dedent";`,
        `import { stripIndent } from "common-tags";`,
        `const outdent = require("outdent");`,
        `const openai = new OpenAI();`,
        `function coding(shadcn: boolean) {`,
        `  let prompt = \``,
        `    You write React code.\`;`,
        `  if (shadcn) prompt += \` Use the shadcn components.\`;`,
        `  return dedent(prompt);`,
        `}`,
        `export const a = () => ${ASK("coding(true)")};`,
        `export const b = (topic: string) => ${ASK("tsDedent(`Write about ${topic}.`)")};`,
        `export const c = () => ${ASK('stripIndent("  Say hi.")')};`,
        `export const d = () => ${ASK('outdent("  Say bye.")')};`,
      ].join("\n"),
    });
    assert.deepEqual(found, [
      "13: You write React code. Use the shadcn components. | ",
      "14: Write about . | topic",
      "15: Say hi. | ",
      "16: Say bye. | ",
    ]);
  });

  it("leaves other packages' functions and other members of these packages run-time", () => {
    const found = prompts({
      "src/llm.ts": [
        `import OpenAI from "openai";`,
        `import dedent from "my-dedent";`,
        `import { html } from "common-tags";`,
        `const openai = new OpenAI();`,
        `export const a = () => ${ASK('dedent("  Say hi.")')};`,
        `export const b = () => ${ASK('html("<p>hi</p>")')};`,
      ].join("\n"),
    });
    assert.equal(found.length, 2);
    for (const line of found) assert.match(line, /^\d+:  \| \S/, "one run-time part, no static text");
  });
});
