// The part of a file's analysis spent making what the analyses after it reuse: the wrapper index entries of
// the files it imports (wrapper-index.ts makeEntry) and the project's heritage index (heritage-index.ts).
// The first file of a run to import a module pays for indexing it and everything it imports: on anything-llm
// 72aabbd, a 3.6 KB test file importing one helper of `server/utils/chats` took 2 s of a 7 s run, where the
// files after it found the entries made. `--debug` shows that part beside each file's time, so a slow file
// can be told from a file that came first (progress.ts). The run's setup, which the first file to need it pays
// for (the compiler's load, the tokenizer's tables, the project's import names), is measured apart too. Only
// measured, never used in a report.
import { performance } from "node:perf_hooks";

/** What is indexed: the wrapper index entries of imported files, or the project's classes (heritage index, implementations' members). */
export type SharedWorkKind = "imports" | "classes";

/**
 * The run's setup: loading the TypeScript compiler, building the tokenizer's tables (count-text.ts), reading
 * every project file's imports (released-trees.ts).
 */
export type SetupPart = "compiler" | "tokenizer" | "importNames";

export class SharedWork {
  /** The file whose analysis is running: its own wrapper entry is its own work. */
  analysing: string | undefined;
  /** Milliseconds measured so far by kind (outermost measures only: an entry made inside another counts once, under the outer kind). */
  readonly byKind: Record<SharedWorkKind, number> = { imports: 0, classes: 0 };
  /** Milliseconds of the run's setup, by part: paid once, by the first file that needs each. */
  readonly setupByPart: Record<SetupPart, number> = { compiler: 0, tokenizer: 0, importNames: 0 };
  /** Wrapper index entries made, each made again (an import cycle's rounds, an entry not kept) counted again. */
  entriesMade = 0;
  /**
   * Each file's wrapper index entry made for the files after it: milliseconds of its own (the entries made
   * inside it left out) summed over the times it was made, and how many times that was.
   */
  readonly entries = new Map<string, { ms: number; made: number }>();
  private open = 0;
  /** The entries being made, innermost last: the time of the entries made inside each so far. */
  private readonly inner: number[] = [];

  constructor(private readonly clock: () => number = () => performance.now()) {}

  /** Milliseconds spent indexing so far. */
  get ms(): number {
    return this.byKind.imports + this.byKind.classes;
  }

  /** Milliseconds of setup so far. */
  get setupMs(): number {
    return this.setupByPart.compiler + this.setupByPart.tokenizer + this.setupByPart.importNames;
  }

  /** Runs a part of the run's setup, noting its time. */
  setup<T>(part: SetupPart, make: () => T): T {
    const start = this.clock();
    try {
      return make();
    } finally {
      this.setupByPart[part] += this.clock() - start;
    }
  }

  /** Makes the wrapper index entry of `file`, noting its own time (see entries). */
  entry<T>(file: string, make: () => T): T {
    const start = this.clock();
    this.inner.push(0);
    try {
      return make();
    } finally {
      const ms = this.clock() - start;
      const inside = this.inner.pop()!;
      if (this.inner.length > 0) this.inner[this.inner.length - 1]! += ms;
      const known = this.entries.get(file);
      this.entries.set(file, { ms: (known?.ms ?? 0) + ms - inside, made: (known?.made ?? 0) + 1 });
    }
  }

  measure<T>(kind: SharedWorkKind, make: () => T): T {
    if (this.open > 0) return make();
    const start = this.clock();
    this.open++;
    try {
      return make();
    } finally {
      this.open--;
      this.byKind[kind] += this.clock() - start;
    }
  }
}
