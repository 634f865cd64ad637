// The extension's commands: ids and titles. Plain data so package.json `contributes.commands` can be
// generated from it and checked by a test (test/lsp/package-contributes.ts).

export const COMMANDS = {
  showReport: { id: "promptcost.showReport", title: "Open Cost Dashboard", icon: "$(graph)" },
  restartServer: { id: "promptcost.restartServer", title: "Restart Language Server" },
  toggleCodeLens: { id: "promptcost.toggleCodeLens", title: "Toggle Code Lenses" },
  showOutput: { id: "promptcost.showOutput", title: "Show Output" },
  groupCallsByFile: { id: "promptcost.calls.groupByFile", title: "Group Calls by File", icon: "$(file)" },
  groupCallsByFeature: { id: "promptcost.calls.groupByFeature", title: "Group Calls by Feature", icon: "$(tag)" },
  refreshCalls: { id: "promptcost.calls.refresh", title: "Refresh Calls", icon: "$(refresh)" },
  statusMenu: { id: "promptcost.statusMenu", title: "Show Menu" },
} as const;

export const COMMAND_CATEGORY = "Prompt Cost";
