import * as vscode from "vscode";
import type { ConfigurationRequest } from "vscode-languageclient";
import { DEFAULT_EDITOR_SETTINGS, type PromptcostSettings, type ServerSettings } from "../../server/src/protocol.ts";

/**
 * Answers the server's workspace/configuration requests for "promptcost" with the settings for that resource,
 * read through VS Code (so folder, workspace and user values merge as usual), plus whether the workspace is
 * trusted: in an untrusted workspace the server reads no promptcost.config.json.
 */
export const configurationMiddleware: ConfigurationRequest.MiddlewareSignature = (params, token, next) => {
  if (!params.items.some((item) => item.section === "promptcost")) return next(params, token);
  return params.items.map((item) => (item.section === "promptcost" ? readSettings(item.scopeUri) : null));
};

export function readSettings(scopeUri: string | undefined): ServerSettings {
  const config = vscode.workspace.getConfiguration("promptcost", scopeUri ? vscode.Uri.parse(scopeUri) : undefined);
  const defaults = DEFAULT_EDITOR_SETTINGS;
  const settings: PromptcostSettings = {
    enable: config.get("enable", defaults.enable),
    rules: config.get("rules", defaults.rules),
    requestsPerDay: config.get("requestsPerDay", defaults.requestsPerDay),
    dynamicTokens: config.get("dynamicTokens", defaults.dynamicTokens),
    maxInputTokens: config.get("maxInputTokens", defaults.maxInputTokens),
    codeLens: { enable: config.get("codeLens.enable", defaults.codeLens.enable) },
    workspaceDiagnostics: config.get("workspaceDiagnostics", defaults.workspaceDiagnostics),
    pricing: {
      overrides: config.get("pricing.overrides", defaults.pricing.overrides),
      aliases: config.get("pricing.aliases", defaults.pricing.aliases),
      discount: config.get("pricing.discount", defaults.pricing.discount),
      selfHosted: config.get("pricing.selfHosted", defaults.pricing.selfHosted),
    },
    trace: { server: config.get("trace.server", defaults.trace.server) },
  };
  return { ...settings, workspaceTrusted: vscode.workspace.isTrusted };
}
