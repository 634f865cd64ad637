import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject } from "../helpers/analyze-project.ts";

// LangChain's RunnableWithMessageHistory wraps a chain given as its `runnable` option: invoking or streaming the
// wrapper runs the chain, so it is a request of the chain's model, with the chain's prompt template.

function chat(runnable: string): string {
  return [
    `import { ChatOpenAI } from "@langchain/openai";`,
    `import { ChatPromptTemplate } from "@langchain/core/prompts";`,
    `import { RunnableWithMessageHistory } from "@langchain/core/runnables";`,
    `import { InMemoryChatMessageHistory } from "@langchain/core/chat_history";`,
    `export async function chat(question: string) {`,
    `  const chain = ChatPromptTemplate.fromMessages([["system", "You answer questions about the weather."], ["human", "{input}"]]).pipe(new ChatOpenAI({ model: "gpt-4o-mini", maxTokens: 300 }));`,
    `  const withHistory = new RunnableWithMessageHistory({ runnable: ${runnable}, inputMessagesKey: "input", getMessageHistory: async () => new InMemoryChatMessageHistory() });`,
    `  return withHistory.stream({ input: question }, { configurable: { sessionId: "1" } });`,
    `}`,
    ``,
  ].join("\n");
}

describe("RunnableWithMessageHistory", () => {
  it("reads `withHistory.stream(...)` as a request of the wrapped chain's model, with its template", () => {
    const analyses = analyzeProject({ "src/chat.ts": chat("chain") });
    const calls = analyses.flatMap((analysis) => analysis.calls.map(({ call }) => call));
    assert.deepEqual(calls.map((call) => `${call.range.line} ${call.kind} ${call.model} ${call.api} cap ${call.outputCap}`), ["8 chat gpt-4o-mini ChatOpenAI.stream cap 300"]);
    const text = calls[0]!.messages.flatMap((message) => message.parts.map((part) => (part.kind === "static" ? part.text : `<${part.kind}>`))).join("|");
    assert.match(text, /You answer questions about the weather\./);
  });

  it("finds nothing when the wrapped runnable holds no model", () => {
    const analyses = analyzeProject({ "src/chat.ts": chat(`ChatPromptTemplate.fromTemplate("{input}")`) });
    assert.deepEqual(analyses.flatMap((analysis) => analysis.calls), []);
  });
});
