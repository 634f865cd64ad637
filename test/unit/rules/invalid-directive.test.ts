import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeSource } from "../../helpers/memory-workspace.ts";
import { TEST_PRICES } from "../../helpers/price-fixtures.ts";

const RULE = "invalid-directive";
const OPENAI = `import OpenAI from "openai";\nconst client = new OpenAI();\n`;
const CALL = `client.chat.completions.create({ model: "gpt-4.1", messages: [] });\n`;
const analyze = (source: string, settings = {}) => analyzeSource({ "src/app.ts": `${OPENAI}${source}` }, "src/app.ts", settings, TEST_PRICES);
/** The invalid-directive findings: message and the text they point at. */
const problems = (source: string, settings = {}) => {
  const text = `${OPENAI}${source}`;
  return analyze(source, settings)
    .findings.filter((finding) => finding.rule === RULE)
    .map((finding) => ({ message: finding.message, at: text.slice(finding.offsets.start, finding.offsets.end) }));
};

describe(RULE, () => {
  it("reports an unknown annotation key, with the key it resembles, and applies the default meanwhile", () => {
    assert.deepEqual(problems(`// promptcost: requestPerDay=5000\n${CALL}`), [
      { message: 'Unknown key "requestPerDay" in a promptcost annotation (did you mean "requestsPerDay"?); it is ignored. Known keys: requestsPerDay, dynamicTokens, reasoningTokens, multiplier, feature, model.', at: "requestPerDay=5000" },
    ]);
    assert.equal(analyze(`// promptcost: requestPerDay=5000\n${CALL}`).calls[0]!.requestsPerDay, 1000);
  });

  it("reports values a key cannot take: not a number, a thousands separator, an empty model", () => {
    assert.deepEqual(problems(`// promptcost: requestsPerDay=abc dynamicTokens=5,000 model=\n${CALL}`), [
      { message: "requestsPerDay=abc in a promptcost annotation must be a number, e.g. 5000; until then it is ignored.", at: "requestsPerDay=abc" },
      { message: "dynamicTokens=5,000 in a promptcost annotation must be a number without separators (5000); until then it is ignored.", at: "dynamicTokens=5,000" },
      { message: "model= in a promptcost annotation needs a model id, e.g. model=gpt-4.1; until then it is ignored.", at: "model=" },
    ]);
    assert.deepEqual(problems(`// promptcost: multiplier=0\n${CALL}`).map((problem) => problem.at), ["multiplier=0"]);
  });

  it("is quiet on valid annotations (its twin)", () => {
    assert.deepEqual(problems(`// promptcost: requestsPerDay=5000 dynamicTokens=1200.5 reasoningTokens=2000 multiplier=3 feature=checkout model=gpt-4.1\n${CALL}`), []);
  });

  it("reports an unknown rule id in a disable comment, naming the one it resembles", () => {
    assert.deepEqual(problems(`// promptcost-disable-next-line require-max-tokenz, no-unknown-model\n${CALL}`), [
      { message: 'Unknown rule "require-max-tokenz" in promptcost-disable-next-line (did you mean "require-max-tokens"?): it suppresses nothing.', at: "require-max-tokenz" },
    ]);
    assert.deepEqual(problems(`/* promptcost-disable no-such-thing */\n${CALL}`).map((problem) => problem.at), ["no-such-thing"]);
  });

  it("is quiet on disable comments naming real rules, or none (its twin)", () => {
    assert.deepEqual(problems(`// promptcost-disable-next-line require-max-tokens\n${CALL}${CALL} // promptcost-disable-line\n`), []);
  });

  it("with reportUnusedDisableDirectives, reports disable comments and rule ids that suppressed nothing", () => {
    const source = `// promptcost-disable-next-line require-max-tokens, no-unknown-model\n${CALL}// promptcost-disable-next-line\nconst quiet = 1;\n`;
    assert.deepEqual(problems(source), []);
    assert.deepEqual(problems(source, { reportUnusedDisableDirectives: true }), [
      { message: "Unused promptcost-disable-next-line directive: no no-unknown-model problem was reported on line 4.", at: "no-unknown-model" },
      { message: "Unused promptcost-disable-next-line directive: no problem was reported on line 6.", at: "// promptcost-disable-next-line" },
    ]);
  });
});
