import * as fs from "node:fs";
import * as path from "node:path";
import { applyEdits, modify, type FormattingOptions } from "jsonc-parser";
import type { TextEdit } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { CONFIG_FILE_NAME } from "../core/config/config-file.ts";
import type { PriceTable } from "../core/pricing/price-table.ts";
import type { ModelPrice } from "../core/pricing/price-types.ts";
import { familySimilarity } from "../core/rules/helpers/models.ts";
import type { PricedCall } from "../core/types.ts";
import { fileUri } from "./uris.ts";

/** One change to the repository config: the file, whether it exists yet, and the edits to its text. */
export interface ConfigChange {
  title: string;
  uri: string;
  create: boolean;
  edits: TextEdit[];
}

const FORMAT: FormattingOptions = { insertSpaces: true, tabSize: 2, eol: "\n" };

/**
 * For a call whose model the price table does not know: price it as the closest listed model of its
 * provider (a `pricing.aliases` entry), or give it its own price starting from that model's
 * (`pricing.overrides`), in the promptcost.config.json in force or a new one at the workspace folder.
 * Nothing when the provider lists no chat model to start from: a made-up price would be a silent guess.
 */
export function unknownModelConfigChanges(priced: PricedCall, prices: PriceTable, configPath: string | undefined, folderPath: string): ConfigChange[] {
  const model = priced.call.model;
  if (model === null || priced.price) return [];
  const closest = closestModel(model, prices.modelsOf(priced.call.provider), priced.call.kind === "embedding" ? "embedding" : "chat");
  if (!closest) return [];
  const file = configPath ?? path.join(folderPath, CONFIG_FILE_NAME);
  const existing = configPath ? readText(configPath) : undefined;
  if (configPath && existing === undefined) return [];
  const text = existing ?? "{}\n";
  const uri = fileUri(file);
  const change = (title: string, keyPath: string[], value: unknown): ConfigChange => ({ title, uri, create: existing === undefined, edits: configEdits(text, keyPath, value, existing === undefined) });
  return [
    change(`Price "${model}" as ${closest.id} (pricing.aliases in ${CONFIG_FILE_NAME})`, ["pricing", "aliases", model], closest.id),
    change(`Add a price for "${model}" to ${CONFIG_FILE_NAME}, starting from ${closest.id}'s (edit it)`, ["pricing", "overrides", model], {
      provider: closest.provider,
      inputPerMTok: closest.inputPerMTok,
      outputPerMTok: closest.outputPerMTok,
    }),
  ];
}

/** The listed model of the same kind whose id shares most with the unknown one (`gpt-4.1-nano-acme-triage` -> `gpt-4.1-nano`). */
function closestModel(model: string, models: ModelPrice[], kind: ModelPrice["kind"]): ModelPrice | undefined {
  return models
    .filter((candidate) => candidate.kind === kind)
    .map((candidate) => ({ candidate, score: familySimilarity(model, candidate.id) }))
    .sort((a, b) => b.score - a.score || a.candidate.id.localeCompare(b.candidate.id))[0]?.candidate;
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** The JSONC edit (comments kept) as LSP text edits against `text`; a new file is written whole. */
function configEdits(text: string, keyPath: string[], value: unknown, whole: boolean): TextEdit[] {
  const edits = modify(text, keyPath, value, { formattingOptions: FORMAT });
  if (whole) return [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: applyEdits(text, edits) }];
  const document = TextDocument.create("config", "jsonc", 0, text);
  return edits.map((edit) => ({ range: { start: document.positionAt(edit.offset), end: document.positionAt(edit.offset + edit.length) }, newText: edit.content }));
}
