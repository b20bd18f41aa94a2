import { afterEach } from 'vitest';
import { startTestRuntime, type TestRuntime, type TestRuntimeOptions } from '../../src/testing/test-runtime.js';
import type { InvocationDriver } from '../../src/runtime/loop.js';

export type InProcessRuntime = TestRuntime;

/** Starts an emulator and a runtime driven by `driver` against it (the testing module's helper). */
export function startInProcess(driver: InvocationDriver, options: TestRuntimeOptions = {}): Promise<InProcessRuntime> {
  return startTestRuntime(driver, options);
}

/**
 * For the tests of one file: returns `start(driver, options)`, which starts a runtime as {@link startInProcess}
 * does; every runtime started during a test is stopped after it.
 */
export function runtimesPerTest(): (driver: InvocationDriver, options?: TestRuntimeOptions) => Promise<InProcessRuntime> {
  const started: InProcessRuntime[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((runtime) => runtime.stop()));
  });
  return async (driver, options) => {
    const runtime = await startTestRuntime(driver, options);
    started.push(runtime);
    return runtime;
  };
}
