import { ts } from "../ts.ts";
import { innerExpression } from "../inner-expression.ts";
import type { Evaluator } from "../resolve/evaluate.ts";
import { enclosingFunction, findDeclaration } from "../resolve/scope.ts";
import { fullyStaticText, toTextParts, unknown, type EvalScope, type ExternalValue, type ObjectValue, type Value } from "../resolve/values.ts";
import { propertyName } from "../resolve/members.ts";
import type { PromptMessage } from "../types.ts";
import { argumentScope, type AdapterContext, type ProviderAdapter, type RecognisedCall } from "./adapter.ts";
import { anthropicRequestCall } from "./anthropic.ts";
import { noteSelfHosted, ParamReader, readMessages, readModel, readOutputCap, withModel, type ModelRead } from "./call-params.ts";
import { addGeminiExtras, readContents, systemMessage } from "./google.ts";
import { endpointFromBody } from "./body-decided-endpoints.ts";
import { classifyEndpoint, ENDPOINT_TEXT_PATTERN, joinUrl, urlText, urlTexts, type LlmEndpoint, type UrlText } from "./llm-endpoints.ts";
import { openAiRequestCall } from "./openai.ts";
import { cohereHttpCall } from "./mistral-cohere.ts";
import { callsGivenFetcher, isFetcherName, urlLeftToCallers } from "./given-fetchers.ts";
import { NODE_HTTP_PROTOCOLS, nodeRequestArguments, urlExpressions, writtenChunks } from "./node-http-requests.ts";

/** The module a callee of the global `fetch` is given, as if it were imported from a package of that name. */
export const GLOBAL_FETCH_MODULE = "(global fetch)";

type HttpClient = "fetch" | "axios" | "ky" | "got" | "node-http";

const CLIENT_MODULES: Record<string, HttpClient> = {
  [GLOBAL_FETCH_MODULE]: "fetch",
  "node-fetch": "fetch",
  "cross-fetch": "fetch",
  undici: "fetch",
  // `fetchEventSource(url, { method, body, headers, onmessage })`: fetch's arguments, streamed as server-sent events.
  "@microsoft/fetch-event-source": "fetch",
  "@fortaine/fetch-event-source": "fetch",
  axios: "axios",
  ky: "ky",
  got: "got",
  ...Object.fromEntries(Object.keys(NODE_HTTP_PROTOCOLS).map((module) => [module, "node-http" as const])),
};

/** What a request is made of, whichever client sends it. */
interface HttpRequest {
  client: HttpClient;
  /** `fetch`, `axios.post`, `ky`: how the report names the call. */
  verb: string;
  /** The URLs it may go to: one per alternative of the value (a `let` set on each branch). */
  urls: UrlText[];
  /** POST, another method, or unknown at analysis time (then a body says it is not a GET). */
  method: string | null | undefined;
  body: Value | undefined;
  /** Options written in full with no body (`fetch(url, { method: "POST", signal })`): a probe, which generates nothing. */
  bodyAbsent?: true;
  bodyLabel: string;
  /** The expressions the URL is made of, when not the first argument (Node's `request` options). */
  urlNodes?: ts.Expression[];
}

/**
 * Requests sent without an SDK: `fetch`, axios, ky and got POSTs to a known LLM endpoint (see
 * classifyEndpoint). The JSON body is read like the parameters of the SDK method the endpoint serves,
 * so the same rules and prices apply; the vendor comes from the host, as for an SDK client's baseURL.
 */
export const httpRequestAdapter: ProviderAdapter = {
  sdk: "http",
  modules: Object.keys(CLIENT_MODULES),
  callNames: ["fetch", "fetchEventSource", "post", "request", "axios", "ky", "got"],
  textGate: ENDPOINT_TEXT_PATTERN,
  recognise(callee: ExternalValue, context: AdapterContext): RecognisedCall | undefined {
    const client = CLIENT_MODULES[callee.module];
    const request = client ? readHttpRequest(client, callee, context) : undefined;
    // A POST with no body (a health probe of a model server) cannot generate anything.
    if (!request || !isPost(request) || request.bodyAbsent) return undefined;
    // The first alternative that is an LLM endpoint the body fits: the other branches go elsewhere (an image
    // or a usage path), or to an endpoint of another shape (`isText ? \`${base}/completions\` : \`${base}/chat/completions\``
    // with a body of `messages`: SillyTavern's chat route). One the URL names comes before one known only at
    // run time, which the body has to decide.
    const endpoints = request.urls.flatMap((url) => classifyEndpoint(url, context.endpoints) ?? []);
    const named = endpoints.filter((candidate) => !candidate.bodyDecided);
    const urlNodes = request.urlNodes ?? context.node.arguments.slice(0, 1);
    for (const endpoint of named.length > 0 ? named : endpoints.slice(0, 1)) {
      // `fetch(url, ...)` in a function given `url`, read alone: its call sites say where it goes.
      if (endpoint.bodyDecided && urlNodes.some((url) => urlLeftToCallers(url, argumentScope(context)))) return undefined;
      const call = endpointCall(endpoint, request, context);
      if (call) return call;
    }
    return undefined;
  },
};

/**
 * A callee read as `fetch(url, init)`, as an access path the adapter sees as it sees `import fetch from
 * "node-fetch"`: the global `fetch` (also `globalThis.fetch`, `window.fetch`), or a method or function
 * of the project named `fetch` that is not itself a wrapper with its own request (`this.fetch(url,
 * init)` of a base class adding proxies and retries, `import { fetch } from "@/utils/stream"` choosing
 * between a desktop bridge and `window.fetch`): what it sends is in its arguments.
 */
export function fetchShapedCallee(expression: ts.Expression, evaluated: Value, isWrapper: (node: ts.Node) => boolean): ExternalValue | undefined {
  const fetchCallee: ExternalValue = { kind: "external", module: GLOBAL_FETCH_MODULE, steps: [] };
  // A fetcher the function around the call is given (`fetcher(input, init)`), whatever it may be at run time.
  const call = expression.parent;
  const fn = ts.isIdentifier(expression) && isFetcherName(expression.text) && ts.isCallExpression(call) && call.expression === expression ? enclosingFunction(call) : undefined;
  if (fn && callsGivenFetcher(call as ts.CallExpression, fn)) return evaluated.kind === "function" && isWrapper(evaluated.node) ? undefined : fetchCallee;
  if (evaluated.kind === "function") {
    // The name first: every call of a project function comes through here, and only `fetch` can be one.
    if (ts.isPropertyAccessExpression(expression)) return expression.name.text === "fetch" && !isWrapper(evaluated.node) ? fetchCallee : undefined;
    // A function the project declares as `fetch`: taken for fetch only when it hands its arguments on to the global one.
    return ts.isIdentifier(expression) && expression.text === "fetch" && !isWrapper(evaluated.node) && delegatesToGlobalFetch(evaluated.node) ? fetchCallee : undefined;
  }
  if (evaluated.kind !== "unknown") return undefined;
  if (ts.isPropertyAccessExpression(expression) && expression.name.text === "fetch") return fetchCallee;
  return ts.isIdentifier(expression) && expression.text === "fetch" && !findDeclaration("fetch", expression) ? fetchCallee : undefined;
}

/** Whether a function's body calls the global fetch (`window.fetch(url, options)`, `globalThis.fetch`, an undeclared `fetch`). */
function delegatesToGlobalFetch(fn: ts.Node): boolean {
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === "fetch" && ts.isIdentifier(callee.expression) && GLOBAL_OBJECTS.has(callee.expression.text)) found = true;
      else if (ts.isIdentifier(callee) && callee.text === "fetch" && !findDeclaration("fetch", callee)) found = true;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(fn, visit);
  return found;
}

const GLOBAL_OBJECTS = new Set(["window", "globalThis", "self"]);

/** The URL, method and body of a call, by client: each takes them in its own argument positions. */
function readHttpRequest(client: HttpClient, callee: ExternalValue, context: AdapterContext): HttpRequest | undefined {
  let steps = callee.steps;
  if (steps[0]?.kind === "property" && steps[0].name === "default") steps = steps.slice(1);
  // An instance with defaults: `axios.create({ baseURL })`, `ky.create({ prefixUrl })`, `got.extend({ prefixUrl })`.
  let base: UrlText | undefined;
  let defaults: ParamReader | undefined;
  while (steps[0]?.kind === "property" && (steps[0].name === "create" || steps[0].name === "extend") && steps[1]?.kind === "call") {
    const call = steps[1];
    defaults = ParamReader.fromArgument(context.evaluator, call.args[0], call.scope);
    const prefix = defaults.get("baseURL") ?? defaults.get("prefixUrl") ?? defaults.get("prefix");
    if (prefix) base = urlText(prefix);
    steps = steps.slice(2);
  }
  const method = steps[0];
  if (steps.length > 1 || (method && method.kind !== "property")) return undefined;
  const name = method?.kind === "property" ? method.name : undefined;
  const evaluator = context.evaluator;
  const scope = argumentScope(context);
  const args = context.node.arguments;
  const value = (index: number): Value | undefined => (args[index] ? evaluator.evaluate(args[index]!, scope) : undefined);
  const options = (index: number): ParamReader => ParamReader.fromArgument(evaluator, args[index], scope);
  const label = (index: number): string => (args[index] ? args[index]!.getText().replace(/\s+/g, " ").slice(0, 48) : "request body");
  switch (client) {
    case "fetch": {
      // `fetch(url, init)`; undici's `request(url, options)` and `fetchEventSource(url, init)` take the same.
      if (name !== undefined && name !== "fetch" && name !== "request" && name !== "fetchEventSource") return undefined;
      const init = options(1);
      const verb = name === "request" ? "undici.request" : name ?? "fetch";
      // Options known only at run time (`fetch(endpointUrl, config)` in a helper given `config`, SillyTavern's
      // retrying `makeRequest`): their method and body are too; a call site passing them says what they are.
      if (args[1] && !init.object && value(1)?.kind === "unknown") return { client, verb, urls: urlsOf(value(0)), method: null, body: unknown(label(1)), bodyLabel: label(1) };
      const bodyNode = propertyInitializer(init, "body");
      const bodyAbsent = init.object !== undefined && init.mayBeSet("body") === undefined;
      return { client, verb, urls: urlsOf(value(0)), method: methodOf(init), body: bodyNode ? requestBody(evaluator, bodyNode) : sentObject(init.get("body")), ...(bodyAbsent ? { bodyAbsent } : {}), bodyLabel: bodyNode?.expression.getText().slice(0, 48) ?? label(1) };
    }
    case "axios": {
      if (name === "post") return { client, verb: "axios.post", urls: joinUrls(base, urlsOf(value(0))), method: "POST", body: bodyValue(evaluator, args[1], scope), ...(args.length < 2 ? { bodyAbsent: true as const } : {}), bodyLabel: label(1) };
      // `axios(config)`, `axios(url, config)`, `axios.request(config)`: the method and data in the config.
      if (name !== undefined && name !== "request") return undefined;
      const first = value(0);
      const urlInFirst = first !== undefined && (first.kind === "text" || first.kind === "unknown");
      const config = urlInFirst ? options(1) : options(0);
      const url = urlInFirst ? first : config.get("url");
      const dataNode = propertyInitializer(config, "data");
      return { client, verb: name === "request" ? "axios.request" : "axios", urls: joinUrls(base, urlsOf(url)), method: methodOf(config) ?? defaults?.string("method"), body: dataNode ? requestBody(evaluator, dataNode) : config.get("data"), bodyLabel: dataNode?.expression.getText().slice(0, 48) ?? "data" };
    }
    case "ky":
    case "got": {
      if (name !== undefined && name !== "post") return undefined;
      const init = options(1);
      const jsonNode = propertyInitializer(init, "json") ?? propertyInitializer(init, "body");
      const body = jsonNode ? requestBody(evaluator, jsonNode) : init.get("json") ?? init.get("body");
      return { client, verb: name ? `${client}.post` : client, urls: joinUrls(base, urlsOf(value(0))), method: name === "post" ? "POST" : methodOf(init), body, bodyLabel: jsonNode?.expression.getText().slice(0, 48) ?? label(1) };
    }
    case "node-http":
      return name === "request" ? nodeHttpRequest(callee.module, context) : undefined;
  }
}

/**
 * Node's `http.request` / `https.request`: the URL from a URL argument or the options' protocol, host, port
 * and path; a GET unless the options say otherwise; the body what is written on the request it returns.
 */
function nodeHttpRequest(module: string, context: AdapterContext): HttpRequest {
  const evaluator = context.evaluator;
  const scope = argumentScope(context);
  const written = nodeRequestArguments(context.node);
  const options = ParamReader.fromArgument(evaluator, written.options, scope);
  const verb = `${module.replace(/^node:/, "")}.request`;
  const urls = written.url ? urlsOf(evaluator.evaluate(written.url, scope)) : [optionsUrl(options, NODE_HTTP_PROTOCOLS[module]!)];
  const chunks = writtenChunks(context.node);
  const chunk = chunks.length === 1 ? chunks[0]! : undefined;
  // Several chunks make one body together, which no one of them is.
  const body = chunk ? bodyValue(evaluator, chunk, scope) : chunks.length > 1 ? unknown("request body") : undefined;
  return { client: "node-http", verb, urls, method: methodOf(options), body, bodyLabel: chunk ? chunk.getText().replace(/\s+/g, " ").slice(0, 48) : "request body", urlNodes: urlExpressions(context.node) };
}

/** The URL Node's request options make: `protocol//hostname:port` then `path`, each part known or run-time. */
function optionsUrl(options: ParamReader, defaultProtocol: string): UrlText {
  const part = (name: string): UrlText | undefined => {
    const value = options.get(name);
    return value ? urlText(value) : undefined;
  };
  const protocol = options.string("protocol") ?? defaultProtocol;
  const host = part("hostname") ?? part("host") ?? { text: "localhost", labels: [] };
  const port = options.get("port");
  const portText = port?.kind === "number" ? String(port.value) : port ? fullyStaticText(port) : undefined;
  const defaultPort = protocol === "https:" ? "443" : "80";
  const path = part("path") ?? { text: "/", labels: [] };
  const portPart = portText && portText !== defaultPort ? `:${portText}` : "";
  return { text: `${protocol}//${host.text}${portPart}${path.text}`, labels: [...host.labels, ...path.labels] };
}

function urlsOf(value: Value | undefined): UrlText[] {
  return value ? urlTexts(value) : [{ text: "", labels: [] }];
}

function joinUrls(base: UrlText | undefined, urls: UrlText[]): UrlText[] {
  return urls.map((url) => joinUrl(base, url));
}

/** The `method` option: its text, null when not known statically, undefined when absent (a GET). */
function methodOf(options: ParamReader): string | null | undefined {
  const method = options.get("method");
  if (!method) return undefined;
  return fullyStaticText(method)?.toUpperCase() ?? null;
}

/** A POST, or a method known only at run time with a body (a GET cannot have one). */
function isPost(request: HttpRequest): boolean {
  if (request.method === "POST") return true;
  return request.method === null && request.body !== undefined;
}

/** Where an options object literal sets a property, and the scope to read it in. */
interface WrittenProperty {
  expression: ts.Expression;
  scope: EvalScope;
}

/**
 * The expression an options object literal sets a property to, to read a body from what is written: in
 * the literal, or in an object literal it spreads (`{ ...chatPayload, onmessage }`); later ones win.
 */
function propertyInitializer(options: ParamReader, name: string): WrittenProperty | undefined {
  return options.object ? writtenProperty(options.evaluator, options.object, name, 0) : undefined;
}

function writtenProperty(evaluator: Evaluator, object: ObjectValue, name: string, depth: number): WrittenProperty | undefined {
  const properties = object.node.properties;
  for (let index = properties.length - 1; index >= 0; index--) {
    const property = properties[index]!;
    if (ts.isSpreadAssignment(property)) {
      if (depth >= 3) continue;
      const spread = evaluator.evaluate(property.expression, object.scope);
      const found = spread.kind === "object" ? writtenProperty(evaluator, spread, name, depth + 1) : undefined;
      if (found) return found;
      continue;
    }
    if (propertyName(property) !== name) continue;
    if (ts.isPropertyAssignment(property)) return { expression: property.initializer, scope: object.scope };
    if (ts.isShorthandPropertyAssignment(property)) return { expression: property.name, scope: object.scope };
    return undefined;
  }
  return undefined;
}

/** A body as written in the options: `JSON.stringify({...})` read as the object it sends. */
function requestBody(evaluator: Evaluator, written: WrittenProperty): Value | undefined {
  return bodyValue(evaluator, written.expression, written.scope);
}

/**
 * The object a request body sends: the argument of `JSON.stringify(...)` written at the call or in a
 * local const (`const body = JSON.stringify({...})`), or an object passed as is (axios `data`, ky `json`).
 */
function bodyValue(evaluator: Evaluator, expression: ts.Expression | undefined, scope: EvalScope | undefined): Value | undefined {
  if (!expression || !scope) return undefined;
  let target = innerExpression(expression);
  for (let hops = 0; hops < 3 && ts.isIdentifier(target); hops++) {
    const declaration = findDeclaration(target.text, target);
    if (declaration?.kind !== "variable" || declaration.path.length > 0 || !declaration.node.initializer || declaration.node.getSourceFile() !== target.getSourceFile()) break;
    target = innerExpression(declaration.node.initializer);
  }
  if (ts.isCallExpression(target) && isJsonStringify(target.expression) && target.arguments[0]) return evaluator.evaluate(target.arguments[0], scope);
  return sentObject(evaluator.evaluate(expression, scope));
}

/** A body value as sent: what `JSON.stringify` was given, when that is known (`{ ...payload, onmessage }` spreads a `body` made elsewhere). */
function sentObject(value: Value | undefined): Value | undefined {
  return value?.kind === "unknown" && value.stringified ? value.stringified : value;
}

function isJsonStringify(expression: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(expression) && expression.name.text === "stringify" && ts.isIdentifier(expression.expression) && expression.expression.text === "JSON";
}

/** The request read from its body as the endpoint's API reads it. */
function endpointCall(urlEndpoint: LlmEndpoint, request: HttpRequest, context: AdapterContext): RecognisedCall | undefined {
  const evaluator = context.evaluator;
  const params = new ParamReader(evaluator, request.body?.kind === "object" ? request.body : undefined);
  const endpoint = urlEndpoint.bodyDecided ? endpointFromBody(urlEndpoint, params) : urlEndpoint;
  if (!endpoint || (endpoint.needsBodyEvidence && !readsAsRequestOf(endpoint, params))) return undefined;
  const api = `${request.verb} ${endpoint.path}`;
  const model = endpointModel(params, endpoint);
  let call: RecognisedCall;
  switch (endpoint.api) {
    case "openai":
      call = openAiRequestCall(params, { sdk: "http", api, kind: endpoint.kind, shape: endpoint.shape ?? "chat", provider: endpoint.provider, model }, context);
      break;
    case "anthropic":
      call = withModel(anthropicRequestCall(params, { sdk: "http", api, kind: "chat", provider: endpoint.provider }, context), model);
      break;
    case "gemini":
      call = geminiCall(params, api, endpoint, model, context);
      break;
    case "ollama":
      call = ollamaCall(params, api, endpoint, model, context);
      break;
    case "cohere":
      call = withModel(cohereHttpCall(params, api, endpoint.path, context), model);
      break;
  }
  if (!params.object) {
    // A body only known at run time: the whole request is one part of assumed size, never nothing.
    call.messages.push({ role: "user", parts: [{ kind: "dynamic", label: request.bodyLabel, collection: { bounded: false } }], cacheMarker: false, opaque: true });
  }
  if (endpoint.providerNote) call.modelNote = [call.modelNote, endpoint.providerNote].filter(Boolean).join("; ");
  return call;
}

/**
 * Whether a body reads as the request of the endpoint's API, for a path other servers use too (an
 * unknown host's `/responses`, a run-time base's `messages` or `api/chat`): the keys only that API takes.
 */
function readsAsRequestOf(endpoint: LlmEndpoint, params: ParamReader): boolean {
  switch (endpoint.api) {
    case "openai":
      return params.names("model") && (params.names("input") || (endpoint.shape === "completions" && params.names("prompt")));
    case "anthropic":
      return params.names("messages") && (params.names("system") || params.names("max_tokens"));
    case "ollama":
      // `images` beside `prompt` is /api/generate's (a vision model captioning: SillyTavern's Ollama route).
      return params.names("model") && (params.names("messages") || params.names("prompt") || params.names("input")) && ["options", "keep_alive", "format", "raw", "think", "images"].some((key) => params.names(key));
    case "gemini":
    case "cohere":
      return true;
  }
}

/** The body's `model`, else the one the URL names (Gemini's path, Azure's deployment). */
function endpointModel(params: ParamReader, endpoint: LlmEndpoint): ModelRead {
  const inBody = params.get("model");
  const inUrl = endpoint.urlModel;
  if (inBody || !inUrl) return readModel(inBody, params.object ? undefined : "the request body is not known statically");
  if (inUrl.text !== null) return inUrl.deployment ? { model: inUrl.text, note: "the Azure deployment name, taken as the model" } : { model: inUrl.text };
  return { model: null, note: `not known statically: ${inUrl.label}` };
}

/**
 * Gemini's REST body: `contents`, `systemInstruction`, `generationConfig` (the model is in the URL);
 * `:embedContent` sends one `content`, `:batchEmbedContents` a list of `requests`, each with its content.
 */
function geminiCall(params: ParamReader, api: string, endpoint: LlmEndpoint, model: ModelRead, context: AdapterContext): RecognisedCall {
  const evaluator = context.evaluator;
  if (endpoint.kind === "embedding") {
    const requests = params.get("requests");
    const inputs = requests?.kind === "array" ? requests.elements.map((request) => (request.kind === "object" ? new ParamReader(evaluator, request).get("content") : request)) : [requests ?? params.get("content")];
    const messages = inputs.flatMap((input) => (input ? readContents(evaluator, input) : []));
    return withModel<RecognisedCall>({ sdk: "http", provider: endpoint.provider, api, kind: "embedding", model: null, messages, hasOutputCap: true, outputCap: 0, outputCapParam: "", outputCapRequired: true }, model);
  }
  const messages: PromptMessage[] = [];
  const system = params.get("systemInstruction") ?? params.get("system_instruction");
  if (system) messages.push(systemMessage(evaluator, system));
  messages.push(...readContents(evaluator, params.get("contents")));
  const config = params.has("generationConfig") ? params.nested("generationConfig") : params.nested("generation_config");
  const call = withModel<RecognisedCall>(
    { sdk: "http", provider: endpoint.provider, api, kind: "chat", model: null, messages, ...readOutputCap(config, ["maxOutputTokens", "max_output_tokens"]), outputCapParam: "generationConfig.maxOutputTokens", outputCapRequired: false },
    model,
  );
  addGeminiExtras(call, context, config);
  return call;
}

/** Ollama's `/api/chat` (`messages`), `/api/generate` (`system`, `prompt`), `/api/embed` (`input`) and `/api/embeddings` (`prompt`); the cap is `options.num_predict`. */
export function ollamaCall(params: ParamReader, api: string, endpoint: Pick<LlmEndpoint, "kind" | "path" | "provider">, model: ModelRead, context: AdapterContext, sdk: "http" | "ollama" = "http"): RecognisedCall {
  const evaluator = context.evaluator;
  const messages: PromptMessage[] = [];
  if (endpoint.kind === "embedding") {
    const input = params.get("input") ?? params.get("prompt");
    const inputs = input?.kind === "array" ? input.elements : input ? [input] : [];
    messages.push(...inputs.map((element) => ({ role: "user" as const, parts: toTextParts(element), cacheMarker: false })));
    return noteSelfHostedOn(withModel<RecognisedCall>({ sdk, provider: endpoint.provider, api, kind: "embedding", model: null, messages, hasOutputCap: true, outputCap: 0, outputCapParam: "", outputCapRequired: true }, model));
  }
  if (endpoint.path === "/api/generate") {
    // Texts, not conversations: a prompt only known at run time is one text of assumed size, never a
    // history re-sent whole (a collection joined into it still is one).
    const system = params.get("system");
    if (system) messages.push({ role: "system", parts: toTextParts(system), cacheMarker: false });
    const prompt = params.get("prompt");
    if (prompt) messages.push({ role: "user", parts: toTextParts(prompt), cacheMarker: false });
  } else {
    messages.push(...readMessages(evaluator, params.get("messages")));
  }
  const call = withModel<RecognisedCall>(
    { sdk, provider: endpoint.provider, api, kind: "chat", model: null, messages, ...readOutputCap(params.nested("options"), ["num_predict"]), outputCapParam: "options.num_predict", outputCapRequired: false },
    model,
  );
  return noteSelfHostedOn(call);
}

function noteSelfHostedOn(call: RecognisedCall): RecognisedCall {
  noteSelfHosted(call);
  return call;
}
