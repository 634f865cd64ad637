import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { ts } from "../ts.ts";
import type { Evaluator } from "./evaluate.ts";
import { staticJson } from "./static-json.ts";
import { fullyStaticText, staticText, unknown, type EvalScope, type ExternalValue, type Value } from "./values.ts";

/**
 * Node built-ins that prompts are loaded with: `path.join`, `fileURLToPath`, `fs.readFileSync`,
 * `fs.promises.readFile`. Evaluated here, never executed: a prompt file is read only when its path is
 * fully known and inside the workspace.
 */
export function evaluateBuiltinCall(evaluator: Evaluator, target: ExternalValue, node: ts.CallExpression, scope: EvalScope): Value | undefined {
  const module = target.module.replace(/^node:/, "");
  const names = target.steps.filter((step) => step.kind === "property").map((step) => (step as { name: string }).name);
  if (names.length !== target.steps.length) return undefined;
  // `import fs from "fs"` reads as default.readFileSync; `import * as fs` or require() as readFileSync.
  const member = (names[0] === "default" ? names.slice(1) : names).join(".");
  switch (module) {
    case "path":
    case "path/posix":
      return evaluatePathCall(evaluator, member, node, scope);
    case "url":
      if (member === "fileURLToPath") return evaluateFileUrlToPath(evaluator, node, scope);
      return undefined;
    case "fs":
      if (member === "readFileSync" || member === "promises.readFile") return readPromptFile(evaluator, node, scope);
      return undefined;
    case "fs/promises":
      if (member === "readFile") return readPromptFile(evaluator, node, scope);
      return undefined;
    default:
      return undefined;
  }
}

/** `JSON.stringify(x)`: static JSON for a literal, else a collection of unknown size. */
export function evaluateJsonStringify(evaluator: Evaluator, node: ts.CallExpression, scope: EvalScope): Value {
  const argument = node.arguments[0];
  if (!argument) return staticText("");
  const value = evaluator.evaluate(argument, scope);
  if (value.kind === "text" || value.kind === "number" || value.kind === "boolean") {
    const text = fullyStaticText(value);
    if (text !== undefined) return staticText(JSON.stringify(value.kind === "text" ? text : value.value));
  }
  if (value.kind === "unknown" && value.collection) return unknown(argumentLabel(node), value.collection);
  // A literal object or array whose every leaf is known: its JSON text.
  const json = value.kind === "object" || value.kind === "array" ? staticJson(evaluator, value) : undefined;
  if (json !== undefined) return staticText(JSON.stringify(json));
  const stringified = unknown(argumentLabel(node), { bounded: value.kind === "object" || value.kind === "array" });
  // Kept so a request body sent as JSON (Bedrock InvokeModel) can still be read.
  if (value.kind === "object" || value.kind === "array") stringified.stringified = value;
  return stringified;
}

function evaluatePathCall(evaluator: Evaluator, member: string, node: ts.CallExpression, scope: EvalScope): Value | undefined {
  if (!["join", "resolve", "dirname", "basename", "normalize"].includes(member)) return undefined;
  const segments: string[] = [];
  for (const argument of node.arguments) {
    const text = fullyStaticText(evaluator.evaluate(argument, scope));
    if (text === undefined) return unknown(argumentLabel(node));
    segments.push(text.startsWith("file:") ? fileURLToPath(text) : text);
  }
  switch (member) {
    case "join":
      return staticText(path.join(...segments));
    case "resolve":
      return staticText(path.resolve(path.dirname(scope.file.path), ...segments));
    case "dirname":
      return staticText(path.dirname(segments[0] ?? ""));
    case "basename":
      return staticText(path.basename(segments[0] ?? ""));
    default:
      return staticText(path.normalize(segments[0] ?? ""));
  }
}

function evaluateFileUrlToPath(evaluator: Evaluator, node: ts.CallExpression, scope: EvalScope): Value {
  const argument = node.arguments[0];
  const text = argument ? fullyStaticText(evaluator.evaluate(argument, scope)) : undefined;
  if (text === undefined || !text.startsWith("file:")) return unknown(argumentLabel(node));
  return staticText(fileURLToPath(text));
}

function readPromptFile(evaluator: Evaluator, node: ts.CallExpression, scope: EvalScope): Value {
  const argument = node.arguments[0];
  const pathText = argument ? fullyStaticText(evaluator.evaluate(argument, scope)) : undefined;
  if (pathText === undefined) return unknown(argumentLabel(node));
  const absolute = pathText.startsWith("file:") ? fileURLToPath(pathText) : evaluator.workspace.resolveRuntimePath(scope.file.path, pathText);
  const read = evaluator.workspace.readPromptFile(absolute);
  if (!read.ok) return unknown(`${path.basename(absolute)} (${read.reason.split(":")[0]})`);
  return staticText(read.text, { file: absolute, via: "file", truncated: read.truncated, sizeBytes: read.sizeBytes });
}

function argumentLabel(node: ts.CallExpression): string {
  const text = node.getText().replace(/\s+/g, " ");
  return text.length > 48 ? text.slice(0, 47) + "…" : text;
}
