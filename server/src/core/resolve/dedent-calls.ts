// Packages whose function returns the text it is given without its common indentation: `dedent(prompt)`,
// `stripIndent(prompt)`. The text is what is sent, give or take indentation, as with their tagged templates
// (`dedent\`...\``, read in evaluate.ts).
import type { ts } from "../ts.ts";
import type { Evaluator } from "./evaluate.ts";
import type { EvalScope, ExternalValue, Value } from "./values.ts";

/** Per package, the member paths that are such a function ("" for the module itself, as `require("dedent")`). */
const DEDENT_FUNCTIONS: Readonly<Record<string, ReadonlySet<string>>> = {
  dedent: new Set(["", "default"]),
  "ts-dedent": new Set(["", "default", "dedent"]),
  outdent: new Set(["", "default", "outdent"]),
  "common-tags": new Set(["stripIndent", "stripIndents"]),
};

/** `dedent(text)`: the text (or what is known of it), or undefined when the call is no such function's. */
export function evaluateDedentCall(evaluator: Evaluator, target: ExternalValue, node: ts.CallExpression, scope: EvalScope): Value | undefined {
  const functions = DEDENT_FUNCTIONS[target.module];
  const [argument] = node.arguments;
  if (!functions || !argument || node.arguments.length !== 1) return undefined;
  const names: string[] = [];
  for (const step of target.steps) {
    if (step.kind !== "property") return undefined;
    names.push(step.name);
  }
  if (!functions.has(names.join("."))) return undefined;
  const text = evaluator.evaluate(argument, scope);
  return text.kind === "text" || text.kind === "unknown" ? text : undefined;
}
