import { alternativesOf, type Value } from "../resolve/values.ts";
import { providerFromBaseUrl } from "./openai.ts";

/** The request body an endpoint takes: the parameters of which SDK's method it is read like. */
export type EndpointApi = "openai" | "anthropic" | "gemini" | "ollama" | "cohere";

/** A base URL the config names as an LLM endpoint (an internal gateway, a proxy): `endpoints` in promptcost.config.json. */
export interface EndpointSetting {
  baseURL: string;
  /** The vendor whose prices apply; by default the one its host names, else the API's own. */
  provider?: string;
  /** The body it takes; by default read from the path (`/chat/completions` is OpenAI's). */
  api?: EndpointApi;
}

/** A POST target recognised as an LLM API endpoint. */
export interface LlmEndpoint {
  api: EndpointApi;
  /** The path as shown in the report: `/chat/completions`, `/v1/messages`, `:generateContent`, `/api/chat`. */
  path: string;
  /** For an OpenAI-compatible endpoint, which of its request shapes. */
  shape?: "chat" | "responses" | "embeddings" | "completions";
  kind: "chat" | "embedding";
  provider: string;
  /** The model named in the URL: Gemini's `models/{model}:generateContent`, Azure's `deployments/{name}/`. */
  urlModel?: { text: string | null; label: string; deployment: boolean };
  /**
   * Set when the path is common outside LLM APIs (`/responses`, `/embeddings`) and nothing else in the URL
   * says it is one: the request counts only when its body reads as that API's request.
   */
  needsBodyEvidence: boolean;
  /**
   * Set when the URL's path is only known at run time (a URL from stored settings, a parameter): which API
   * it is, if any, is read from the body alone (see bodyDecidedApi in http-requests.ts). `namedProvider`: the
   * vendor the host or the config names, if any (else the API's own).
   */
  bodyDecided?: { namedProvider?: string };
  /** Why the vendor is what it is, when the URL does not name it. */
  providerNote?: string;
}

/** A URL as far as it is known: its static text with each run-time part as DYNAMIC, and those parts' labels. */
export interface UrlText {
  text: string;
  labels: string[];
}

const DYNAMIC = "\u0000";

/**
 * A cheap text test, before any parsing: a file whose text names none of these cannot send a request to
 * an LLM endpoint (or names it through a constant imported from a file that does). Anthropic's host is one:
 * its base is often written apart from the path (`const base = "https://api.anthropic.com/v1"` then
 * `` `${base}/messages` ``, SillyTavern's captioning), and a bare `/messages` names every chat app's route;
 * so is Cohere's, whose `/v1/chat` and `/v2/embed` are every other server's paths too.
 */
export const ENDPOINT_TEXT_PATTERN = /chat\/completions|api\.anthropic\.com\b|api\.cohere\.(?:ai|com)\b|:11434\b|\/v1\/(?:messages|responses|embeddings|completions)\b|:(?:stream)?[gG]enerateContent\b|:(?:batchEmbedContents|embedContent)\b|api\/(?:chat|generate|embed|embeddings)\b|[/"'`](?:responses|embeddings|completions)["'`]/;

/**
 * The URL texts a value may be, one per alternative (`let url = ""; if (azure) url = A; else url = B;`):
 * static parts as written, the rest DYNAMIC.
 */
export function urlTexts(value: Value): UrlText[] {
  return alternativesOf(value).map(urlText);
}

/** The URL text of a value: static parts as written, the rest DYNAMIC; its first alternative. */
export function urlText(value: Value): UrlText {
  const [first] = alternativesOf(value);
  const labels: string[] = [];
  let text = "";
  if (first?.kind === "text") {
    for (const part of first.parts) {
      if (part.kind === "static") text += part.text;
      else {
        text += DYNAMIC;
        labels.push(part.label);
      }
    }
  } else {
    text = DYNAMIC;
    labels.push(first?.kind === "unknown" ? first.label : "URL");
  }
  return { text, labels };
}

/** A base URL (axios `baseURL`, ky and got `prefixUrl`) joined to a path as those clients join them. */
export function joinUrl(base: UrlText | undefined, url: UrlText): UrlText {
  if (!base || /^[a-z]+:\/\//i.test(url.text)) return url;
  const text = `${base.text.replace(/\/+$/, "")}/${url.text.replace(/^\/+/, "")}`;
  return { text, labels: [...base.labels, ...url.labels] };
}

/**
 * Which LLM endpoint a POST goes to, from its URL: OpenAI and compatible `/chat/completions`,
 * `/responses`, `/embeddings`; Anthropic `/v1/messages`; Gemini `:generateContent` and
 * `:streamGenerateContent`; Ollama `/api/chat` and `/api/generate`; or a base URL the config names.
 * Undefined for anything else: other paths, and paths relative to the app's own server (`/api/chat`
 * of a Next.js route is the app's endpoint, whose server side makes the request, if any).
 */
export function classifyEndpoint(url: UrlText, configured: readonly EndpointSetting[] = []): LlmEndpoint | undefined {
  const withoutQuery = url.text.split(/[?#]/)[0]!.replace(/\/+$/, "");
  const setting = configured.find((entry) => withoutQuery.startsWith(entry.baseURL.replace(/\/+$/, "")));
  const absolute = /^https?:\/\//i.test(withoutQuery) || withoutQuery.startsWith(DYNAMIC) || withoutQuery.startsWith("//");
  if (!absolute && !setting) return undefined;
  const staticText = withoutQuery.split(DYNAMIC).join(" ");
  // providerFromBaseUrl keeps unknown hosts as OpenAI; here OpenAI's own host is a known vendor too.
  const hostProvider = providerFromBaseUrl(staticText) ?? (/api\.openai\.com/.test(staticText) ? "openai" : undefined);
  const knownVendor = hostProvider !== undefined && hostProvider !== "local" && hostProvider !== "ollama";
  const endpoint = matchPath(withoutQuery, url, hostProvider, setting) ?? runTimePath(withoutQuery, setting);
  if (!endpoint) return undefined;
  if (setting?.api && setting.api !== endpoint.api) return undefined;
  const provider = setting?.provider ?? (endpoint.api === "ollama" ? "ollama" : hostProvider === "local" ? "local" : hostProvider) ?? DEFAULT_PROVIDER[endpoint.api];
  const result: LlmEndpoint = { ...endpoint, provider, needsBodyEvidence: endpoint.needsBodyEvidence && !knownVendor && !setting };
  if (endpoint.bodyDecided) {
    const namedProvider = setting?.provider ?? hostProvider;
    return { ...result, needsBodyEvidence: true, bodyDecided: namedProvider ? { namedProvider } : {}, providerNote: `the URL is not known statically (${url.labels.at(-1) ?? "URL"})` };
  }
  if (!setting?.provider && hostProvider === undefined && endpoint.api !== "ollama") {
    const host = /^(?:https?:)?\/\/([^/\u0000]+)/i.exec(withoutQuery)?.[1];
    result.providerNote = host ? `${host} is not a known vendor's host: priced as ${provider}` : `the base URL is not known statically (${url.labels[0] ?? "URL"}): priced as ${provider}`;
  }
  return result;
}

export const DEFAULT_PROVIDER: Record<EndpointApi, string> = { openai: "openai", anthropic: "anthropic", gemini: "google", ollama: "ollama", cohere: "cohere" };

/** The endpoint a URL's path names, before the vendor is settled. */
function matchPath(path: string, url: UrlText, hostProvider: string | undefined, setting: EndpointSetting | undefined): Omit<LlmEndpoint, "provider"> | undefined {
  const gemini = /models\/([^/:]*):((?:stream)?[gG]enerateContent|embedContent|batchEmbedContents)$/.exec(path) ?? /:((?:stream)?[gG]enerateContent|embedContent|batchEmbedContents)$/.exec(path);
  if (gemini) {
    const operation = gemini[2] ?? gemini[1]!;
    const modelSegment = gemini[2] ? gemini[1]! : undefined;
    const endpoint: Omit<LlmEndpoint, "provider"> = { api: "gemini", path: `:${operation}`, kind: /embed/i.test(operation) ? "embedding" : "chat", needsBodyEvidence: false };
    if (modelSegment !== undefined) endpoint.urlModel = segmentModel(modelSegment, gemini.index + "models/".length, url, false);
    return endpoint;
  }
  const openAi = /(?:^|[/\u0000])(chat\/completions|responses|embeddings|completions)$/.exec(path);
  if (openAi) {
    const shape = openAi[1] === "chat/completions" ? "chat" : (openAi[1] as "responses" | "embeddings" | "completions");
    const endpoint: Omit<LlmEndpoint, "provider"> = {
      api: "openai",
      path: `/${openAi[1]}`,
      shape,
      kind: shape === "embeddings" ? "embedding" : "chat",
      // `/chat/completions` says it; `/responses`, `/embeddings`, `/completions` do only under `/v1/` or Azure's deployments.
      needsBodyEvidence: shape !== "chat" && !/\/v1\/(?:responses|embeddings|completions)$/.test(path) && !/\/openai\/deployments\//.test(path),
    };
    const deployment = /\/openai\/deployments\/([^/]+)\//.exec(path);
    if (deployment) endpoint.urlModel = segmentModel(deployment[1]!, deployment.index + "/openai/deployments/".length, url, true);
    return endpoint;
  }
  // Cohere's own API, on its host (or a base the config says takes Cohere's bodies): chat, embed, generate.
  const cohere = hostProvider === "cohere" || setting?.api === "cohere" ? /\/(v[12])\/(chat|embed|generate)$/.exec(path) : null;
  if (cohere) return { api: "cohere", path: `/${cohere[1]}/${cohere[2]}`, kind: cohere[2] === "embed" ? "embedding" : "chat", needsBodyEvidence: false };
  // A base only known at run time, then a path other APIs use too: the body has to say which API it is.
  const runTimeBase = hostProvider === undefined && path.startsWith(DYNAMIC);
  const bareMessages = /(?:^|[/\u0000])messages$/.test(path);
  if (/\/v1\/messages$/.test(path) || (bareMessages && (hostProvider === "anthropic" || setting?.api === "anthropic"))) return { api: "anthropic", path: "/v1/messages", kind: "chat", needsBodyEvidence: false };
  if (bareMessages && runTimeBase) return { api: "anthropic", path: "/v1/messages", kind: "chat", needsBodyEvidence: true };
  const ollama = /(?:^|[/\u0000])api\/(chat|generate|embed|embeddings)$/.exec(path);
  if (!ollama) return undefined;
  // `/api/chat` is also every chat app's own route: a server that is Ollama's by its port or name, or a body only Ollama takes.
  const ollamaNamed = hostProvider === "ollama" || setting?.api === "ollama" || url.labels.some((label) => /ollama/i.test(label));
  if (!ollamaNamed && !runTimeBase) return undefined;
  return { api: "ollama", path: `/api/${ollama[1]}`, kind: ollama[1]!.startsWith("embed") ? "embedding" : "chat", needsBodyEvidence: !ollamaNamed };
}

/**
 * A URL whose path ends in a part known only at run time (`settings.apiURL + settings.apiURLPath`,
 * `urlJoin(base, path)`, a parameter): any API's endpoint, or none, as its body says. A static path, even
 * under a run-time base (`${origin}/api/translate`), says what it is and is never read this way.
 */
function runTimePath(path: string, setting: EndpointSetting | undefined): Omit<LlmEndpoint, "provider"> | undefined {
  const lastPart = path.lastIndexOf(DYNAMIC);
  if (setting || lastPart === -1 || /[a-z0-9]/i.test(path.slice(lastPart + 1))) return undefined;
  return { api: "openai", path: RUN_TIME_PATH, kind: "chat", needsBodyEvidence: true, bodyDecided: {} };
}

/** How the report names the path of a URL known only at run time. */
export const RUN_TIME_PATH = "(run-time URL)";

/** A model named by a URL segment: known text, or the run-time expression it is made of. */
function segmentModel(segment: string, start: number, url: UrlText, deployment: boolean): LlmEndpoint["urlModel"] {
  if (!segment.includes(DYNAMIC)) return { text: decodeURIComponent(segment), label: segment, deployment };
  // The labels of the DYNAMIC parts before and in this segment (found where the path has it, not where its
  // text first occurs: a run-time base reads as the same DYNAMIC): the segment's own is the last one in it.
  const index = url.text.slice(0, start + segment.length).split(DYNAMIC).length - 2;
  return { text: null, label: url.labels[index] ?? "URL segment", deployment };
}
