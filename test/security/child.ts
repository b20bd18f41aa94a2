import { spawn } from 'node:child_process';
import { RuntimeApiEmulator } from '../../src/emulator/index.js';

/** A function process whose raw stdout is kept as bytes: Lambda splits log events on '\n' only. */
export interface RawChild {
  emulator: RuntimeApiEmulator;
  /** Ends the process and resolves with everything it wrote to stdout and stderr. */
  finish(): Promise<{ stdout: string; stderr: string }>;
}

/** Starts `file` as the function process of a fresh emulator, with `env` on top of the function environment. */
export async function startRaw(file: string, env: Record<string, string> = {}): Promise<RawChild> {
  const emulator = await RuntimeApiEmulator.start();
  const child = spawn(process.execPath, [file], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...emulator.functionEnv(env) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return {
    emulator,
    async finish() {
      child.kill('SIGKILL');
      await closed;
      await emulator.close();
      return { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
    },
  };
}
