// Test doubles are not requests: a test that mocks the SDK (`vi.mock("openai")`, `jest.mock(...)`) or hands
// the Vercel AI SDK a mock model (`new MockLanguageModelV2()` from `ai/test`) spends nothing.
import { ts } from "./ts.ts";
import type { ExternalValue, Value } from "./resolve/values.ts";
import type { ParsedFile } from "./workspace/workspace.ts";

/** `vi.mock`, `jest.mock` and their variants, whose first argument names the module replaced by a double. */
const MOCK_CALLS = new Set(["vi.mock", "vi.doMock", "jest.mock", "jest.doMock", "jest.unstable_mockModule", "jest.requireMock"]);

/** The modules a file replaces with test doubles, from its top-level `vi.mock("openai")` / `jest.mock(...)` statements. */
export function mockedModules(file: ParsedFile): Set<string> {
  const modules = new Set<string>();
  for (const statement of file.sourceFile.statements) {
    if (!ts.isExpressionStatement(statement)) continue;
    const expression = ts.isAwaitExpression(statement.expression) ? statement.expression.expression : statement.expression;
    if (!ts.isCallExpression(expression) || !ts.isPropertyAccessExpression(expression.expression)) continue;
    const callee = expression.expression;
    if (!ts.isIdentifier(callee.expression) || !MOCK_CALLS.has(`${callee.expression.text}.${callee.name.text}`)) continue;
    const argument = expression.arguments[0];
    if (argument && ts.isStringLiteralLike(argument)) modules.add(argument.text);
  }
  return modules;
}

/** Whether an SDK access path goes through a module the file mocks (the module itself or one of its subpaths). */
export function isMocked(callee: ExternalValue | undefined, mocked: ReadonlySet<string>): boolean {
  if (!callee || mocked.size === 0) return false;
  for (const module of mocked) if (callee.module === module || callee.module.startsWith(`${module}/`)) return true;
  return false;
}

/** A model from the Vercel AI SDK's test helpers (`MockLanguageModelV1/V2/V3`, `MockEmbeddingModelV2`...). */
export function isMockModel(value: Value | undefined): boolean {
  return value?.kind === "external" && value.module === "ai/test";
}
