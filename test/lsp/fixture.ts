// Fixture workspaces and the independent figures the protocol tests compare the server against: the CLI's
// JSON report of the same files, and costs worked out by hand from the published price table.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT, SERVER } from "./lsp-client.ts";

export const FIXTURES = path.join(REPO_ROOT, "test", "fixtures", "lsp");

/** A fresh copy of a fixture workspace in a temp directory (the tests edit files in it). */
export function copyFixture(name: string): string {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), `promptcost-lsp-${name}-`));
  fs.cpSync(path.join(FIXTURES, name), target, { recursive: true });
  return target;
}

export function removeFixture(directory: string): void {
  fs.rmSync(directory, { recursive: true, force: true });
}

export interface JsonCall {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  model: string | null;
  feature: string | null;
  provider: string;
  inputTokens: { static: number; dynamic: number; total: number; cacheablePrefix: number };
  outputTokens: { cap: number | null; assumed: number };
  costUsd: { perRequest: number | null; perRequestCached: number | null; perRequestBatch: number | null; monthly: number | null; lowerBound?: true };
}

export interface JsonReport {
  calls: JsonCall[];
  findings: { file: string; rule: string; line: number; column: number; endLine: number; endColumn: number; severity: string }[];
  summary: { calls: number; monthlyUsd: number; unpricedCalls: number };
  assumptions: { requestsPerDay: number; dynamicTokens: number; outputTokens: number; cacheHitRate: number };
}

/** `promptcost --lint --format json` run in the directory: the CLI's view of the same files. */
export function lintJson(directory: string, paths: string[] = ["."], flags: string[] = []): JsonReport {
  let stdout: string;
  try {
    stdout = execFileSync(process.execPath, [SERVER, "--lint", "--format", "json", ...flags, ...paths], { cwd: directory, encoding: "utf8" });
  } catch (error) {
    // Exit code 1 (a finding at error severity) still prints the report.
    stdout = (error as { stdout: string }).stdout;
  }
  return JSON.parse(stdout) as JsonReport;
}

export interface PublishedPrice {
  id: string;
  aliases: string[];
  kind: string;
  inputPerMTok: number;
  outputPerMTok: number;
  cacheReadPerMTok: number | null;
  batchInputPerMTok: number | null;
  batchOutputPerMTok: number | null;
  minCacheableTokens: number | null;
  longContext: unknown;
  checked: string;
  maxOutputTokens: number | null;
}

/** A model's entry as published in pricing/<provider>.json, read directly from the file. */
export function publishedPrice(provider: string, model: string): PublishedPrice {
  const file = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "pricing", `${provider}.json`), "utf8")) as { models: PublishedPrice[] };
  const entry = file.models.find((candidate) => candidate.id === model || candidate.aliases.includes(model));
  if (!entry) throw new Error(`${model} is not in pricing/${provider}.json`);
  return entry;
}

export function publishedModels(provider: string): PublishedPrice[] {
  return (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "pricing", `${provider}.json`), "utf8")) as { models: PublishedPrice[] }).models;
}

/** Cost of one request by the formulas in the README: tokens times the price per million. */
export function costByHand(price: PublishedPrice, input: { total: number; cacheablePrefix: number }, output: number) {
  const perRequest = (input.total * price.inputPerMTok + output * price.outputPerMTok) / 1e6;
  const cacheable = price.cacheReadPerMTok !== null && input.cacheablePrefix > 0 && input.cacheablePrefix >= (price.minCacheableTokens ?? 0);
  const cached = cacheable ? (input.cacheablePrefix * price.cacheReadPerMTok! + (input.total - input.cacheablePrefix) * price.inputPerMTok + output * price.outputPerMTok) / 1e6 : perRequest;
  const batch = price.batchInputPerMTok !== null && price.batchOutputPerMTok !== null ? (input.total * price.batchInputPerMTok + output * price.batchOutputPerMTok) / 1e6 : null;
  return { perRequest, cached, batch, monthly: (requestsPerDay: number) => perRequest * requestsPerDay * 30 };
}

/** 0-based LSP position of the n-th occurrence (0-based) of a needle in a text. */
export function positionOf(text: string, needle: string, occurrence = 0): { line: number; character: number; offset: number } {
  let offset = -1;
  for (let index = 0; index <= occurrence; index++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`"${needle}" occurs fewer than ${occurrence + 1} times`);
  }
  const before = text.slice(0, offset);
  const line = before.split("\n").length - 1;
  return { line, character: offset - (before.lastIndexOf("\n") + 1), offset };
}

/** Token counts as the lens and hover print them: `1,778`. */
export function grouped(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}
