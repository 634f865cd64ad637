import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertGolden } from "./golden.ts";
import { runCli } from "./run-cli.ts";

interface Report {
  calls: { file: string; line: number; sdk: string; provider: string; model: string | null; outputTokens: { cap: number | null }; costUsd: { perRequest: number | null } }[];
  findings: { file: string; line: number; rule: string; severity: string }[];
  summary: { files: number; calls: number; errors: number; warnings: number; monthlyUsd: number; unpricedCalls: number };
}

describe("promptcost --lint examples", () => {
  it("prints the JSON report of examples/ as recorded in the golden file, and exits 0", () => {
    const result = runCli(["--lint", "examples", "--format", "json"]);
    assert.equal(result.stderr, "");
    assert.equal(result.status, 0);
    assertGolden("examples.json", result.stdout);
  });

  it("prints the stylish report of examples/ as recorded in the golden file, without colours off a terminal", () => {
    const result = runCli(["--lint", "examples"]);
    assert.equal(result.status, 0);
    assert.doesNotMatch(result.stdout, /\u001b\[/);
    assertGolden("examples.stylish.txt", result.stdout);
  });

  it("reports each rule on its bad example and not on its good twin", () => {
    const report = JSON.parse(runCli(["--lint", "examples", "--format", "json"]).stdout) as Report;
    const fired = (file: string) => report.findings.filter((finding) => finding.file === file).map((finding) => `${finding.rule}:${finding.line}`);
    assert.deepEqual(fired("examples/src/features/summarise.ts"), ["require-max-tokens:9"]);
    assert.deepEqual(fired("examples/src/features/support-reply.ts"), ["prefer-cached-prefix:15"]);
    assert.deepEqual(fired("examples/src/features/support-reply-cached.ts"), []);
    assert.deepEqual(fired("examples/src/features/research.ts"), ["max-context-tokens:15", "no-unbounded-context:15"]);
    assert.deepEqual(fired("examples/src/jobs/triage.ts"), ["no-unknown-model:6"]);
    assert.deepEqual(fired("examples/src/scratch/draft-escalation.ts"), ["parse-error:9"]);
    // Each file below holds the bad case first and its good twin after it.
    assert.deepEqual(fired("examples/src/features/answer-faq.ts"), ["no-dynamic-prefix:13"]);
    assert.deepEqual(fired("examples/src/features/assistant-chat.ts"), ["no-unbounded-context:21"]);
    assert.deepEqual(fired("examples/src/features/review-sentiment.ts"), ["prefer-smaller-model:9"]);
    assert.deepEqual(fired("examples/src/jobs/embed-catalogue.ts"), ["no-unbatched-loop:18"]);
    assert.deepEqual(fired("examples/src/jobs/translate-release-notes.ts"), ["no-unbatched-loop:11"]);
    assert.deepEqual(fired("examples/src/jobs/tag-tickets.ts"), ["no-deprecated-model:8"]);
  });

  it("finds every call of examples/ with its SDK, provider, model and cap, and none in the lookalike queue", () => {
    const report = JSON.parse(runCli(["--lint", "examples", "--format", "json"]).stdout) as Report;
    const calls = report.calls.map((call) => `${call.file.replace("examples/src/", "")}:${call.line} ${call.sdk}/${call.provider} ${call.model} ${call.outputTokens.cap}`);
    assert.deepEqual(calls, [
      "features/answer-faq.ts:10 openai/openai gpt-4.1 400",
      "features/answer-faq.ts:23 openai/openai gpt-4.1 400",
      "features/assistant-chat.ts:17 anthropic/anthropic claude-sonnet-4-5 500",
      "features/assistant-chat.ts:29 anthropic/anthropic claude-sonnet-4-5 500",
      "features/classify.ts:8 vercel-ai/openai gpt-4.1-mini 5",
      "features/research.ts:13 google-genai/google gemini-2.5-pro 800",
      "features/research.ts:25 google-genai/google gemini-2.5-pro 800",
      "features/review-sentiment.ts:8 openai/openai gpt-4.1 2",
      "features/review-sentiment.ts:21 openai/openai gpt-4.1-mini 2",
      "features/search.ts:6 openai/openai text-embedding-3-small null",
      "features/summarise.ts:9 openai/openai gpt-4.1 null",
      "features/summarise.ts:21 openai/openai gpt-4.1 400",
      "features/support-reply-cached.ts:11 anthropic/anthropic claude-sonnet-4-5 600",
      "features/support-reply.ts:12 anthropic/anthropic claude-sonnet-4-5 600",
      "features/translate.js:13 google-generative-ai/google gemini-2.5-flash 500",
      "jobs/embed-catalogue.ts:18 openai/openai text-embedding-3-small null",
      "jobs/embed-catalogue.ts:31 openai/openai text-embedding-3-small null",
      "jobs/tag-tickets.ts:7 google-genai/google gemini-2.0-flash 30",
      "jobs/tag-tickets.ts:17 google-genai/google gemini-2.5-flash 30",
      "jobs/translate-release-notes.ts:11 openai/openai gpt-4.1-mini 1200",
      "jobs/translate-release-notes.ts:27 openai/openai gpt-4.1-mini 6000",
      "jobs/triage.ts:5 openai/openai gpt-4.1-nano-acme-triage 10",
      "jobs/weekly-report.ts:6 openai/openai gpt-4.1 300",
      "llm/ask.ts:6 openai/openai gpt-4.1-mini 300",
      "scratch/draft-escalation.ts:5 anthropic/anthropic claude-haiku-4-5 200",
    ]);
  });
});
