// Same input, same report, whatever order the files are analysed in.
//
//   node esbuild.mjs && node --import tsx bench/order/run.ts --cwd DIR [--first FILE]... [--reverse] [--shuffle SEED]... PATHS...
//
// Lints PATHS (relative to DIR) with the bundle (dist/engine.cjs) once in the CLI's order (files sorted) and
// once per order asked for: the files reversed, one file analysed first (`--first`, relative to DIR, repeatable),
// or shuffled with a seed. Each run is a process of its own. The reports list the files sorted whatever the
// order, so any difference is one the order made: the calls and findings that differ are printed, and the exit
// code is 1 when there are any. `--save DIR` keeps the JSON reports; `--engine FILE` takes another build's
// dist/engine.cjs (one made before a change: it needs LintIo.analysisOrder).
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");

interface Json {
  calls: Record<string, unknown>[];
  findings: Record<string, unknown>[];
}

/** An order, as its argument says: `sorted`, `reverse`, `first:FILE` or `shuffle:SEED`. */
function ordered(files: readonly string[], order: string, cwd: string): string[] {
  if (order === "sorted") return [...files];
  if (order === "reverse") return [...files].reverse();
  if (order.startsWith("first:")) {
    const first = path.resolve(cwd, order.slice(6));
    if (!files.includes(first)) throw new Error(`${order.slice(6)} is not one of the files linted`);
    return [first, ...files.filter((file) => file !== first)];
  }
  if (order.startsWith("shuffle:")) {
    let seed = Number(order.slice(8)) >>> 0 || 1;
    const random = (): number => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
    const shuffled = [...files];
    for (let index = shuffled.length - 1; index > 0; index--) {
      const other = Math.floor(random() * (index + 1));
      [shuffled[index], shuffled[other]] = [shuffled[other]!, shuffled[index]!];
    }
    return shuffled;
  }
  throw new Error(`unknown order ${order}`);
}

/** Child: one lint in one order, the JSON report on stdout. */
function child(cwd: string, order: string, paths: string[], enginePath: string): number {
  const engine = createRequire(import.meta.url)(enginePath) as typeof import("../../server/src/engine.ts");
  const command = engine.parseLintArgs(["--lint", ...paths, "--format", "json", "--no-color"]);
  if (command.kind !== "lint") throw new Error("not a lint");
  return engine.runLint(command.options, {
    cwd,
    stdout: process.stdout,
    stderr: { write: () => true },
    env: process.env,
    analysisOrder: (files) => ordered(files, order, cwd),
  });
}

function lint(cwd: string, order: string, paths: string[], enginePath: string): { text: string; ms: number } {
  const start = Date.now();
  const result = spawnSync(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--child", order, "--engine", enginePath, "--cwd", cwd, ...paths], { cwd: ROOT, encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
  if (result.status !== 0 && result.status !== 1) throw new Error(`lint in order ${order} failed (${result.status}): ${result.stderr}`);
  return { text: result.stdout, ms: Date.now() - start };
}

function keyOf(item: Record<string, unknown>): string {
  const range = item.range as { line: number; column: number } | undefined;
  return `${item.file as string}:${range?.line ?? item.line}:${range?.column ?? item.column}${item.rule ? ` ${item.rule as string}` : ""}`;
}

function grouped(items: Record<string, unknown>[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), JSON.stringify(item)]);
  return groups;
}

/** What differs between two lists of calls or findings, one line per place. */
function differences(kind: string, before: Record<string, unknown>[], after: Record<string, unknown>[]): string[] {
  const a = grouped(before);
  const b = grouped(after);
  const lines: string[] = [];
  for (const key of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const left = a.get(key) ?? [];
    const right = b.get(key) ?? [];
    if (left.join("\n") === right.join("\n")) continue;
    if (left.length !== right.length) lines.push(`  ${kind} ${key}: ${left.length} -> ${right.length}${summary(left, right)}`);
    else lines.push(`  ${kind} ${key}: changed${summary(left, right)}`);
  }
  return lines;
}

/** The top-level fields that differ between the first items of each side. */
function summary(left: string[], right: string[]): string {
  const x = left[0] ? (JSON.parse(left[0]) as Record<string, unknown>) : {};
  const y = right[0] ? (JSON.parse(right[0]) as Record<string, unknown>) : {};
  const fields = [...new Set([...Object.keys(x), ...Object.keys(y)])].filter((field) => JSON.stringify(x[field]) !== JSON.stringify(y[field]));
  const shown = fields.map((field) => (["model", "provider", "message"].includes(field) ? `${field} ${JSON.stringify(x[field])} -> ${JSON.stringify(y[field])}` : field));
  return shown.length > 0 ? ` (${shown.join("; ")})` : "";
}

function main(argv: string[]): number {
  let cwd = process.cwd();
  let save: string | undefined;
  let enginePath = path.join(ROOT, "dist", "engine.cjs");
  let childOrder: string | undefined;
  const orders: string[] = [];
  const paths: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === "--cwd") cwd = path.resolve(argv[++index]!);
    else if (arg === "--save") save = path.resolve(argv[++index]!);
    else if (arg === "--engine") enginePath = path.resolve(argv[++index]!);
    else if (arg === "--child") childOrder = argv[++index]!;
    else if (arg === "--reverse") orders.push("reverse");
    else if (arg === "--first") orders.push(`first:${argv[++index]!}`);
    else if (arg === "--shuffle") orders.push(`shuffle:${argv[++index]!}`);
    else paths.push(arg);
  }
  if (childOrder) return child(cwd, childOrder, paths, enginePath);
  if (paths.length === 0) throw new Error("no paths to lint");
  if (orders.length === 0) orders.push("reverse");
  const base = lint(cwd, "sorted", paths, enginePath);
  if (save) fs.mkdirSync(save, { recursive: true });
  if (save) fs.writeFileSync(path.join(save, "sorted.json"), base.text);
  const baseReport = JSON.parse(base.text) as Json;
  console.log(`sorted: ${baseReport.calls.length} calls, ${baseReport.findings.length} findings (${(base.ms / 1000).toFixed(1)} s)`);
  let differing = 0;
  for (const order of orders) {
    const other = lint(cwd, order, paths, enginePath);
    if (save) fs.writeFileSync(path.join(save, `${order.replace(/[^\w.-]+/g, "_")}.json`), other.text);
    const report = JSON.parse(other.text) as Json;
    const lines = [...differences("call", baseReport.calls, report.calls), ...differences("finding", baseReport.findings, report.findings)];
    console.log(`${order}: ${report.calls.length} calls, ${report.findings.length} findings (${(other.ms / 1000).toFixed(1)} s): ${other.text === base.text ? "identical" : `${lines.length} places differ`}`);
    for (const line of lines) console.log(line);
    if (other.text !== base.text) differing++;
  }
  return differing > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
