// The syntax of a call as written, for fixes and for parameters the adapters do not read. Rules get a
// call's offsets; these find the nodes again in the file's tree (one walk down to the offsets).
import { findDeclaration } from "../../resolve/scope.ts";
import { ts } from "../../ts.ts";
import type { DynamicTextPart, Fix, LlmCall, OffsetRange } from "../../types.ts";
import type { ParsedFile } from "../../workspace/workspace.ts";

/** The node of a kind that spans exactly these offsets, outermost first. */
export function nodeAt<T extends ts.Node>(file: ParsedFile, offsets: OffsetRange, test: (node: ts.Node) => node is T): T | undefined {
  let found: T | undefined;
  const visit = (node: ts.Node): void => {
    if (found || node.getEnd() < offsets.end || node.getStart(file.sourceFile) > offsets.start) return;
    if (node.getStart(file.sourceFile) === offsets.start && node.getEnd() === offsets.end && test(node)) {
      found = node;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file.sourceFile);
  return found;
}

export function callNode(file: ParsedFile, call: LlmCall): ts.CallExpression | undefined {
  return call.file === file.path ? nodeAt(file, call.offsets, ts.isCallExpression) : undefined;
}

/** The first argument of the call when it is an object literal written there. */
export function paramsLiteral(file: ParsedFile, call: LlmCall): ts.ObjectLiteralExpression | undefined {
  const argument = callNode(file, call)?.arguments[0];
  return argument && ts.isObjectLiteralExpression(argument) ? argument : undefined;
}

export function propertyOf(object: ts.ObjectLiteralExpression, name: string): ts.ObjectLiteralElementLike | undefined {
  return object.properties.find((property) => property.name !== undefined && propertyNameText(property.name) === name);
}

function propertyNameText(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) ? name.text : undefined;
}

/**
 * Whether an object literal sets a property, following nested literals (`config.cachedContent`).
 * A spread makes it unknown (undefined): the property may come from there.
 */
export function setsProperty(object: ts.ObjectLiteralExpression, path: readonly string[]): boolean | undefined {
  const [name, ...rest] = path;
  if (name === undefined) return true;
  const property = propertyOf(object, name);
  if (!property) return object.properties.some(ts.isSpreadAssignment) ? undefined : false;
  if (rest.length === 0) return true;
  if (ts.isPropertyAssignment(property) && ts.isObjectLiteralExpression(property.initializer)) return setsProperty(property.initializer, rest);
  return undefined;
}

/**
 * The string literal naming the model as written at the call: `model: "gpt-4.1"` or, with the Vercel
 * AI SDK, the argument of the provider factory `model: openai("gpt-4.1")`.
 */
export function modelLiteral(file: ParsedFile, call: LlmCall): ts.StringLiteralLike | undefined {
  const params = paramsLiteral(file, call);
  const property = params && propertyOf(params, "model");
  if (!property || !ts.isPropertyAssignment(property)) return undefined;
  let value = property.initializer;
  if (ts.isCallExpression(value) && value.arguments.length >= 1) value = value.arguments[0]!;
  if (!ts.isStringLiteral(value) && !ts.isNoSubstitutionTemplateLiteral(value)) return undefined;
  // A gateway id ("openai/gpt-4o") keeps its prefix: only the model part is the call's model.
  return value.text === call.model || value.text.endsWith(`/${call.model}`) ? value : undefined;
}

/** Replaces the model literal at the call with another id, keeping a gateway prefix and the quotes. */
export function replaceModelFix(file: ParsedFile, call: LlmCall, model: string, description: string): Fix | undefined {
  const literal = modelLiteral(file, call);
  if (!literal || call.model === null) return undefined;
  const written = literal.getText(file.sourceFile);
  const quote = written[0] ?? '"';
  const prefix = literal.text.slice(0, literal.text.length - call.model.length);
  return { description, edits: [{ offsets: { start: literal.getStart(file.sourceFile), end: literal.getEnd() }, text: `${quote}${prefix}${model}${quote}` }] };
}

/** Inserts a property at the end of the call's parameter object literal, matching its layout. */
export function insertPropertyFix(call: LlmCall, property: string, description: string): Fix | undefined {
  const layout = call.paramsObject;
  if (!layout) return undefined;
  if (layout.lastPropertyEnd === null) {
    return { description, edits: [{ offsets: { start: layout.offsets.start + 1, end: layout.offsets.end - 1 }, text: ` ${property} ` }] };
  }
  const at = layout.lastPropertyEnd;
  return { description, edits: [{ offsets: { start: at, end: at }, text: layout.multiline ? `,\n${layout.indent}${property}` : `, ${property}` }] };
}

/**
 * Where to report a finding about a part: the part itself when it is written inside the call, else the
 * property that carries the prompt (or the callee's name), never the whole call. A part a helper of another
 * file wrote has offsets into that file, which may fall inside the call's.
 */
export function partOrPromptOffsets(file: ParsedFile, call: LlmCall, part: DynamicTextPart): OffsetRange {
  const offsets = part.offsets;
  return offsets && part.file === call.file && offsets.start >= call.offsets.start && offsets.end <= call.offsets.end ? offsets : promptOffsets(file, call);
}

/**
 * The template literal a dynamic part is written in, when it is in this file: inside the call, or the
 * initializer of a const of this file that the call names.
 */
export function templateOfPart(file: ParsedFile, call: LlmCall, part: DynamicTextPart): ts.TemplateExpression | undefined {
  if (!part.offsets || call.file !== file.path || part.file !== file.path) return undefined;
  const expression = nodeAt(file, part.offsets, (node): node is ts.Expression => ts.isExpression(node) && node.parent !== undefined && ts.isTemplateSpan(node.parent));
  const template = expression?.parent.parent;
  if (!template || !ts.isTemplateExpression(template)) return undefined;
  if (template.getStart(file.sourceFile) >= call.offsets.start && template.getEnd() <= call.offsets.end) return template;
  const declaration = template.parent;
  if (!ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name)) return undefined;
  const name = declaration.name.text;
  const node = callNode(file, call);
  let named = false;
  const visit = (child: ts.Node): void => {
    if (named) return;
    if (ts.isIdentifier(child) && child.text === name) {
      const found = findDeclaration(name, child);
      if (found?.kind === "variable" && found.node === declaration && found.isConst) named = true;
      return;
    }
    ts.forEachChild(child, visit);
  };
  if (node) visit(node);
  return named ? template : undefined;
}

/** Source text as an inline code span in a message; a label holding backticks gets a longer fence. */
export function codeSpan(text: string): string {
  return text.includes("`") ? `\`\` ${text} \`\`` : `\`${text}\``;
}

/**
 * Where a finding goes: on the node its fix touches, not the whole call (a squiggle of one name, not of
 * seven lines). The callee's name: `create` of `openai.chat.completions.create(...)`, `ask` of `ask(...)`;
 * the whole call when the callee is neither (or the call is not in this file).
 */
export function calleeOffsets(file: ParsedFile, call: LlmCall): OffsetRange {
  const callee = callNode(file, call)?.expression;
  const name = callee && ts.isPropertyAccessExpression(callee) ? callee.name : callee && ts.isIdentifier(callee) ? callee : undefined;
  return name ? { start: name.getStart(file.sourceFile), end: name.getEnd() } : call.offsets;
}

/** The value of the call's `model` property as written, else the callee's name. */
export function modelOffsets(file: ParsedFile, call: LlmCall): OffsetRange {
  return propertyOffsets(file, call, ["model", "modelId"], "value") ?? calleeOffsets(file, call);
}

/** The property that carries the prompt (`messages`, `system`, `input`, `contents`, `prompt`), else the callee's name. */
export function promptOffsets(file: ParsedFile, call: LlmCall): OffsetRange {
  return propertyOffsets(file, call, ["messages", "input", "contents", "prompt", "system"], "name") ?? calleeOffsets(file, call);
}

function propertyOffsets(file: ParsedFile, call: LlmCall, names: readonly string[], part: "name" | "value"): OffsetRange | undefined {
  const params = paramsLiteral(file, call);
  if (!params) return undefined;
  for (const name of names) {
    const property = propertyOf(params, name);
    if (!property?.name) continue;
    const node = part === "value" && ts.isPropertyAssignment(property) ? property.initializer : property.name;
    return { start: node.getStart(file.sourceFile), end: node.getEnd() };
  }
  return undefined;
}
