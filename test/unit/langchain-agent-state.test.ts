import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject } from "../helpers/analyze-project.ts";

// A LangChain agent (`createAgent` of langchain 1.x, LangGraph's prebuilt `createReactAgent`) is invoked with its
// state: the conversation it sends is the state's `messages`, read like a chat model's message list.

const PROMPT = "You decide whether the user needs a web search before answering. Reply with true or false only.";

function textOf(analyses: ReturnType<typeof analyzeProject>): string[] {
  return analyses.flatMap((analysis) =>
    analysis.calls.map(({ call }) => `${call.range.line} ${call.model} ` + call.messages.map((message) => `${message.role}: ${message.parts.map((part) => (part.kind === "static" ? part.text : `<${part.kind}>`)).join("")}`).join(" | ")),
  );
}

describe("LangChain agents invoked with their state", () => {
  it("reads the messages of `agent.invoke({ messages })` for createAgent and createReactAgent", () => {
    const analyses = analyzeProject({
      "src/agent.ts": [
        `import { ChatOpenAI } from "@langchain/openai";`,
        `import { createAgent, HumanMessage } from "langchain";`,
        `import { createReactAgent } from "@langchain/langgraph/prebuilt";`,
        `const PROMPT = ${JSON.stringify(PROMPT)};`,
        `export async function decide(topic: string) {`,
        `  const agent = createAgent({ model: new ChatOpenAI({ model: "gpt-4o-mini" }), tools: [] });`,
        "  await agent.invoke({ messages: [new HumanMessage(`${PROMPT}\\nUser input: ${topic}`)] });",
        `  const react = createReactAgent({ llm: new ChatOpenAI({ model: "gpt-4o" }), tools: [] });`,
        `  return react.stream({ messages: [{ role: "user", content: PROMPT }] });`,
        `}`,
        ``,
      ].join("\n"),
    });
    assert.deepEqual(textOf(analyses), [`7 gpt-4o-mini user: ${PROMPT}\nUser input: <dynamic>`, `9 gpt-4o user: ${PROMPT}`]);
  });

  it("keeps a state whose messages are only known at run time as run-time messages", () => {
    const analyses = analyzeProject({
      "src/agent.ts": [
        `import { ChatOpenAI } from "@langchain/openai";`,
        `import { createAgent } from "langchain";`,
        `export async function run(messages: { role: string; content: string }[]) {`,
        `  const agent = createAgent({ model: new ChatOpenAI({ model: "gpt-4o-mini" }), tools: [] });`,
        `  return agent.invoke({ messages });`,
        `}`,
        ``,
      ].join("\n"),
    });
    const calls = analyses.flatMap((analysis) => analysis.calls.map(({ call }) => call));
    assert.equal(calls.length, 1);
    assert.ok(calls[0]!.messages.every((message) => message.parts.every((part) => part.kind !== "static")));
  });
  it("sends an agent's system prompt first: createAgent's systemPrompt, createReactAgent's prompt; not a prompt function", () => {
    const analyses = analyzeProject({
      "src/agent.ts": [
        `import { ChatOpenAI } from "@langchain/openai";`,
        `import { SystemMessage } from "@langchain/core/messages";`,
        `import { createAgent } from "langchain";`,
        `import { createReactAgent } from "@langchain/langgraph/prebuilt";`,
        `export async function run(question: string) {`,
        `  await createAgent({ model: new ChatOpenAI({ model: "gpt-4o-mini" }), tools: [], systemPrompt: "Be brief." }).invoke({ messages: [{ role: "user", content: question }] });`,
        `  await createReactAgent({ llm: new ChatOpenAI({ model: "gpt-4o" }), tools: [], prompt: new SystemMessage("Answer in French.") }).invoke({ messages: [{ role: "user", content: "Hi" }] });`,
        `  await createReactAgent({ llm: new ChatOpenAI({ model: "gpt-4o" }), tools: [], prompt: (state: { messages: unknown[] }) => state.messages }).invoke({ messages: [{ role: "user", content: "Hi" }] });`,
        `}`,
        ``,
      ].join("\n"),
    });
    assert.deepEqual(textOf(analyses), ["6 gpt-4o-mini system: Be brief. | user: <dynamic>", "7 gpt-4o system: Answer in French. | user: Hi", "8 gpt-4o user: Hi"]);
  });
});
