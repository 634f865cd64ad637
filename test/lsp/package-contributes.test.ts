import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import picomatch from "picomatch";
import { RULE_LIST } from "../../server/src/core/rules/index.ts";
import { normaliseEditorSettings } from "../../server/src/lsp/settings.ts";
import { DEFAULT_EDITOR_SETTINGS } from "../../server/src/protocol.ts";
import { REPO_ROOT } from "./lsp-client.ts";
import { expectedContributes } from "./package-contributes.ts";

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));

describe("package.json", () => {
  it("contributes exactly the settings and commands defined in code (run test/lsp/update-package-json.ts when this fails)", () => {
    assert.deepEqual(manifest.contributes, expectedContributes());
  });

  it("has one setting per leaf of the settings type, each with its default", () => {
    const leaves = (value: unknown, prefix: string): string[] =>
      typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length > 0 && !["promptcost.rules", "promptcost.pricing.overrides", "promptcost.pricing.aliases", "promptcost.pricing.discount", "promptcost.pricing.selfHosted"].includes(prefix)
        ? Object.entries(value).flatMap(([key, inner]) => leaves(inner, `${prefix}.${key}`))
        : [prefix];
    const expected = Object.entries(DEFAULT_EDITOR_SETTINGS).flatMap(([key, value]) => leaves(value, `promptcost.${key}`)).sort();
    const properties = manifest.contributes.configuration.properties as Record<string, { default: unknown }>;
    assert.deepEqual(Object.keys(properties).sort(), expected);
    assert.equal(properties["promptcost.requestsPerDay"]!.default, 1000);
    assert.equal(properties["promptcost.codeLens.enable"]!.default, true);
  });

  it("lists every rule under promptcost.rules", () => {
    const rules = manifest.contributes.configuration.properties["promptcost.rules"].properties;
    assert.deepEqual(Object.keys(rules).sort(), RULE_LIST.map((rule) => rule.id).sort());
  });

  it("names every contributed setting's key the way the server reads it", () => {
    const raw: Record<string, unknown> = {
      enable: false,
      requestsPerDay: 5,
      dynamicTokens: 7,
      maxInputTokens: 9,
      "codeLens.enable": false,
      workspaceDiagnostics: true,
      "pricing.overrides": { "my-model": { inputPerMTok: 1, outputPerMTok: 2 } },
      "pricing.aliases": { "my-deployment": "gpt-4o" },
      "pricing.discount": { openai: 12 },
      "pricing.selfHosted": { "llama*": { costPerHour: 2, tokensPerSecond: 1000, provider: "ollama" } },
      "trace.server": "verbose",
      rules: { "require-max-tokens": ["error", { defaultMaxTokens: 64 }] },
    };
    const settings = normaliseEditorSettings(raw);
    assert.deepEqual(settings, {
      enable: false,
      rules: { "require-max-tokens": ["error", { defaultMaxTokens: 64 }] },
      requestsPerDay: 5,
      dynamicTokens: 7,
      maxInputTokens: 9,
      codeLens: { enable: false },
      workspaceDiagnostics: true,
      pricing: {
        overrides: { "my-model": { inputPerMTok: 1, outputPerMTok: 2 } },
        aliases: { "my-deployment": "gpt-4o" },
        discount: { openai: 12 },
        selfHosted: { "llama*": { costPerHour: 2, tokensPerSecond: 1000, provider: "ollama" } },
      },
      trace: { server: "verbose" },
    });
    const keys = Object.keys(manifest.contributes.configuration.properties).map((key: string) => key.slice("promptcost.".length)).sort();
    assert.deepEqual(keys, Object.keys(raw).sort());
  });

  it("ships a Getting Started walkthrough whose pages exist, are packaged, and whose commands are contributed", () => {
    const [walkthrough] = manifest.contributes.walkthroughs as { steps: { media: { markdown: string }; description: string }[] }[];
    assert.ok(walkthrough && walkthrough.steps.length >= 3 && walkthrough.steps.length <= 4);
    const shipped = picomatch(manifest.files as string[]);
    const commands = new Set((manifest.contributes.commands as { command: string }[]).map((command) => command.command));
    for (const step of walkthrough.steps) {
      assert.ok(fs.existsSync(path.join(REPO_ROOT, step.media.markdown)), `${step.media.markdown} is missing`);
      assert.ok(shipped(step.media.markdown), `${step.media.markdown} is not in package.json files`);
      for (const [, command] of step.description.matchAll(/\(command:([\w.]+)/g)) {
        assert.ok(command!.startsWith("workbench.") || commands.has(command!), `${command} is not a contributed command`);
      }
    }
  });

  it("activates on the languages the client selects", () => {
    for (const language of ["typescript", "typescriptreact", "javascript", "javascriptreact"]) assert.ok(manifest.activationEvents.includes(`onLanguage:${language}`));
  });
});
