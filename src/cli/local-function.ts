/**
 * @module
 * Running a built bundle locally, as `dev` and `invoke --entry` do: a child process on the emulator.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FunctionProcess, RuntimeApiEmulator } from '../emulator/index.js';

/** Options of {@link spawnBundle}. */
export interface SpawnBundleOptions {
  /** Added to the environment Lambda would set. */
  env?: Record<string, string>;
  onOutput?: (line: string, stream: 'stdout' | 'stderr') => void;
}

/**
 * Starts `bundlePath` on the emulator with this Node.js and source maps on. Not through `bootstrap`: locally the
 * `node` on PATH may not be the one running the CLI, and stack traces should point at the TypeScript.
 */
export function spawnBundle(emulator: RuntimeApiEmulator, bundlePath: string, options: SpawnBundleOptions = {}): FunctionProcess {
  return emulator.spawnFunction({
    command: process.execPath,
    args: ['--enable-source-maps', bundlePath],
    env: options.env,
    cwd: process.cwd(),
    onOutput: options.onOutput,
  });
}

/** A fresh directory for a local build, and its removal. */
export async function scratchDir(purpose: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `lambda-kernel-${purpose}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
