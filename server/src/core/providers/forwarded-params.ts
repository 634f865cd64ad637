// Where a caller can set a request parameter through a wrapper: the object literals the SDK call's parameter
// object spreads in (`generateText({ ...options, model })`), followed through the spreads of those, as the
// call site's arguments bind them. A fix that adds the parameter goes into the caller's own literal.
import { ts } from "../ts.ts";
import type { Evaluator } from "../resolve/evaluate.ts";
import type { EvalScope } from "../resolve/values.ts";
import type { ParamsObjectLayout } from "../types.ts";
import type { RecognisedCall } from "./adapter.ts";
import { literalLayoutOf } from "./call-params.ts";

/** An object literal spread into a request's parameters: the file it is written in, and its layout. */
export interface ForwardedLiteral {
  file: string;
  layout: ParamsObjectLayout;
}

/** What a wrapper's call sites need to place the output-cap fix in their own argument. */
export interface ForwardedCap {
  capTemplate: string;
  literals: ForwardedLiteral[];
}

/** Spreads followed from the parameter object: `{ ...protected }` -> `{ ...options, system }` -> the caller's `{ prompt }`. */
const MAX_SPREAD_DEPTH = 4;

/**
 * For a request made inside a wrapper with no output cap: the object literals its parameter object spreads
 * in (at any of a few levels), evaluated with the call site's arguments bound.
 */
export function forwardedCap(evaluator: Evaluator, recognised: RecognisedCall, file: ts.SourceFile, scope: EvalScope): ForwardedCap | undefined {
  const { paramsObject, capTemplate } = recognised;
  // Only where require-max-tokens can report: a generation with no cap that its provider does not require.
  if (recognised.hasOutputCap || recognised.outputCapRequired || (recognised.kind !== "chat" && recognised.kind !== "batch") || !paramsObject || !capTemplate) return undefined;
  const literal = objectLiteralAt(file, paramsObject.offsets.start);
  if (!literal) return undefined;
  const literals: ForwardedLiteral[] = [];
  collectSpreads(evaluator, literal, scope, 0, literals, new Set([literal]));
  return literals.length > 0 ? { capTemplate, literals } : undefined;
}

function collectSpreads(evaluator: Evaluator, literal: ts.ObjectLiteralExpression, scope: EvalScope, depth: number, into: ForwardedLiteral[], seen: Set<ts.Node>): void {
  if (depth >= MAX_SPREAD_DEPTH) return;
  for (const property of literal.properties) {
    if (!ts.isSpreadAssignment(property)) continue;
    const spread = evaluator.evaluate(property.expression, scope);
    if (spread.kind !== "object" || seen.has(spread.node)) continue;
    seen.add(spread.node);
    into.push({ file: spread.node.getSourceFile().fileName, layout: literalLayoutOf(spread.node) });
    collectSpreads(evaluator, spread.node, spread.scope, depth + 1, into, seen);
  }
}

/** The object literal that starts at an offset of a file, found by descending only into nodes that hold it. */
function objectLiteralAt(file: ts.SourceFile, start: number): ts.ObjectLiteralExpression | undefined {
  let found: ts.ObjectLiteralExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (found || start < node.pos || start >= node.end) return;
    if (ts.isObjectLiteralExpression(node) && node.getStart() === start) {
      found = node;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/**
 * The literal among them that is written as an argument of a call site (directly, not nested): where its
 * caller adds the cap, when the wrapper's parameter declared for it takes the cap's key.
 */
export function capLiteralAtCallSite(forwarded: ForwardedCap | undefined, node: ts.CallExpression, callee: ts.Node): ParamsObjectLayout | undefined {
  if (!forwarded) return undefined;
  const file = node.getSourceFile().fileName;
  const key = /^[\w$]+/.exec(forwarded.capTemplate)?.[0];
  if (!key) return undefined;
  for (const literal of forwarded.literals) {
    if (literal.file !== file) continue;
    const index = node.arguments.findIndex((argument) => argument.getStart() === literal.layout.offsets.start && argument.getEnd() === literal.layout.offsets.end);
    if (index >= 0 && parameterTakes(callee, index, key)) return literal.layout;
  }
  return undefined;
}

/**
 * Whether the wrapper's parameter that receives argument `index` takes `key` as far as its declared type
 * says: no annotation, a type of a package (`GenerateTextOptions`, `Parameters<typeof generateText>[0]`),
 * or a type of the wrapper's file that names the key or builds on another type. A literal typed with a
 * project type that lists its properties would not compile with the key added: no fix there.
 */
export function parameterTakes(callee: ts.Node, index: number, key: string): boolean {
  if (!ts.isFunctionLike(callee)) return false;
  const parameters = callee.parameters;
  const last = parameters[parameters.length - 1];
  const parameter = parameters[index] ?? (last?.dotDotDotToken ? last : undefined);
  if (!parameter) return false;
  return typeTakes(parameter.type, key, callee.getSourceFile(), 0);
}

function typeTakes(type: ts.TypeNode | undefined, key: string, file: ts.SourceFile, depth: number): boolean {
  if (!type) return true;
  const text = type.getText();
  if (new RegExp(`\\b${key}\\b`).test(text) || /\b(?:Parameters|ReturnType|typeof)\b/.test(text)) return true;
  if (ts.isTypeLiteralNode(type)) return false;
  if (ts.isArrayTypeNode(type) || ts.isTupleTypeNode(type)) return true;
  if (ts.isUnionTypeNode(type) || ts.isIntersectionTypeNode(type)) return type.types.some((member) => typeTakes(member, key, file, depth));
  if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return true;
  const name = type.typeName.text;
  if (depth >= 3) return false;
  for (const statement of file.statements) {
    if (ts.isInterfaceDeclaration(statement) && statement.name.text === name) {
      return (statement.heritageClauses?.length ?? 0) > 0 || statement.members.some((member) => member.name?.getText() === key);
    }
    if (ts.isTypeAliasDeclaration(statement) && statement.name.text === name) return typeTakes(statement.type, key, file, depth + 1);
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && importsName(statement, name)) {
      // A package's type takes its own parameters; a project type imported from another file is not read here.
      return !statement.moduleSpecifier.text.startsWith(".");
    }
  }
  return false;
}

function importsName(statement: ts.ImportDeclaration, name: string): boolean {
  const bindings = statement.importClause?.namedBindings;
  return bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.some((element) => element.name.text === name);
}
