// A CLI run's peak memory is mostly garbage: V8 lets the old generation grow to a multiple of what was live
// at its last full collection before it collects again, and a lint run keeps allocating as it reads file
// after file. A full collection between files, whenever the heap has grown by a step since the last one,
// keeps the peak near what is live.
import v8 from "node:v8";
import vm from "node:vm";

const MiB = 1024 * 1024;

/**
 * V8's full collection, as `--expose-gc` gives it, obtained at run time (as jest-leak-detector does): the
 * flag installs `gc` in contexts made after it is set. Undefined where V8 refuses.
 */
function fullCollection(): (() => void) | undefined {
  try {
    v8.setFlagsFromString("--expose-gc");
    const gc: unknown = vm.runInNewContext("gc");
    return typeof gc === "function" ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * How far the heap may grow past what the last collection left. Paired on the corpus's LLM-heavy applications
 * (bench/README): 64 MiB took the median peak of inbox-zero from 335 to 282 MiB, langfuse 436 -> 349,
 * anything-llm 369 -> 350, for 1.02-1.06x the CPU; 32 MiB cost langfuse ~30 % more CPU for ~10 MiB less.
 */
const STEP = 64 * MiB;

export class HeapTrim {
  private readonly collect = fullCollection();
  private floor = v8.getHeapStatistics().used_heap_size;
  /** Full collections made so far. */
  collections = 0;

  /** @param step how far the heap grows past what the last collection left before the next. */
  constructor(private readonly step = STEP) {}

  /** Between two files: a full collection when the heap has grown by the step. */
  betweenFiles(): void {
    if (!this.collect) return;
    if (v8.getHeapStatistics().used_heap_size - this.floor < this.step) return;
    this.collect();
    this.collections++;
    this.floor = v8.getHeapStatistics().used_heap_size;
  }
}
