// A zod schema parsing the environment (karakeep's packages/shared/config.ts:
// `z.object({ INFERENCE_TEXT_MODEL: z.string().default("gpt-5.6-luna") }).transform((val, ctx) => ...).parse(process.env)`):
// each field the env variable it names or the schema's default, as `process.env.X ?? "default"` is read.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { analyzeProject, describeCalls } from "../helpers/analyze-project.ts";

const CONFIG = (parse: string, useSmall = "false") => `import { z } from "zod";
const stringBool = (defaultValue: string) =>
  z.string().prefault(defaultValue).refine((s) => s === "true" || s === "false").transform((s) => s === "true");
const allEnv = z.object({
  OPENAI_API_KEY: z.string().optional(),
  USE_SMALL: stringBool("${useSmall}"),
  TIMEOUT: z.coerce.number().int().default(30),
  TEXT_MODEL: z.string().default("gpt-4o"),
  SMALL_MODEL: z.string().default("gpt-4o-mini"),
});
const schema = allEnv.transform((val, ctx) => {
  const obj = { inference: { textModel: val.USE_SMALL ? val.SMALL_MODEL : val.TEXT_MODEL } };
  if (!val.OPENAI_API_KEY && val.TIMEOUT > 100) {
    ctx.addIssue({ code: "custom", message: "x" });
    return z.NEVER;
  }
  return obj;
});
${parse}
`;

const CALLER = `import OpenAI from "openai";
import serverConfig from "./config";
const openai = new OpenAI();
export async function run(prompt: string) {
  return openai.chat.completions.create({ model: serverConfig.inference.textModel, messages: [{ role: "user", content: prompt }] });
}
`;

const PARSE = `const serverConfig = schema.parse(process.env);\nexport default serverConfig;`;

function models(parse: string, extra: Record<string, string> = {}, useSmall?: string): string[] {
  return describeCalls(analyzeProject({ "src/config.ts": CONFIG(parse, useSmall), "src/a.ts": CALLER, ...extra })).map((call) => call.replace(/ wrapper=\S+$/, ""));
}

describe("a zod schema parsing the environment", () => {
  it("gives each field's default, through transforms, leaving out the failing path's z.NEVER", () => {
    assert.deepEqual(models(`const serverConfig = schema.parse(process.env);\nexport default serverConfig;`), ["src/a.ts:5 gpt-4o"]);
  });
  it("gives safeParse's data the same way", () => {
    assert.deepEqual(models(`const parsed = schema.safeParse(process.env);\nexport default parsed.data;`), ["src/a.ts:5 gpt-4o"]);
  });
  it("lets a value the env example states win over the default", () => {
    assert.deepEqual(models(`const serverConfig = schema.parse(process.env);\nexport default serverConfig;`, { "src/.env.example": "TEXT_MODEL=gpt-4.1-mini\n" }), ["src/a.ts:5 gpt-4.1-mini"]);
  });
  it("reads a prefault through the transform after it", () => {
    assert.deepEqual(models(PARSE, {}, "true"), ["src/a.ts:5 gpt-4o-mini"]);
  });
});
