// Functions the config's `wrappers` names, for what cannot be inferred (a wrapper from a package, dynamic
// dispatch): the prompt and model read from the configured argument positions.
import * as path from "node:path";
import { findDeclaration } from "../resolve/scope.ts";
import { fullyStaticText, toTextParts, type EvalScope, type Value } from "../resolve/values.ts";
import { ts } from "../ts.ts";
import type { ParsedFile } from "../workspace/workspace.ts";
import type { RecognisedCall } from "./adapter.ts";
import { readModel, withModel } from "./call-params.ts";
import type { CallRecogniser } from "./recognise.ts";

/** A wrapper named in the config's `wrappers` for what cannot be inferred (a wrapper from a package, dynamic dispatch). */
export interface WrapperSetting {
  function: string;
  /** A package name, or a path (relative to the project, extension optional) of the module that exports it. */
  module?: string;
  promptArg?: number;
  modelArg?: number;
  provider?: string;
  model?: string;
}

/**
 * A call to a function named in the config's `wrappers`: the prompt and model from the configured
 * argument positions, the vendor from the entry (the SDK inside the wrapper is not visible).
 */
export function recogniseConfigured(recogniser: CallRecogniser, node: ts.CallExpression, file: ParsedFile, scope: EvalScope, name: string): RecognisedCall | undefined {
  const origin = importOrigin(node.expression, name);
  const setting = recogniser.configured.find((wrapper) => wrapper.function === (origin?.imported ?? name) && moduleMatches(recogniser, wrapper, file, origin?.specifier));
  if (!setting) return undefined;
  const argument = (index: number | undefined): Value | undefined => {
    const expression = index === undefined ? undefined : node.arguments[index];
    return expression ? recogniser.evaluator.evaluate(expression, scope) : undefined;
  };
  const prompt = argument(setting.promptArg);
  const modelValue = argument(setting.modelArg);
  const model = modelValue && fullyStaticText(modelValue) !== undefined ? readModel(modelValue) : setting.model ? { model: setting.model, note: "from the wrappers config" } : readModel(modelValue, "set no model in the wrappers config");
  return withModel<RecognisedCall>(
    {
      sdk: "custom",
      provider: setting.provider ?? "unknown",
      api: setting.function,
      kind: "chat",
      model: null,
      messages: [{ role: "user", parts: prompt ? toTextParts(prompt) : [{ kind: "dynamic", label: `${setting.function} prompt` }], cacheMarker: false }],
      // The cap is set inside the wrapper, which is not visible: assumed as the default output.
      hasOutputCap: true,
      outputCap: null,
      outputCapParam: "",
      outputCapRequired: true,
    },
    model,
  );
}

export function moduleMatches(recogniser: CallRecogniser, setting: WrapperSetting, file: ParsedFile, specifier: string | undefined): boolean {
  if (!setting.module) return true;
  if (specifier === undefined) {
    // Declared in this very file.
    return stripExtension(file.path).endsWith(normaliseModule(setting.module));
  }
  if (specifier === setting.module) return true;
  const resolved = recogniser.evaluator.workspace.resolver.resolve(file.path, specifier);
  if (!resolved) return false;
  const wanted = normaliseModule(setting.module);
  const target = stripExtension(resolved);
  return target.endsWith(wanted) || target.endsWith(`${wanted}/index`);
}

/** The import a callee's root identifier comes from: `callLLM` of `import { callLLM } from "./llm"`, or `llm.callLLM` of a namespace. */
export function importOrigin(expression: ts.Expression, name: string): { specifier: string; imported: string } | undefined {
  const root = ts.isPropertyAccessExpression(expression) ? expression.expression : expression;
  if (!ts.isIdentifier(root)) return undefined;
  const declaration = findDeclaration(root.text, root);
  if (declaration?.kind !== "import") return undefined;
  const specifier = (declaration.node.moduleSpecifier as ts.StringLiteral).text;
  if (declaration.importedName === null || root !== expression) return { specifier, imported: name };
  return { specifier, imported: declaration.importedName };
}

export function stripExtension(file: string): string {
  return file.replace(/\.[cm]?[jt]sx?$/, "").split(path.sep).join("/");
}

export function normaliseModule(module: string): string {
  return stripExtension(module.replace(/^\.\//, "")).replace(/\/$/, "");
}
