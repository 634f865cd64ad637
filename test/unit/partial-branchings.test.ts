// A wrapper whose requests are partly a branching: `prepare()` always runs, then `split()` or `whole()`.
// A call of it makes two requests, not three; two branchings one after the other make two; a site that
// runs beside the others (no early return) stays a request of its own.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";

const HELPERS = `import OpenAI from "openai";
const client = new OpenAI();
export const ask = (prompt: string) => client.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 10, messages: [{ role: "user", content: prompt }] });
export const askBig = (prompt: string) => client.chat.completions.create({ model: "gpt-4o", max_tokens: 10, messages: [{ role: "user", content: prompt }] });
`;

/** The calls reported at the line of `summarise(...)` in the caller file. */
function atCallSite(body: string): string[] {
  const calls = describeCalls(
    analyzeProject({
      "src/helpers.ts": HELPERS,
      "src/summarise.ts": `import { ask, askBig } from "./helpers";\nexport async function summarise(text: string, a: boolean, b: boolean) {\n${body}\n}\n`,
      "src/route.ts": `import { summarise } from "./summarise";\nexport const handler = (text: string) => summarise(text, true, false);\n`,
    }),
  );
  return calls.filter((call) => call.startsWith("src/route.ts:2 ")).map((call) => call.replace(/ via=.*/, ""));
}

describe("branchings beside requests that always run", () => {
  it("a request that always runs, then one of two behind an early return: two requests, the costlier standing for the branching", () => {
    const calls = atCallSite(`  await ask("prepare " + text);\n  if (text.length > 1000) return askBig(text);\n  return ask(text);`);
    assert.equal(calls.length, 2, calls.join("\n"));
    assert.deepEqual([...calls].sort(), ["src/route.ts:2 gpt-4o", "src/route.ts:2 gpt-4o-mini"]);
  });

  it("lookalike: without the early return the three requests all run", () => {
    const calls = atCallSite(`  await ask("prepare " + text);\n  if (text.length > 1000) await askBig(text);\n  return ask(text);`);
    assert.equal(calls.length, 3, calls.join("\n"));
  });

  it("two branchings one after the other are two requests, not one and not four", () => {
    const calls = atCallSite(`  if (a) await ask("one"); else await askBig("two");\n  if (b) return ask("three");\n  else return askBig("four");`);
    assert.equal(calls.length, 2, calls.join("\n"));
  });
});
