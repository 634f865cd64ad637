// A parameter its function assigns before reading it holds what the function assigned: search_with_ai's
// `replaceVariable(text, vars)` fills its template with `text = text.replace(...)` in a loop, and the prompt was
// counted as the bare template, exact, with nothing for the search results put into it.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeSource } from "../helpers/memory-workspace.ts";

const HEAD = `import OpenAI from "openai";
const client = new OpenAI();
const TEMPLATE = \`Summarise these search results for the topic {topic}. Be precise and cite every source you use in the answer.\`;
`;
const ask = (content: string) => `client.chat.completions.create({ model: "gpt-4o-mini", max_tokens: 100, messages: [{ role: "user", content: ${content} }] })`;

/** Each request made in `run` (written there, or counted where `run` calls a helper): its line, model, cap and input tokens. */
function requests(body: string) {
  const source = `${HEAD}${body}`;
  const runLine = source.slice(0, source.indexOf("export async function run")).split("\n").length;
  const analysis = analyzeSource({ "src/app.ts": source }, "src/app.ts");
  return analysis.calls.filter(({ call }) => call.range.line > runLine).map(({ call, inputTokens, outputTokens }) => ({ line: call.range.line, model: call.model, cap: outputTokens.cap, static: inputTokens.static, dynamic: inputTokens.dynamic, exact: inputTokens.exact }));
}

describe("a parameter assigned in its function before a read", () => {
  it("is what the function assigned: a template filled in a statement counts as the same template filled inline", () => {
    const [inline, filled] = requests(`function fill(text: string, topic: string): string {
  text = text.replace("{topic}", topic);
  return text;
}
export async function run(topic: string) {
  await ${ask(`TEMPLATE.replace("{topic}", topic)`)};
  await ${ask("fill(TEMPLATE, topic)")};
}
`);
    assert.ok(inline && filled);
    assert.equal(filled.exact, false);
    assert.deepEqual([filled.static, filled.dynamic], [inline.static, inline.dynamic]);
  });

  it("is the template with run-time text put in when it is filled in a loop, never the bare template counted exact", () => {
    const [inline, filled] = requests(`function fill(text: string, vars: Record<string, string>): string {
  for (const key of Object.keys(vars)) text = text.replace(\`{\${key}}\`, vars[key]!);
  return text;
}
export async function run(topic: string) {
  await ${ask(`TEMPLATE.replace("{topic}", topic)`)};
  await ${ask("fill(TEMPLATE, { topic })")};
}
`);
    assert.ok(inline && filled);
    assert.equal(filled.exact, false);
    assert.ok(filled.dynamic > 0);
    // The placeholder is not known (each key's), so the run-time text goes after the template, all of it kept.
    assert.ok(filled.static >= inline.static, `${filled.static} static tokens against ${inline.static}`);
  });

  it("takes defaults merged into an options parameter, under what the caller passes", () => {
    const found = requests(`function withDefaults(q: string, options: { model?: string; max?: number } = {}) {
  options = { model: "gpt-4o-mini", max: 200, ...options };
  return client.chat.completions.create({ model: options.model!, max_tokens: options.max, messages: [{ role: "user", content: q }] });
}
export async function run() {
  await withDefaults("Say hi");
  await withDefaults("Say hi", { model: "gpt-4o" });
}
`);
    assert.deepEqual(found.map(({ model, cap }) => [model, cap]), [["gpt-4o-mini", 200], ["gpt-4o", 200]]);
  });

  it("keeps what was passed where the assignment is in a branch the call does not take", () => {
    const found = requests(`function branch(q: string, model?: string) {
  if (!model) model = "gpt-4o-mini";
  return client.chat.completions.create({ model, max_tokens: 100, messages: [{ role: "user", content: q }] });
}
export async function run() {
  await branch("Say hi", "gpt-4.1");
}
`);
    assert.deepEqual(found.map(({ model }) => model), ["gpt-4.1"]);
  });
});

describe("a let assigned from itself before a read", () => {
  it("is the update of its initializer: a template filled in a statement or a loop keeps the template's text", () => {
    const [inline, filled, looped] = requests(`function fill(template: string, topic: string): string {
  let text = template;
  text = text.replace("{topic}", topic);
  return text;
}
function fillAll(template: string, vars: Record<string, string>): string {
  let text = template;
  for (const key of Object.keys(vars)) text = text.replace(\`{\${key}}\`, vars[key]!);
  return text;
}
export async function run(topic: string) {
  await ${ask(`TEMPLATE.replace("{topic}", topic)`)};
  await ${ask("fill(TEMPLATE, topic)")};
  await ${ask("fillAll(TEMPLATE, { topic })")};
}
`);
    assert.ok(inline && filled && looped);
    assert.deepEqual([filled.static, filled.dynamic, filled.exact], [inline.static, inline.dynamic, false]);
    assert.equal(looped.exact, false);
    assert.ok(looped.static >= inline.static && looped.dynamic > 0, JSON.stringify(looped));
  });

  it("keeps what was pushed to it before it is assigned from itself", () => {
    // chatbot-ui's build-prompt: `let finalMessages = []`, unshifted in a loop, then `finalMessages = finalMessages.map(...)`.
    const [joined] = requests(`export async function run(docs: string[]) {
  let parts: string[] = ["Answer from these notes."];
  for (const doc of docs) parts.push(doc);
  parts = parts.map((part) => part.trim());
  await ${ask('parts.join("\\n")')};
}
`);
    assert.ok(joined);
    assert.ok(joined.static > 0 && joined.dynamic > 0, JSON.stringify(joined));
  });

  it("leaves a let set to something else in a branch to the reads that weigh each way", () => {
    const found = requests(`export async function run(premium: boolean) {
  let model = "gpt-4o-mini";
  if (premium) model = "gpt-4o";
  await client.chat.completions.create({ model, max_tokens: 100, messages: [{ role: "user", content: "Hi" }] });
}
`);
    assert.equal(found.length, 1);
    assert.notEqual(found[0]!.model, "gpt-4o-mini", "the default alone would hide the premium way");
  });
});

describe("a let assigned from itself in the branches of a loop", () => {
  it("is one turn taking one branch, not every branch's assignment chained", () => {
    // anything-llm's expandSystemPromptVariables: `result = result.replace(match, ...)` in each branch of a loop
    // over the template's variables, one branch leaving with `continue`; chained, it counted seven run-time values.
    const [single, branched, parameter] = requests(`function fillOnce(template: string, keys: string[], value: string): string {
  let result = template;
  for (const key of keys) result = result.replace(key, value);
  return result;
}
function fillEach(template: string, keys: string[], lookup: (key: string) => string | undefined, now: () => string): string {
  let result = template;
  for (const key of keys) {
    if (key.startsWith("user.")) {
      const value = lookup(key);
      if (value) result = result.replace(key, value);
      else result = result.replace(key, "[" + key + "]");
      continue;
    }
    if (key === "date") result = result.replace(key, now());
    else result = result.replace(key, lookup(key) ?? key);
  }
  return result;
}
function fillParameter(text: string, keys: string[], lookup: (key: string) => string | undefined, now: () => string): string {
  for (const key of keys) {
    if (key.startsWith("user.")) {
      text = text.replace(key, "[" + key + "]");
      continue;
    }
    if (key === "date") text = text.replace(key, now());
    else text = text.replace(key, lookup(key) ?? key);
  }
  return text;
}
export async function run(keys: string[], value: string, lookup: (key: string) => string | undefined, now: () => string) {
  await ${ask("fillOnce(TEMPLATE, keys, value)")};
  await ${ask("fillEach(TEMPLATE, keys, lookup, now)")};
  await ${ask("fillParameter(TEMPLATE, keys, lookup, now)")};
}
`);
    assert.ok(single && branched && parameter);
    assert.ok(single.dynamic > 0, JSON.stringify(single));
    assert.deepEqual([branched.dynamic, parameter.dynamic], [single.dynamic, single.dynamic], JSON.stringify({ single, branched, parameter }));
  });
});
