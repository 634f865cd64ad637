import { ts } from "../ts.ts";
import type { PromptMessage } from "../types.ts";
import type { ExternalValue } from "../resolve/values.ts";
import { isClientClass, propertyNames, splitClientPath, type AdapterContext, type ProviderAdapter, type RecognisedCall } from "./adapter.ts";
import { contentParts, ParamReader, readMessages, readModel, readOutputCap } from "./call-params.ts";

const METHODS: Record<string, { api: string; kind: RecognisedCall["kind"] }> = {
  "messages.create": { api: "messages.create", kind: "chat" },
  "messages.stream": { api: "messages.stream", kind: "chat" },
  "messages.countTokens": { api: "messages.countTokens", kind: "count" },
  "beta.messages.create": { api: "beta.messages.create", kind: "chat" },
  "beta.messages.stream": { api: "beta.messages.stream", kind: "chat" },
  "beta.messages.countTokens": { api: "beta.messages.countTokens", kind: "count" },
};

/** Anthropic's SDK: `new Anthropic()` then `messages.create({ model, system, messages, max_tokens })`. */
export const anthropicAdapter: ProviderAdapter = {
  sdk: "anthropic",
  modules: ["@anthropic-ai/sdk"],
  callNames: ["create", "stream", "countTokens"],
  recognise(callee: ExternalValue, context: AdapterContext): RecognisedCall | undefined {
    const path = splitClientPath(callee);
    if (!path.construction || !isClientClass(path.importName, ["Anthropic"])) return undefined;
    const names = propertyNames(path.rest);
    const method = names ? METHODS[names.join(".")] : undefined;
    if (!method) return undefined;
    const params = ParamReader.fromArgument(context.evaluator, context.node.arguments[0], { file: context.file });
    const { model, note } = readModel(params.get("model"));
    const messages: PromptMessage[] = [];
    const system = params.get("system");
    if (system) {
      const { parts, cacheMarker } = contentParts(context.evaluator, system);
      messages.push({ role: "system", parts, cacheMarker });
    }
    messages.push(...readMessages(context.evaluator, params.get("messages")));
    const call: RecognisedCall = {
      sdk: "anthropic",
      provider: "anthropic",
      api: method.api,
      kind: method.kind,
      model,
      messages,
      ...readOutputCap(params, ["max_tokens"]),
      outputCapParam: "max_tokens",
      // The API rejects a request without max_tokens, so a missing cap is a type error, not a cost risk.
      outputCapRequired: true,
    };
    if (note) call.modelNote = note;
    const layout = params.literalLayout();
    if (layout) {
      call.paramsObject = layout;
      call.capTemplate = "max_tokens: $N";
    }
    const written = params.written("system");
    if (written && ts.isPropertyAssignment(written.node)) {
      const initializer = written.node.initializer;
      call.systemParam = {
        offsets: written.offsets,
        valueOffsets: { start: initializer.getStart(), end: initializer.getEnd() },
        isString: system?.kind === "text",
      };
    } else if (written && ts.isShorthandPropertyAssignment(written.node)) {
      call.systemParam = { offsets: written.offsets, valueOffsets: written.offsets, isString: system?.kind === "text" };
    }
    return call;
  },
};
