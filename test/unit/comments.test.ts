import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readAnnotation, readSuppressions, isSuppressed } from "../../server/src/core/comments.ts";
import { analyzeSource, onlyCall, rulesFired } from "../helpers/memory-workspace.ts";
import { TEST_PRICES } from "../helpers/price-fixtures.ts";

const OPENAI = `import OpenAI from "openai";\nconst client = new OpenAI();\n`;
const UNCAPPED = `client.chat.completions.create({ model: "gpt-4.1", messages: [] });`;
const analyze = (source: string) => analyzeSource({ "src/app.ts": source }, "src/app.ts", {}, TEST_PRICES);

describe("disable comments", () => {
  it("promptcost-disable-next-line switches off the named rule on the next line only", () => {
    assert.deepEqual(rulesFired(analyze(`${OPENAI}// promptcost-disable-next-line require-max-tokens\n${UNCAPPED}\n${UNCAPPED}`)), ["require-max-tokens"]);
    assert.deepEqual(rulesFired(analyze(`${OPENAI}// promptcost-disable-next-line no-unknown-model\n${UNCAPPED}`)), ["require-max-tokens"]);
  });

  it("promptcost-disable-line works on its own line, and without ids switches off every rule", () => {
    assert.deepEqual(rulesFired(analyze(`${OPENAI}${UNCAPPED} // promptcost-disable-line require-max-tokens`)), []);
    assert.deepEqual(rulesFired(analyze(`${OPENAI}${UNCAPPED} // promptcost-disable-line`)), []);
  });

  it("a block comment promptcost-disable switches rules off for the whole file; a line comment does not", () => {
    assert.deepEqual(rulesFired(analyze(`/* promptcost-disable require-max-tokens */\n${OPENAI}${UNCAPPED}\n${UNCAPPED}`)), []);
    assert.deepEqual(rulesFired(analyze(`// promptcost-disable require-max-tokens\n${OPENAI}${UNCAPPED}`)), ["require-max-tokens"]);
  });

  it("takes several rule ids separated by commas or spaces", () => {
    const suppressions = readSuppressions("// promptcost-disable-next-line require-max-tokens, no-unknown-model prefer-smaller-model\nx();\n");
    for (const rule of ["require-max-tokens", "no-unknown-model", "prefer-smaller-model"]) assert.equal(isSuppressed(suppressions, rule, 2), true);
    assert.equal(isSuppressed(suppressions, "parse-error", 2), false);
    assert.equal(isSuppressed(suppressions, "require-max-tokens", 1), false);
  });

  it("still counts a suppressed call's cost", () => {
    const analysis = analyze(`${OPENAI}// promptcost-disable-next-line\n${UNCAPPED}`);
    assert.equal(analysis.findings.length, 0);
    assert.ok(onlyCall(analysis).cost.monthly! > 0);
  });
});

describe("// promptcost: annotation", () => {
  it("reads requestsPerDay, dynamicTokens, feature and multiplier, ignoring what it does not know", () => {
    assert.deepEqual(readAnnotation("// promptcost: requestsPerDay=5000 dynamicTokens=1200 feature=checkout multiplier=3 colour=blue\ncall();", 2), {
      requestsPerDay: 5000,
      dynamicTokens: 1200,
      feature: "checkout",
      multiplier: 3,
    });
    assert.deepEqual(readAnnotation("// promptcost: requestsPerDay=lots multiplier=0\ncall();", 2), {});
    assert.equal(readAnnotation("// another comment\ncall();", 2), undefined);
  });

  it("sets the call's traffic, feature and multiplier in its cost", () => {
    const plain = onlyCall(analyze(`${OPENAI}${UNCAPPED}`));
    const annotated = onlyCall(analyze(`${OPENAI}// promptcost: requestsPerDay=5000 feature=checkout multiplier=2\n${UNCAPPED}`));
    assert.equal(annotated.requestsPerDay, 5000);
    assert.equal(annotated.feature, "checkout");
    assert.equal(annotated.call.multiplier, 2);
    assert.ok(Math.abs(annotated.cost.monthly! - plain.cost.monthly! * 10) < 1e-9);
  });
});
