import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeSource, NO_PRICES } from "../helpers/memory-workspace.ts";

// `text += a ? "x" : "y"` keeps both ends, as `text + (a ? "x" : "y")` does: a URL whose query is joined
// with `&` or `?` as it already has one is still the endpoint it names.

function callsIn(source: string): string[] {
  return analyzeSource({ "src/app.ts": source }, "src/app.ts", {}, NO_PRICES).calls.map(({ call }) => `${call.provider} ${call.api} ${call.model}`);
}

describe("text grown with += from a choice", () => {
  it("keeps each alternative of what is added, so the endpoint behind `&alt=sse` or `?alt=sse` is found", () => {
    const source = `declare const settings: { googleUrl: string };
function chatUrl(path: string): string {
  let url = [settings.googleUrl, path].join("/");
  url += url.includes("?") ? "&alt=sse" : "?alt=sse";
  return url;
}
export async function ask(question: string) {
  return fetch(chatUrl("v1beta/models/gemini-2.5-flash:streamGenerateContent"), {
    method: "POST",
    body: JSON.stringify({ contents: [{ role: "user", parts: [{ text: question }] }] }),
  });
}`;
    assert.deepEqual(callsIn(source), ["google fetch :streamGenerateContent gemini-2.5-flash"]);
  });
});
