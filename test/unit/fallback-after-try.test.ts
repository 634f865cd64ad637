import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject } from "../helpers/analyze-project.ts";
import { buildReport } from "../../server/src/core/report.ts";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import { ROOT } from "../helpers/memory-workspace.ts";
import { modelPrice, priceTable } from "../helpers/price-fixtures.ts";

// Requests after a `try` whose block always returns run only when that block failed: a fallback of the request
// inside it, never a second request of the same call.

const PRICES = priceTable({ openai: [modelPrice("gpt-4o-mini", { inputPerMTok: 0.15, outputPerMTok: 0.6 })] });

function titleWrapper(afterTry: string): Record<string, string> {
  return {
    "src/title.ts": [
      `import OpenAI from "openai";`,
      `const client = new OpenAI();`,
      `export async function title(text: string) {`,
      `  try {`,
      `    const structured = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "JSON title: " + text }] });`,
      `    return structured.choices[0].message.content;`,
      `  } catch {`,
      `    // fall through to the plain prompt`,
      `  }`,
      afterTry,
      `}`,
      ``,
    ].join("\n"),
    "src/use.ts": `import { title } from "./title";\nexport async function name(text: string) { return title(text); }\n`,
  };
}

/** A plain prompt, then a last one when its answer is empty: the second and third requests. */
const AFTER_TRY = [
  `  const plain = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Title: " + text }] });`,
  `  const content = plain.choices[0].message.content;`,
  `  if (content) return content;`,
  `  const last = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "system", content: "Five words at most." }, { role: "user", content: text }] });`,
  `  return last.choices[0].message.content;`,
].join("\n");

function entriesAt(files: Record<string, string>, file: string): number {
  const report = buildReport(analyzeProject(files, {}, PRICES), { cwd: ROOT, toolVersion: "0", settings: DEFAULT_SETTINGS, prices: PRICES, rangeOf: () => ({ line: 1, column: 1, endLine: 1, endColumn: 1 }) });
  return report.calls.filter((call) => call.file === file && !call.countedAtCallSites).length;
}

describe("requests after a try that always returns", () => {
  it("reads the requests after the try as fallbacks of the one inside it: one entry at the call site", () => {
    assert.equal(entriesAt(titleWrapper(AFTER_TRY), "src/use.ts"), 1);
  });

  it("counts each when the try block can end without leaving (requests of the same call, one after another)", () => {
    const files = titleWrapper(AFTER_TRY);
    files["src/title.ts"] = files["src/title.ts"]!.replace("    return structured.choices[0].message.content;\n", "    console.log(structured.choices[0].message.content);\n");
    assert.equal(entriesAt(files, "src/use.ts"), 3);
  });
});
