import { PROVIDER_ADAPTERS } from "./index.ts";

/** Every package an SDK adapter recognises by name: kept symbolic by the evaluator, never read as project sources. */
export const SDK_PACKAGES: ReadonlySet<string> = new Set(PROVIDER_ADAPTERS.flatMap((adapter) => adapter.modules));
