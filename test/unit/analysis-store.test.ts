// Analyses stored between editor sessions (server/src/lsp/analysis-store.ts): used only while what they
// were made from is unchanged, and never more than the store's limit kept.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { DEFAULT_SETTINGS } from "../../server/src/core/settings.ts";
import type { FileAnalysis } from "../../server/src/core/types.ts";
import { Workspace } from "../../server/src/core/workspace/workspace.ts";
import { AnalysisStore } from "../../server/src/lsp/analysis-store.ts";

const scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "promptcost-analysis-store-")));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));
const KEY = { settings: { ...DEFAULT_SETTINGS, requestsPerDay: 1000 }, prices: "{}", today: "2026-03-01", retired: ["openai/gpt-4-32k"] };
const analysisOf = (file: string): FileAnalysis => ({ file, calls: [], findings: [] });

describe("the analysis store", () => {
  it("gives an entry back while the file and its imports are unchanged, not after an import changed", async () => {
    const root = path.join(scratch, "imports");
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(path.join(root, "a.ts"), `import { B } from "./b";\nexport const A = B;\n`);
    fs.writeFileSync(path.join(root, "b.ts"), `export const B = "b";\n`);
    const file = path.join(root, "a.ts");
    await new AnalysisStore(path.join(scratch, "store-imports"), new Workspace([root]), new Set()).save(file, KEY, analysisOf(file), []);
    assert.deepEqual(new AnalysisStore(path.join(scratch, "store-imports"), new Workspace([root]), new Set()).lookup(file, KEY), analysisOf(file));
    assert.equal(new AnalysisStore(path.join(scratch, "store-imports"), new Workspace([root]), new Set()).lookup(file, { ...KEY, prices: `{"discount":5}` }), undefined);
    fs.writeFileSync(path.join(root, "b.ts"), `export const B = "bb";\n`);
    assert.equal(new AnalysisStore(path.join(scratch, "store-imports"), new Workspace([root]), new Set()).lookup(file, KEY), undefined);
  });

  it("gives an entry back on another day unless it counts days to a deprecation date, or a model retired since", async () => {
    const root = path.join(scratch, "days");
    fs.mkdirSync(root, { recursive: true });
    const [current, retiring] = ["current.ts", "retiring.ts"].map((name) => path.join(root, name)) as [string, string];
    fs.writeFileSync(current, "export const A = 1;\n");
    fs.writeFileSync(retiring, "export const B = 2;\n");
    const retiringAnalysis = { ...analysisOf(retiring), calls: [{ price: { deprecationDate: "2026-05-01" } }] } as unknown as FileAnalysis;
    const store = (): AnalysisStore => new AnalysisStore(path.join(scratch, "store-days"), new Workspace([root]), new Set());
    await store().save(current, KEY, analysisOf(current), []);
    await store().save(retiring, KEY, retiringAnalysis, []);
    const nextDay = { ...KEY, today: "2026-03-02" };
    assert.deepEqual(store().lookup(current, nextDay), analysisOf(current));
    assert.equal(store().lookup(retiring, nextDay), undefined);
    assert.deepEqual(store().lookup(retiring, KEY), retiringAnalysis);
    assert.equal(store().lookup(current, { ...nextDay, retired: [...KEY.retired, "anthropic/claude-3-opus"] }), undefined);
  });

  it("keeps at most its limit of entries, the least recently written going first", async () => {
    const root = path.join(scratch, "limit");
    fs.mkdirSync(root, { recursive: true });
    const directory = path.join(scratch, "store-limit");
    const files = ["one.ts", "two.ts", "three.ts"].map((name) => path.join(root, name));
    for (const [index, file] of files.entries()) {
      fs.writeFileSync(file, `export const N = ${index};\n`);
      await new AnalysisStore(directory, new Workspace([root]), new Set(), 2).save(file, KEY, analysisOf(file), []);
      // The first entry written long before the others (the file system's times may not tell them apart).
      if (index === 0) for (const entry of fs.readdirSync(path.join(directory, "analyses"))) fs.utimesSync(path.join(directory, "analyses", entry), new Date(1000), new Date(1000));
    }
    const store = new AnalysisStore(directory, new Workspace([root]), new Set(), 2);
    assert.equal(fs.readdirSync(path.join(directory, "analyses")).length, 2);
    assert.equal(store.lookup(files[0]!, KEY), undefined);
    assert.deepEqual(store.lookup(files[1]!, KEY), analysisOf(files[1]!));
    assert.deepEqual(store.lookup(files[2]!, KEY), analysisOf(files[2]!));
  });

  it("does not write an entry again that this session wrote unchanged, and writes it once the analysis changed", async () => {
    const root = path.join(scratch, "again");
    fs.mkdirSync(root, { recursive: true });
    const file = path.join(root, "a.ts");
    fs.writeFileSync(file, "export const A = 1;\n");
    const store = new AnalysisStore(path.join(scratch, "store-again"), new Workspace([root]), new Set());
    assert.equal(await store.write(file, KEY, analysisOf(file), []), true);
    assert.equal(await store.write(file, KEY, analysisOf(file), []), false);
    const changed = { ...analysisOf(file), findings: [{ rule: "parse-error" }] } as unknown as FileAnalysis;
    assert.equal(await store.write(file, KEY, changed, []), true);
    assert.deepEqual(new AnalysisStore(path.join(scratch, "store-again"), new Workspace([root]), new Set()).lookup(file, KEY), changed);
  });
});
