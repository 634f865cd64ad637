// Mastra's agents: `new Agent({ name, instructions, model: openai("gpt-4o"), tools }).generate(messages,
// { maxSteps })`, also `stream`. The model is an AI SDK model, or a `"openai/gpt-4o"` id of Mastra's model
// router, read as the AI SDK's are; the instructions are the system prompt; the first argument is what the user
// says (a string, a message, or an array of them). The output cap sits under `modelSettings` (of the call, or
// of the agent's default options); no fix is offered for a missing one.
import { argumentScope, splitClientPath, type AdapterContext, type ProviderAdapter, type RecognisedCall } from "./adapter.ts";
import { ParamReader, readOutputCap } from "./call-params.ts";
import { AI_SDK_CAP_NAMES, readRequest } from "./vercel-ai.ts";
import type { ExternalValue } from "../resolve/values.ts";
import { isMockModel } from "../test-doubles.ts";

const AGENT_METHODS = new Set(["generate", "stream", "generateVNext", "streamVNext"]);

export const mastraAdapter: ProviderAdapter = {
  sdk: "mastra",
  modules: ["@mastra/core", "@mastra/core/agent"],
  callNames: [...AGENT_METHODS],
  recognise(callee: ExternalValue, context: AdapterContext): RecognisedCall | undefined {
    const path = splitClientPath(callee);
    const [method, ...extra] = path.rest;
    if (!path.construction || path.importName !== "Agent" || extra.length > 0 || method?.kind !== "property" || !AGENT_METHODS.has(method.name)) return undefined;
    const evaluator = context.evaluator;
    const settings = ParamReader.fromArgument(evaluator, path.construction.args[0], path.construction.scope);
    if (isMockModel(settings.get("model"))) return undefined;
    const scope = argumentScope(context);
    const options = ParamReader.fromArgument(evaluator, context.node.arguments[1], scope);
    const said = context.node.arguments[0];
    const prompt = said ? evaluator.evaluate(said, scope) : undefined;
    const call = readRequest(`Agent.${method.name}`, "chat", settings, options, context, { sdk: "mastra", prompt });
    // The cap of the call's options, else of the agent's default options for the method.
    const defaults = settings.nested(method.name.startsWith("stream") ? "defaultStreamOptions" : "defaultGenerateOptions");
    const cap = [options, defaults].map((reader) => readOutputCap(reader.nested("modelSettings"), AI_SDK_CAP_NAMES)).find((read) => read.hasOutputCap);
    if (cap) {
      call.hasOutputCap = true;
      call.outputCap = cap.outputCap;
      call.outputCapSetBy = `modelSettings.${cap.outputCapSetBy}`;
    }
    call.outputCapParam = "modelSettings.maxOutputTokens";
    delete call.paramsObject;
    delete call.capTemplate;
    return call;
  },
};
