// Entry of the extension tests in the VS Code extension host (see ../run.ts). A minimal runner in the
// shape of node:test: `test(name, fn)` registers, `run()` executes them in order and fails on the first
// error, with every result logged to the debug console.
import { extensionTests } from "./extension-tests.ts";

export interface TestCase {
  name: string;
  run(): Promise<void>;
}

export async function run(): Promise<void> {
  const failures: string[] = [];
  for (const testCase of extensionTests()) {
    const started = Date.now();
    try {
      await testCase.run();
      console.log(`ok - ${testCase.name} (${Date.now() - started} ms)`);
    } catch (error) {
      console.error(`not ok - ${testCase.name}\n${(error as Error).stack ?? String(error)}`);
      failures.push(testCase.name);
    }
  }
  if (failures.length > 0) throw new Error(`${failures.length} extension test(s) failed: ${failures.join("; ")}`);
}
