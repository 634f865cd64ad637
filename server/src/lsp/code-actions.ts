import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit, type WorkspaceEdit } from "vscode-languageserver";
import type { Finding, PricedCall } from "../core/types.ts";
import { unknownModelConfigChanges, type ConfigChange } from "./config-fixes.ts";
import { DIAGNOSTIC_SOURCE, toDiagnostics } from "./diagnostics.ts";
import type { DocumentAnalysis } from "./document-analysis-cache.ts";
import { rangesTouch, sameRange, toRange } from "./positions.ts";

const DISABLE_NEXT_LINE = "promptcost-disable-next-line";

/** Runs on the server: opens a rule's docs page in the browser (window/showDocument). */
export const OPEN_RULE_DOCS_COMMAND = "promptcost.server.openRuleDocs";

export interface CodeActionOptions {
  /** The client applies versioned edits (documentChanges): a fix made for older text is then refused, not misapplied. */
  versionedEdits: boolean;
  /** The client can create files in a workspace edit (a promptcost.config.json that does not exist yet). */
  createFiles: boolean;
  /** The workspace folder of the document: where a new promptcost.config.json goes. */
  folderPath: string | undefined;
  /** The document's findings the editor shows (its diagnostics). */
  findings: readonly Finding[];
}

/**
 * Quick fixes for the promptcost diagnostics in the request: the rule's own remedy where it has one, and a
 * `// promptcost-disable-next-line <rule>` comment for every rule.
 */
export function codeActionsFor(params: CodeActionParams, result: DocumentAnalysis, options: CodeActionOptions): CodeAction[] {
  const only = params.context.only;
  if (only && !only.some((kind) => CodeActionKind.QuickFix.startsWith(kind))) return [];
  const actions: CodeAction[] = [];
  for (const { finding, diagnostic } of findingsInRequest(params, result, options.findings)) {
    if (finding.fix) {
      actions.push({
        title: finding.fix.description,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: true,
        edit: workspaceEdit(result, finding.fix.edits.map((edit) => ({ range: toRange(result.snapshot, edit.offsets), newText: edit.text })), options),
      });
    }
    if (finding.rule === "no-unknown-model") actions.push(...unknownModelActions(result, finding, diagnostic, options));
    actions.push({
      title: `Disable ${finding.rule} for this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: workspaceEdit(result, [disableNextLineEdit(result, finding)], options),
    });
    actions.push({
      title: `Disable ${finding.rule} for this file`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      edit: workspaceEdit(result, [disableFileEdit(result, finding)], options),
    });
    actions.push({
      title: `Open the docs of ${finding.rule}`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      command: { title: `Open the docs of ${finding.rule}`, command: OPEN_RULE_DOCS_COMMAND, arguments: [finding.docsUrl] },
    });
  }
  return actions;
}

/** Price the unknown model in promptcost.config.json: an alias to the closest listed model, or an override. */
function unknownModelActions(result: DocumentAnalysis, finding: Finding, diagnostic: Diagnostic, options: CodeActionOptions): CodeAction[] {
  const priced = callOfFinding(result, finding);
  if (!priced || !options.folderPath) return [];
  const changes = unknownModelConfigChanges(priced, result.settings.prices, result.settings.configPath, options.folderPath);
  return changes
    .filter((change) => !change.create || options.createFiles)
    .map((change) => ({ title: change.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: configWorkspaceEdit(change, options) }));
}

/** The call a finding is about: the innermost call whose range holds the finding's start. */
function callOfFinding(result: DocumentAnalysis, finding: Finding): PricedCall | undefined {
  const containing = result.analysis.calls.filter(({ call }) => call.offsets.start <= finding.offsets.start && finding.offsets.start <= call.offsets.end);
  return containing.sort((a, b) => a.call.offsets.end - a.call.offsets.start - (b.call.offsets.end - b.call.offsets.start))[0];
}

function configWorkspaceEdit(change: ConfigChange, options: CodeActionOptions): WorkspaceEdit {
  if (change.create) return { documentChanges: [{ kind: "create", uri: change.uri, options: { ignoreIfExists: true } }, { textDocument: { uri: change.uri, version: null }, edits: change.edits }] };
  if (options.versionedEdits) return { documentChanges: [{ textDocument: { uri: change.uri, version: null }, edits: change.edits }] };
  return { changes: { [change.uri]: change.edits } };
}

/** `/* promptcost-disable <rule> *\/` on the file's first line (after a `#!` line), which covers the whole file. */
export function disableFileEdit(result: DocumentAnalysis, finding: Finding): TextEdit {
  const text = result.snapshot.getText();
  const line = text.startsWith("#!") ? 1 : 0;
  const start = { line, character: 0 };
  return { range: { start, end: start }, newText: `/* promptcost-disable ${finding.rule} */${eol(text)}` };
}

/**
 * The findings the client asks about: those of the diagnostics it sends back (matched by rule and range in
 * the same analysis), or, from clients that send none, those touching the requested range.
 */
function findingsInRequest(params: CodeActionParams, result: DocumentAnalysis, findings: readonly Finding[]): { finding: Finding; diagnostic: Diagnostic }[] {
  const diagnostics = toDiagnostics(result, findings);
  const pairs = findings.map((finding, index) => ({ finding, diagnostic: diagnostics[index]! }));
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
