// The parts of package.json generated from code: settings (server/src/protocol.ts via settings-schema.ts) and
// commands (client/src/command-ids.ts). Checked by package-contributes.test.ts, written by update-package-json.ts.
import { COMMAND_CATEGORY, COMMANDS } from "../../client/src/command-ids.ts";
import { configurationContribution } from "../../server/src/lsp/settings-schema.ts";

/** The side-bar tree of calls in the Explorer, and its title-bar buttons (grouping toggle, refresh, dashboard). */
function callsViewContributes(): Record<string, unknown> {
  const view = "view == promptcost.calls";
  return {
    views: { explorer: [{ id: "promptcost.calls", name: "LLM Calls", contextualTitle: "Prompt Cost" }] },
    menus: {
      "view/title": [
        { command: COMMANDS.groupCallsByFeature.id, when: `${view} && promptcost.callsGrouping != feature`, group: "navigation@1" },
        { command: COMMANDS.groupCallsByFile.id, when: `${view} && promptcost.callsGrouping == feature`, group: "navigation@1" },
        { command: COMMANDS.refreshCalls.id, when: view, group: "navigation@2" },
        { command: COMMANDS.showReport.id, when: view, group: "navigation@3" },
      ],
      commandPalette: [COMMANDS.groupCallsByFile, COMMANDS.groupCallsByFeature, COMMANDS.refreshCalls].map((command) => ({ command: command.id, when: "false" })),
    },
  };
}

export function expectedContributes(): Record<string, unknown> {
  return {
    configuration: configurationContribution(),
    commands: Object.values(COMMANDS).map((command) => ({ command: command.id, title: command.title, category: COMMAND_CATEGORY, ...("icon" in command ? { icon: command.icon } : {}) })),
    ...callsViewContributes(),
    // Completion and validation of the repository config file in the editor, from the schema the CLI validates with.
    jsonValidation: [{ fileMatch: "promptcost.config.json", url: "./schema.json" }],
    // The file is JSONC (comments, trailing commas), as the CLI reads it: the editor should not flag comments.
    languages: [{ id: "jsonc", filenames: ["promptcost.config.json"] }],
    walkthroughs: [GETTING_STARTED],
  };
}

/** The Getting Started walkthrough (Help > Welcome); its pages are media/walkthrough/*.md. */
const GETTING_STARTED = {
  id: "promptcost.gettingStarted",
  title: "Get started with Prompt Cost",
  description: "See what each LLM call costs, set your traffic, fix what costs most, and check it in CI.",
  steps: [
    {
      id: "costs",
      title: "See what each call costs",
      description: "Open a file that calls an LLM API: each call gets a lens with its tokens, $/request and $/month. Click a lens for its breakdown.",
      media: { markdown: "media/walkthrough/costs.md" },
      completionEvents: ["onLanguage:typescript", "onLanguage:javascript"],
    },
    {
      id: "traffic",
      title: "Tell it your traffic",
      description: "Monthly figures assume 1,000 requests a day per call. Set one call's traffic from its lens, or the default for all.\n[Set requests/day](command:workbench.action.openSettings?%5B%22promptcost.requestsPerDay%22%5D)",
      media: { markdown: "media/walkthrough/traffic.md" },
      completionEvents: ["onSettingChanged:promptcost.requestsPerDay"],
    },
    {
      id: "fixes",
      title: "Fix what costs the most",
      description: "Findings lead with the dollars at stake; the light bulb applies the fix.\n[List every file's findings](command:workbench.action.openSettings?%5B%22promptcost.workspaceDiagnostics%22%5D)",
      media: { markdown: "media/walkthrough/fixes.md" },
      completionEvents: ["onSettingChanged:promptcost.workspaceDiagnostics"],
    },
    {
      id: "report",
      title: "The whole workspace, and CI",
      description: "The status bar holds the workspace total and a menu; the dashboard breaks the total down by feature, model, file and rule.\n[Open the dashboard](command:promptcost.showReport)",
      media: { markdown: "media/walkthrough/report.md" },
      completionEvents: ["onCommand:promptcost.showReport"],
    },
  ],
};

/** The other manifest keys the extension owns (not generated, but kept here so one script writes them). */
export const EXTENSION_MANIFEST_KEYS = {
  activationEvents: ["onLanguage:typescript", "onLanguage:typescriptreact", "onLanguage:javascript", "onLanguage:javascriptreact"],
  icon: "images/icon.png",
  galleryBanner: { color: "#14213d", theme: "dark" },
  repository: { type: "git", url: "https://github.com/promptcost/promptcost.git" },
};
