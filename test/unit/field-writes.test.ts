// The fields a class's methods set (`this.client = ...`) are found in one walk of its methods for every
// field, kept per class, instead of a walk per field read: each field's writes must be the ones a walk for
// that field finds, in member order, with the same methods left out.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fieldWritesByName } from "../../server/src/core/resolve/field-writes.ts";
import { ts } from "../../server/src/core/ts.ts";
import { analyzeSource } from "../helpers/memory-workspace.ts";

const CLASS = `
class Agent {
  client = null;
  static shared = null;
  constructor() { this.client = "from the constructor"; }
  connect(config) {
    this.client = makeClient(config);
    this.#secret = config.key;
    const later = () => { this.model = "gpt-4o"; };
    const detached = function () { this.model = "not this class"; };
    function inner() { this.model = "nor this"; }
    class Nested { set() { this.client = "a nested class"; } }
    if (config.fast) this.model = this.fallback = "gpt-4o-mini";
  }
  static reset() { this.client = "a static method"; }
  get current() { return this.client; }
  set current(value) { this.client = value; }
  rotate() { this.secret = "public lookalike"; this.client.key = "a property of the field"; }
}
`;

function writes(name: string): string[] {
  const file = ts.createSourceFile("/src/agent.ts", CLASS, ts.ScriptTarget.Latest, true);
  const classNode = file.statements.find(ts.isClassDeclaration)!;
  return (fieldWritesByName(classNode).get(name) ?? []).map(({ value, method }) => `${method.name?.getText()}: ${value.getText()}`);
}

describe("the fields a class's methods set, found in one walk", () => {
  it("lists each field's writes in member order: methods, setters, arrow functions; not the constructor, static members, function expressions or nested classes", () => {
    assert.deepEqual(writes("client"), ["connect: makeClient(config)", "current: value"]);
    assert.deepEqual(writes("model"), [`connect: "gpt-4o"`, "connect: this.fallback = \"gpt-4o-mini\""]);
    assert.deepEqual(writes("fallback"), [`connect: "gpt-4o-mini"`]);
  });

  it("a private field and its public lookalike are one name, as a read of either asks", () => {
    assert.deepEqual(writes("secret"), ["connect: config.key", `rotate: "public lookalike"`]);
  });

  it("a write to a property of a field is no write of the field; an unwritten field has none", () => {
    assert.deepEqual(writes("key"), []);
    assert.deepEqual(writes("shared"), []);
  });

  it("is kept per class: a second read of another field walks nothing again", () => {
    const file = ts.createSourceFile("/src/agent.ts", CLASS, ts.ScriptTarget.Latest, true);
    const classNode = file.statements.find(ts.isClassDeclaration)!;
    assert.equal(fieldWritesByName(classNode), fieldWritesByName(classNode));
  });
});

describe("a list field the methods fill or replace", () => {
  /** A chat class whose conversation starts empty (`init`) and is emptied by `reset()`; `reply` sends it. */
  const CHAT = (init: string, fill: string, reset = "reset() { this.conversation = []; }") => `import OpenAI from "openai";
export class Chat {
  private client = new OpenAI();
  private conversation: { role: "user"; content: string }[]${init};
  ${reset}
  async load(history: { role: "user"; content: string }[]) { ${fill} }
  async reply() {
    return this.client.chat.completions.create({ model: "gpt-4o", messages: this.options() });
  }
  private options() { return this.conversation; }
}
`;
  const promptOf = (source: string) =>
    analyzeSource({ "src/chat.ts": source }, "src/chat.ts")
      .calls.map(({ call }) => call.messages.map((message) => message.parts.map((part) => (part.kind === "static" ? part.text : `<${part.label}>`)).join("")).join(" | "))
      .join("\n");

  it("sends what the methods set at run time, not the empty list it starts as or is reset to (twinny's chat)", () => {
    assert.equal(promptOf(CHAT(" = []", "this.conversation = history.slice(-10);")), "<history>");
    assert.equal(promptOf(CHAT("", "this.conversation = history.slice(-10);")), "<history>");
    assert.equal(promptOf(CHAT(" = []", "this.conversation = history.slice(-10);", "")), "<history>");
  });

  it("keeps an empty list the methods only ever set to empty lists (the lookalike), and what they set when it is known", () => {
    assert.equal(promptOf(CHAT(" = []", "this.conversation = [];")), "");
    assert.equal(promptOf(CHAT(" = []", `this.conversation = [{ role: "user", content: "Hello" }];`)), "Hello");
  });
});
