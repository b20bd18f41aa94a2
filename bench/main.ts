/**
 * @module
 * `npm run bench [-- --quick] [-- --no-ric] [-- --node <version>]`: lambda-kernel against the floor (two bare loops)
 * and aws-lambda-ric, all in one run, alternating contenders round by round; medians and same-run ratios go to
 * stdout and bench/results.md. `--node 24` runs the function processes on that Node.js release (Lambda's runtimes
 * are 22 and 24), fetched from the npm registry as `lambda-kernel build --include-node` does, and writes
 * bench/results-node24.md. A script, never a test: timings on a shared machine are reported, not asserted.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildContenders, buildFunction, compileCacheContender, nodeFromArgs, nodeSpec, OWN_NODE, resultSuffix } from './contenders.js';
import { earlyWindow } from './early-window.js';
import { coldStarts, concurrency, kernelLayer, perInvocation, streaming } from './phases.js';
import { hasSchedstat } from './proc.js';
import { type Report, render } from './report.js';
import { setupRic } from './ric.js';

/** Runs the bench from the repository at `root`; resolves with the process exit code. */
export async function main(argv: string[], root: string): Promise<number> {
  const cache = join(root, '.cache', 'bench');
  const quick = argv.includes('--quick');
  const skipRic = argv.includes('--no-ric');
  const plan = quick
    ? { rounds: 3, warmup: 3000, count: 1000, slices: 5, spawns: 5, concurrencyRounds: 1, perLoop: 10, streamRounds: 1, streamWarmup: 1 }
    : { rounds: 11, warmup: 20_000, count: 5000, slices: 10, spawns: 15, concurrencyRounds: 3, perLoop: 40, streamRounds: 7, streamWarmup: 4 };
  const log = (line: string) => console.log(line);
  const started = Date.now();

  const node = await nodeFromArgs(argv, join(cache, 'node'), log);
  if (node === undefined) return 2;
  if (node !== OWN_NODE) log(`function processes run on Node.js ${node.version}`);
  log(`lambda-kernel bench${quick ? ' (quick)' : ''}: building release bundles…`);
  // Its native client is a Node-API addon (node-addon-api): one build loads on every Node.js release.
  const ric = skipRic ? ({ ok: false, reason: 'skipped (--no-ric)' } as const) : await setupRic(join(cache, 'ric'), !quick, log);
  if (!ric.ok) log(`aws-lambda-ric is not part of this run: ${ric.reason}`);
  const out = join(cache, 'build');
  const contenders = await buildContenders(root, out, ric, node);

  const compileCache = await compileCacheContender(join(out, 'hello.mjs'), out, node);
  if (typeof compileCache === 'string') log(`run() with a compile cache is not part of this run: ${compileCache}`);
  log(`cold start: ${plan.spawns} spawns per contender`);
  const cold = await coldStarts(typeof compileCache === 'string' ? contenders : [...contenders, compileCache], plan.spawns, log);
  log(`per-invocation: ${plan.rounds} rounds × ${plan.count} invocations in ${plan.slices} alternating slices (after ${plan.warmup} warm-up) per contender`);
  const invocations = await perInvocation(contenders, plan, log);
  // The budgets bound what every invocation costs, so the main figures wait for the JIT to settle; this phase
  // shows the invocations before that, whose extra cost is paid once per execution environment.
  const earlyPlan = quick ? { rounds: 2, warmup: 300, count: 1000, slices: 5 } : { rounds: 7, warmup: 2000, count: 5000, slices: 10 };
  log(`early window: run(), the floor and the bare undici loop, ${earlyPlan.rounds} rounds after ${earlyPlan.warmup} warm-up`);
  const early = await earlyWindow(contenders, earlyPlan, log);

  // A phase that fails is reported as not measured; the others still run.
  const notes: string[] = [];
  log('kernel layer: the DI and plain drivers in one process, no I/O');
  let layer: Report['kernelLayer'];
  try {
    const driverCost = await buildFunction(root, 'driver-cost', out);
    layer = await kernelLayer(driverCost.file, { rounds: plan.rounds, count: quick ? 5_000 : 20_000, node: node.path });
  } catch (err) {
    notes.push(`kernel layer: ${(err as Error).message}`);
  }
  log(`multi-concurrency: a handler awaiting 10 ms, AWS_LAMBDA_MAX_CONCURRENCY 1, 8, 64`);
  let conc = new Map<number, number[]>();
  try {
    const sleep = await buildFunction(root, 'sleep', out);
    conc = await concurrency((level) => nodeSpec(sleep.file, { AWS_LAMBDA_MAX_CONCURRENCY: String(level) }, node), {
      levels: [1, 8, 64],
      rounds: plan.concurrencyRounds,
      perLoop: plan.perLoop,
    }, log);
  } catch (err) {
    notes.push(`multi-concurrency: ${(err as Error).message}`);
  }

  let stream: Report['streaming'];
  const streamBytes = 50 * 1024 * 1024; // what bench/functions/*stream.ts send
  log('streaming: 50 MiB');
  try {
    const kernel = await buildFunction(root, 'stream', out);
    const bare = await buildFunction(root, 'bare-stream', out);
    const samples = await streaming([
      { id: 'kernel', spec: nodeSpec(kernel.file, {}, node) },
      { id: 'bare', spec: nodeSpec(bare.file, {}, node) },
    ], { rounds: plan.streamRounds, bytes: streamBytes, warmup: plan.streamWarmup }, log);
    stream = { bytes: streamBytes, samples };
  } catch (err) {
    notes.push(`streaming: ${(err as Error).message}`);
  }

  const report: Report = {
    quick,
    plan,
    node,
    seconds: (Date.now() - started) / 1000,
    schedstat: hasSchedstat(),
    contenders,
    ric,
    cold,
    compileCacheMissing: typeof compileCache === 'string' ? compileCache : undefined,
    invocations,
    early,
    concurrency: conc,
    streaming: stream,
    kernelLayer: layer,
    notes,
  };
  const { table, markdown, failed, atFloor } = render(report);
  log('');
  log(table);
  // A quick run is a smoke test: it never overwrites the published results.
  const suffix = resultSuffix(node);
  const target = quick ? join(cache, `results-quick${suffix}.md`) : join(root, 'bench', `results${suffix}.md`);
  writeFileSync(target, markdown);
  // Every sample, for a closer look at a run than medians give.
  const samples = (phase: { samples: Map<string, unknown[]> }) => Object.fromEntries(phase.samples);
  writeFileSync(join(cache, `samples${suffix}.json`), JSON.stringify({ cold: samples(cold), invocations: samples(invocations), early: samples(early.result) }, null, 1));
  const misses = failed ? `; ${failed} budget(s) not met${atFloor ? `, ${atFloor} of them missed by the floor too` : ''}` : '';
  log(`\nwritten to ${target.slice(root.length)}${misses}`);
  return 0;
}
