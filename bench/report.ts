/**
 * @module
 * Turns the samples into medians, same-run ratios and the issue's budgets: one text for stdout, one for
 * bench/results.md.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg, machine, release } from 'node:os';
import type { Contender, ContenderId, NodeRuntime } from './contenders.js';
import { type EarlyWindow, earlyWindowTable } from './early-window.js';
import type { ColdSample, InvocationSample, PhaseResult } from './phases.js';
import type { RicSetup } from './ric.js';
import { median, pairedRatio, pairedSummary } from './stats.js';
import { fixed, span, table, times } from './table.js';

/** Everything one run measured. */
export interface Report {
  quick: boolean;
  plan: { rounds: number; warmup: number; count: number; slices: number; spawns: number; concurrencyRounds: number; perLoop: number; streamRounds: number; streamWarmup: number };
  seconds: number;
  /** The Node.js the function processes ran on. */
  node: NodeRuntime;
  schedstat: boolean;
  contenders: Contender[];
  ric: RicSetup;
  cold: PhaseResult<ColdSample>;
  /** Why the cold-start-only contender `kernel-cc` (run() with `build --compile-cache`) did not run, if it did not. */
  compileCacheMissing?: string;
  invocations: PhaseResult<InvocationSample>;
  /** run(), the floor and the bare undici loop again, after a short warm-up (the JIT still settling). */
  early?: EarlyWindow;
  concurrency: Map<number, number[]>;
  streaming?: { bytes: number; samples: Map<string, number[]> };
  /** CPU µs per invocation of the plain and DI drivers alone, in one process (per round). */
  kernelLayer?: { plain: number[]; di: number[] };
  /** Phases that failed, and why. */
  notes: string[];
}

function cpuModel(): string {
  try {
    return /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Renders the report; `failed` counts budgets measured and not met. */
export function render(r: Report): { table: string; markdown: string; failed: number; atFloor: number } {
  const inv = (id: ContenderId, key: keyof InvocationSample) => (r.invocations.samples.get(id) ?? []).map((s) => s[key]);
  const cold = (id: ContenderId) => (r.cold.samples.get(id) ?? []).map((s) => s.ms);
  const initCpu = (id: ContenderId) => (r.cold.samples.get(id) ?? []).map((s) => s.cpuMs);
  const present = r.contenders.map((c) => c.id);
  const has = (id: ContenderId) => present.includes(id) && !r.invocations.errors.has(id);
  const fasterBare: ContenderId = median(inv('bare-http', 'wallUs')) <= median(inv('bare-undici', 'wallUs')) ? 'bare-http' : 'bare-undici';

  const main = table(
    ['Contender', 'Wall µs/inv', 'CPU µs/inv', 'Cold start ms', 'Init CPU ms', 'RSS MB', 'Bundle KB', 'Zip KB'],
    r.contenders.map((c) => [
      c.label,
      fixed(median(inv(c.id, 'wallUs'))),
      fixed(median(inv(c.id, 'cpuUs'))),
      fixed(median(cold(c.id))),
      fixed(median(initCpu(c.id))),
      fixed(median(inv(c.id, 'rssBytes')) / 1e6),
      c.bundle ? fixed(c.bundle.bytes / 1000) : '–',
      c.bundle ? fixed(c.bundle.zipBytes / 1000) : '–',
    ]),
  );
  const ratios = table(
    ['Contender', 'CPU ÷ bare undici', `Wall ÷ ${fasterBare}`, 'Cold ÷ bare http', 'Init CPU ÷ bare http', 'RSS ÷ bare http'],
    r.contenders.map((c) => [
      c.label,
      times(pairedRatio(inv(c.id, 'cpuUs'), inv('bare-undici', 'cpuUs'))),
      times(pairedRatio(inv(c.id, 'wallUs'), inv(fasterBare, 'wallUs'))),
      times(pairedRatio(cold(c.id), cold('bare-http'))),
      times(pairedRatio(initCpu(c.id), initCpu('bare-http'))),
      times(pairedRatio(inv(c.id, 'rssBytes'), inv('bare-http', 'rssBytes'))),
    ]),
  );

  const levels = [...r.concurrency.keys()];
  const throughput = (level: number) => median(r.concurrency.get(level) ?? []);
  const concurrencyTable = table(
    ['AWS_LAMBDA_MAX_CONCURRENCY', 'Invocations/s', '÷ concurrency 1'],
    levels.map((l) => [String(l), fixed(throughput(l), 0), times(pairedRatio(r.concurrency.get(l)!, r.concurrency.get(1) ?? []))]),
  );
  const streamMbs = (id: string) => median(r.streaming?.samples.get(id) ?? []);
  const stream = r.streaming ? pairedSummary(r.streaming.samples.get('kernel')!, r.streaming.samples.get('bare')!) : { value: Number.NaN };
  const streamTable = r.streaming
    ? table(
        ['Streaming 50 MiB', 'MB/s', '÷ bare POST'],
        [
          ['lambda-kernel runStream()', fixed(streamMbs('kernel')), times(stream.value)],
          ['bare chunked node:http POST', fixed(streamMbs('bare')), '1.00×'],
        ],
      )
    : 'Streaming: not measured.';

  // A budget: what, the measured value, the limit, and the floor: the same ratio for the least a runtime built
  // as lambda-kernel must be (undici's Client, AsyncLocalStorage), measured in the same run. NaN: not measured.
  interface Budget {
    name: string;
    value: number;
    limit: string;
    pass: (v: number) => boolean;
    show?: (v: number) => string;
    /** The middle half of the per-round ratios: how far the rounds spread around the median. */
    spread?: [number, number];
    floor?: { label: string; value: number };
  }
  const cpu = (id: ContenderId) => inv(id, 'cpuUs');
  const wall = (id: ContenderId) => inv(id, 'wallUs');
  const rss = (id: ContenderId) => inv(id, 'rssBytes');
  const floor = (label: string, value: number) => (has(label as ContenderId) ? { label, value } : undefined);
  const budgets: Budget[] = [
    {
      name: 'CPU/inv, run() ÷ bare undici loop',
      ...pairedSummary(cpu('kernel'), cpu('bare-undici')),
      limit: '≤ 1.10×',
      pass: (v) => v <= 1.1,
      floor: floor('bare-undici-als', pairedRatio(cpu('bare-undici-als'), cpu('bare-undici'))),
    },
    {
      name: `Wall/inv, run() ÷ faster bare loop (${fasterBare})`,
      ...pairedSummary(wall('kernel'), wall(fasterBare)),
      limit: '≤ 1.10×',
      pass: (v) => v <= 1.1,
      floor: floor('bare-undici-als', pairedRatio(wall('bare-undici-als'), wall(fasterBare))),
    },
    { name: 'CPU/inv, DI ÷ run()', ...pairedSummary(cpu('kernel-di'), cpu('kernel')), limit: '≤ 1.15×', pass: (v) => v <= 1.15 },
    { name: 'Wall/inv, DI ÷ run()', ...pairedSummary(wall('kernel-di'), wall('kernel')), limit: '≤ 1.15×', pass: (v) => v <= 1.15 },
    {
      name: 'Cold start, run() ÷ bare node:http loop',
      ...pairedSummary(cold('kernel'), cold('bare-http')),
      limit: '≤ 1.25×',
      pass: (v) => v <= 1.25,
      floor: floor('bare-undici', pairedRatio(cold('bare-undici'), cold('bare-http'))),
    },
    {
      name: 'RSS, run() ÷ bare node:http loop',
      ...pairedSummary(rss('kernel'), rss('bare-http')),
      limit: '≤ 1.25×',
      pass: (v) => v <= 1.25,
      floor: floor('bare-undici', pairedRatio(rss('bare-undici'), rss('bare-http'))),
    },
  ];
  if (has('ric')) {
    const versusRic = (name: string, series: (id: ContenderId) => number[], limit: string, pass: (v: number) => boolean, floorId: ContenderId) => ({
      name,
      ...pairedSummary(series('kernel'), series('ric')),
      limit,
      pass,
      floor: floor(floorId, pairedRatio(series(floorId), series('ric'))),
    });
    budgets.push(
      versusRic('CPU/inv, run() ÷ aws-lambda-ric', cpu, '< 1×', (v) => v < 1, 'bare-undici-als'),
      versusRic('Wall/inv, run() ÷ aws-lambda-ric', wall, '< 1×', (v) => v < 1, 'bare-undici-als'),
      versusRic('Cold start, run() ÷ aws-lambda-ric', cold, '≤ 1×', (v) => v <= 1, 'bare-undici'),
      versusRic('RSS, run() ÷ aws-lambda-ric', rss, '≤ 1×', (v) => v <= 1, 'bare-undici'),
    );
  }
  const hello = r.contenders.find((c) => c.id === 'kernel')?.bundle;
  budgets.push(
    {
      name: 'hello lambda.zip (no Node.js binary)',
      value: hello ? hello.zipBytes / 1000 : Number.NaN,
      limit: '≤ 150 KB',
      pass: (v) => v <= 150,
      show: (v) => `${fixed(v)} KB`,
    },
    {
      name: 'Streaming, runStream() ÷ bare chunked POST',
      ...stream,
      limit: '≥ 0.90×',
      pass: (v) => v >= 0.9,
    },
    {
      name: 'Throughput, concurrency 64 ÷ concurrency 1',
      ...pairedSummary(r.concurrency.get(64) ?? [], r.concurrency.get(1) ?? []),
      limit: '≥ 40×',
      pass: (v) => v >= 40,
    },
  );
  const layer = r.kernelLayer;
  const layerLine = layer
    ? `Kernel layer alone (one process, no I/O, CPU per invocation): run() driver ${fixed(median(layer.plain), 2)} µs, ` +
      `DI driver ${fixed(median(layer.di), 2)} µs, so the kernel adds ${fixed(median(layer.di.map((d, i) => d - layer.plain[i]!)), 2)} µs ` +
      `(${times(pairedRatio(layer.di, layer.plain))} the driver's own cost) to each invocation.`
    : 'Kernel layer alone: not measured.';
  const ccTable =
    r.compileCacheMissing !== undefined
      ? `Compile cache (\`build --compile-cache\`): not measured. ${r.compileCacheMissing}`
      : table(
          ['Cold start, hello on run()', 'Cold start ms', 'Init CPU ms', '÷ without cache', 'Init CPU ÷ without', '÷ bare undici', '÷ aws-lambda-ric'],
          (['kernel', 'kernel-cc'] as const).map((id) => [
            id === 'kernel' ? 'without compile cache' : 'with `build --compile-cache`',
            fixed(median(cold(id))),
            fixed(median(initCpu(id))),
            times(pairedRatio(cold(id), cold('kernel'))),
            times(pairedRatio(initCpu(id), initCpu('kernel'))),
            times(pairedRatio(cold(id), cold('bare-undici'))),
            r.ric.ok ? times(pairedRatio(cold(id), cold('ric'))) : '–',
          ]),
        );
  let failed = 0;
  let atFloor = 0;
  const labelOf = (id: string) => r.contenders.find((c) => c.id === id)?.label ?? id;
  const budgetTable = table(
    ['Budget', 'Measured', 'Middle half of rounds', 'Limit', 'Result', 'Floor (same ratio)'],
    budgets.map((b) => {
      const show = b.show ?? times;
      const ok = Number.isFinite(b.value) ? b.pass(b.value) : undefined;
      const floorFails = b.floor !== undefined && Number.isFinite(b.floor.value) && !b.pass(b.floor.value);
      if (ok === false) {
        failed++;
        if (floorFails) atFloor++;
      }
      const result = ok === undefined ? 'not measured' : ok ? 'pass' : floorFails ? 'FAIL, as the floor' : 'FAIL';
      const floorCell = b.floor && Number.isFinite(b.floor.value) ? `${show(b.floor.value)} ${labelOf(b.floor.label)}` : '–';
      const spread = b.spread ? span(b.spread, show) : '–';
      return [b.name, Number.isFinite(b.value) ? show(b.value) : 'pending', spread, b.limit, result, floorCell];
    }),
  );
  const floorNote =
    'Floor: the same ratio for the bare loop holding only what lambda-kernel cannot do without: undici\'s `Client`, ' +
    'and for per-invocation figures one AsyncLocalStorage `run()` per invocation and the JSON response\'s Content-Type ' +
    '(bench/functions/bare-undici-als.ts), measured in the same run. "FAIL, as the floor" marks a budget that loop misses too.';

  const dropped = [
    ...(r.ric.ok ? [] : [`aws-lambda-ric: ${r.ric.reason}`]),
    ...[...r.invocations.errors, ...r.cold.errors].map(([id, why]) => `${id}: ${why}`),
    ...[...(r.early?.result.errors ?? [])].map(([id, why]) => `early window, ${id}: ${why}`),
    ...r.notes,
  ];
  const p = r.plan;
  const machineLine =
    `${availableParallelism()} × ${cpuModel()} (${machine()}), Linux ${release()}, function processes on Node.js ${r.node.version}` +
    `${r.node.version === process.version ? '' : ` (the bench itself and its Runtime API on ${process.version})`}; ` +
    `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} at the end; ${Math.round(r.seconds)} s in all${r.quick ? ' (--quick)' : ''}`;
  const method = [
    `- Contenders are separate \`node <file>\` processes with the same Lambda environment, stdout to /dev/null, each against its own lean Runtime API (bench/lean-api.ts: node:http, answers \`/next\` as soon as an event is due, records nothing). lambda-kernel (bench/functions/hello*.ts) and the ~30-line bare loops (bench/functions/bare-*.ts) are release bundles (esbuild, minified, log floor INFO); aws-lambda-ric runs its package's \`aws-lambda-ric\` bin on an equivalent \`index.mjs\` handler.`,
    `- Every phase alternates contenders round by round, each round starting with the next contender. Figures are medians over rounds; ratios are medians of per-round ratios against the baseline measured in the same round. A budget's "middle half of rounds" is the lower to upper quartile of those per-round ratios: a median differing from the limit by less than that spread says more about the machine than about the code.`,
    `- Per invocation: ${p.rounds} rounds; each spawns every contender afresh and runs ${p.warmup} warm-up invocations on each (the contenders at once; nothing is measured then), then times ${p.count} sequential invocations per contender in ${p.slices} slices, the contenders taking turns slice by slice (the others wait, idle, on their long poll). Wall = the server's first event out → last answer in, summed over the slices, ÷ ${p.count}. CPU = user + system time of the function's process tree (all threads) over the same windows, from /proc/<pid>/task/*/${r.schedstat ? 'schedstat (ns)' : 'stat (10 ms ticks)'}, ÷ ${p.count}. RSS = VmRSS of the tree after the last slice. The budgets bound what every invocation costs, so the warm-up lets V8 finish compiling the hot functions with TurboFan first.`,
    `- Cold start: spawn → first \`/next\` received, ${p.spawns} spawns per contender. Init CPU: the CPU time the process had used when that \`/next\` arrived (it is then blocked on the long poll), which unlike the wall time does not depend on what else the machine is doing.`,
    ...(r.early
      ? [`- Early window: the per-invocation measurement again for run(), the floor and the bare undici loop, after ${r.early.plan.warmup} warm-up invocations instead of ${p.warmup}, ${r.early.plan.rounds} rounds of ${r.early.plan.count}. V8 is then still compiling hot functions with TurboFan on a worker thread, whose CPU this window counts, and run() has more code to compile than a 30-line loop. "CPU ms beyond bare undici" is the median over rounds of the extra CPU over the whole window, paid once per execution environment (bench/early-window.ts).`]
      : []),
    `- Compile cache: the hello bundle beside the V8 compile cache \`build --compile-cache\` makes with the same Node.js (src/cli/compile-cache.ts), started with \`NODE_COMPILE_CACHE\` as the bootstrap sets it; it joins the cold-start spawns only.`,
    `- Kernel layer alone: bench/functions/driver-cost.ts builds the DI hello's kernel and the plain driver in one process and feeds each the same invocations through a Runtime API client that answers at once (no I/O), alternating ${p.rounds} rounds; process.cpuUsage per invocation. It separates the kernel's own work from the process-level noise of the end-to-end figures.`,
    `- Multi-concurrency: a release build of a handler awaiting 10 ms, ${p.concurrencyRounds} round(s) per level, ${p.perLoop} invocations per allowed concurrent invocation after a warm-up.`,
    `- Streaming: per round, each contender in a fresh process streams ${p.streamWarmup} warm-up response(s) (the JIT compiles the write path meanwhile, on V8's worker threads), then one measured 50 MiB response, written in 64 KiB chunks with back-pressure (\`write()\` → \`drain\`), by \`runStream()\` and by a bare chunked node:http POST; MB/s = 10^6 bytes ÷ (event out → last byte in).`,
    `- Zip: the bundle alone as index.mjs, fflate level 6 (what \`lambda.zip\` holds besides a few-byte bootstrap).`,
  ].join('\n');

  const body = [
    `Machine: ${machineLine}`,
    '',
    main,
    '',
    ratios,
    '',
    budgetTable,
    '',
    floorNote,
    '',
    earlyWindowTable(r.early, labelOf),
    '',
    layerLine,
    '',
    ccTable,
    '',
    concurrencyTable,
    '',
    streamTable,
    ...(dropped.length ? ['', 'Not measured:', ...dropped.map((d) => `- ${d}`)] : []),
  ].join('\n');
  const markdown = `# Benchmark results\n\nGenerated by \`npm run bench\` (bench/main.ts). Budgets from issue 7.\n\n${body}\n\n## Method\n\n${method}\n`;
  return { table: body, markdown, failed, atFloor };
}
