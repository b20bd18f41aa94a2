import { startTestRuntime, type TestRuntime, type TestRuntimeOptions } from '../../src/testing/test-runtime.js';
import type { InvocationDriver } from '../../src/runtime/loop.js';

export type InProcessRuntime = TestRuntime;

/** Starts an emulator and a runtime driven by `driver` against it (the testing module's helper). */
export function startInProcess(driver: InvocationDriver, options: TestRuntimeOptions = {}): Promise<InProcessRuntime> {
  return startTestRuntime(driver, options);
}
