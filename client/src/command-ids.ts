// The extension's commands: ids and titles. Plain data so package.json `contributes.commands` can be
// generated from it and checked by a test (test/lsp/package-contributes.ts).

export const COMMANDS = {
  showReport: { id: "promptcost.showReport", title: "Show Workspace Cost Report" },
  restartServer: { id: "promptcost.restartServer", title: "Restart Language Server" },
  toggleCodeLens: { id: "promptcost.toggleCodeLens", title: "Toggle Code Lenses" },
  showOutput: { id: "promptcost.showOutput", title: "Show Output" },
} as const;

export const COMMAND_CATEGORY = "Prompt Cost";
