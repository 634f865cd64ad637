import assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";
import { ts } from "../../server/src/core/ts.ts";
import { Evaluator } from "../../server/src/core/resolve/evaluate.ts";
import type { Value } from "../../server/src/core/resolve/values.ts";
import { WorkBudget } from "../../server/src/core/work-budget.ts";
import { Workspace } from "../../server/src/core/workspace/workspace.ts";
import { memoryFileSystem, ROOT } from "../helpers/memory-workspace.ts";

function workspaceOf(files: Record<string, string>): Workspace {
  return new Workspace([ROOT], memoryFileSystem(files));
}

/** The value of the const `name` declared at the top of `file`, read by `evaluator`. */
function constValue(evaluator: Evaluator, file: string, name: string): Value {
  const parsed = evaluator.workspace.getParsedFile(path.join(ROOT, file))!;
  for (const statement of parsed.sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.name.text === name) return evaluator.evaluate(declaration.initializer!, { file: parsed });
    }
  }
  throw new Error(`no const ${name} in ${file}`);
}

/** A value without its syntax nodes and scopes, to compare two evaluators' answers. */
function plain(value: Value): unknown {
  return JSON.parse(JSON.stringify(value, (key, field) => (key === "node" || key === "scope" || key === "parent" ? undefined : field)));
}

/** c20 nests about forty levels: read directly it fits under the depth limit of sixty, read as d30 (through thirty more consts) it passes it. */
function deepChain(): Record<string, string> {
  const consts = [`export const c0 = "x";`, ...Array.from({ length: 20 }, (_, index) => `export const c${index + 1} = c${index} + "y";`)];
  const chain = [`const d0 = c20;`, ...Array.from({ length: 30 }, (_, index) => `const d${index + 1} = d${index};`)];
  return { "src/app.ts": [...consts, ...chain].join("\n") + "\n" };
}

describe("remembered evaluations", () => {
  it("a helper called with equal arguments from many call sites is worked out once, not once per site", { timeout: 20_000 }, () => {
    // Each level calls the next on both branches: evaluated again per call, level 0 would take 2^25 calls.
    const levels = Array.from({ length: 25 }, (_, index) => `export function level${index}(text: string, flag: boolean): string { return flag ? level${index + 1}(text, flag) : level${index + 1}(text, flag); }`);
    const workspace = workspaceOf({
      "src/levels.ts": [...levels, `export function level25(text: string, flag: boolean): string { return text; }`].join("\n"),
      "src/app.ts": `import { level0 } from "./levels";\nconst prompt = level0("a", Math.random() > 0.5);\n`,
    });
    assert.deepEqual(plain(constValue(new Evaluator(workspace), "src/app.ts", "prompt")), { kind: "text", parts: [{ kind: "static", text: "a" }] });
  });

  /** The steps counted evaluating `b` of src/app.ts, with `a` evaluated before it by the same evaluator or not. */
  const stepsForB = (files: Record<string, string>, warm: boolean): number => {
    const evaluator = new Evaluator(workspaceOf(files));
    if (warm) constValue(evaluator, "src/app.ts", "a");
    evaluator.budget = new WorkBudget(Number.POSITIVE_INFINITY);
    constValue(evaluator, "src/app.ts", "b");
    return evaluator.budget.spent;
  };

  it("a reused evaluation charges the file's step budget the steps it took, so the same file stops at the same bound", () => {
    const files = {
      "src/helpers.ts": `export function twice(text: string) { return text + " " + text; }`,
      "src/app.ts": `import { twice } from "./helpers";\nconst a = twice("x");\nconst b = twice("x");\n`,
    };
    const spent = (warm: boolean): number => stepsForB(files, warm);
    assert.equal(spent(true), spent(false));
    assert.ok(spent(false) > 5);
  });

  it("work reused again and again counts what it took once, whether it was remembered before or not", () => {
    // Each level reads the one below twice: counted at every reuse, level 0 counted 2^20 readings of level 20.
    const levels = Array.from({ length: 20 }, (_, index) => `function level${index}(text: string): string { const below = level${index + 1}(text); return below + below; }`);
    const files = {
      "src/app.ts": [...levels, `function level20(text: string): string { return text; }`, `const a = level0("x");`, `const b = level0("x") + "!";`].join("\n"),
    };
    const spent = (warm: boolean): number => stepsForB(files, warm);
    assert.equal(spent(true), spent(false));
    assert.ok(spent(false) < 5_000, `${spent(false)} steps counted`);
  });

  it("an exported value costs the asking file the same steps whether it was found before or not", () => {
    // The editor reads each call of an open document with an evaluator of its own, the CLI with one for the
    // file: an export found for free the second time let the CLI read a call within its share of the budget
    // that the editor, working it out again, read past (anything-llm's chat endpoint: two reports). Finding
    // an export is now work of its own, as a wrapper index entry is, counted on neither.
    const files = {
      "src/prompts.ts": `function twice(text: string) { return text + " " + text; }\nexport const PROMPT = twice("x") + twice("y");\n`,
      "src/app.ts": `import { PROMPT } from "./prompts";\nconst a = PROMPT;\nconst b = PROMPT;\n`,
    };
    const spent = (warm: boolean): number => {
      const evaluator = new Evaluator(workspaceOf(files));
      if (warm) constValue(evaluator, "src/app.ts", "a");
      evaluator.budget = new WorkBudget(Number.POSITIVE_INFINITY);
      assert.deepEqual(plain(constValue(evaluator, "src/app.ts", "b")), { kind: "text", parts: [{ kind: "static", text: "x xy y" }] });
      return evaluator.budget.spent;
    };
    assert.equal(spent(true), spent(false));
  });

  it("is not reused inside a cycle it would run into: the value is what a fresh evaluation gives", () => {
    const files = {
      "src/g.ts": `import { f } from "./f";\nexport function g(n: number) { return f(n); }\n`,
      "src/f.ts": `import { g } from "./g";\nexport function f(n: number) { return n === 1 ? g(2) : "leaf " + n; }\n`,
      "src/app.ts": `import { f } from "./f";\nimport { g } from "./g";\nconst a = g(2);\nconst b = f(1);\n`,
    };
    const shared = new Evaluator(workspaceOf(files));
    const a = constValue(shared, "src/app.ts", "a");
    assert.deepEqual(plain(a), plain({ kind: "text", parts: [{ kind: "static", text: "leaf 2" }] }));
    // f(1) reaches g(2) -> f(2) while f is being evaluated: the cycle stops there, as it does from scratch.
    const fresh = constValue(new Evaluator(workspaceOf(files)), "src/app.ts", "b");
    assert.equal(fresh.kind, "unknown");
    assert.deepEqual(plain(constValue(shared, "src/app.ts", "b")), plain(fresh));
  });

  it("is not reused where its nesting would pass the depth limit: the value is what a fresh evaluation gives", () => {
    const files = deepChain();
    const shared = new Evaluator(workspaceOf(files));
    const shallow = constValue(shared, "src/app.ts", "c20");
    assert.equal(shallow.kind, "text");
    const fresh = constValue(new Evaluator(workspaceOf(files)), "src/app.ts", "d30");
    assert.notDeepEqual(plain(fresh), plain(shallow));
    assert.deepEqual(plain(constValue(shared, "src/app.ts", "d30")), plain(fresh));
  });

  it("an evaluation that reached the depth limit is worked out once per depth it starts at, not once per path to it", { timeout: 20_000 }, () => {
    // Forty levels nest past the limit of sixty. Each level reaches the next on both branches: were the
    // evaluations cut short by the limit worked out again each time, the levels above would take 2^20 calls.
    const levels = Array.from({ length: 40 }, (_, index) => `export function level${index}(text: string, flag: boolean): string { return flag ? level${index + 1}(text, flag) : level${index + 1}(text, flag) + "!"; }`);
    const workspace = workspaceOf({
      "src/levels.ts": [...levels, `export function level40(text: string, flag: boolean): string { return text; }`].join("\n"),
      "src/app.ts": `import { level0 } from "./levels";\nconst prompt = level0("a", Math.random() > 0.5);\n`,
    });
    const started = Date.now();
    const value = constValue(new Evaluator(workspace), "src/app.ts", "prompt");
    assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
    // Past the limit a level is not known: it stays a dynamic part of the text.
    assert.equal(value.kind, "text");
    assert.ok(value.kind === "text" && value.parts.some((part) => part.kind === "dynamic" && /^level\d+\(text, flag\)$/.test(part.label)));
  });

  it("an evaluation that reached the depth limit is not reused from another depth: the value is what a fresh evaluation gives", () => {
    const files = deepChain();
    const shared = new Evaluator(workspaceOf(files));
    const deep = constValue(shared, "src/app.ts", "d30");
    assert.deepEqual(plain(deep), plain(constValue(new Evaluator(workspaceOf(files)), "src/app.ts", "d30")));
    const fresh = constValue(new Evaluator(workspaceOf(files)), "src/app.ts", "c20");
    assert.equal(fresh.kind, "text");
    assert.notDeepEqual(plain(deep), plain(fresh));
    assert.deepEqual(plain(constValue(shared, "src/app.ts", "c20")), plain(fresh));
    // And back at the depth it was cut at, the same value again.
    assert.deepEqual(plain(constValue(shared, "src/app.ts", "d30")), plain(deep));
  });

  it("are forgotten when a file changes", () => {
    const files = (cap: number) => memoryFileSystem({ "src/cap.ts": `export const cap = ${cap};\n`, "src/app.ts": `import { cap } from "./cap";\nconst limit = cap;\n` });
    let current = files(100);
    const workspace = new Workspace([ROOT], {
      readFile: (file) => current.readFile(file),
      stat: (file) => current.stat(file),
      realpath: (file) => current.realpath(file),
      readFilePrefix: (file, maxBytes) => current.readFilePrefix(file, maxBytes),
    });
    const evaluator = new Evaluator(workspace);
    assert.deepEqual(constValue(evaluator, "src/app.ts", "limit"), { kind: "number", value: 100 });
    current = files(200);
    workspace.invalidate(path.join(ROOT, "src/cap.ts"));
    assert.deepEqual(constValue(evaluator, "src/app.ts", "limit"), { kind: "number", value: 200 });
  });
});
