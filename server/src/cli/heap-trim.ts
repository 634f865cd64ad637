// A CLI run's peak memory is mostly garbage: V8 lets the old generation grow to a multiple of what was live
// at its last full collection before it collects again, and a lint run keeps allocating as it reads file
// after file. A full collection between files, whenever the heap has grown by a step since the last one,
// keeps the peak near what is live.
import v8 from "node:v8";
import vm from "node:vm";

const MiB = 1024 * 1024;

/**
 * V8's full collection, as `--expose-gc` gives it, obtained at run time (as jest-leak-detector does): the
 * flag installs `gc` in contexts made after it is set. The flag is set back at once: V8 keys its code cache
 * by the flags, and one left changed had the code cache of the TypeScript compiler, loaded after, rejected
 * (firecrawl, where no collection is ever due: 1.055x the CPU). Undefined where V8 refuses.
 */
function fullCollection(): (() => void) | undefined {
  try {
    v8.setFlagsFromString("--expose-gc");
    const gc: unknown = vm.runInNewContext("gc");
    return typeof gc === "function" ? (gc as () => void) : undefined;
  } catch {
    return undefined;
  } finally {
    v8.setFlagsFromString("--no-expose-gc");
  }
}

/**
 * How far the heap may grow past what the last collection left. Paired on the corpus's LLM-heavy applications
 * (bench/README): 64 MiB took the median peak of inbox-zero from 329 to 280 MiB, langfuse 433 -> 344,
 * anything-llm 375 -> 342, the collections themselves costing 1.03-1.05x the CPU (3-4 of 50-120 ms each);
 * 32 MiB cost langfuse ~30 % more CPU for ~10 MiB less.
 */
const STEP = 64 * MiB;

export class HeapTrim {
  /** Obtained when a collection is first due: a run that never needs one leaves V8's flags alone. */
  private collect?: (() => void) | null;
  private floor = v8.getHeapStatistics().used_heap_size;
  /** Full collections made so far. */
  collections = 0;

  /** @param step how far the heap grows past what the last collection left before the next. */
  constructor(private readonly step = STEP) {}

  /** Between two files: a full collection when the heap has grown by the step. */
  betweenFiles(): void {
    if (this.collect === null || v8.getHeapStatistics().used_heap_size - this.floor < this.step) return;
    this.collect ??= fullCollection() ?? null;
    if (!this.collect) return;
    this.collect();
    this.collections++;
    this.floor = v8.getHeapStatistics().used_heap_size;
  }
}
