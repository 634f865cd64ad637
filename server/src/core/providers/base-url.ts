import type { Value } from "../resolve/values.ts";
import type { ParamReader } from "./call-params.ts";

/** A server on this machine (or the Docker host): Ollama on its port 11434, vLLM, LM Studio, llama.cpp, a local proxy. */
export const LOCAL_SERVER_URL = /:11434\b|ollama|localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|host\.docker\.internal/;

/**
 * A client's base URL as evidence of where its requests go. A local server that is only the fallback of a
 * run-time setting (`process.env.OPENAI_BASE_URL ?? "http://localhost:8080/v1"`) is a development default:
 * where production sends the requests is not known, so it says nothing (and the model's list price stands).
 */
export function deployedBaseUrl(params: ParamReader, name: string): string | null {
  const value = params.get(name);
  const url = params.string(name) ?? writtenHost(value);
  if (url !== null && value?.kind === "text" && value.fallbackOf !== undefined && LOCAL_SERVER_URL.test(url)) return null;
  return url;
}

/**
 * A URL whose port or path is only known at run time (`http://127.0.0.1:${server.port}/v1`, a test's own
 * server): its scheme and host, written whole before the first run-time part, say where requests go.
 */
function writtenHost(value: Value | undefined): string | null {
  if (value?.kind !== "text" || value.parts.length < 2) return null;
  const first = value.parts[0];
  return first?.kind === "static" && /^[a-z][a-z+.-]*:\/\/[^/:?#\s]+[:/?#]/i.test(first.text) ? first.text : null;
}
