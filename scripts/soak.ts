/**
 * @module
 * The soak: one function process serves 1,000,000 sequential invocations, then a fresh one serves 100,000 at
 * concurrency 16 (Managed Instances mode), against a lean local Runtime API. Along the way a special event
 * asks the function for its RSS, heap after GC, active handles, and leak counters (scopes, invocation contexts,
 * timers, AbortSignal listeners, process listeners). Prints the curve and fails when a counter grows.
 *
 *   npm run soak                 full run
 *   npm run soak -- --quick      20,000 + 5,000 invocations
 *   npm run soak -- --sequential 100000 --concurrent 20000 --samples 10
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { bundle } from '../src/cli/bundle.js';
import { SoakApi } from './soak-api.js';

interface Stats {
  rss: number;
  heapUsed: number;
  external: number;
  liveContexts: number;
  liveContainers: number;
  liveScopes: number;
  scopesOpened: number;
  liveTimers: number;
  timersArmed: number;
  abortListenersLeft: number;
  resources: Record<string, number>;
  processListeners: Record<string, number>;
}

interface Sample extends Stats {
  done: number;
  seconds: number;
  perSecond: number;
}

interface Phase {
  name: string;
  total: number;
  concurrency: number;
}

const MB = 1024 * 1024;

function option(args: string[], name: string): number | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : undefined;
}

async function runPhase(file: string, phase: Phase, samples: number): Promise<Sample[]> {
  const api = new SoakApi();
  const address = await api.start();
  const child = spawn(process.execPath, ['--expose-gc', file], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      AWS_LAMBDA_RUNTIME_API: address,
      AWS_LAMBDA_FUNCTION_NAME: 'soak',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
      AWS_REGION: 'us-east-1',
      ...(phase.concurrency > 1 ? { AWS_LAMBDA_MAX_CONCURRENCY: String(phase.concurrency) } : {}),
    },
    // The function logs one line per invocation; the lines go nowhere, the logger's work is still done.
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const curve: Sample[] = [];
  const started = performance.now();
  let done = 0;
  let last = { at: started, done: 0 };
  const sample = async () => {
    await api.batch(1, { soak: 'stats' });
    const stats = JSON.parse(api.lastResponse) as Stats;
    const now = performance.now();
    const perSecond = now > last.at ? Math.round(((done - last.done) * 1000) / (now - last.at)) : 0;
    curve.push({ ...stats, done, seconds: Math.round((now - started) / 100) / 10, perSecond });
    printRow(phase.name, curve.at(-1)!);
    last = { at: performance.now(), done };
  };
  await sample();
  const step = Math.ceil(phase.total / samples);
  while (done < phase.total) {
    const count = Math.min(step, phase.total - done);
    await Promise.race([api.batch(count, { n: 1 }), exited.then((code) => Promise.reject(new Error(`The function exited (${code}).`)))]);
    done += count;
    await sample();
  }
  child.kill('SIGKILL');
  await exited;
  await api.stop();
  if (api.errors > 0) throw new Error(`${api.errors} invocation(s) failed: ${api.errorSamples.join(' | ')}`);
  return curve;
}

function printHeader(): void {
  console.log(
    ['phase', 'invocations', 'seconds', 'inv/s', 'RSS MB', 'heap MB', 'contexts', 'scopes', 'timers', 'listeners', 'handles'].join('\t'),
  );
}

function printRow(phase: string, s: Sample): void {
  const handles = Object.entries(s.resources).map(([type, n]) => `${type}:${n}`).join(',');
  console.log(
    [phase, s.done, s.seconds, s.perSecond, (s.rss / MB).toFixed(1), (s.heapUsed / MB).toFixed(1), s.liveContexts, s.liveScopes, s.liveTimers, s.abortListenersLeft, handles].join('\t'),
  );
}

/** Leak checks over one phase's curve; the first sample (before any load) is excluded from the growth checks. */
function check(phase: Phase, curve: Sample[]): string[] {
  const failures: string[] = [];
  const warm = curve[1] ?? curve[0]!;
  const last = curve.at(-1)!;
  for (const s of curve) {
    // The stats invocation itself holds one scope open.
    if (s.liveScopes !== 1) failures.push(`${phase.name}: ${s.liveScopes} scopes open at ${s.done}`);
    if (s.abortListenersLeft !== 0) failures.push(`${phase.name}: ${s.abortListenersLeft} abort listeners left at ${s.done}`);
    if (s.liveContexts > phase.concurrency + 8) failures.push(`${phase.name}: ${s.liveContexts} invocation contexts alive after GC at ${s.done}`);
    if (s.liveTimers > phase.concurrency + 8) failures.push(`${phase.name}: ${s.liveTimers} timers alive at ${s.done}`);
  }
  if (last.heapUsed - warm.heapUsed > 8 * MB) {
    failures.push(`${phase.name}: heap after GC grew ${((last.heapUsed - warm.heapUsed) / MB).toFixed(1)} MB`);
  }
  const handles = (s: Sample) => Object.values(s.resources).reduce((a, b) => a + b, 0);
  if (handles(last) > handles(warm)) failures.push(`${phase.name}: active handles grew from ${handles(warm)} to ${handles(last)}`);
  for (const [event, count] of Object.entries(last.processListeners)) {
    if (count !== warm.processListeners[event]) failures.push(`${phase.name}: process '${event}' listeners ${warm.processListeners[event]} → ${count}`);
  }
  return failures;
}

function summarise(phase: Phase, curve: Sample[]): void {
  const warm = curve[1] ?? curve[0]!;
  const last = curve.at(-1)!;
  const rss = curve.slice(1).map((s) => s.rss / MB);
  console.log(
    `${phase.name}: ${last.done} invocations in ${last.seconds} s; RSS after warm-up ${(warm.rss / MB).toFixed(1)} → ` +
      `${(last.rss / MB).toFixed(1)} MB (min ${Math.min(...rss).toFixed(1)}, max ${Math.max(...rss).toFixed(1)}); ` +
      `heap after GC ${(warm.heapUsed / MB).toFixed(1)} → ${(last.heapUsed / MB).toFixed(1)} MB; scopes opened ${last.scopesOpened}; ` +
      `timers armed ${last.timersArmed}, alive ${last.liveTimers}; contexts alive ${last.liveContexts}`,
  );
}

export async function main(args: string[], root: string): Promise<number> {
  const quick = args.includes('--quick');
  const samples = option(args, '--samples') ?? 10;
  const phases: Phase[] = [
    { name: 'sequential', total: option(args, '--sequential') ?? (quick ? 20_000 : 1_000_000), concurrency: 1 },
    { name: 'concurrent', total: option(args, '--concurrent') ?? (quick ? 5_000 : 100_000), concurrency: option(args, '--concurrency') ?? 16 },
  ];
  const dir = join(root, '.cache', 'soak');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'function.mjs');
  await bundle({ entry: join(root, 'scripts', 'soak-function.ts'), outfile: file, conditions: ['lambda-kernel:source'] });
  console.log(`Soak on Node ${process.version}: ${phases.map((p) => `${p.total} ${p.name} (concurrency ${p.concurrency})`).join(', then ')}`);
  printHeader();
  const failures: string[] = [];
  const curves: [Phase, Sample[]][] = [];
  for (const phase of phases) {
    const curve = await runPhase(file, phase, samples);
    curves.push([phase, curve]);
    failures.push(...check(phase, curve));
  }
  for (const [phase, curve] of curves) summarise(phase, curve);
  if (failures.length > 0) {
    console.log(`LEAK CHECKS FAILED:\n  ${failures.join('\n  ')}`);
    return 1;
  }
  console.log('Leak checks passed: scopes, contexts, timers, abort listeners, handles and process listeners stay flat.');
  return 0;
}
