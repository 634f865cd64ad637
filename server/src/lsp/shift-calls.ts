// A call found in one version of a document, moved to the next version: every offset in the document after
// the edit moves by the edit's length. Offsets that may point into another file (a message or parameter
// object read through an import) cannot be moved safely: a call holding one at or after the edit is not moved.
import { toSourceRange } from "../core/analyze.ts";
import type { LlmCall, OffsetRange } from "../core/types.ts";
import type { ParsedFile } from "../core/workspace/workspace.ts";
import type { TextChange } from "./literal-edit.ts";
import type { LiteralReads } from "./literal-reads.ts";

/** The calls in the new version, or undefined when one of them holds an offset that cannot be moved. */
export function shiftCalls(calls: readonly LlmCall[], change: TextChange, file: ParsedFile, allInDocument: boolean): LlmCall[] | undefined {
  const moved: LlmCall[] = [];
  for (const call of calls) {
    const shifted = allInDocument ? shiftDocumentOffsets(call, change, file) : shiftCall(call, change, file);
    if (!shifted) return undefined;
    moved.push(shifted);
  }
  return moved;
}

function shiftCall(call: LlmCall, change: TextChange, file: ParsedFile): LlmCall | undefined {
  // Offsets of unknown file: only those before the edit, which no edit moves.
  const before = (offsets: OffsetRange | undefined): boolean => offsets === undefined || (offsets.start < change.start && offsets.end <= change.start);
  if (!call.messages.every((message) => before(message.offsets) && message.parts.every((part) => part.kind !== "dynamic" || before(part.offsets)))) return undefined;
  if (call.paramsObject && (!before(call.paramsObject.offsets) || (call.paramsObject.lastPropertyEnd ?? 0) > change.start)) return undefined;
  if (call.systemParam && (!before(call.systemParam.offsets) || !before(call.systemParam.valueOffsets))) return undefined;
  // A loop in a wrapper the call goes through may be in any file: one after the edit keeps the call from moving.
  if (call.loop?.inWrapper && !before(call.loop.offsets)) return undefined;
  if (!unhandledPlacesBefore(call, change, file.path)) return undefined;
  const offsets = moveRange(call.offsets, change);
  const copy: LlmCall = { ...call, offsets, range: toSourceRange(file, offsets) };
  if (call.loop && !call.loop.inWrapper) copy.loop = { ...call.loop, offsets: moveRange(call.loop.offsets, change) };
  if (call.via) copy.via = call.via.map((hop) => (hop.file === file.path ? { ...hop, id: moveId(hop.id, file.path, change), line: lineOf(file, moveOffset(siteOfId(hop.id), change)) } : hop));
  if (call.wrapper) copy.wrapper = { ...call.wrapper, id: moveId(call.wrapper.id, file.path, change) };
  if (call.reachedWrappers) copy.reachedWrappers = call.reachedWrappers.map((id) => moveId(id, file.path, change));
  return copy;
}

/** A call whose analysis read no other file: every offset it holds is in the document. */
function shiftDocumentOffsets(call: LlmCall, change: TextChange, file: ParsedFile): LlmCall {
  const moved = shiftCall({ ...call, messages: [], paramsObject: undefined, systemParam: undefined, loop: undefined }, change, file)!;
  if (call.loop) moved.loop = { ...call.loop, offsets: moveRange(call.loop.offsets, change) };
  else delete moved.loop;
  moved.messages = call.messages.map((message) => {
    const copy = { ...message, parts: message.parts.map((part) => (part.kind === "dynamic" && part.offsets ? { ...part, offsets: moveRange(part.offsets, change) } : part)) };
    if (message.offsets) copy.offsets = moveRange(message.offsets, change);
    return copy;
  });
  if (call.paramsObject) moved.paramsObject = { ...call.paramsObject, offsets: moveRange(call.paramsObject.offsets, change), lastPropertyEnd: call.paramsObject.lastPropertyEnd === null ? null : moveOffset(call.paramsObject.lastPropertyEnd, change) };
  else delete moved.paramsObject;
  if (call.systemParam) moved.systemParam = { ...call.systemParam, offsets: moveRange(call.systemParam.offsets, change), valueOffsets: moveRange(call.systemParam.valueOffsets, change) };
  else delete moved.systemParam;
  return moved;
}

/** Fields this file moves (or checks) by name; anything else holding a place must lie before the edit. */
const MOVED_FIELDS = new Set(["offsets", "range", "loop", "via", "wrapper", "reachedWrappers", "messages", "paramsObject", "systemParam"]);
const PLACE_KEY = /start|end|offset|line|column|pos/i;

/**
 * Whether every other field of the call that may hold a place (a number under a key like `start` or
 * `line`, an id naming the document) leaves it unmoved: a field added later that this file does not know
 * keeps the call from being moved rather than moving it wrong.
 */
function unhandledPlacesBefore(call: LlmCall, change: TextChange, filePath: string): boolean {
  const check = (value: unknown, key: string): boolean => {
    if (typeof value === "number") return !PLACE_KEY.test(key) || value < change.start;
    if (typeof value === "string") return !value.includes(`${filePath}:`);
    if (Array.isArray(value)) return value.every((item) => check(item, key));
    if (value && typeof value === "object") return Object.entries(value).every(([inner, item]) => check(item, inner));
    return true;
  };
  return Object.entries(call).every(([key, value]) => MOVED_FIELDS.has(key) || check(value, key));
}

export function moveOffset(offset: number, change: TextChange): number {
  return offset >= change.oldEnd ? offset + change.delta : offset;
}

/** Reads of a version, as places in the next one (none of them inside the change). */
export function movedReads(reads: LiteralReads, change: TextChange): LiteralReads {
  return { literals: new Set([...reads.literals].map((literal) => moveOffset(literal, change))), ranges: reads.ranges.map(([from, to]) => [moveOffset(from, change), moveOffset(to, change)]) };
}

function moveRange(range: OffsetRange, change: TextChange): OffsetRange {
  return { start: moveOffset(range.start, change), end: moveOffset(range.end, change) };
}

/** `path:wrapperStart@siteStart` (wrapperSiteId) or `path:wrapperStart` (wrapperId), moved when path is the document. */
function moveId(id: string, filePath: string, change: TextChange): string {
  if (!id.startsWith(`${filePath}:`)) return id;
  const rest = id.slice(filePath.length + 1);
  const match = /^(\d+)(?:@(\d+))?$/.exec(rest);
  if (!match) return id;
  const wrapper = moveOffset(Number(match[1]), change);
  return match[2] === undefined ? `${filePath}:${wrapper}` : `${filePath}:${wrapper}@${moveOffset(Number(match[2]), change)}`;
}

function siteOfId(id: string): number {
  return Number(id.slice(id.lastIndexOf("@") + 1));
}

function lineOf(file: ParsedFile, offset: number): number {
  return file.sourceFile.getLineAndCharacterOfPosition(offset).line + 1;
}
