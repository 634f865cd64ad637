// POSTs to a URL whose path is known only at run time (`settings.apiURL + settings.apiURLPath`, a URL
// parameter of the app's fetch helper): the body alone says whether it is an LLM request, and of which API.
// Only bodies no other kind of request sends count: a `model` beside `messages` (chat), `contents`
// (Gemini), a `prompt` (completions) or an `input` with the Responses API's own keys; never an image,
// speech or embedding request, which send a `model` and a `prompt` or `input` too.
import type { ParamReader } from "./call-params.ts";
import { DEFAULT_PROVIDER, type EndpointApi, type LlmEndpoint } from "./llm-endpoints.ts";

/** Keys of image, speech and video requests, which also send `model` with a `prompt` or `input`. */
const NOT_TEXT_GENERATION = ["size", "quality", "style", "n_images", "aspect_ratio", "width", "height", "image", "mask", "voice", "negative_prompt", "num_inference_steps"];

/** Keys only the Responses API takes beside `input` (a bare `{ model, input }` may be an embedding or a moderation). */
const RESPONSES_KEYS = ["instructions", "tools", "max_output_tokens", "previous_response_id", "reasoning", "stream"];

/** Keys only Ollama's `/api/chat` and `/api/generate` take. */
const OLLAMA_KEYS = ["options", "keep_alive", "raw", "think"];

const API_NAMES: Record<EndpointApi, string> = { openai: "an OpenAI-compatible", anthropic: "an Anthropic Messages", gemini: "a Gemini", ollama: "an Ollama", cohere: "a Cohere" };

/** The endpoint a body-decided POST goes to, as its body reads; undefined when the body is no LLM request. */
export function endpointFromBody(endpoint: LlmEndpoint, params: ParamReader): LlmEndpoint | undefined {
  if (!endpoint.bodyDecided || !params.object || NOT_TEXT_GENERATION.some((key) => params.names(key))) return undefined;
  const read = apiOfBody(params);
  if (!read) return undefined;
  const provider = endpoint.bodyDecided.namedProvider ?? DEFAULT_PROVIDER[read.api];
  const providerNote = `${endpoint.providerNote ?? "the URL is not known statically"}: read as ${API_NAMES[read.api]} request by its body${endpoint.bodyDecided.namedProvider ? "" : `, priced as ${provider}`}`;
  return { ...endpoint, ...read, provider, needsBodyEvidence: false, providerNote };
}

function apiOfBody(params: ParamReader): Pick<LlmEndpoint, "api" | "kind" | "shape"> | undefined {
  // `contents` is the whole of a Gemini body: one only a spread of unknown content may set says nothing.
  if (params.writes("contents")) return { api: "gemini", kind: "chat" };
  if (!params.names("model")) return undefined;
  if (params.names("messages")) {
    if (OLLAMA_KEYS.some((key) => params.names(key))) return { api: "ollama", kind: "chat" };
    // A top-level `system` is Anthropic's; OpenAI's is a message.
    return params.names("system") ? { api: "anthropic", kind: "chat" } : { api: "openai", kind: "chat", shape: "chat" };
  }
  if (params.names("prompt")) return { api: "openai", kind: "chat", shape: "completions" };
  if (params.names("input") && RESPONSES_KEYS.some((key) => params.names(key))) return { api: "openai", kind: "chat", shape: "responses" };
  return undefined;
}
