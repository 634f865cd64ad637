// A language model class the project writes itself: a custom AI SDK provider whose models are instances of
// its own class (`class Mem0GenericLanguageModel implements LanguageModelV3 { constructor(public readonly
// modelId: string, ...) } ... async doGenerate(options) { ... } }`), handed to `generateText({ model })`.
import { ts } from "../ts.ts";
import type { Evaluator } from "../resolve/evaluate.ts";
import { getProperty } from "../resolve/members.ts";
import type { InstanceValue, Value } from "../resolve/values.ts";
import { modelText, type ModelText } from "./model-text.ts";

/** What a model does: a class defining one of these is a language model the AI SDK calls. */
const MODEL_METHODS = new Set(["doGenerate", "doStream"]);

/**
 * The model id an instance of the project's own model class was built with (its `modelId`), and the vendor
 * its `provider` names when that is one of `vendors` (a custom provider forwarding to `"cohere"`); undefined
 * when the value is not such an instance or its id is not known.
 */
export function projectModel(evaluator: Evaluator, value: Value, vendors: ReadonlySet<string>): (ModelText & { provider: string }) | undefined {
  if (value.kind !== "instance" || !definesModelMethods(value)) return undefined;
  const id = modelText(getProperty(evaluator, value, "modelId"));
  if (!id) return undefined;
  const named = modelText(getProperty(evaluator, value, "provider"))?.model.split(".")[0];
  return { ...id, provider: named !== undefined && vendors.has(named) ? named : "unknown" };
}

function definesModelMethods(value: InstanceValue): boolean {
  return value.node.members.some((member) => ts.isMethodDeclaration(member) && member.name !== undefined && ts.isIdentifier(member.name) && MODEL_METHODS.has(member.name.text));
}
