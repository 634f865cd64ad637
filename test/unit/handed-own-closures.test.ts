import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, countedCalls, describeCalls } from "../helpers/analyze-project.ts";

// A closure a wrapper writes and hands on by reference to a project function that runs it
// (`const streamFactory = async (signal) => ...; withBackoff(streamFactory, signal)`): its request is one
// of the wrapper's own, reached once, whether through the closure's body or through the call handing it.

const BACKOFF = `export async function withBackoff<T>(factory: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T> {\n  return await factory(signal);\n}\n`;
const REQUEST = `client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: prompt }] }, { signal })`;
/** A wrapper `turn` (line 4) writing the closure `factory` as `closure` gives it (line 5) and handing it to withBackoff (line 6). */
const turn = (closure: string) =>
  [
    `import OpenAI from "openai";`,
    `import { withBackoff } from "./backoff";`,
    `const client = new OpenAI();`,
    `export async function turn(prompt: string) {`,
    `  ${closure}`,
    `  return withBackoff(factory, new AbortController().signal);`,
    `}`,
  ].join("\n");
const MAIN = `import { turn } from "./turn";\nexport async function main() {\n  return turn("hi");\n}\n`;
const mainCalls = (analyses: ReturnType<typeof analyzeProject>) => describeCalls(analyses).filter((call) => call.startsWith("src/main.ts"));

describe("a closure of a wrapper handed on by reference", () => {
  it("is one request at the wrapper's call site, the closure's own request counted there", () => {
    const analyses = analyzeProject({ "src/backoff.ts": BACKOFF, "src/turn.ts": turn(`const factory = async (signal: AbortSignal) => ${REQUEST};`), "src/main.ts": MAIN });
    assert.deepEqual(mainCalls(analyses), ["src/main.ts:3 gpt-4o via=turn"]);
    assert.deepEqual(countedCalls(analyses), ["src/main.ts:3"]);
  });

  it("is reached through the call handing it when it is a function declaration, whose body is not the wrapper's", () => {
    const analyses = analyzeProject({ "src/backoff.ts": BACKOFF, "src/turn.ts": turn(`async function factory(signal: AbortSignal) { return ${REQUEST}; }`), "src/main.ts": MAIN });
    assert.deepEqual(mainCalls(analyses), ["src/main.ts:3 gpt-4o via=turn>factory"]);
    assert.deepEqual(countedCalls(analyses), ["src/main.ts:3"]);
  });
});
