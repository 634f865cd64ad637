import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit, type WorkspaceEdit } from "vscode-languageserver";
import type { Finding } from "../core/types.ts";
import { DIAGNOSTIC_SOURCE, toDiagnostics } from "./diagnostics.ts";
import type { DocumentAnalysis } from "./document-analysis-cache.ts";
import { rangesTouch, sameRange, toRange } from "./positions.ts";

const DISABLE_NEXT_LINE = "promptcost-disable-next-line";

export interface CodeActionOptions {
  /** The client applies versioned edits (documentChanges): a fix made for older text is then refused, not misapplied. */
  versionedEdits: boolean;
}

/**
 * Quick fixes for the promptcost diagnostics in the request: the rule's own remedy where it has one, and a
 * `// promptcost-disable-next-line <rule>` comment for every rule.
 */
export function codeActionsFor(params: CodeActionParams, result: DocumentAnalysis, options: CodeActionOptions): CodeAction[] {
  const only = params.context.only;
  if (only && !only.some((kind) => CodeActionKind.QuickFix.startsWith(kind))) return [];
  const actions: CodeAction[] = [];
  for (const { finding, diagnostic } of findingsInRequest(params, result)) {
    if (finding.fix) {
      actions.push({
        title: finding.fix.description,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: true,
        edit: workspaceEdit(result, finding.fix.edits.map((edit) => ({ range: toRange(result.snapshot, edit.offsets), newText: edit.text })), options),
      });
    }
    actions.push({
      title: `Disable ${finding.rule} for this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: workspaceEdit(result, [disableNextLineEdit(result, finding)], options),
    });
  }
  return actions;
}

/**
 * The findings the client asks about: those of the diagnostics it sends back (matched by rule and range in
 * the same analysis), or, from clients that send none, those touching the requested range.
 */
function findingsInRequest(params: CodeActionParams, result: DocumentAnalysis): { finding: Finding; diagnostic: Diagnostic }[] {
  const diagnostics = toDiagnostics(result);
  const pairs = result.analysis.findings.map((finding, index) => ({ finding, diagnostic: diagnostics[index]! }));
  const sent = params.context.diagnostics.filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE);
  if (sent.length > 0) {
    return pairs.filter(({ diagnostic }) => sent.some((other) => other.code === diagnostic.code && sameRange(other.range, diagnostic.range)));
  }
  return params.context.diagnostics.length === 0 ? pairs.filter(({ diagnostic }) => rangesTouch(diagnostic.range, params.range)) : [];
}

/** Inserts the comment above the finding's first line with that line's indentation, or adds the rule to one already there. */
export function disableNextLineEdit(result: DocumentAnalysis, finding: Finding): TextEdit {
  const snapshot = result.snapshot;
  const line = snapshot.positionAt(finding.offsets.start).line;
  const lineText = snapshot.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  const indent = /^[ \t]*/.exec(lineText)?.[0] ?? "";
  if (line > 0) {
    const previous = snapshot.getText({ start: { line: line - 1, character: 0 }, end: { line, character: 0 } }).replace(/\r?\n$/, "");
    const existing = new RegExp(`^\\s*//\\s*${DISABLE_NEXT_LINE}\\b(.*)$`).exec(previous);
    if (existing) {
      const rules = (existing[1] ?? "").trim();
      const end = { line: line - 1, character: previous.length };
      // A bare comment already disables every rule; otherwise add this one to the list.
      return { range: { start: end, end }, newText: rules === "" ? "" : `, ${finding.rule}` };
    }
  }
  const start = { line, character: 0 };
  return { range: { start, end: start }, newText: `${indent}// ${DISABLE_NEXT_LINE} ${finding.rule}${eol(snapshot.getText())}` };
}

function eol(text: string): string {
  return text.includes("\r\n") ? "\r\n" : "\n";
}

function workspaceEdit(result: DocumentAnalysis, edits: TextEdit[], options: CodeActionOptions): WorkspaceEdit {
  if (options.versionedEdits) return { documentChanges: [{ textDocument: { uri: result.uri, version: result.version }, edits }] };
  return { changes: { [result.uri]: edits } };
}
