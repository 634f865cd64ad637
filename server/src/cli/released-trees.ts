// A CLI run keeps the trees other files can reach and lets the others go once analysed: on a 2,800-file
// application the test files and routes (read by nothing else) were half of the parsed text, kept to the end.
import * as path from "node:path";
import type { Evaluator } from "../core/resolve/evaluate.ts";
import { recogniserFor } from "../core/providers/recognise.ts";
import { specifiersOf } from "../core/providers/text-prefilter.ts";
import { wrapperIndexOf } from "../core/providers/wrapper-index.ts";
import type { AnalysisSettings } from "../core/settings.ts";
import type { Workspace } from "../core/workspace/workspace.ts";

const SOURCE_EXTENSION = /\.[cm]?[jt]sx?$/;

/**
 * Trees are let go only in runs of at least this many files. Telling which files nothing imports reads every
 * project file's imports (listing the project when the run did not need it): in a run of a few files that
 * costs more than it saves (linting inbox-zero 4f70dce's utils/reply-tracker/generate-draft.ts alone: 0.1-0.4 s
 * of 2.9-3.5 s CPU), and their trees are few.
 */
export const RELEASE_MIN_FILES = 100;

/**
 * Which files' trees can go after their analysis: files no project file's import, export-from, require or
 * dynamic import names (by the last part of the specifier, so `./ask` or `@/lib/ask.js` keeps `ask.ts`), not
 * index files (imported by their folder's name), not yet parsed when their analysis starts (something read
 * them already), and with no class (a class can be found without an import: the implementations of a
 * project interface). Should one be needed after all (a specifier the names cannot tell, such as a
 * package's `exports` map), the workspace parses it again and every cache keyed by nodes starts over.
 */
export class ReleasedTrees {
  private importedNames?: Set<string>;

  /** `files`: how many files the run analyses (see RELEASE_MIN_FILES). */
  constructor(
    private readonly workspace: Workspace,
    private readonly evaluator: Evaluator,
    private readonly settings: AnalysisSettings,
    private readonly files: number,
  ) {}

  /** Analyses a file, then lets its tree go with what was remembered of its nodes, when nothing else can reach them. */
  analyse<T>(file: string, analyse: () => T): T {
    if (!this.releasable(file)) return analyse();
    this.evaluator.evaluations.trackFile(file);
    try {
      return analyse();
    } finally {
      this.evaluator.evaluations.forgetTracked();
      wrapperIndexOf(this.workspace).delete(file);
      this.workspace.release(file);
    }
  }

  private releasable(file: string): boolean {
    if (this.files < RELEASE_MIN_FILES) return false;
    const name = stem(file);
    if (name === "index" || this.workspace.isParsed(file)) return false;
    const text = this.workspace.getText(file);
    if (text === undefined || /\bclass\b/.test(text)) return false;
    return !this.namesImported().has(name);
  }

  /**
   * The last part of every module specifier in the project files, without its extension. Read through the
   * recogniser's cache of specifiers, which the text prefilter reads again for each file's turn.
   */
  private namesImported(): Set<string> {
    if (this.importedNames) return this.importedNames;
    const shared = this.evaluator.sharedWork;
    return shared ? shared.setup("importNames", () => this.readNamesImported()) : this.readNamesImported();
  }

  private readNamesImported(): Set<string> {
    const recogniser = recogniserFor(this.evaluator, this.settings.wrappers, this.settings.endpoints);
    const names = new Set<string>();
    for (const file of this.workspace.projectFiles) {
      for (const specifier of specifiersOf(recogniser, file, this.workspace.getText(file))) names.add(stem(specifier.split("?")[0]!));
    }
    this.importedNames = names;
    return names;
  }
}

function stem(specifier: string): string {
  return path.posix.basename(specifier.split(path.sep).join("/")).replace(SOURCE_EXTENSION, "");
}
