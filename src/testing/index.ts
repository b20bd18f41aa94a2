/**
 * @module
 * Testing utilities: a kernel with overridden providers invoked through the real loop and an in-process
 * emulator, and the bare runtime loop against the emulator. Dev tooling: never part of a deployed bundle.
 */
import '../kernel/reflect.js';

export { TestKernel, InvocationFailedError, type TestKernelOptions, type StreamedResult } from './test-kernel.js';
export { startTestRuntime, type TestRuntime, type TestRuntimeOptions } from './test-runtime.js';
export { RuntimeApiEmulator, type InvocationOutcome, type InvokeOptions, type EmulatorOptions } from '../emulator/index.js';
