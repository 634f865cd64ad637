// Node's own HTTP client: `https.request(options | url[, options][, callback])`. A CLI without an SDK posts to
// an LLM API this way (aicommits' `httpsPost(hostname, path, headers, json)`): the URL is split over the
// options' `protocol`, `hostname` (or `host`), `port` and `path`, and the body is not an argument but what
// is written on the request the call returns (`request.write(JSON.stringify(json)); request.end()`).
// Syntax only here; http-requests.ts evaluates what these nodes hold.
import { innerExpression } from "../inner-expression.ts";
import { findDeclaration } from "../resolve/scope.ts";
import { propertyName } from "../resolve/members.ts";
import { ts } from "../ts.ts";

/** The modules whose `request` is Node's, and the protocol their requests use unless the options say another. */
export const NODE_HTTP_PROTOCOLS: Readonly<Record<string, string>> = { http: "http:", https: "https:", "node:http": "http:", "node:https": "https:" };

/** A cheap test of a file's imports: whether it imports or requires Node's `http` or `https`. */
export function importsNodeHttp(file: ts.SourceFile): boolean {
  return NODE_HTTP_IMPORT.test(file.text);
}

const NODE_HTTP_IMPORT = /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*)["'](?:node:)?https?["']/;

/** The options of a request that make up its URL, in the order they are written in it. */
const URL_OPTIONS = ["protocol", "hostname", "host", "port", "path"] as const;
export type UrlOption = (typeof URL_OPTIONS)[number];

/** Where a `request(...)` call's URL is: a URL argument, the options, or both (`request(url, options)`). */
export interface NodeRequestArguments {
  url: ts.Expression | undefined;
  options: ts.Expression | undefined;
}

/** The URL and options arguments of a `request(...)` call; a callback is neither. */
export function nodeRequestArguments(call: ts.CallExpression): NodeRequestArguments {
  const [first, second] = call.arguments.map(innerExpression);
  if (!first || isFunction(first)) return { url: undefined, options: undefined };
  if (ts.isObjectLiteralExpression(first)) return { url: undefined, options: first };
  return { url: first, options: second && !isFunction(second) ? second : undefined };
}

/**
 * The expressions a request's URL is made of, as written: the URL argument, and the URL options of an options
 * literal (the options themselves when they are not a literal: an options object the function is given).
 */
export function urlExpressions(call: ts.CallExpression): ts.Expression[] {
  const { url, options } = nodeRequestArguments(call);
  const found = url ? [url] : [];
  if (!options) return found;
  if (!ts.isObjectLiteralExpression(options)) return url ? found : [options];
  for (const property of options.properties) {
    const name = propertyName(property);
    if (!(URL_OPTIONS as readonly string[]).includes(name ?? "")) continue;
    if (ts.isPropertyAssignment(property)) found.push(property.initializer);
    else if (ts.isShorthandPropertyAssignment(property)) found.push(property.name);
  }
  return found;
}

/**
 * What is written on the request a call returns, in the function the call is in: the arguments of
 * `.write(chunk)` and `.end(chunk)` on the call itself (`request(...).end(body)`) or on the const it is
 * bound to (`const req = https.request(...); req.write(body); req.end()`). A callback given to `end` is not one.
 */
export function writtenChunks(call: ts.CallExpression): ts.Expression[] {
  const direct = chunkOf(call);
  if (direct) return [direct];
  const declaration = call.parent;
  if (!ts.isVariableDeclaration(declaration) || declaration.initializer !== call || !ts.isIdentifier(declaration.name)) return [];
  const name = declaration.name.text;
  const container = declaration.parent.parent?.parent;
  if (!container) return [];
  const chunks: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    // Writes in a callback (`req.on("socket", () => req.write(body))`) run at a time this reading does not follow.
    if (ts.isFunctionLike(node)) return;
    if (ts.isIdentifier(node) && node.text === name && ts.isPropertyAccessExpression(node.parent) && node.parent.expression === node && findDeclaration(name, node)?.node === declaration) {
      const chunk = chunkOf(node);
      if (chunk) chunks.push(chunk);
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(container, visit);
  return chunks;
}

/** The chunk `target.write(chunk)` or `target.end(chunk)` writes, for the expression `target`. */
function chunkOf(target: ts.Expression): ts.Expression | undefined {
  const access = target.parent;
  if (!ts.isPropertyAccessExpression(access) || access.expression !== target || (access.name.text !== "write" && access.name.text !== "end")) return undefined;
  const call = access.parent;
  if (!ts.isCallExpression(call) || call.expression !== access) return undefined;
  const chunk = call.arguments[0];
  return chunk && !isFunction(innerExpression(chunk)) ? chunk : undefined;
}

function isFunction(expression: ts.Expression): boolean {
  return ts.isArrowFunction(expression) || ts.isFunctionExpression(expression);
}
