// npm run pricing:update — regenerates pricing/<provider>.json from the genai-prices data shipped in
// node_modules/@pydantic/genai-prices, the LiteLLM snapshot in pricing/sources/ and pricing/overrides.json.
// No network. Prints what changed, validates every file against pricing/schema.json, and refuses to shrink
// the table by more than 30% of its models unless --force. See --help.
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { ProviderPriceFile } from "../server/src/core/pricing/price-types.ts";
import { buildPriceFiles } from "./pricing/build.ts";
import { createValidator, diffFiles, formatDiffs, readProviderFiles, serialize, type ProviderDiff } from "./pricing/output.ts";
import { PROVIDERS } from "./pricing/providers.ts";
import {
  InputError,
  isDate,
  loadGenaiFile,
  loadGenaiPackage,
  loadLiteLLMFile,
  loadOverrides,
  newestLiteLLMSnapshot,
  type GenaiData,
} from "./pricing/sources.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** The table may lose at most this share of its models in one update without --force. */
export const MAX_SHRINK = 0.3;

const HELP = `Usage: node --import tsx scripts/pricing-update.ts [options]

Regenerates pricing/<provider>.json (one file per provider) from:
  - the genai-prices data inside node_modules/@pydantic/genai-prices (prices, cache, long-context tiers),
  - a LiteLLM snapshot, pricing/sources/litellm-model-prices-YYYY-MM-DD.json (batch prices, context
    window, max output, minimum cacheable prefix, deprecation dates),
  - pricing/overrides.json (hand corrections, each with a reason).

Options:
  --check                  write nothing; exit 1 if regenerating would change any file
  --force                  write even if the table would lose more than ${MAX_SHRINK * 100}% of its models
  --genai-prices FILE      genai-prices data.json (array of providers, or { label, date, providers })
                           instead of the installed package
  --genai-prices-date D    date of that data (YYYY-MM-DD), the default "checked" date
  --litellm FILE           LiteLLM model_prices_and_context_window.json snapshot
  --litellm-date D         its date, when the file name does not end in -YYYY-MM-DD.json
  --overrides FILE         overrides file (default pricing/overrides.json)
  --out DIR                where the provider files are (default pricing/)
  --schema FILE            JSON schema to validate against (default pricing/schema.json)
  --as-of D                date whose prices apply when the data lists dated price changes
                           (default: the genai-prices data date)
  --help

Exit codes: 0 done (or up to date with --check); 1 out of date (--check), invalid output or shrink
refused; 2 usage error or unreadable input.`;

export async function main(argv: string[]): Promise<number> {
  let options: ReturnType<typeof parse>;
  try {
    options = parse(argv);
  } catch (error) {
    console.error(`pricing-update: ${(error as Error).message} (see --help)`);
    return 2;
  }
  if (options.help) {
    console.log(HELP);
    return 0;
  }

  let genai: GenaiData;
  let litellmFile: string | undefined;
  try {
    genai = options.genaiPrices ? loadGenaiFile(options.genaiPrices, options.genaiPricesDate) : await loadGenaiPackage(options.genaiPricesDate);
    litellmFile = options.litellm ?? newestLiteLLMSnapshot(path.join(ROOT, "pricing", "sources"));
    if (!litellmFile) throw new InputError("no LiteLLM snapshot: put litellm-model-prices-YYYY-MM-DD.json in pricing/sources/ or pass --litellm FILE");
    const litellm = loadLiteLLMFile(litellmFile, options.litellmDate);
    const overrides = loadOverrides(options.overrides);
    const { files, warnings } = buildPriceFiles({ genai, litellm, overrides, asOf: options.asOf });
    for (const warning of warnings) console.error(`pricing-update: warning: ${warning}`);
    return writeOrCheck(files, options);
  } catch (error) {
    if (error instanceof InputError) {
      console.error(`pricing-update: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

function writeOrCheck(files: ProviderPriceFile[], options: Options): number {
  const validate = createValidator(options.schema);
  const invalid = files.map((file) => ({ file, problems: validate(file) })).filter((result) => result.problems.length > 0);
  if (invalid.length > 0) {
    for (const { file, problems } of invalid) {
      console.error(`pricing-update: ${file.provider}.json does not validate against ${path.relative(process.cwd(), options.schema) || options.schema}:`);
      for (const problem of problems.slice(0, 20)) console.error(`  ${problem}`);
      if (problems.length > 20) console.error(`  ... and ${problems.length - 20} more`);
    }
    console.error("pricing-update: nothing written");
    return 1;
  }

  const existing = readProviderFiles(options.out);
  const texts = new Map(files.map((file) => [file.provider, serialize(file)]));
  const configured = new Set(PROVIDERS.map((provider) => provider.id));
  const providers = [...new Set([...texts.keys(), ...[...existing.keys()].filter((provider) => configured.has(provider))])].sort();
  const diffs: ProviderDiff[] = providers.map((provider) => {
    const before = existing.get(provider);
    const after = files.find((file) => file.provider === provider) ?? null;
    return diffFiles(provider, before?.parsed ?? null, after, before?.text !== texts.get(provider));
  });
  const changed = diffs.filter((diff) => diff.textChanged);
  console.log(formatDiffs(diffs));

  if (options.check) {
    if (changed.length > 0) {
      console.error(`pricing-update: ${changed.length} file(s) out of date (${changed.map((diff) => `${diff.provider}.json`).join(", ")}); run npm run pricing:update`);
      return 1;
    }
    console.log("pricing-update: up to date");
    return 0;
  }

  const shrink = shrinkProblems(diffs);
  if (shrink.length > 0 && !options.force) {
    console.error(`pricing-update: refusing to write: the table would shrink by more than ${MAX_SHRINK * 100}% of its models:`);
    for (const line of shrink) console.error(`  ${line}`);
    console.error("pricing-update: check the inputs, or pass --force if the shrink is intended; nothing written");
    return 1;
  }

  fs.mkdirSync(options.out, { recursive: true });
  for (const diff of changed) {
    const file = path.join(options.out, `${diff.provider}.json`);
    const text = texts.get(diff.provider);
    if (text === undefined) fs.rmSync(file, { force: true });
    else fs.writeFileSync(file, text);
  }
  const total = files.reduce((sum, file) => sum + file.models.length, 0);
  console.log(`pricing-update: ${changed.length} file(s) written, ${files.length} providers, ${total} models`);
  return 0;
}

/** Providers (with 10+ models) and the whole table losing more than MAX_SHRINK of their models. */
export function shrinkProblems(diffs: ProviderDiff[]): string[] {
  const problems: string[] = [];
  const before = diffs.reduce((sum, diff) => sum + diff.before, 0);
  const after = diffs.reduce((sum, diff) => sum + diff.after, 0);
  if (before > 0 && after < before * (1 - MAX_SHRINK)) problems.push(`whole table: ${before} -> ${after} models`);
  for (const diff of diffs) {
    if (diff.before >= 10 && diff.after < diff.before * (1 - MAX_SHRINK)) problems.push(`${diff.provider}.json: ${diff.before} -> ${diff.after} models`);
  }
  return problems;
}

interface Options {
  help: boolean;
  check: boolean;
  force: boolean;
  genaiPrices?: string;
  genaiPricesDate?: string;
  litellm?: string;
  litellmDate?: string;
  overrides: string;
  out: string;
  schema: string;
  asOf?: string;
}

function parse(argv: string[]): Options {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      help: { type: "boolean" },
      check: { type: "boolean" },
      force: { type: "boolean" },
      "genai-prices": { type: "string" },
      "genai-prices-date": { type: "string" },
      litellm: { type: "string" },
      "litellm-date": { type: "string" },
      overrides: { type: "string" },
      out: { type: "string" },
      schema: { type: "string" },
      "as-of": { type: "string" },
    },
  });
  if (positionals.length > 0) throw new Error(`unexpected argument ${positionals[0]}`);
  for (const flag of ["genai-prices-date", "litellm-date", "as-of"] as const) {
    const value = values[flag];
    if (value !== undefined && !isDate(value)) throw new Error(`--${flag} must be a date, YYYY-MM-DD (got ${value})`);
  }
  const resolve = (value: string | undefined) => (value === undefined ? undefined : path.resolve(value));
  return {
    help: values.help ?? false,
    check: values.check ?? false,
    force: values.force ?? false,
    genaiPrices: resolve(values["genai-prices"]),
    genaiPricesDate: values["genai-prices-date"],
    litellm: resolve(values.litellm),
    litellmDate: values["litellm-date"],
    overrides: resolve(values.overrides) ?? path.join(ROOT, "pricing", "overrides.json"),
    out: resolve(values.out) ?? path.join(ROOT, "pricing"),
    schema: resolve(values.schema) ?? path.join(ROOT, "pricing", "schema.json"),
    asOf: values["as-of"],
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`pricing-update: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exitCode = 2;
    },
  );
}
