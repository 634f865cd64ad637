import * as path from "node:path";
import type { Workspace } from "../workspace/workspace.ts";
import { PROVIDER_ADAPTERS } from "./index.ts";
import type { EndpointSetting } from "./llm-endpoints.ts";
import { CALLS_FETCHER_TEXT } from "./given-fetchers.ts";
import { textFact } from "./text-facts.ts";
import { patternLookup } from "../workspace/project-lookups.ts";
import { isDeclarationFile } from "../workspace/source-kinds.ts";

/** How many imports deep a URL constant is looked for: its config module, and a barrel re-exporting it. */
const MAX_IMPORT_DEPTH = 2;

const GATED = PROVIDER_ADAPTERS.filter((adapter) => adapter.textGate);
/** The adapters' endpoint texts as one pattern (`/chat/completions`, `:generateContent`...). */
const ENDPOINT_GATE = new RegExp(GATED.map((adapter) => adapter.textGate!.source).join("|") || "(?!)");
/** Kept by the workspace: the project files that files naming an endpoint import, and those files (see importedByEndpointFile). */
const IMPORTED_BY_NAMING = Symbol("files imported by files naming an endpoint");
const CALL_NAME_PATTERN = new RegExp(`\\b(?:${[...new Set(GATED.flatMap((adapter) => adapter.callNames))].join("|")})\\b`);

/**
 * Whether a file may send a request to an LLM endpoint without an SDK, decided from texts alone: it
 * names a request function (`fetch`, `post`, `axios`...) and its text, or that of a project file it
 * imports, names an endpoint (an adapter's textGate: `/chat/completions`, `:generateContent`...) or a
 * base URL of the config's `endpoints`; or a project file naming one imports it (a POST helper
 * `fetchSSE(resource, options)` or a base class's `post(url, headers, body)`, given the endpoint by the
 * files calling it). Files that use fetch for anything else are never parsed for it.
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
    return this.reaches(filePath, text, 0, new Set([filePath])) || this.importedByEndpointFile(filePath);
  }

  /**
   * Whether a project file whose text names an endpoint imports this one: its POST helper may be given the
   * endpoint there. The importers are found once per state of the workspace's files, for every analysis and
   * every recogniser apart (a project lookup, not a read of each text); the answer reads the importers it names.
   */
  private importedByEndpointFile(filePath: string): boolean {
    const workspace = this.workspace;
    if (workspace.projectFiles.length === 0) return false;
    workspace.noteProjectLookup(patternLookup(ENDPOINT_GATE));
    const bases = this.configuredBases.join("\n");
    const kept = workspace.memo(IMPORTED_BY_NAMING, () => ({ at: -1, files: [] as readonly string[], bases: "", importers: new Map<string, string[]>() }));
    if (kept.at !== workspace.changes || kept.files !== workspace.projectFiles || kept.bases !== bases) {
      kept.importers = new Map();
      for (const file of workspace.projectFiles) {
        const text = workspace.peekText(file);
        if (text === undefined || !this.textNamesEndpoint(file, text)) continue;
        for (const specifier of this.specifiersOf(file, text)) {
          const target = workspace.resolver.resolve(file, specifier.split("?")[0]!);
          if (!target || target === file || !/\.[cm]?[jt]sx?$/.test(target) || target.includes(`${path.sep}node_modules${path.sep}`)) continue;
          const importers = kept.importers.get(target) ?? [];
          if (!importers.includes(file)) importers.push(file);
          kept.importers.set(target, importers);
        }
      }
      Object.assign(kept, { at: workspace.changes, files: workspace.projectFiles, bases });
    }
    const importers = kept.importers.get(filePath);
    for (const importer of importers ?? []) workspace.getText(importer);
    return importers !== undefined;
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
      known = text !== undefined && this.textNamesEndpoint(filePath, text);
      this.ownText.set(filePath, known);
    }
    return known;
  }

  private textNamesEndpoint(filePath: string, text: string): boolean {
    // A declaration file holds types only: no URL a request is sent to (`type IndexingType = "chunk" | "embeddings"`).
    if (isDeclarationFile(filePath)) return false;
    return textFact(this.workspace, filePath, text, "namesEndpoint", namesEndpointInCode) || this.configuredBases.some((base) => text.includes(base));
  }
}

const ENDPOINT_GATE_ALL = new RegExp(ENDPOINT_GATE.source, "g");
/** A line's start up to a comment: `//` where no URL has it (`https://`), or a block comment's `/*` or `*` line. */
const COMMENT_BEFORE = /(?:^|[\s;{}(),])\/\/|^\s*(?:\/\*|\*)/;
/** A line's start up to inside a module specifier: `from "`, `import "`, `import("`, `require("`. */
const SPECIFIER_BEFORE = /(?:\bfrom|\bimport\s*\(?|\brequire\s*\()\s*["'`][^"'`\n]*$/;

/**
 * Whether a text names an endpoint outside comments and module specifiers: a comment sends nothing and holds
 * no URL a request is sent to ("use the /chat/completions endpoint instead" in a JSDoc, `// If
 * /v1/completions is not supported`), and a module is no URL (`from "@formbricks/types/responses"`: 170
 * files of formbricks/formbricks name such a module, and 96 files they import were parsed for requests none
 * made).
 */
export function namesEndpointInCode(text: string): boolean {
  ENDPOINT_GATE_ALL.lastIndex = 0;
  for (let match = ENDPOINT_GATE_ALL.exec(text); match; match = ENDPOINT_GATE_ALL.exec(text)) {
    const before = text.slice(text.lastIndexOf("\n", match.index) + 1, match.index);
    if (!COMMENT_BEFORE.test(before) && !SPECIFIER_BEFORE.test(before)) return true;
  }
  return false;
}
