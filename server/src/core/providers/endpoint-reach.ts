import * as path from "node:path";
import type { Workspace } from "../workspace/workspace.ts";
import { PROVIDER_ADAPTERS } from "./index.ts";
import type { EndpointSetting } from "./llm-endpoints.ts";
import { CALLS_FETCHER_TEXT } from "./given-fetchers.ts";
import { textFact } from "./text-facts.ts";

/** How many imports deep a URL constant is looked for: its config module, and a barrel re-exporting it. */
const MAX_IMPORT_DEPTH = 2;

const GATED = PROVIDER_ADAPTERS.filter((adapter) => adapter.textGate);
const CALL_NAME_PATTERN = new RegExp(`\\b(?:${[...new Set(GATED.flatMap((adapter) => adapter.callNames))].join("|")})\\b`);

/**
 * Whether a file may send a request to an LLM endpoint without an SDK, decided from texts alone: it
 * names a request function (`fetch`, `post`, `axios`...) and its text, or that of a project file it
 * imports, names an endpoint (an adapter's textGate: `/chat/completions`, `:generateContent`...) or a
 * base URL of the config's `endpoints`. Files that use fetch for anything else are never parsed for it.
 */
export class EndpointReach {
  /** Per run: whether a file's own text names an endpoint. */
  private readonly ownText = new Map<string, boolean>();
  private readonly configuredBases: string[];

  constructor(
    private readonly workspace: Workspace,
    private readonly specifiersOf: (filePath: string, text: string | undefined) => string[],
    endpoints: readonly EndpointSetting[] = [],
  ) {
    this.configuredBases = endpoints.map((endpoint) => endpoint.baseURL.replace(/\/+$/, "")).filter((base) => base !== "");
  }

  mayRequest(filePath: string, text: string): boolean {
    if (GATED.length === 0 || !textFact(this.workspace, filePath, text, "namesEndpointCall", (read) => CALL_NAME_PATTERN.test(read) || CALLS_FETCHER_TEXT.test(read))) return false;
    return this.reaches(filePath, text, 0, new Set([filePath]));
  }

  private reaches(filePath: string, text: string | undefined, depth: number, seen: Set<string>): boolean {
    if (this.namesEndpoint(filePath, text)) return true;
    if (depth >= MAX_IMPORT_DEPTH) return false;
    for (const specifier of this.specifiersOf(filePath, text)) {
      const target = this.workspace.resolver.resolve(filePath, specifier.split("?")[0]!);
      if (!target || seen.has(target) || !/\.[cm]?[jt]sx?$/.test(target) || target.includes(`${path.sep}node_modules${path.sep}`)) continue;
      seen.add(target);
      if (this.reaches(target, this.workspace.getText(target), depth + 1, seen)) return true;
    }
    return false;
  }

  private namesEndpoint(filePath: string, text: string | undefined): boolean {
    let known = this.ownText.get(filePath);
    if (known === undefined) {
      known = text !== undefined && (GATED.some((adapter) => adapter.textGate!.test(text)) || this.configuredBases.some((base) => text.includes(base)));
      this.ownText.set(filePath, known);
    }
    return known;
  }
}
