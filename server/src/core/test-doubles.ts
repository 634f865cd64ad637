// Test doubles are not requests: a test that mocks the SDK (`vi.mock("openai")`, `jest.mock(...)`) or hands
// the Vercel AI SDK a mock model (`new MockLanguageModelV2()` from `ai/test`) spends nothing.
import { ts } from "./ts.ts";
import { innerExpression } from "./inner-expression.ts";
import { returnedExpressions } from "./providers/instance-factories.ts";
import type { ExternalValue, Value } from "./resolve/values.ts";
import type { WrapperHop } from "./types.ts";
import type { ParsedFile, Workspace } from "./workspace/workspace.ts";

/** `vi.mock`, `jest.mock` and their variants, whose first argument names the module replaced by a double. */
const MOCK_CALLS = new Set(["vi.mock", "vi.doMock", "jest.mock", "jest.doMock", "jest.unstable_mockModule", "jest.requireMock"]);

/**
 * What a mock replaces in its module: every export (`vi.mock("m")` auto-mocks; a factory returning an object
 * without the real module spread in leaves nothing real), or only the names a factory lists beside the real
 * module (`{ ...(await importOriginal()), generate: vi.fn() }`).
 */
export type MockReplacement = "all" | ReadonlySet<string>;

/** The modules a file replaces with test doubles (specifier as written -> what is replaced), from its top-level `vi.mock("openai")` / `jest.mock(...)` statements. */
export function mockedModules(file: ParsedFile): Map<string, MockReplacement> {
  const modules = new Map<string, MockReplacement>();
  for (const statement of file.sourceFile.statements) {
    if (!ts.isExpressionStatement(statement)) continue;
    const expression = ts.isAwaitExpression(statement.expression) ? statement.expression.expression : statement.expression;
    if (!ts.isCallExpression(expression) || !ts.isPropertyAccessExpression(expression.expression)) continue;
    const callee = expression.expression;
    if (!ts.isIdentifier(callee.expression) || !MOCK_CALLS.has(`${callee.expression.text}.${callee.name.text}`)) continue;
    const [argument, factory] = expression.arguments;
    if (argument && ts.isStringLiteralLike(argument)) modules.set(argument.text, replacedBy(factory));
  }
  return modules;
}

/** What a mock factory replaces: its returned object's names when it spreads the real module in, else everything. */
function replacedBy(factory: ts.Expression | undefined): MockReplacement {
  if (!factory || !(ts.isArrowFunction(factory) || ts.isFunctionExpression(factory))) return "all";
  const returned = returnedObjects(factory);
  // A factory returning something other than an object literal (the real module, a variable): what it
  // replaces is not visible, so nothing is taken as replaced.
  if (returned.length === 0) return new Set();
  if (!returned.some((object) => object.properties.some(ts.isSpreadAssignment))) return "all";
  const names = new Set<string>();
  for (const object of returned) for (const property of object.properties) if (property.name && (ts.isIdentifier(property.name) || ts.isStringLiteralLike(property.name))) names.add(property.name.text);
  return names;
}

/** The object literals a mock factory returns (its expression body, or its own `return` statements). */
function returnedObjects(factory: ts.ArrowFunction | ts.FunctionExpression): ts.ObjectLiteralExpression[] {
  return returnedExpressions(factory).map(innerExpression).filter(ts.isObjectLiteralExpression);
}

/** Whether an SDK access path goes through a module the file mocks (the module itself or one of its subpaths). */
export function isMocked(callee: ExternalValue | undefined, mocked: ReadonlyMap<string, MockReplacement>): boolean {
  if (!callee || mocked.size === 0) return false;
  for (const module of mocked.keys()) if (callee.module === module || callee.module.startsWith(`${module}/`)) return true;
  return false;
}

/**
 * Whether a request reached through the project's own functions passes through one a test replaced: a
 * test that mocks `@/utils/llms` and calls a feature built on it makes no request, since the wrapper that
 * would make it is the mock. `filesOf` maps a specifier of the test file to the workspace files whose
 * functions the mock stands for (the module and the modules it re-exports).
 */
export function passesThroughMock(via: readonly WrapperHop[] | undefined, mocked: ReadonlyMap<string, MockReplacement>, filesOf: (specifier: string) => ReadonlySet<string>): boolean {
  return via !== undefined && via.some((hop) => isMockedFunction(hop.file, hop.function, mocked, filesOf));
}

/** Whether a test's mocks replace the project function `name` of `filePath`: its module (or one re-exporting it) mocked wholesale, or by that name. */
export function isMockedFunction(filePath: string, name: string, mocked: ReadonlyMap<string, MockReplacement>, filesOf: (specifier: string) => ReadonlySet<string>): boolean {
  for (const [specifier, replaced] of mocked) {
    if ((replaced === "all" || replaced.has(name.split(".")[0]!)) && filesOf(specifier).has(filePath)) return true;
  }
  return false;
}

/**
 * Whether a request goes through an instance that code in a module the test replaces wholesale made (`new
 * OpenAILLM(config)` inside `LLMFactory.create`, with `jest.mock("../src/utils/factory", () => ({ LLMFactory:
 * { create: () => new MockLLM() } }))`): the test's instance is the mock's, which makes no request.
 */
export function madeByMock(madeIn: readonly string[] | undefined, mocked: ReadonlyMap<string, MockReplacement>, filesOf: (specifier: string) => ReadonlySet<string>): boolean {
  if (!madeIn || madeIn.length === 0 || mocked.size === 0) return false;
  for (const [specifier, replaced] of mocked) {
    if (replaced !== "all") continue;
    const files = filesOf(specifier);
    if (madeIn.some((file) => files.has(file))) return true;
  }
  return false;
}

/**
 * The project functions a test file's mocks replace, as the recogniser asks while it reads the file's calls
 * (see CallRecogniser.withMocks): a wrapper of a mocked file, by the name passesThroughMock tests, is the
 * mock, whose body never runs. `key` tells two files' mocks apart (what was read under one is not the other's).
 */
export class MockedWrappers {
  readonly key: string;

  constructor(
    private readonly mocked: ReadonlyMap<string, MockReplacement>,
    private readonly filesOf: (specifier: string) => ReadonlySet<string>,
    fromFile: string,
  ) {
    this.key = `${fromFile}\n${[...mocked.keys()].join("\n")}`;
  }

  /** Whether the wrapper `name` of `filePath` is replaced by a mock (a hop passesThroughMock drops). */
  replaces(filePath: string, name: string): boolean {
    return isMockedFunction(filePath, name, this.mocked, this.filesOf);
  }

  /** Whether an instance made in `filePath` is the mock's (a maker madeByMock drops): the file is replaced wholesale. */
  makes(filePath: string): boolean {
    return madeByMock([filePath], this.mocked, this.filesOf);
  }
}

/** At most this many modules are followed through `export ... from` chains of one mocked module. */
const MAX_REEXPORTED_FILES = 64;

/** The workspace file a mocked specifier names and the files it re-exports from (`export * from "./text"`), as the mock replaces what they export through it. */
export function mockedFilesOf(workspace: Workspace, fromFile: string, specifier: string): Set<string> {
  const files = new Set<string>();
  const pending = [workspace.resolver.resolve(fromFile, specifier)];
  while (pending.length > 0 && files.size < MAX_REEXPORTED_FILES) {
    const filePath = pending.pop();
    if (filePath === undefined || files.has(filePath)) continue;
    files.add(filePath);
    for (const statement of workspace.getParsedFile(filePath)?.sourceFile.statements ?? []) {
      if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteralLike(statement.moduleSpecifier)) pending.push(workspace.resolver.resolve(filePath, statement.moduleSpecifier.text));
    }
  }
  return files;
}

/** A model from the Vercel AI SDK's test helpers (`MockLanguageModelV1/V2/V3`, `MockEmbeddingModelV2`...). */
export function isMockModel(value: Value | undefined): boolean {
  return value?.kind === "external" && value.module === "ai/test";
}
