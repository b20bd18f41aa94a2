/**
 * Test helpers: the CLI built from source (esbuild, once per test file) and run as a child process, with
 * waiting on its output instead of on time.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The repository root. */
export const root = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];

/** A fresh directory inside the repo's .cache (so `lambda-kernel` imports resolve to this checkout). */
export function cacheDir(prefix: string): string {
  mkdirSync(join(root, '.cache'), { recursive: true }); // absent in a fresh clone
  const dir = mkdtempSync(join(root, '.cache', `${prefix}-`));
  dirs.push(dir);
  return dir;
}

/** Removes every directory made by {@link cacheDir} in this test file. */
export function cleanCacheDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Bundles src/cli into a runnable .mjs (dependencies stay in node_modules) and returns its path. */
export async function buildCli(): Promise<string> {
  const outfile = join(cacheDir('cli'), 'cli.mjs');
  await build({
    stdin: { contents: `import { main } from './src/cli/main.ts';\nmain(process.argv.slice(2));\n`, resolveDir: root, loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

/** A running CLI; its output accumulates (`stdoutBytes` exactly as written). */
export class CliProcess {
  readonly child: ChildProcess;
  /** Every stdout write as received. */
  readonly chunks: Buffer[] = [];
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  #listeners = new Set<() => void>();

  constructor(cli: string, args: string[], options: { cwd?: string; input?: Uint8Array; env?: NodeJS.ProcessEnv } = {}) {
    this.child = spawn(process.execPath, [cli, ...args], { cwd: options.cwd ?? root, env: options.env ?? process.env });
    this.child.stdout!.on('data', (data: Buffer) => this.#add('stdout', data));
    this.child.stderr!.on('data', (data: Buffer) => this.#add('stderr', data));
    this.child.stdin!.end(options.input);
    this.exited = new Promise((resolve) => this.child.once('close', (code, signal) => resolve({ code, signal })));
    void this.exited.then(() => this.#notify());
  }

  get stdoutBytes(): Buffer {
    return Buffer.concat(this.chunks);
  }

  #add(stream: 'stdout' | 'stderr', data: Buffer): void {
    if (stream === 'stdout') this.chunks.push(data);
    // Whole output decoded each time: a multi-byte character split across chunks still reads right.
    this[stream] = stream === 'stdout' ? this.stdoutBytes.toString() : this.stderr + data.toString();
    this.#notify();
  }

  #notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  /** Where the stream's output ends now: pass it to {@link waitFor} to look only at what comes next. */
  mark(stream: 'stdout' | 'stderr' = 'stdout'): number {
    return this[stream].length;
  }

  /** Resolves with the first match of `pattern` in the stream (after `from`); rejects if the process exits first. */
  waitFor(pattern: RegExp, stream: 'stdout' | 'stderr' = 'stdout', from = 0): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const match = this[stream].slice(from).match(pattern);
        if (match) {
          this.#listeners.delete(check);
          resolve(match);
        } else if (this.child.exitCode !== null || this.child.signalCode !== null) {
          this.#listeners.delete(check);
          reject(new Error(`exited before ${pattern} appeared\nstdout: ${this.stdout}\nstderr: ${this.stderr}`));
        }
      };
      this.#listeners.add(check);
      check();
    });
  }
}

/** Runs the CLI to completion. */
export async function runCli(cli: string, args: string[], options: { input?: Uint8Array } = {}) {
  const process = new CliProcess(cli, args, options);
  const { code } = await process.exited;
  return { code, stdout: process.stdout, stdoutBytes: process.stdoutBytes, stderr: process.stderr };
}
