// How soon V8 optimises a hot function, set for this process before the engine loads. An analysis runs a
// great deal of different code a little at a time (the TypeScript parser, the evaluator's many small
// functions, a file's worth each), and with V8's defaults its optimising compiler spends much of a run on
// code that is then run little: linting elie222/inbox-zero 4f70dce took ~11 s of CPU, ~4 s of it optimising
// compiles on V8's background threads (with those compiles moved to the main thread, the main thread grew by
// 3.4 s). A function now runs four times as much bytecode before V8 considers optimising it, and inlines
// callees of up to 50 bytecodes (460 by default) into it: the CPU of a cold lint 0.74-0.80x on five real
// applications, its wall time 0.88-0.95x, its peak memory 5-13 MiB lower (bench/README.md).
//
// Measured on Node 20's V8 (11.3) only: another V8 (Node 22's, VS Code's Electron) tiers up differently
// (Maglev) and keeps its defaults until measured; a flag a later V8 dropped would print an error at every
// start. Set in every mode, before the engine's code is compiled: V8 rejects a code cache made under other
// flags (code-cache.ts; checked on Node 20 with each of these two), so the CLI and the language server write
// and read the same cache. A flag the user gave node (on its command line or in NODE_OPTIONS) is left as given.
import v8 from "node:v8";

/** Four times V8 11.3's default budget (67,584 bytecodes). */
const INTERRUPT_BUDGET = 4 * 67_584;
const MAX_INLINED_BYTECODE_SIZE = 50;

export const TIERING_FLAGS: readonly string[] = [`--interrupt-budget=${INTERRUPT_BUDGET}`, `--max-inlined-bytecode-size=${MAX_INLINED_BYTECODE_SIZE}`];

/** The V8 the flags were measured on (Node 20's). */
const MEASURED_V8 = /^11\./;

/**
 * Sets the tiering flags on the V8 they were measured on, each unless `given` (node's own arguments and
 * NODE_OPTIONS) names it already. The flags set.
 */
export function tuneTiering(given: readonly string[] = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? "").split(/\s+/)], v8Version = process.versions.v8): string[] {
  if (!MEASURED_V8.test(v8Version)) return [];
  const named = new Set(given.map(flagName));
  const set: string[] = [];
  for (const flag of TIERING_FLAGS) {
    if (named.has(flagName(flag))) continue;
    try {
      v8.setFlagsFromString(flag);
      set.push(flag);
    } catch {
      // Refused: V8's defaults stay, and work.
    }
  }
  return set;
}

/** `--interrupt-budget=1000`, `--interrupt_budget 1000` -> `interrupt-budget` (V8 takes both spellings). */
function flagName(argument: string): string {
  return argument.replace(/^--?/, "").split("=")[0]!.replace(/_/g, "-");
}
