/**
 * @module
 * The measurements. Every phase alternates its contenders round by round (each round starts with the next
 * one), so that a slow spell of the shared machine hits all of them alike.
 */
import { spawn } from 'node:child_process';
import type { Contender, ContenderId } from './contenders.js';
import { processTree, treeCpuNs, treeRssBytes } from './proc.js';
import { lambdaEnv, launch, type LaunchSpec, type Running, serve } from './spawn.js';
import { rotate } from './stats.js';

/** Where a phase reports progress. */
export type Log = (line: string) => void;

/** One measured window of sequential invocations. NaN fields mark a failed round (keeps rounds aligned). */
export interface InvocationSample {
  wallUs: number;
  cpuUs: number;
  rssBytes: number;
}

/** Samples per contender, and why a contender dropped out. */
export interface PhaseResult<T> {
  samples: Map<ContenderId, T[]>;
  errors: Map<ContenderId, string>;
}

function newResult<T>(contenders: readonly Contender[]): PhaseResult<T> {
  return { samples: new Map(contenders.map((c) => [c.id, []])), errors: new Map() };
}

/**
 * Per-invocation cost. Each round spawns every contender afresh and warms them up together, `warmup` invocations
 * each; then the `count` measured invocations are served in `slices` slices, contenders taking turns slice by
 * slice while the others wait on their long poll (idle, no CPU). The machine's drift thus hits all contenders
 * alike within the round. Wall time is the lean server's view (first event out → last answer in, summed over
 * the slices); CPU is the function's process tree from /proc over the same windows; RSS is read after the last
 * slice.
 */
export async function perInvocation(
  contenders: readonly Contender[],
  opts: { rounds: number; warmup: number; count: number; slices: number },
  log: Log,
): Promise<PhaseResult<InvocationSample>> {
  const result = newResult<InvocationSample>(contenders);
  const perSlice = Math.ceil(opts.count / opts.slices);
  const fail = (c: Contender, err: unknown) => {
    result.errors.set(c.id, (err as Error).message);
    log(`  ${c.label}: ${(err as Error).message}`);
  };
  for (let round = 0; round < opts.rounds; round++) {
    const active: { c: Contender; running: Running; pids: number[]; wallMs: number; cpuNs: number; n: number }[] = [];
    try {
      for (const c of rotate(contenders, round)) {
        if (result.errors.has(c.id)) continue;
        try {
          active.push({ c, running: await launch(c.spec), pids: [], wallMs: 0, cpuNs: 0, n: 0 });
        } catch (err) {
          fail(c, err);
        }
      }
      // Nothing is measured while warming up, so the contenders warm up at once: a long warm-up then takes a
      // fraction of the time. The measured slices start once every JIT has had all of its invocations.
      await Promise.all(
        active.map(async (a) => {
          try {
            await serve(a.running, a.running.api.release(opts.warmup));
            a.pids = processTree(a.running.child.pid!);
          } catch (err) {
            fail(a.c, err);
          }
        }),
      );
      for (let slice = 0; slice < opts.slices; slice++) {
        for (const a of rotate(active, slice)) {
          if (result.errors.has(a.c.id)) continue;
          try {
            const cpu0 = treeCpuNs(a.pids);
            const window = await serve(a.running, a.running.api.release(perSlice));
            a.cpuNs += treeCpuNs(a.pids) - cpu0;
            a.wallMs += window.end - window.start;
            a.n += perSlice;
          } catch (err) {
            fail(a.c, err);
          }
        }
      }
      for (const c of contenders) {
        const a = active.find((x) => x.c === c);
        const ok = a !== undefined && !result.errors.has(c.id);
        result.samples.get(c.id)!.push(
          ok
            ? { wallUs: (a.wallMs * 1000) / a.n, cpuUs: a.cpuNs / 1000 / a.n, rssBytes: treeRssBytes(a.pids) }
            : { wallUs: Number.NaN, cpuUs: Number.NaN, rssBytes: Number.NaN },
        );
      }
    } finally {
      await Promise.all(active.map((a) => a.running.stop()));
    }
    log(`  per-invocation round ${round + 1}/${opts.rounds} done`);
  }
  return result;
}

/** One cold start: spawn → first `/next` (wall), and the CPU the process used until then. */
export interface ColdSample {
  ms: number;
  cpuMs: number;
}

/** Cold start: spawn → first `/next`, in milliseconds, `spawns` times per contender. */
export async function coldStarts(contenders: readonly Contender[], spawns: number, log: Log): Promise<PhaseResult<ColdSample>> {
  const result = newResult<ColdSample>(contenders);
  const failed = { ms: Number.NaN, cpuMs: Number.NaN };
  for (let i = 0; i < spawns; i++) {
    for (const c of rotate(contenders, i)) {
      if (result.errors.has(c.id)) {
        result.samples.get(c.id)!.push(failed);
        continue;
      }
      try {
        const running = await launch(c.spec);
        result.samples.get(c.id)!.push({ ms: running.readyAt - running.spawnedAt, cpuMs: running.readyCpuMs });
        await running.stop();
      } catch (err) {
        result.errors.set(c.id, (err as Error).message);
        result.samples.get(c.id)!.push(failed);
        log(`  ${c.label}: ${(err as Error).message}`);
      }
    }
  }
  log(`  ${spawns} cold starts per contender done`);
  return result;
}

/**
 * Multi-concurrency: throughput (invocations/s) of one function process at each `AWS_LAMBDA_MAX_CONCURRENCY`
 * level; the lean server hands out as many events at once as there are `/next` calls waiting.
 */
export async function concurrency(
  spec: (level: number) => (runtimeApi: string) => LaunchSpec,
  opts: { levels: number[]; rounds: number; perLoop: number },
  log: Log,
): Promise<Map<number, number[]>> {
  const result = new Map<number, number[]>(opts.levels.map((l) => [l, []]));
  for (let round = 0; round < opts.rounds; round++) {
    for (const level of rotate(opts.levels, round)) {
      const running = await launch(spec(level));
      try {
        await serve(running, running.api.release(level * 3));
        const events = level * opts.perLoop;
        const window = await serve(running, running.api.release(events));
        result.get(level)!.push((events * 1000) / (window.end - window.start));
      } finally {
        await running.stop();
      }
    }
    log(`  concurrency round ${round + 1}/${opts.rounds} done`);
  }
  return result;
}

/** Streaming throughput in MB/s (10^6 bytes): one event whose answer is a large streamed body, per round. */
export async function streaming(
  contenders: { id: string; spec: (runtimeApi: string) => LaunchSpec }[],
  opts: { rounds: number; bytes: number; warmup?: number },
  log: Log,
): Promise<Map<string, number[]>> {
  const result = new Map<string, number[]>(contenders.map((c) => [c.id, []]));
  for (let round = 0; round < opts.rounds; round++) {
    for (const c of rotate(contenders, round)) {
      const running = await launch(c.spec);
      try {
        // Warm-up streams first: the JIT compiles the write path during the first ones (on V8's worker threads),
        // which would otherwise be counted against the contender with more code on that path.
        for (let i = 0; i < (opts.warmup ?? 1); i++) await serve(running, running.api.release(1));
        const window = await serve(running, running.api.release(1));
        if (window.bytes < opts.bytes) throw new Error(`${c.id} streamed ${window.bytes} bytes, expected ${opts.bytes}`);
        result.get(c.id)!.push(window.bytes / 1e6 / ((window.end - window.start) / 1000));
      } finally {
        await running.stop();
      }
    }
    log(`  streaming round ${round + 1}/${opts.rounds} done`);
  }
  return result;
}

/**
 * The kernel layer alone (bench/functions/driver-cost.ts): CPU µs per invocation of the DI driver and of the
 * plain driver, in one process, without I/O, alternated round by round.
 */
export async function kernelLayer(
  file: string,
  opts: { rounds: number; count: number; node?: string },
): Promise<{ plain: number[]; di: number[] }> {
  const output = await new Promise<string>((resolve, reject) => {
    let text = '';
    let errors = '';
    const child = spawn(opts.node ?? process.execPath, [file, String(opts.rounds), String(opts.count)], {
      env: lambdaEnv('127.0.0.1:9001'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors = (errors + chunk).slice(-2000)));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`driver-cost exited ${code}: ${errors.trim()}`))));
  });
  const rounds = output.trim().split('\n').map((line) => JSON.parse(line) as { plain: number; di: number });
  return { plain: rounds.map((r) => r.plain), di: rounds.map((r) => r.di) };
}
