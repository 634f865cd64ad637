// A wrapper handed by reference to an array method that calls it once per item (`chunks.map(embedChunk)`,
// pinecone-vercel-starter's `documents.flat().map(embedDocument)`): its requests are made by that call, once
// per item, as with a callback written there (`chunks.map((chunk) => embedChunk(chunk))`).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, countedCalls } from "../helpers/analyze-project.ts";

const EMBED = `import OpenAI from "openai";\nconst client = new OpenAI();\nexport async function embedChunk(text: string) {\n  return client.embeddings.create({ model: "text-embedding-3-small", input: text });\n}\n`;

function seed(body: string) {
  const analyses = analyzeProject({ "src/embed.ts": EMBED, "src/seed.ts": `import { embedChunk } from "./embed";\nexport async function seed(chunks: string[]) {\n  ${body}\n}\nexport async function one(text: string) {\n  return embedChunk(text);\n}\n` });
  const seedCalls = analyses.flatMap((analysis) => analysis.calls).filter((priced) => priced.call.file.endsWith("seed.ts") && priced.call.range.line === 3);
  return { counted: countedCalls(analyses), loops: seedCalls.map((priced) => priced.call.loop?.kind), findings: analyses.flatMap((analysis) => analysis.findings.filter((finding) => finding.file.endsWith("seed.ts")).map((finding) => `${finding.range.line} ${finding.rule}`)) };
}

describe("a wrapper handed to an array method by reference", () => {
  it("is called by the method once per item, as a callback written there is", () => {
    const handed = seed("return Promise.all(chunks.map(embedChunk));");
    const written = seed("return Promise.all(chunks.map((chunk) => embedChunk(chunk)));");
    // Counted where the map is, beside the direct call of the wrapper (line 6), not lost to it.
    assert.deepEqual(handed.counted, ["src/seed.ts:3", "src/seed.ts:6"]);
    assert.deepEqual(handed.counted, written.counted);
    assert.deepEqual(handed.loops, ["Promise.all"]);
    assert.deepEqual(handed.findings, written.findings);
    assert.ok(handed.findings.includes("3 no-unbatched-loop"));
    assert.deepEqual(seed("chunks.forEach(embedChunk);").loops, ["forEach"]);
  });

  it("is no call of it when the method keeps it or calls it once at most (lookalikes)", () => {
    // `then` runs it once, later, with a value not known here; `sort` compares with it: no request per item.
    assert.deepEqual(seed("return Promise.resolve(chunks[0]).then(embedChunk);").loops, []);
    assert.deepEqual(seed("return chunks.sort(embedChunk as never);").loops, []);
  });
});
