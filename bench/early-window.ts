/**
 * @module
 * Per-invocation cost while the JIT is still settling: run(), the floor and the bare undici loop measured after
 * a short warm-up. The budgets use the main figures, taken after a long warm-up, because they bound a cost paid
 * on every invocation. Earlier, V8 is still compiling hot functions with TurboFan on a worker thread (whose CPU
 * this window counts), and run() has more code to compile than a 30-line loop. That cost is paid once per
 * execution environment, so this table shows it, in µs per invocation and in ms over the whole window.
 */
import type { Contender, ContenderId } from './contenders.js';
import { type InvocationSample, type Log, perInvocation, type PhaseResult } from './phases.js';
import { median, pairedSummary } from './stats.js';
import { fixed, span, table, times } from './table.js';

const IDS: readonly ContenderId[] = ['kernel', 'bare-undici-als', 'bare-undici'];

/** What the early-window phase measured, with its plan. */
export interface EarlyWindow {
  plan: { rounds: number; warmup: number; count: number; slices: number };
  result: PhaseResult<InvocationSample>;
}

/** Runs the phase on run(), the floor and the bare undici loop (those of `contenders` present). */
export async function earlyWindow(contenders: readonly Contender[], plan: EarlyWindow['plan'], log: Log): Promise<EarlyWindow> {
  const chosen = contenders.filter((c) => IDS.includes(c.id));
  return { plan, result: await perInvocation(chosen, plan, log) };
}

/** The phase's table: medians, ratios to the bare undici loop with their middle half, and the extra CPU in all. */
export function earlyWindowTable(e: EarlyWindow | undefined, labelOf: (id: ContenderId) => string): string {
  if (e === undefined) return 'Early window: not measured.';
  const of = (id: ContenderId, key: 'cpuUs' | 'wallUs') => (e.result.samples.get(id) ?? []).map((sample) => sample[key]);
  const cell = (id: ContenderId, key: 'cpuUs' | 'wallUs') => {
    const { value, spread } = pairedSummary(of(id, key), of('bare-undici', key));
    return [times(value), span(spread)];
  };
  // Per round, (CPU µs/inv − the bare loop's) × invocations: what the window cost beyond the loop, in ms.
  const bare = of('bare-undici', 'cpuUs');
  const extraMs = (id: ContenderId) =>
    median(of(id, 'cpuUs').map((us, i) => ((us - bare[i]!) * e.plan.count) / 1000).filter(Number.isFinite));
  const rows = IDS.filter((id) => e.result.samples.has(id)).map((id) => [
    labelOf(id),
    fixed(median(of(id, 'wallUs'))),
    fixed(median(of(id, 'cpuUs'))),
    ...cell(id, 'cpuUs'),
    ...cell(id, 'wallUs'),
    fixed(extraMs(id)),
  ]);
  const first = e.plan.warmup + 1;
  const head = [
    `Early window (invocations ${first}–${e.plan.warmup + e.plan.count})`,
    'Wall µs/inv',
    'CPU µs/inv',
    'CPU ÷ bare undici',
    'Middle half',
    'Wall ÷ bare undici',
    'Middle half',
    'CPU ms beyond bare undici',
  ];
  return table(head, rows);
}
