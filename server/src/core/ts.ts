// The TypeScript compiler API as bundled by ts-morph. The analysis walks raw compiler nodes: ts-morph's
// wrapper objects cost an allocation per visited node, which the hot path (every keystroke) cannot afford.
//
// An import alias, not a re-export: the bundle turns `export { ts } from "ts-morph"` into a getter that runs
// on every `ts.isX(...)` (8 s of a 150 s run on a 2,800-file app); the alias is read once, at load.
import * as tsMorph from "ts-morph";

export import ts = tsMorph.ts;

/**
 * Loads the compiler now. The bundled engine loads it when it is first used (server/src/lazy-compiler.ts:
 * `ts-morph` is a stand-in there that has this function); run from source, it is loaded already.
 */
export const loadCompiler: () => void = (tsMorph as unknown as { loadCompiler?: () => void }).loadCompiler ?? (() => {});
