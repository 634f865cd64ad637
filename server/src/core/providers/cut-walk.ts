// What the wrapper index and the text prefilter work out over a depth cut (MAX_IMPORT_DEPTH) is not kept: it
// depends on which file's analysis reached the cut first (see keptUnlessCut). Worked out again at every read,
// a long import cycle was walked again from each of its files, and again from each file of each walk: a
// cycle of 60 generated files took longer than five minutes. Such answers are kept here instead for the rest
// of the outermost walk that made them, and dropped when it ends; a reader of one is cut too, so nothing it
// works out is kept either.
import type { FileWrappers } from "./wrapper-index.ts";

/** Answers worked out over a depth cut, for as long as the outermost walk of the index or the prefilter lasts. */
export class CutWalk {
  private open = 0;
  /** mayDefineWrappers' answers, by file. */
  readonly mayDefine = new Map<string, boolean>();
  /** Index entries, by file. */
  readonly entries = new Map<string, FileWrappers>();

  /** Runs one step of a walk; when the outermost step ends, what was kept for the walk is dropped. */
  within<T>(step: () => T): T {
    this.open++;
    try {
      return step();
    } finally {
      if (--this.open === 0) {
        this.mayDefine.clear();
        this.entries.clear();
      }
    }
  }
}
