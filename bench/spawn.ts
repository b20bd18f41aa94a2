/**
 * @module
 * Starts one contender against its own lean Runtime API and tears both down.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { LeanApi } from './lean-api.js';
import { processCpuNs } from './proc.js';

/** How to start a function process; `env` is the whole environment (nothing is inherited). */
export interface LaunchSpec {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd?: string;
}

/** A running contender: its process, its Runtime API and when it first asked for an event. */
export interface Running {
  api: LeanApi;
  child: ChildProcess;
  /** `performance.now()` just before the spawn. */
  spawnedAt: number;
  /** `performance.now()` of the first `/next`. */
  readyAt: number;
  /** CPU time (ms, all threads) the process had used when its first `/next` arrived: init work, free of load. */
  readyCpuMs: number;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;

/** The environment Lambda gives every function (the five variables aws-lambda-ric insists on included). */
export function lambdaEnv(runtimeApi: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    AWS_LAMBDA_RUNTIME_API: runtimeApi,
    AWS_LAMBDA_FUNCTION_NAME: 'bench',
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
    AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/bench',
    AWS_LAMBDA_LOG_STREAM_NAME: '2026/01/01/[$LATEST]bench',
    AWS_REGION: 'us-east-1',
    TZ: ':UTC',
    ...extra,
  };
}

/**
 * Starts a lean Runtime API, spawns the function and waits for its first `/next`.
 * @throws Error quoting the function's stderr when it exits or stays silent instead.
 */
export async function launch(spec: (runtimeApi: string) => LaunchSpec, eventBody?: string): Promise<Running> {
  const api = new LeanApi(eventBody);
  const address = await api.start();
  const { command, args, env, cwd } = spec(address);
  let stderr = '';
  const spawnedAt = performance.now();
  const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
  const exited = new Promise<never>((_, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`exited (${signal ?? code}) before serving: ${stderr.trim() || 'no stderr'}`)));
  });
  exited.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no /next within ${READY_TIMEOUT_MS} ms: ${stderr.trim()}`)), READY_TIMEOUT_MS);
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await gone;
    }
    await api.stop();
  };
  try {
    let readyCpuMs = Number.NaN;
    // Read at once: the process is now blocked on its long poll, so this is what init cost.
    const ready = api.firstNext.then((at) => {
      readyCpuMs = processCpuNs(child.pid!) / 1e6;
      return at;
    });
    const readyAt = await Promise.race([ready, exited, timeout]);
    return { api, child, spawnedAt, readyAt, readyCpuMs, stop };
  } catch (err) {
    await stop();
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `release` but fails fast if the function dies or posts an error meanwhile. */
export async function serve<T>(running: Running, work: Promise<T>): Promise<T> {
  const { child, api } = running;
  let onExit!: (code: number | null, signal: string | null) => void;
  const died = new Promise<never>((_, reject) => {
    onExit = (code, signal) => reject(new Error(`exited (${signal ?? code}) while serving`));
    child.once('exit', onExit);
  });
  died.catch(() => {});
  const result = await Promise.race([work, died]).finally(() => child.off('exit', onExit));
  if (api.errors.length > 0) throw new Error(`posted errors instead of responses: ${api.errors.slice(0, 3).join('; ')}`);
  return result;
}
