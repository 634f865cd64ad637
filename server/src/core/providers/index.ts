import type { ProviderAdapter } from "./adapter.ts";
import { anthropicAdapter } from "./anthropic.ts";
import { azureOpenAiAdapter } from "./azure-openai.ts";
import { bedrockAdapter } from "./bedrock.ts";
import { googleGenAiAdapter, googleGenerativeAiAdapter } from "./google.ts";
import { httpRequestAdapter } from "./http-requests.ts";
import { langchainAdapter } from "./langchain.ts";
import { mastraAdapter } from "./mastra.ts";
import { cohereAdapter, mistralAdapter } from "./mistral-cohere.ts";
import { ollamaAdapter } from "./ollama.ts";
import { openaiAdapter } from "./openai.ts";
import { openAiV3Adapter } from "./openai-v3.ts";
import { vercelAiAdapter } from "./vercel-ai.ts";
import { groqAdapter, togetherAdapter, tokenJsAdapter } from "./vendor-sdks.ts";

/** Every SDK adapter; a call is offered to the adapters whose modules its callee was imported from. */
export const PROVIDER_ADAPTERS: readonly ProviderAdapter[] = [
  openaiAdapter,
  openAiV3Adapter,
  anthropicAdapter,
  googleGenAiAdapter,
  googleGenerativeAiAdapter,
  vercelAiAdapter,
  mastraAdapter,
  langchainAdapter,
  bedrockAdapter,
  mistralAdapter,
  cohereAdapter,
  azureOpenAiAdapter,
  ollamaAdapter,
  togetherAdapter,
  groqAdapter,
  tokenJsAdapter,
  httpRequestAdapter,
];

const adaptersByModule = new Map<string, ProviderAdapter[]>();
for (const adapter of PROVIDER_ADAPTERS) {
  for (const module of adapter.modules) {
    adaptersByModule.set(module, [...(adaptersByModule.get(module) ?? []), adapter]);
  }
}

export function adaptersForModule(module: string): readonly ProviderAdapter[] {
  return adaptersByModule.get(module) ?? PROVIDER_ADAPTERS.filter((adapter) => adapter.modulePrefixes?.some((prefix) => module.startsWith(prefix)));
}

/** `openai/index` and `@anthropic-ai/sdk/index.mjs` are the package itself. */
export function canonicalModule(module: string): string {
  return module.replace(/\/index(\.[cm]?js)?$/, "");
}

/** Every callee name that can make a request: a call whose callee ends in none of them is skipped unevaluated. */
export const REQUEST_CALL_NAMES: ReadonlySet<string> = new Set(PROVIDER_ADAPTERS.flatMap((adapter) => adapter.callNames));

/** The request names of the SDK adapters: with an import that leads to an SDK, they say a file may make requests. */
export const SDK_CALL_NAMES: ReadonlySet<string> = new Set(PROVIDER_ADAPTERS.filter((adapter) => !adapter.textGate).flatMap((adapter) => adapter.callNames));
