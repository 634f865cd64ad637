import { RULE_LIST } from "../core/rules/index.ts";
import { docsUrl } from "../core/rules/rule.ts";
import { DEFAULT_EDITOR_SETTINGS, SETTING_DEFINITIONS } from "../protocol.ts";

const LEVELS = ["error", "warning", "info", "off"];

/**
 * package.json `contributes.configuration`, generated from the settings definition in protocol.ts (defaults
 * from DEFAULT_EDITOR_SETTINGS, rule ids from the rule registry). test/lsp/package-contributes.test.ts fails
 * when package.json differs; `node --import tsx test/lsp/update-package-json.ts` rewrites it.
 */
export function configurationContribution(): { title: string; properties: Record<string, Record<string, unknown>> } {
  const properties: Record<string, Record<string, unknown>> = {};
  for (const definition of SETTING_DEFINITIONS) {
    const schema = definition.key === "rules" ? { ...definition.schema, properties: ruleProperties(), additionalProperties: false } : definition.schema;
    properties[`promptcost.${definition.key}`] = {
      ...schema,
      default: valueAt(DEFAULT_EDITOR_SETTINGS, definition.key),
      scope: definition.scope,
      markdownDescription: definition.description,
    };
  }
  return { title: "Prompt Cost", properties };
}

function ruleProperties(): Record<string, unknown> {
  const level = { type: "string", enum: LEVELS };
  return Object.fromEntries(
    RULE_LIST.map((rule) => [
      rule.id,
      {
        markdownDescription: `${rule.description} (default: ${rule.defaultSeverity}). [Docs](${docsUrl(rule.id)})`,
        anyOf: [level, { type: "array", items: [level, { type: "object" }], minItems: 1, maxItems: 2 }],
      },
    ]),
  );
}

function valueAt(object: unknown, dottedKey: string): unknown {
  let value = object;
  for (const key of dottedKey.split(".")) value = (value as Record<string, unknown>)[key];
  if (value === undefined) throw new Error(`DEFAULT_EDITOR_SETTINGS has no ${dottedKey}`);
  return value;
}
