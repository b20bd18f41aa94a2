import { type EmulatorOptions, RuntimeApiEmulator } from '../emulator/index.js';
import type { InvocationDriver } from '../runtime/loop.js';
import { createRuntimeLogger, type RuntimeOptions, startRuntime } from '../runtime/runtime.js';

/** A runtime loop running in this process against its own emulator over real HTTP on 127.0.0.1. */
export interface TestRuntime {
  emulator: RuntimeApiEmulator;
  /** Every log line the runtime wrote. */
  lines: string[];
  /** Resolves with the exit code once the loop ends. */
  exited: Promise<number>;
  /** Closes the emulator, which ends the loop, and waits for it. */
  stop(): Promise<void>;
}

/** Options of {@link startTestRuntime}. */
export interface TestRuntimeOptions extends RuntimeOptions {
  emulator?: EmulatorOptions;
  /** Variables added to the emulator's function environment. */
  env?: Record<string, string>;
  /** Also print log lines to stdout (default: capture only). */
  printLogs?: boolean;
}

/**
 * Runs the full runtime loop in-process against a fresh emulator: the same code path as on Lambda, minus the
 * process (no console patching, no process guards, no `process.exit`).
 * @example
 * const rt = await startTestRuntime(bufferedDriver(() => (event) => event));
 * const outcome = await rt.emulator.invoke({ hello: 'world' });
 * await rt.stop();
 */
export async function startTestRuntime(driver: InvocationDriver, options: TestRuntimeOptions = {}): Promise<TestRuntime> {
  const emulator = await RuntimeApiEmulator.start(options.emulator);
  const lines: string[] = [];
  const env = { ...emulator.functionEnv(), ...options.env };
  const write = (line: string) => {
    lines.push(line);
    if (options.printLogs) process.stdout.write(line);
  };
  const controller = new AbortController();
  const exited = startRuntime(driver, {
    signal: controller.signal,
    patchConsole: false,
    processGuards: false,
    exit: false,
    ...options,
    env,
    logger: options.logger ?? createRuntimeLogger(env, write),
  });
  return {
    emulator,
    lines,
    exited,
    async stop() {
      controller.abort();
      await emulator.close();
      await exited;
    },
  };
}
