import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";

const CLIENT = `import OpenAI from "openai";\nexport const client = new OpenAI();\n`;
const ASK = `${CLIENT}export async function ask(question: string, model = "gpt-4o-mini") {\n  return client.chat.completions.create({ model, messages: [{ role: "user", content: question }], max_tokens: 100 });\n}\n`;

/**
 * A function whose requests run in a loop of run-time length (an agent loop, a recursive research step) is
 * not one request: its call sites are not calls, its requests are counted where they are written in it.
 */
describe("requests in an agent loop", () => {
  it("counts the requests inside a while loop where they are written, not at the loop function's call site", () => {
    const analyses = analyzeProject({
      "src/llm.ts": ASK,
      "src/agent.ts": `import { ask } from "./llm";\nexport async function runAgent(goal: string) {\n  let done = false;\n  while (!done) {\n    const answer = await ask("Next step for " + goal, "gpt-4.1");\n    done = String(answer).includes("DONE");\n  }\n}\n`,
      "src/main.ts": `import { runAgent } from "./agent";\nexport async function main() { await runAgent("book a flight"); }\n`,
    });
    assert.deepEqual(describeCalls(analyses), ["src/llm.ts:4 gpt-4o-mini wrapper=ask", "src/agent.ts:5 gpt-4.1 via=ask"]);
  });

  it("still follows a function making one request per call to its call sites (the twin without a loop)", () => {
    const analyses = analyzeProject({
      "src/llm.ts": ASK,
      "src/agent.ts": `import { ask } from "./llm";\nexport async function nextStep(goal: string) {\n  const answer = await ask("Next step for " + goal, "gpt-4.1");\n  return String(answer);\n}\n`,
      "src/main.ts": `import { nextStep } from "./agent";\nexport async function main() { await nextStep("book a flight"); }\n`,
    });
    assert.deepEqual(describeCalls(analyses), ["src/llm.ts:4 gpt-4o-mini wrapper=ask", "src/agent.ts:3 gpt-4.1 via=ask wrapper=nextStep", "src/main.ts:2 gpt-4.1 via=nextStep>ask"]);
  });

  it("follows a retry loop around a request to the call sites: a retry is the same request again", () => {
    const analyses = analyzeProject({
      "src/llm.ts": ASK,
      "src/retry.ts": `import { ask } from "./llm";\nexport async function askWithRetry(question: string) {\n  for (let attempt = 0; attempt < 3; attempt++) {\n    try {\n      return await ask(question, "gpt-4.1");\n    } catch {}\n  }\n}\n`,
      "src/main.ts": `import { askWithRetry } from "./retry";\nexport async function main() { await askWithRetry("hello"); }\n`,
    });
    assert.ok(describeCalls(analyses).includes("src/main.ts:2 gpt-4.1 via=askWithRetry>ask"), describeCalls(analyses).join("\n"));
  });

  it("counts the requests of a counted loop that the answers can end early (a research loop) where they are written; a loop over items without a break stays a multiplier at the call site", () => {
    const analyses = analyzeProject({
      "src/llm.ts": ASK,
      "src/research.ts": [
        `import { ask } from "./llm";`,
        `export async function research(goal: string, maxIterations: number) {`,
        `  for (let i = 0; i < maxIterations; i++) {`,
        `    const answer = String(await ask("Step " + i + " of " + goal, "gpt-4.1"));`,
        `    if (answer.includes("done")) break;`,
        `  }`,
        `}`,
        `export async function summariseEach(items: string[]) {`,
        `  for (let i = 0; i < items.length; i++) {`,
        `    await ask("Summarise " + items[i], "gpt-4o");`,
        `  }`,
        `}`,
      ].join("\n"),
      "src/main.ts": `import { research, summariseEach } from "./research";\nexport async function main() {\n  await research("llm costs", 6);\n  await summariseEach(["a", "b"]);\n}\n`,
    });
    assert.deepEqual(describeCalls(analyses), ["src/llm.ts:4 gpt-4o-mini wrapper=ask", "src/research.ts:4 gpt-4.1 via=ask", "src/research.ts:10 gpt-4o via=ask wrapper=summariseEach", "src/main.ts:4 gpt-4o via=summariseEach>ask"]);
  });

  it("counts the request of a `while (true)` turn loop left by a return where it is written; a `while (true)` around a `try` that returns is a retry, followed to the call site", () => {
    const analyses = analyzeProject({
      "src/llm.ts": ASK,
      "src/chat.ts": [
        `import { ask } from "./llm";`,
        `export async function chatTurns(goal: string) {`,
        `  while (true) {`,
        `    const answer = String(await ask("Next turn for " + goal, "gpt-4.1"));`,
        `    if (!answer.includes("tool")) return answer;`,
        `  }`,
        `}`,
        `export async function askUntilAnswered(question: string) {`,
        `  while (true) {`,
        `    try { return await ask(question, "gpt-4o"); } catch {}`,
        `  }`,
        `}`,
      ].join("\n"),
      "src/main.ts": `import { chatTurns, askUntilAnswered } from "./chat";\nexport async function main() {\n  await chatTurns("fix the bug");\n  await askUntilAnswered("hello");\n}\n`,
    });
    assert.deepEqual(describeCalls(analyses), ["src/llm.ts:4 gpt-4o-mini wrapper=ask", "src/chat.ts:4 gpt-4.1 via=ask", "src/chat.ts:10 gpt-4o via=ask wrapper=askUntilAnswered", "src/main.ts:4 gpt-4o via=askUntilAnswered>ask"]);
  });

  it("a private method's `while (true)` turn loop whose `try` returns but whose `catch` always rethrows is an agent loop; one whose `catch` goes round again is a retry", () => {
    const analyses = analyzeProject({
      "src/llm.ts": ASK,
      "src/runner.ts": [
        `import { ask } from "./llm";`,
        `export class Runner {`,
        `  async run(goal: string) {`,
        `    return this.#loop(goal);`,
        `  }`,
        `  async #loop(goal: string) {`,
        `    while (true) {`,
        `      try {`,
        `        const answer = String(await ask("Next turn for " + goal, "gpt-4.1"));`,
        `        if (!answer.includes("tool")) return answer;`,
        `      } catch (error) {`,
        `        this.#cleanUp();`,
        `        throw error;`,
        `      }`,
        `    }`,
        `  }`,
        `  #cleanUp() {}`,
        `  async ask(question: string) {`,
        `    return this.#askRetrying(question, 3);`,
        `  }`,
        `  async #askRetrying(question: string, attempts: number) {`,
        `    let attempt = 0;`,
        `    while (true) {`,
        `      try {`,
        `        return await ask(question, "gpt-4o");`,
        `      } catch (error) {`,
        `        if (++attempt < attempts) continue;`,
        `        throw error;`,
        `      }`,
        `    }`,
        `  }`,
        `}`,
      ].join("\n"),
      "src/main.ts": `import { Runner } from "./runner";\nexport async function main() {\n  await new Runner().run("fix the bug");\n  await new Runner().ask("hello");\n}\n`,
    });
    assert.deepEqual(describeCalls(analyses), [
      "src/llm.ts:4 gpt-4o-mini wrapper=ask",
      "src/runner.ts:9 gpt-4.1 via=ask",
      "src/runner.ts:19 gpt-4o via=askRetrying>ask wrapper=ask",
      "src/runner.ts:25 gpt-4o via=ask wrapper=askRetrying",
      "src/main.ts:4 gpt-4o via=ask>askRetrying>ask",
    ]);
  });

  it("counts a recursive research step's request where it is written", () => {
    const analyses = analyzeProject({
      "src/llm.ts": ASK,
      "src/research.ts": `import { ask } from "./llm";\nexport async function research(query: string, depth: number): Promise<string> {\n  const answer = String(await ask("Research " + query, "gpt-4.1"));\n  return depth > 0 ? research(answer, depth - 1) : answer;\n}\n`,
      "src/main.ts": `import { research } from "./research";\nexport async function main() { await research("llm costs", 2); }\n`,
    });
    assert.deepEqual(describeCalls(analyses), ["src/llm.ts:4 gpt-4o-mini wrapper=ask", "src/research.ts:3 gpt-4.1 via=ask"]);
  });
  it("counts the request of a React callback that calls itself again after running the model's tool calls where it is written (reor's chat)", () => {
    const chat = (wrap: (fn: string) => string) => `import { streamText } from "ai";
import { openai } from "@ai-sdk/openai";
import { useCallback } from "react";
export function useChat(runTools: (calls: unknown) => Promise<boolean>) {
  const send = ${wrap(`async (messages: any[]) => {
    const { text, toolCalls } = await streamText({ model: openai("gpt-4o"), messages });
    if (await runTools(await toolCalls)) send([...messages, { role: "assistant", content: await text }]);
  }`)};
  return (question: string) => send([{ role: "user", content: question }]);
}
`;
    const lines = (wrap: (fn: string) => string) => describeCalls(analyzeProject({ "src/chat.ts": chat(wrap) }));
    assert.deepEqual(lines((fn) => `useCallback(${fn}, [])`), ["src/chat.ts:6 gpt-4o"]);
    // The same callback written without useCallback: the same loop.
    assert.deepEqual(lines((fn) => fn), ["src/chat.ts:6 gpt-4o"]);
  });

  it("follows a method that calls itself again from its catch (a retry) to its call sites", () => {
    const analyses = analyzeProject({
      "src/llm.ts": ASK,
      "src/safe.ts": `import { ask } from "./llm";\nexport class SafeAsk {\n  async ask(question: string, retries = 0): Promise<unknown> {\n    try {\n      return await ask(question, "gpt-4.1");\n    } catch (error) {\n      if (retries > 0) return this.ask(question, retries - 1);\n      throw error;\n    }\n  }\n}\n`,
      "src/main.ts": `import { SafeAsk } from "./safe";\nexport async function main() { await new SafeAsk().ask("hello", 2); }\n`,
    });
    assert.ok(describeCalls(analyses).includes("src/main.ts:2 gpt-4.1 via=ask>ask"), describeCalls(analyses).join("\n"));
    // The retry itself is no request of its own: the call sites count the request it makes again.
    assert.ok(!describeCalls(analyses).some((call) => call.startsWith("src/safe.ts:7")), describeCalls(analyses).join("\n"));
  });

  it("still counts a method that calls itself outside a catch where its request is written (its twin)", () => {
    const analyses = analyzeProject({
      "src/llm.ts": ASK,
      "src/safe.ts": `import { ask } from "./llm";\nexport class Researcher {\n  async ask(question: string, depth = 0): Promise<unknown> {\n    const answer = await ask(question, "gpt-4.1");\n    if (depth > 0) return this.ask(String(answer), depth - 1);\n    return answer;\n  }\n}\n`,
      "src/main.ts": `import { Researcher } from "./safe";\nexport async function main() { await new Researcher().ask("hello", 2); }\n`,
    });
    assert.ok(!describeCalls(analyses).some((call) => call.startsWith("src/main.ts")), describeCalls(analyses).join("\n"));
  });

  it("counts a pipeline's stages where they are written: five requests one after another, each deciding the next, are no one request", () => {
    const analyses = analyzeProject({
      "src/llm.ts": ASK,
      "src/pipeline.ts": [
        `import { ask } from "./llm";`,
        `export async function extract(prompt: string, urls: string[]) {`,
        `  const query = await ask("Search query for " + prompt);`,
        `  const schema = await ask("Schema for " + prompt);`,
        `  const ranked = await Promise.all(urls.map((url) => ask("Rank " + url + " for " + query)));`,
        `  const checked = await ask("Check " + String(ranked) + String(schema));`,
        `  return ask("Answer " + prompt + String(checked), "gpt-4.1");`,
        `}`,
      ].join("\n"),
      "src/main.ts": `import { extract } from "./pipeline";\nexport async function main() { await extract("prices", ["a", "b"]); }\n`,
    });
    const lines = describeCalls(analyses);
    assert.deepEqual(lines.filter((line) => line.startsWith("src/pipeline.ts")), ["src/pipeline.ts:3 gpt-4o-mini via=ask", "src/pipeline.ts:4 gpt-4o-mini via=ask", "src/pipeline.ts:5 gpt-4o-mini via=ask", "src/pipeline.ts:6 gpt-4o-mini via=ask", "src/pipeline.ts:7 gpt-4.1 via=ask"]);
    assert.deepEqual(lines.filter((line) => line.startsWith("src/main.ts")), []);
  });

  it("still follows a function of two requests in a fixed sequence (draft, then review) to its call sites", () => {
    const analyses = analyzeProject({
      "src/llm.ts": ASK,
      "src/write.ts": `import { ask } from "./llm";\nexport async function write(topic: string) {\n  const draft = await ask("Draft about " + topic);\n  return ask("Review: " + String(draft));\n}\n`,
      "src/main.ts": `import { write } from "./write";\nexport async function main() { await write("tea"); }\n`,
    });
    assert.equal(describeCalls(analyses).filter((line) => line.startsWith("src/main.ts:2")).length, 2);
  });
  it("does not follow a function that also runs another's research loop: its own request is counted where it is written", () => {
    const research = (loop: string) =>
      `import { ask } from "./llm";\nexport class Researcher {\n  async research(goal: string) {\n    ${loop} {\n      const answer = await ask("Step for " + goal, "gpt-4.1");\n      if (String(answer).includes("DONE")) break;\n    }\n  }\n}\n`;
    const files = (loop: string) => ({
      "src/llm.ts": ASK,
      "src/researcher.ts": research(loop),
      "src/search.ts": `import { ask } from "./llm";\nimport { Researcher } from "./researcher";\nexport async function search(query: string) {\n  const plan = await ask("Classify " + query, "gpt-4o");\n  const researcher = new Researcher();\n  await researcher.research(query);\n  return plan;\n}\n`,
      "src/route.ts": `import { search } from "./search";\nexport async function handle(query: string) { return search(query); }\n`,
    });
    // research's loop ends when the model says so: search is no definite number of requests, and its caller is not a request line.
    const open = describeCalls(analyzeProject(files("for (let i = 0; i < 25; i++)")));
    assert.ok(open.includes("src/search.ts:4 gpt-4o via=ask"), open.join("\n"));
    assert.ok(!open.some((line) => line.startsWith("src/route.ts")), open.join("\n"));
    // Lookalike: a loop over items makes research a wrapper (a multiplier), and search with it.
    const items = describeCalls(analyzeProject(files("for (const step of [goal])")));
    assert.ok(items.some((line) => line.startsWith("src/route.ts:2 gpt-4o via=search>ask")), items.join("\n"));
  });
});
