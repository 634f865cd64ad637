// The TypeScript compiler in the bundled engine, loaded when first used. The engine bundles everything but
// the compiler (dist/typescript.cjs, 9 of its 12 MB): a run that analyses nothing (a `--cache` run with no
// file changed) then never reads, deserialises or starts it. esbuild.mjs makes the module `ts-morph` resolves
// to in the engine from this file: an object standing for the compiler's namespace, with its enums written in
// (module-level constants read `ts.SyntaxKind` as the engine loads), and each function, class and object a
// stand-in that loads the compiler on first use. Loading replaces every member with the compiler's own, as
// plain data properties, so later reads are ordinary property reads (the compiler's own namespace object
// defines each member with a getter). Run from source, `ts-morph` is the package and none of this applies.
import * as path from "node:path";
import { requireWithCodeCache } from "./code-cache.ts";
import { TOOL_VERSION } from "./version.ts";

/** What the build knows of the compiler's namespace, member by member. */
export interface CompilerShape {
  /** Enums and other plain values, as they are. */
  values: Record<string, unknown>;
  /** Functions and classes: called (or constructed) through a stand-in until loaded. */
  functions: string[];
  /** Other objects (`ts.factory`, `ts.sys`): read through a getter that loads. */
  objects: string[];
}

/**
 * The compiler's namespace as an object whose members load the compiler on first use (`requireCompiler`
 * gives it), and `load` to load it now (the language server, which parses as soon as a document opens).
 */
export function lazyCompiler(shape: CompilerShape, requireCompiler: () => Record<string, unknown>): { compiler: Record<string, unknown>; load: () => void } {
  const compiler: Record<string, unknown> = { ...shape.values };
  let loaded = false;
  let failure: Error | undefined;
  const load = (): void => {
    if (loaded) return;
    if (failure) throw failure;
    let real: Record<string, unknown>;
    try {
      real = requireCompiler();
    } catch (error) {
      // Every use after this one fails the same way, with the same message (never a stand-in calling itself).
      failure = new Error(`the TypeScript compiler bundled with promptcost could not be loaded (reinstall promptcost): ${error instanceof Error ? error.message : String(error)}`);
      throw failure;
    }
    for (const name of Object.keys(real)) Object.defineProperty(compiler, name, { value: real[name], writable: true, enumerable: true, configurable: true });
    loaded = true;
  };
  for (const name of shape.functions) {
    compiler[name] = function standIn(this: unknown, ...args: unknown[]): unknown {
      load();
      const real = compiler[name] as (...args: unknown[]) => unknown;
      // `new ts.X()` makes a real X (a subclass of the stand-in, should there be one, keeps its own prototype).
      return new.target ? Reflect.construct(real, args, new.target === standIn ? real : new.target) : real.apply(this, args);
    };
  }
  for (const name of shape.objects) {
    Object.defineProperty(compiler, name, {
      get() {
        load();
        return compiler[name];
      },
      enumerable: true,
      configurable: true,
    });
  }
  return { compiler, load };
}

/** dist/typescript.cjs beside the engine, through V8's code cache as the engine is (code-cache.ts). */
export function requireBundledCompiler(directory: string): Record<string, unknown> {
  const file = path.join(directory, "typescript.cjs");
  const cached = requireWithCodeCache<Record<string, unknown>>(file, TOOL_VERSION);
  if (!cached) return require(file) as Record<string, unknown>;
  cached.keepAtExit();
  return cached.exports;
}
