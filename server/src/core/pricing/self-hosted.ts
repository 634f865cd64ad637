import type { ModelPrice } from "./price-types.ts";
import { unlistedModelPrice } from "./price-table.ts";

/** Vendors that are servers of the user's own: no per-token price unless `pricing.overrides` sets one. */
const SELF_HOSTED_PROVIDERS = new Set(["ollama", "local"]);

/** A zero price for a self-hosted model, so it is shown as costing nothing rather than as unknown. */
export function selfHostedPrice(provider: string, model: string): ModelPrice | null {
  if (!SELF_HOSTED_PROVIDERS.has(provider)) return null;
  return unlistedModelPrice(model, provider, "self-hosted: no per-token price (set pricing.selfHosted to price it from its hardware)");
}
