import { PROVIDER_ADAPTERS } from "./index.ts";
import { NODE_HTTP_PROTOCOLS } from "./node-http-requests.ts";

/**
 * Every package an SDK adapter recognises by name: kept symbolic by the evaluator, never read as project sources.
 * Node's `http` and `https` are never project sources anyway, and a binding typed with their types
 * (`req: IncomingMessage`) stays a run-time value, not one of a package's.
 */
export const SDK_PACKAGES: ReadonlySet<string> = new Set(PROVIDER_ADAPTERS.flatMap((adapter) => adapter.modules).filter((module) => !(module in NODE_HTTP_PROTOCOLS)));
