import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { computeCost } from "../../server/src/core/pricing/compute-cost.ts";
import type { ModelPrice } from "../../server/src/core/pricing/price-types.ts";
import { modelPrice } from "../helpers/price-fixtures.ts";

const gpt41: ModelPrice = { ...modelPrice("gpt-4.1"), provider: "openai" }; // $2 in, $8 out, $0.50 cached, batch $1/$4
const gemini25Pro: ModelPrice = {
  ...modelPrice("gemini-2.5-pro", {
    inputPerMTok: 1.25,
    outputPerMTok: 10,
    cacheReadPerMTok: 0.125,
    batchInputPerMTok: 0.625,
    batchOutputPerMTok: 5,
    longContext: { thresholdTokens: 200000, inputPerMTok: 2.5, outputPerMTok: 15, cacheReadPerMTok: 0.25, cacheWrite5mPerMTok: null, cacheWrite1hPerMTok: null },
  }),
  provider: "google",
};

const near = (actual: number | null, expected: number) => assert.ok(actual !== null && Math.abs(actual - expected) < 1e-12, `${actual} != ${expected}`);

describe("computeCost", () => {
  it("prices one request and one month by hand: 1,778 in (1,528 cacheable) and 800 out on gpt-4.1", () => {
    const { cost } = computeCost({ price: gpt41, kind: "chat", inputTokens: { total: 1778, cacheablePrefix: 1528 }, outputTokens: { cap: 800, assumed: 800 }, requestsPerDay: 1000, multiplier: 1 });
    near(cost.perRequest, (1778 * 2 + 800 * 8) / 1e6); // $0.009956
    near(cost.perRequestCached, (1528 * 0.5 + 250 * 2 + 800 * 8) / 1e6); // $0.007664
    near(cost.perRequestBatch, (1778 * 1 + 800 * 4) / 1e6); // $0.004978
    near(cost.monthly, 0.009956 * 1000 * 30); // $298.68
  });

  it("does not discount a prefix shorter than the model's minimum cacheable length", () => {
    const { cost } = computeCost({ price: gpt41, kind: "chat", inputTokens: { total: 1200, cacheablePrefix: 1000 }, outputTokens: { cap: 10, assumed: 10 }, requestsPerDay: 1, multiplier: 1 });
    assert.equal(cost.perRequestCached, cost.perRequest);
  });

  it("bills the whole request at the long-context tier once over the threshold, not just the excess", () => {
    const under = computeCost({ price: gemini25Pro, kind: "chat", inputTokens: { total: 200000, cacheablePrefix: 0 }, outputTokens: { cap: 1000, assumed: 1000 }, requestsPerDay: 1, multiplier: 1 });
    const over = computeCost({ price: gemini25Pro, kind: "chat", inputTokens: { total: 200001, cacheablePrefix: 0 }, outputTokens: { cap: 1000, assumed: 1000 }, requestsPerDay: 1, multiplier: 1 });
    near(under.cost.perRequest, (200000 * 1.25 + 1000 * 10) / 1e6); // $0.26
    near(over.cost.perRequest, (200001 * 2.5 + 1000 * 15) / 1e6); // $0.5150025
    assert.equal(under.longContextTier, false);
    assert.equal(over.longContextTier, true);
    near(over.cost.perRequestBatch, (200001 * 0.625 * 2 + 1000 * 5 * 1.5) / 1e6);
  });

  it("multiplies the monthly figure by the calls per execution and the traffic", () => {
    const { cost } = computeCost({ price: gpt41, kind: "chat", inputTokens: { total: 1000, cacheablePrefix: 0 }, outputTokens: { cap: 100, assumed: 100 }, requestsPerDay: 50, multiplier: 4 });
    near(cost.monthly, ((1000 * 2 + 100 * 8) / 1e6) * 4 * 50 * 30);
  });

  it("prices embeddings on input only, batch jobs at batch rates and token counts at nothing", () => {
    near(computeCost({ price: gpt41, kind: "embedding", inputTokens: { total: 1000, cacheablePrefix: 0 }, outputTokens: { cap: null, assumed: 500 }, requestsPerDay: 1, multiplier: 1 }).cost.perRequest, 0.002);
    near(computeCost({ price: gpt41, kind: "batch", inputTokens: { total: 1000, cacheablePrefix: 0 }, outputTokens: { cap: 100, assumed: 100 }, requestsPerDay: 1, multiplier: 1 }).cost.perRequest, (1000 + 400) / 1e6);
    assert.equal(computeCost({ price: gpt41, kind: "count", inputTokens: { total: 1000, cacheablePrefix: 0 }, outputTokens: { cap: null, assumed: 0 }, requestsPerDay: 1, multiplier: 1 }).cost.perRequest, 0);
  });

  it("returns null, never 0, for a model with no price", () => {
    assert.deepEqual(computeCost({ price: null, kind: "chat", inputTokens: { total: 1000, cacheablePrefix: 0 }, outputTokens: { cap: 1, assumed: 1 }, requestsPerDay: 1, multiplier: 1 }).cost, {
      perRequest: null,
      perRequestCached: null,
      perRequestBatch: null,
      monthly: null,
    });
  });
});
