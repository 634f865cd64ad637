// The engine's stand-in for the TypeScript compiler (server/src/lazy-compiler.ts): enums readable without
// loading it, every other member loading it once on first use, then the compiler's own members.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { lazyCompiler } from "../../server/src/lazy-compiler.ts";

class Scanner {
  constructor(readonly text: string) {}
}

function fakeCompiler() {
  return { SyntaxKind: { Identifier: 80, 80: "Identifier" }, version: "6.0.2", isIdentifier: (node: { kind: number }) => node.kind === 80, Scanner, factory: { createIdentifier: (text: string) => ({ kind: 80, text }) } };
}

function standIn() {
  let loads = 0;
  const real = fakeCompiler();
  const shape = { values: { SyntaxKind: real.SyntaxKind, version: real.version }, functions: ["isIdentifier", "Scanner"], objects: ["factory"] };
  const { compiler, load } = lazyCompiler(shape, () => {
    loads++;
    return real;
  });
  return { compiler: compiler as unknown as ReturnType<typeof fakeCompiler>, load, real, loads: () => loads };
}

describe("the lazily loaded compiler", () => {
  it("gives its enums and plain values without loading the compiler", () => {
    const { compiler, loads } = standIn();
    assert.equal(compiler.SyntaxKind.Identifier, 80);
    assert.equal(compiler.version, "6.0.2");
    assert.equal(loads(), 0);
  });

  it("loads the compiler once, at the first call of a function, and answers it", () => {
    const { compiler, real, loads } = standIn();
    const captured = compiler.isIdentifier;
    assert.equal(captured({ kind: 80 }), true);
    assert.equal(loads(), 1);
    assert.equal(compiler.isIdentifier, real.isIdentifier);
    // A stand-in read before the load still answers after it, without loading again.
    assert.equal(captured({ kind: 1 }), false);
    assert.equal(loads(), 1);
  });

  it("constructs a class through its stand-in, and loads at the first read of an object", () => {
    const made = standIn();
    const scanner = new made.compiler.Scanner("x");
    assert.ok(scanner instanceof Scanner);
    assert.equal(scanner.text, "x");
    const read = standIn();
    assert.equal(read.compiler.factory.createIdentifier("a").text, "a");
    assert.equal(read.loads(), 1);
    assert.equal(read.compiler.factory, read.real.factory);
  });

  it("fails every use with one message when the compiler cannot be loaded", () => {
    const compiler = lazyCompiler({ values: {}, functions: ["isIdentifier"], objects: [] }, () => {
      throw new Error("ENOENT: dist/typescript.cjs");
    }).compiler as { isIdentifier: (node: unknown) => boolean };
    for (let attempt = 0; attempt < 2; attempt++) assert.throws(() => compiler.isIdentifier({}), /could not be loaded \(reinstall promptcost\): ENOENT: dist\/typescript\.cjs/);
  });

  it("loads when asked, once (the language server loads it as it starts)", () => {
    const { compiler, load, real, loads } = standIn();
    load();
    load();
    assert.equal(loads(), 1);
    assert.equal(compiler.isIdentifier, real.isIdentifier);
  });

  it("holds the compiler's members as data properties once loaded (no getter per read)", () => {
    const { compiler } = standIn();
    compiler.isIdentifier({ kind: 80 });
    for (const name of ["isIdentifier", "factory", "SyntaxKind"]) {
      const descriptor = Object.getOwnPropertyDescriptor(compiler, name)!;
      assert.ok("value" in descriptor && descriptor.get === undefined, name);
    }
  });
});
