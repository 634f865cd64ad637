import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, countedCalls } from "../helpers/analyze-project.ts";

// A LangGraph node (`graph.addNode("llm", callModel)`) runs when the compiled graph is invoked, not when the
// function building the graph is called: its request is counted where it is written, not at the builder's calls.

function agent(registration: string): string {
  return [
    `import { ChatOpenAI } from "@langchain/openai";`,
    `import { StateGraph, MessagesAnnotation } from "@langchain/langgraph";`,
    `export class Agent {`,
    `  buildGraph(temperature: number) {`,
    `    const llm = new ChatOpenAI({ model: "gpt-4o-mini", temperature });`,
    `    const callModel = async (state: typeof MessagesAnnotation.State) => {`,
    `      const response = await llm.invoke(state.messages);`,
    `      return { messages: [response] };`,
    `    };`,
    `    const workflow = new StateGraph(MessagesAnnotation);`,
    `    ${registration}`,
    `    return workflow.compile();`,
    `  }`,
    `  async run(messages: any[]) {`,
    `    const app = this.buildGraph(0.1);`,
    `    return app.invoke({ messages });`,
    `  }`,
    `}`,
    ``,
  ].join("\n");
}

describe("graph nodes", () => {
  it("counts a node handed to `addNode` by name where its request is written", () => {
    const analyses = analyzeProject({ "src/agent.ts": agent(`workflow.addNode("llm", callModel);`) });
    assert.deepEqual(countedCalls(analyses), ["src/agent.ts:7"]);
  });

  it("keeps a closure handed to a call that runs it now (`[0].map(callModel)`) part of the builder", () => {
    const analyses = analyzeProject({ "src/agent.ts": agent(`[{ messages: [] }].map(callModel);`) });
    assert.ok(countedCalls(analyses).includes("src/agent.ts:15"), countedCalls(analyses).join("\n"));
  });
});
