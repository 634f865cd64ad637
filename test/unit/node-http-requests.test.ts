import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, countedCalls, describeCalls } from "../helpers/analyze-project.ts";
import { analyzeSource, NO_PRICES } from "../helpers/memory-workspace.ts";

/** The calls of a one-file project, as `api provider model cap n line`. */
function callsIn(source: string): string[] {
  return analyzeSource({ "src/app.ts": source }, "src/app.ts", {}, NO_PRICES).calls.map(({ call }) => `${call.api} ${call.provider} ${call.model} ${call.outputCap} n=${call.completions ?? 1} :${call.range.line}`);
}

describe("Node's http.request / https.request POSTs to LLM endpoints", () => {
  it("reads the URL from hostname and path options and the body from request.write on the returned request", () => {
    const source = `import https from "node:https";
export function ask(question: string) {
  const body = JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: question }], max_tokens: 200, n: 3 });
  const req = https.request({ hostname: "api.openai.com", path: "/v1/chat/completions", method: "POST", headers: { "Content-Type": "application/json" } }, (res) => res.resume());
  req.on("error", () => {});
  req.write(body);
  req.end();
}`;
    assert.deepEqual(callsIn(source), ["https.request /chat/completions openai gpt-4o-mini 200 n=3 :4"]);
  });

  it("takes a URL string first argument, the http module, and a body given to end()", () => {
    const source = `import * as http from "http";
const { request } = require("https");
export function local(prompt: string) {
  const req = http.request("http://localhost:11434/api/generate", { method: "POST" });
  req.end(JSON.stringify({ model: "llama3.2", prompt, options: { num_predict: 64 } }));
}
export function claude(text: string) {
  request({ host: "api.anthropic.com", path: "/v1/messages", method: "POST" }, () => {}).end(JSON.stringify({ model: "claude-sonnet-4-5", max_tokens: 300, messages: [{ role: "user", content: text }] }));
}`;
    assert.deepEqual(callsIn(source), ["http.request /api/generate ollama llama3.2 64 n=1 :4", "https.request /v1/messages anthropic claude-sonnet-4-5 300 n=1 :8"]);
  });

  it("leaves GETs, other hosts and a package's own request function alone", () => {
    const source = `import https from "https";
import { request } from "undici-like";
export function models() {
  https.request({ hostname: "api.openai.com", path: "/v1/chat/completions" }, () => {}).end();
}
export function other(text: string) {
  const req = https.request({ hostname: "example.com", path: "/notes", method: "POST" });
  req.write(JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: text }] }));
  req.end();
}
export const lookalike = () => request({ hostname: "api.openai.com", path: "/v1/chat/completions", method: "POST" }).write("{}");`;
    assert.deepEqual(callsIn(source), []);
  });

  it("carries a POST helper given its hostname and path to the app's call sites, as for a fetch helper (aicommits' httpsPost)", () => {
    const openai = `import https from "https";
const httpsPost = async (hostname: string, path: string, headers: Record<string, string>, json: unknown, timeout: number) =>
  new Promise<string>((resolve, reject) => {
    const postContent = JSON.stringify(json);
    const request = https.request(
      { port: 443, hostname, path, method: "POST", headers: { ...headers, "Content-Type": "application/json" }, timeout },
      (response) => {
        const body: Buffer[] = [];
        response.on("data", (chunk) => body.push(chunk));
        response.on("end", () => resolve(Buffer.concat(body).toString()));
      },
    );
    request.on("error", reject);
    request.write(postContent);
    request.end();
  });
const createChatCompletion = async (apiKey: string, json: unknown, timeout: number) => {
  const data = await httpsPost("api.openai.com", "/v1/chat/completions", { Authorization: \`Bearer \${apiKey}\` }, json, timeout);
  return JSON.parse(data);
};
export const generateCommitMessage = async (apiKey: string, model: string, diff: string, completions: number, timeout: number) =>
  createChatCompletion(apiKey, { model, messages: [{ role: "system", content: "Write a commit message." }, { role: "user", content: diff }], max_tokens: 200, n: completions }, timeout);`;
    const command = `import { generateCommitMessage } from "../utils/openai";
export async function run(config: { key: string; model: string; generate: number; timeout: number }, diff: string) {
  return generateCommitMessage(config.key, config.model, diff, config.generate, config.timeout);
}`;
    const analyses = analyzeProject({ "src/utils/openai.ts": openai, "src/commands/run.ts": command });
    assert.deepEqual(describeCalls(analyses), [
      "src/utils/openai.ts:18 null via=httpsPost wrapper=createChatCompletion",
      "src/utils/openai.ts:22 null via=createChatCompletion>httpsPost wrapper=generateCommitMessage",
      "src/commands/run.ts:3 null via=generateCommitMessage>createChatCompletion>httpsPost wrapper=run",
    ]);
    assert.deepEqual(countedCalls(analyses), ["src/commands/run.ts:3"]);
    const atCallSite = analyses[1]!.calls[0]!.call;
    assert.equal(atCallSite.api, "https.request /chat/completions");
    assert.equal(atCallSite.outputCap, 200);
    assert.equal(atCallSite.completions, undefined);
  });
});
