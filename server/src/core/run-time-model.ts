// The last steps in deciding a call's model when the code leaves it to run time: the call's own
// `// promptcost: model=ID` comment wins over everything, `defaults.model` is the fallback when nothing
// else says which model runs. Either way the model is an assumption, said in the hover and the report.
import * as path from "node:path";
import { normaliseExpression } from "./resolve/run-time-values.ts";
import type { AnalysisSettings } from "./settings.ts";
import type { LlmCall, StatedSource } from "./types.ts";

/** The model a `// promptcost: model=ID` comment names, in place of whatever the code gives. */
export function withAnnotatedModel(call: LlmCall, model: string): LlmCall {
  call.model = model;
  delete call.modelCandidates;
  delete call.candidateProviders;
  delete call.modelSource;
  call.modelAssumption = { kind: "annotation" };
  call.modelNote = describeModelSource(call.modelAssumption, model, call.file);
  return call;
}

/**
 * The model a `// promptcost: model=ID` comment above a wrapper's request names, for a call of the wrapper
 * that leaves the model to run time: one comment where the request is written speaks for every such
 * caller. A caller that passes its model keeps it; its own comment still wins (withAnnotatedModel).
 */
export function withWrapperSiteModel<T extends Pick<LlmCall, "model" | "modelCandidates" | "modelSource" | "modelAssumption" | "modelNote">>(call: T, model: string, site: { file: string; line: number }): T {
  if (call.model !== null) return call;
  const { modelCandidates: _candidates, candidateProviders: _providers, modelSource: _source, ...rest } = call as T & Pick<LlmCall, "candidateProviders">;
  return { ...rest, model, modelAssumption: { kind: "annotation", file: site.file }, modelNote: `set by // promptcost: model=${model} at ${path.basename(site.file)}:${site.line}` } as T;
}

/**
 * For a call whose model nothing states: the config's `env` value for the expression the model comes from
 * (the key no-unknown-model names, such as `"primaryModel.model"`, which may be a value built inside the
 * project's helpers rather than a property read written anywhere), else `defaults.model`. The note says
 * where a stated model came from.
 */
export function withRunTimeModel(call: LlmCall, settings: AnalysisSettings): LlmCall {
  const configured = call.model === null && call.kind !== "count" ? configuredFor(call.modelSource?.expression, settings.env) : undefined;
  if (configured) {
    call.model = configured.model;
    delete call.modelSource;
    call.modelAssumption = { kind: "config-env", name: configured.key };
  } else if (call.model === null && settings.defaultModel !== undefined && call.kind !== "count") {
    call.model = settings.defaultModel;
    call.modelAssumption = { kind: "defaults-model" };
  }
  const assumption = call.modelAssumption;
  if (assumption && call.model !== null && assumption.kind !== "code-fallback" && assumption.kind !== "annotation") {
    call.modelNote = describeModelSource(assumption, call.model, call.file);
  }
  return call;
}

/** The config's `env` entry whose key names `expression`; a key that is an env variable's name is read where the variable is. */
function configuredFor(expression: string | undefined, env: AnalysisSettings["env"]): { key: string; model: string } | undefined {
  if (expression === undefined || env === undefined) return undefined;
  const wanted = normaliseExpression(expression);
  const key = Object.keys(env).find((candidate) => candidate.includes(".") && normaliseExpression(candidate) === wanted);
  return key !== undefined && env[key] ? { key, model: env[key] } : undefined;
}

/** One line for the hover: where an assumed model comes from, paths relative to the call's file. */
export function describeModelSource(source: StatedSource, model: string, callFile: string): string {
  switch (source.kind) {
    case "env-file":
      return `assumed: ${source.name}=${model} from ${source.file ? relativePath(callFile, source.file) : "an env example file"}`;
    case "config-env":
      return `assumed: ${source.name}=${model} from "env" in promptcost.config.json`;
    case "defaults-model":
      return `assumed: defaults.model=${model} in promptcost.config.json (the code does not say which model runs)`;
    case "annotation":
      return `set by // promptcost: model=${model}`;
    case "code-fallback":
      return `fallback of ${source.name}`;
  }
}

function relativePath(fromFile: string, file: string): string {
  return path.relative(path.dirname(fromFile), file).split(path.sep).join("/");
}
