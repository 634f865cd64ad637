/**
 * no-unknown-model
 *
 * A call whose model is not in the price table, or is not known statically.
 *
 * Why it matters: its cost cannot be shown, so it is reported as unknown, never as $0, and it is left
 * out of the monthly total. Add the model with `pricing.overrides` or map it with `pricing.aliases`.
 */
import type { Rule } from "./rule.ts";

export const noUnknownModel: Rule = {
  id: "no-unknown-model",
  description: "Every call's model has a price",
  defaultSeverity: "warning",
  fixable: false,
  checkCall(priced) {
    const { call } = priced;
    if (priced.price || call.kind === "count") return [];
    if (call.model === null) {
      const why = call.modelNote ? ` (${call.modelNote})` : "";
      return [{ message: `The model is not known statically${why}, so this call's cost is unknown.`, offsets: call.offsets }];
    }
    return [
      {
        message: `"${call.model}" is not in the ${call.provider} price table, so this call's cost is unknown. Add it under pricing.overrides or map it with pricing.aliases.`,
        offsets: call.offsets,
      },
    ];
  },
};
