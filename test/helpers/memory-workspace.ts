import * as path from "node:path";
import { analyzeFile, type AnalysisContext } from "../../server/src/core/analyze.ts";
import { loadPriceTable, PriceTable } from "../../server/src/core/pricing/price-table.ts";
import { DEFAULT_SETTINGS, type AnalysisSettings } from "../../server/src/core/settings.ts";
import type { FileAnalysis } from "../../server/src/core/types.ts";
import type { FileSystem } from "../../server/src/core/workspace/file-system.ts";
import { ts } from "../../server/src/core/ts.ts";
import { Workspace } from "../../server/src/core/workspace/workspace.ts";

/** A workspace rooted at /project whose files are the given texts (paths relative to the root). */
export const ROOT = "/project";

export function memoryFileSystem(files: Record<string, string>): FileSystem {
  const byPath = new Map(Object.entries(files).map(([name, text]) => [path.join(ROOT, name), text]));
  const directories = new Set<string>();
  for (const file of byPath.keys()) {
    for (let directory = path.dirname(file); directory !== "/"; directory = path.dirname(directory)) directories.add(directory);
  }
  return {
    readFile: (file) => byPath.get(file),
    stat: (file) => {
      const text = byPath.get(file);
      if (text !== undefined) return { size: Buffer.byteLength(text), isFile: true, isDirectory: false };
      return directories.has(file) ? { size: 0, isFile: false, isDirectory: true } : undefined;
    },
    realpath: (file) => (byPath.has(file) || directories.has(file) ? file : undefined),
    readFilePrefix: (file, maxBytes) => byPath.get(file)?.slice(0, maxBytes),
    readDirectory: (directory) => {
      if (!directories.has(directory)) return undefined;
      const names = new Set<string>();
      for (const entry of [...byPath.keys(), ...directories]) if (path.dirname(entry) === directory) names.add(path.basename(entry));
      return [...names].sort();
    },
  };
}

/** A table with no models: for tests of recognition and resolution, which must not depend on prices. */
export const NO_PRICES = new PriceTable([]);

let sharedPrices: PriceTable | undefined;

export function prices(): PriceTable {
  sharedPrices ??= loadPriceTable();
  return sharedPrices;
}

/** Analyses one file of an in-memory project with the real price table. */
export function analyzeSource(files: Record<string, string>, entry: string, settings: Partial<AnalysisSettings> = {}, priceTable: PriceTable = prices()): FileAnalysis {
  const workspace = new Workspace([ROOT], memoryFileSystem(files));
  const context: AnalysisContext = { workspace, prices: priceTable, settings: { ...DEFAULT_SETTINGS, ...settings } };
  return analyzeFile(path.join(ROOT, entry), context);
}

/** The one call of a file, failing loudly when there is not exactly one. */
export function onlyCall(analysis: FileAnalysis) {
  if (analysis.calls.length !== 1) throw new Error(`expected 1 call, found ${analysis.calls.length}`);
  return analysis.calls[0]!;
}

export function rulesFired(analysis: FileAnalysis): string[] {
  return analysis.findings.map((finding) => finding.rule);
}

/** Records, relative to ROOT, each file the workspace is asked to parse (the array fills as the workspace is used). */
export function recordParses(workspace: Workspace): string[] {
  const parsed: string[] = [];
  const getParsedFile = workspace.getParsedFile.bind(workspace);
  workspace.getParsedFile = (file: string) => {
    parsed.push(path.relative(ROOT, file));
    return getParsedFile(file);
  };
  return parsed;
}

/** A workspace of an in-memory project whose project files are all of its files, as the CLI lists them. */
export function projectWorkspace(files: Record<string, string>): Workspace {
  const workspace = new Workspace([ROOT], memoryFileSystem(files));
  workspace.projectFiles = Object.keys(files).map((file) => path.join(ROOT, file)).sort();
  return workspace;
}

/** The call expressions of a file, outer calls before the calls inside them. */
export function callExpressions(sourceFile: ts.SourceFile): ts.CallExpression[] {
  const calls: ts.CallExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) calls.push(node);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return calls;
}

/** A file whose wrapper makes 300 requests: some 5,700 evaluation steps to index, over a budget of 3,000. */
export const HEAVY_WRAPPER = `import OpenAI from "openai";\nconst client = new OpenAI();\nexport async function askAll(q: string) {\n${Array.from({ length: 300 }, (_, i) => `  await client.chat.completions.create({ model: "gpt-4o", max_tokens: 10, messages: [{ role: "user", content: q + ${i} }] });`).join("\n")}\n}\n`;
