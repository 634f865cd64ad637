// Values only known at run time that the project states anyway: an env variable's default in a committed
// env example file (never `.env` or `.env.local`, which hold secrets), or a name the config's `env` key maps.
// They are read only where a model is read (UnknownValue.stated), so a default never turns a prompt, a base
// URL or a provider into something the code does not say.
import * as path from "node:path";
import { ts } from "../ts.ts";
import type { Workspace } from "../workspace/workspace.ts";
import type { Evaluator } from "./evaluate.ts";
import { findDeclaration } from "./scope.ts";
import type { StatedValue, UnknownValue, Value } from "./values.ts";

/** Committed env files that document variables with example values, in the order they are consulted. */
export const ENV_EXAMPLE_FILES = [".env.example", ".env.sample", ".env.template", ".env.local.example", ".env.dev.example", ".env.development.example"];

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A module that exports the app's typed env object: `~/env`, `@/lib/env`, `../env.mjs`. */
const ENV_MODULE = /(^|\/)env(\.[cm]?[jt]s)?$/i;

interface EnvDefault {
  value: string;
  file: string;
}

const RUN_TIME_VALUES = Symbol("run-time values");

/** The analysis's run-time values: one per Evaluator, so env files are read once per run. */
export function runTimeValues(evaluator: Evaluator): RunTimeValues {
  return evaluator.memo(RUN_TIME_VALUES, () => new RunTimeValues(evaluator.workspace));
}

/**
 * One per analysis run (kept by the Evaluator): env files are read once per directory, and a directory's
 * place inside the workspace roots is checked once.
 */
export class RunTimeValues {
  private configured: Record<string, string> = {};
  /** Config keys that are expressions (`settings.model`), not env names: looked up by their text. */
  private expressionKeys = new Set<string>();
  private readonly envFiles = new Map<string, { variables: Map<string, EnvDefault>; example?: string }>();
  private readonly inside = new Map<string, boolean>();

  constructor(private readonly workspace: Workspace) {}

  /** The config's `env` key: values of env variables and app settings, which win over env files. True when it changed. */
  configure(env: Record<string, string> | undefined): boolean {
    if (env === this.configured || (env === undefined && this.expressionKeys.size === 0 && Object.keys(this.configured).length === 0)) return false;
    this.configured = env ?? {};
    this.expressionKeys = new Set(Object.keys(this.configured).filter((key) => !ENV_NAME.test(key)).map(normaliseExpression));
    return true;
  }

  /**
   * A property read whose value is only known at run time, given what the project states about it:
   * `process.env.X`, `import.meta.env.X`, a typed env object's `env.X`, or an expression the config names.
   * Undefined when the read is none of these (the evaluated value then stands).
   */
  refine(node: ts.PropertyAccessExpression, value: Value, fromFile: string): Value {
    if (value.kind !== "unknown" && value.kind !== "external" && value.kind !== "null") return value;
    const env = envVariableRead(node);
    if (env !== undefined) return this.envRead(env, `${envObjectLabel(node)}.${env}`, fromFile);
    if (this.expressionKeys.size === 0) return value;
    const expression = normaliseExpression(node.getText());
    if (!this.expressionKeys.has(expression)) return value;
    const key = Object.keys(this.configured).find((candidate) => normaliseExpression(candidate) === expression)!;
    return { kind: "unknown", label: expression, stated: { text: this.configured[key]!, source: { kind: "config-env", name: key } } };
  }

  /** The env variable `name` read in `fromFile` (labelled `label`), with what the project states about it. */
  envRead(name: string, label: string, fromFile: string): UnknownValue {
    const read: UnknownValue = { kind: "unknown", label, env: name };
    const stated = this.statedEnv(name, fromFile);
    if (stated) read.stated = stated;
    else {
      const example = this.nearestExample(path.dirname(fromFile));
      if (example) read.unsetInExample = example;
    }
    return read;
  }

  private statedEnv(name: string, fromFile: string): StatedValue | undefined {
    const configured = this.configured[name];
    if (configured !== undefined) return { text: configured, source: { kind: "config-env", name } };
    const found = this.envDefault(name, path.dirname(fromFile));
    return found ? { text: found.value, source: { kind: "env-file", name, file: found.file } } : undefined;
  }

  /** The nearest committed env example that gives the variable a value, walking up inside the workspace roots. */
  private envDefault(name: string, startDirectory: string): EnvDefault | undefined {
    for (let directory = startDirectory; this.isInside(directory); ) {
      const found = this.envFilesIn(directory).variables.get(name);
      if (found) return found;
      const parent = path.dirname(directory);
      if (parent === directory) break;
      directory = parent;
    }
    return undefined;
  }

  private isInside(directory: string): boolean {
    let inside = this.inside.get(directory);
    if (inside === undefined) this.inside.set(directory, (inside = this.workspace.isInside(directory)));
    return inside;
  }

  /** The nearest committed env example at or above a directory, inside the workspace roots. */
  private nearestExample(startDirectory: string): string | undefined {
    for (let directory = startDirectory; this.isInside(directory); ) {
      const example = this.envFilesIn(directory).example;
      if (example) return example;
      const parent = path.dirname(directory);
      if (parent === directory) break;
      directory = parent;
    }
    return undefined;
  }

  private envFilesIn(directory: string): { variables: Map<string, EnvDefault>; example?: string } {
    const known = this.envFiles.get(directory);
    if (known) return known;
    const found: { variables: Map<string, EnvDefault>; example?: string } = { variables: new Map() };
    for (const name of ENV_EXAMPLE_FILES) {
      const file = path.join(directory, name);
      const text = this.workspace.getText(file);
      if (text === undefined) continue;
      found.example ??= file;
      for (const [key, value] of parseEnvFile(text)) if (!found.variables.has(key)) found.variables.set(key, { value, file });
    }
    this.envFiles.set(directory, found);
    return found;
  }
}

/**
 * `KEY=value` lines of a dotenv file (`export KEY=...`, quotes, trailing `# comments`). A variable left
 * empty (`KEY=`) has no default and is skipped.
 */
export function parseEnvFile(text: string): Map<string, string> {
  const variables = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    let value = match[2]!.trim();
    const quote = value[0];
    if (quote === '"' || quote === "'" || quote === "`") {
      const end = value.indexOf(quote, 1);
      value = end > 0 ? value.slice(1, end) : value.slice(1);
    } else {
      value = value.replace(/\s+#.*$/, "").trim();
    }
    if (value !== "" && !variables.has(match[1]!)) variables.set(match[1]!, value);
  }
  return variables;
}

/** The variable of `process.env.X`, `import.meta.env.X` or a typed env object's `env.X`; undefined otherwise. */
function envVariableRead(node: ts.PropertyAccessExpression): string | undefined {
  const name = node.name.text;
  if (!ENV_NAME.test(name)) return undefined;
  const target = node.expression;
  if (ts.isPropertyAccessExpression(target) && target.name.text === "env") {
    const owner = target.expression;
    if (ts.isIdentifier(owner) && owner.text === "process") return name;
    if (ts.isMetaProperty(owner) && owner.keywordToken === ts.SyntaxKind.ImportKeyword) return name;
    return undefined;
  }
  return ts.isIdentifier(target) && isTypedEnvObject(target) ? name : undefined;
}

/**
 * `env` imported from the app's env module (t3-env's `createEnv`, a zod schema parsing `process.env`), or
 * declared in this file as `createEnv(...)` or `schema.parse(process.env)`.
 */
function isTypedEnvObject(identifier: ts.Identifier): boolean {
  if (!/env$/i.test(identifier.text)) return false;
  const declaration = findDeclaration(identifier.text, identifier);
  if (declaration?.kind === "import") {
    const specifier = declaration.node.moduleSpecifier;
    return ts.isStringLiteral(specifier) && ENV_MODULE.test(specifier.text);
  }
  if (declaration?.kind !== "variable" || declaration.path.length > 0) return false;
  const initializer = declaration.node.initializer;
  if (!initializer || !ts.isCallExpression(initializer)) return false;
  const callee = initializer.expression;
  if (ts.isIdentifier(callee) && callee.text === "createEnv") return true;
  return initializer.arguments.some((argument) => argument.getText().replace(/\s+/g, "") === "process.env");
}

function envObjectLabel(node: ts.PropertyAccessExpression): string {
  return node.expression.getText().replace(/\s+/g, "");
}

/** An expression as the config's `env` keys name it: no spaces, `?.` and `!` read as `.` and nothing (`settings?.model` is `settings.model`). */
export function normaliseExpression(text: string): string {
  return text.replace(/\s+/g, "").replace(/\?\./g, ".").replace(/!/g, "");
}
