import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type InitializeResult } from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { TOOL_VERSION } from "../version.ts";

/** Starts the language server on the transport named on the command line (--stdio, --node-ipc, --socket=N). */
export function startLanguageServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  connection.onInitialize(
    (): InitializeResult => ({
      capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
      serverInfo: { name: "promptcost", version: TOOL_VERSION },
    }),
  );
  documents.listen(connection);
  connection.listen();
}
