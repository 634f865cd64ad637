import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";

// A wrapper that sets a property of the object it is passed before sending it: `body.model = body.model ??
// "gpt-3.5-turbo-16k"` then `fetch(url, { body: JSON.stringify(body) })`. Each call site reads what it passed
// with those writes applied; a write under a condition is left to the calls that make it. A property written
// from its own value is read as it was before the write.

const lines = (...text: string[]): string => [...text, ""].join("\n");

const FETCH_WRAPPER = lines(
  `type Body = { model?: string; messages: { role: string; content: string }[] };`,
  `export async function chatCompletion(body: Body) {`,
  `  body.model = body.model ?? "gpt-3.5-turbo-16k";`,
  `  return fetch("https://api.openai.com/v1/chat/completions", { method: "POST", body: JSON.stringify(body) });`,
  `}`,
);

/** An SDK wrapper `complete(params, official)` whose body is `statements`, then the request. */
const sdkWrapper = (...statements: string[]): string =>
  lines(
    `import OpenAI from "openai";`,
    `const client = new OpenAI();`,
    `export async function complete(params: { model?: string; messages: { role: "user"; content: string }[] }, official: boolean) {`,
    ...statements,
    `  return client.chat.completions.create(params as never);`,
    `}`,
  );

/** The calls of a project whose src/app.ts calls `wrapper` (exported by src/llm.ts) with `argument`. */
function callsThrough(llm: string, wrapper: string, argument: string): string[] {
  const app = lines(`import { ${wrapper} } from "./llm";`, `export async function ask(text: string, official: boolean) {`, `  return ${wrapper}(${argument});`, `}`);
  return describeCalls(analyzeProject({ "src/llm.ts": llm, "src/app.ts": app }));
}

describe("property writes before the request", () => {
  it("reads a default the wrapper assigns to the passed object's model", () => {
    const calls = callsThrough(FETCH_WRAPPER, "chatCompletion", `{ messages: [{ role: "user", content: text }] }`);
    assert.ok(calls.includes("src/app.ts:3 gpt-3.5-turbo-16k via=chatCompletion wrapper=ask"), calls.join("\n"));
  });

  it("keeps the model a caller passes when the write only defaults it", () => {
    const calls = callsThrough(FETCH_WRAPPER, "chatCompletion", `{ model: "gpt-4", messages: [{ role: "user", content: text }] }`);
    assert.ok(calls.includes("src/app.ts:3 gpt-4 via=chatCompletion wrapper=ask"), calls.join("\n"));
  });

  it("reads a model the wrapper writes over the passed object's, through an SDK call", () => {
    const calls = callsThrough(sdkWrapper(`  params.model = "gpt-4o";`), "complete", `{ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] }, official`);
    assert.ok(calls.includes("src/app.ts:3 gpt-4o via=complete wrapper=ask"), calls.join("\n"));
  });

  it("does not apply a write that comes after the request", () => {
    const llm = sdkWrapper(`  const sent = await client.chat.completions.create(params as never);`, `  params.model = "gpt-4o";`);
    const calls = callsThrough(llm, "complete", `{ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] }, official`);
    assert.ok(calls.includes("src/app.ts:3 gpt-4o-mini via=complete wrapper=ask"), calls.join("\n"));
  });

  it("leaves a write under a condition to the calls that make it: the passed model stands", () => {
    const calls = callsThrough(sdkWrapper(`  if (official) {`, `    params.model = "gpt-4o";`, `  }`), "complete", `{ model: "gpt-4o-mini", messages: [{ role: "user", content: text }] }, official`);
    assert.ok(calls.includes("src/app.ts:3 gpt-4o-mini via=complete wrapper=ask"), calls.join("\n"));
  });

  it("reads a variable's property on the right of its own write as it was before the write", () => {
    const calls = describeCalls(
      analyzeProject({
        "src/app.ts": lines(
          `import OpenAI from "openai";`,
          `const client = new OpenAI();`,
          `export async function given(text: string) {`,
          `  const body = { model: "gpt-4", messages: [{ role: "user" as const, content: text }] };`,
          `  body.model = body.model ?? "gpt-4o-mini";`,
          `  return client.chat.completions.create(body);`,
          `}`,
          `export async function suffixed(text: string) {`,
          `  const body = { model: "gpt-4o", messages: [{ role: "user" as const, content: text }] };`,
          `  body.model = body.model + "-mini";`,
          `  return client.chat.completions.create(body);`,
          `}`,
        ),
      }),
    );
    assert.deepEqual(calls, ["src/app.ts:6 gpt-4 wrapper=given", "src/app.ts:11 gpt-4o-mini wrapper=suffixed"]);
  });
});
