import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, countedCalls, describeCalls } from "../helpers/analyze-project.ts";

// Shapes of chathub-dev/chathub 1e41add (src/app/bots): a bot class posts to a vendor's endpoint with the
// model it was built with, and the project builds it with the model named.
const BOT = `export class PerplexityApiBot {
  constructor(
    public apiKey: string,
    public model: string,
  ) {}
  async send(prompt: string) {
    return fetch("https://api.perplexity.ai/chat/completions", {
      method: "POST",
      body: JSON.stringify({ model: this.model, messages: [{ role: "user", content: prompt }] }),
    });
  }
}
`;
const BUILDER = `import { PerplexityApiBot } from "./bot";
export function make(key: string) {
  return new PerplexityApiBot(key, "sonar-pro");
}
`;

// The same, the field declared and set in the constructor's body, behind a wrapper method the class calls.
const ASSIGNED = `export class Bot {
  private model: string;
  constructor(private apiKey: string, model: string) {
    this.model = model;
  }
  async doSend(prompt: string) {
    return this.fetchCompletion([{ role: "user", content: prompt }]);
  }
  private fetchCompletion(messages: { role: string; content: string }[]) {
    return fetch("https://api.openai.com/v1/chat/completions", {
      method: "POST",
      body: JSON.stringify({ model: this.model, messages }),
    });
  }
}
`;

describe("a request's model from the constructions of its class", () => {
  it("reads a parameter property's model from the one `new` that passes it", () => {
    const analyses = analyzeProject({ "bot.ts": BOT, "use.ts": BUILDER });
    assert.deepEqual(describeCalls(analyses), ["bot.ts:7 sonar-pro wrapper=send"]);
  });

  it("reads a field set from a constructor parameter, through a wrapper method, at the wrapper's call site", () => {
    const analyses = analyzeProject({ "bot.ts": ASSIGNED, "use.ts": `import { Bot } from "./bot";\nexport const bot = new Bot("key", "gpt-4o-mini");\n` });
    assert.deepEqual(countedCalls(analyses), ["bot.ts:7"]);
    assert.deepEqual(describeCalls(analyses), ["bot.ts:7 gpt-4o-mini via=fetchCompletion wrapper=doSend", "bot.ts:10 gpt-4o-mini wrapper=fetchCompletion"]);
  });

  it("keeps each construction's model as a way of one request", () => {
    const builders = `import { PerplexityApiBot } from "./bot";\nexport const fast = new PerplexityApiBot("k", "sonar");\nexport const deep = new PerplexityApiBot("k", "sonar-pro");\n`;
    const analyses = analyzeProject({ "bot.ts": BOT, "use.ts": builders });
    assert.deepEqual(countedCalls(analyses), ["bot.ts:7"]);
    const ways = analyses.flatMap((analysis) => analysis.calls.flatMap((call) => (call.candidateCosts ?? []).map((way) => way.model)));
    assert.deepEqual(ways.sort(), ["sonar", "sonar-pro"]);
  });

  it("leaves out the `new`s of test files, unless the request is in one", () => {
    const test = `import { PerplexityApiBot } from "./bot";\nit("posts", () => new PerplexityApiBot("k", "sonar-reasoning-pro"));\n`;
    const analyses = analyzeProject({ "bot.ts": BOT, "use.ts": BUILDER, "bot.test.ts": test });
    const ways = analyses.flatMap((analysis) => analysis.calls.flatMap(({ call }) => (call.file.endsWith("bot.ts") ? [call.model] : [])));
    assert.deepEqual(ways, ["sonar-pro"]);
    assert.deepEqual(describeCalls(analyzeProject({ "bot.test.ts": BOT, "helper.test.ts": test.replace("./bot", "./bot.test") })), ["bot.test.ts:7 sonar-reasoning-pro wrapper=send"]);
  });

  it("leaves the model unknown when no `new` names one, or nothing builds the class", () => {
    const runTime = `import { PerplexityApiBot } from "./bot";\nexport const make = (config: { model: string }) => new PerplexityApiBot("k", config.model);\n`;
    assert.deepEqual(describeCalls(analyzeProject({ "bot.ts": BOT, "use.ts": runTime })), ["bot.ts:7 null wrapper=send"]);
    assert.deepEqual(describeCalls(analyzeProject({ "bot.ts": BOT })), ["bot.ts:7 null wrapper=send"]);
  });

  it("leaves a model that is not the instance's alone: a method's own parameter", () => {
    const own = BOT.replace("async send(prompt: string)", "async send(prompt: string, model: string)").replace("model: this.model", "model");
    assert.deepEqual(describeCalls(analyzeProject({ "bot.ts": own, "use.ts": BUILDER })), ["bot.ts:7 null wrapper=send"]);
  });
});
