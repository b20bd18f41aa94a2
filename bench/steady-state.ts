/**
 * @module
 * Per-invocation cost once the JIT has settled: run(), the floor and the bare undici loop measured again after a
 * long warm-up. The main per-invocation figures start after 2,000 invocations, when V8 is still compiling part
 * of the code with TurboFan on a worker thread (whose CPU they count); on Node.js 22 that is more of run()'s code
 * than of the loops'. Both views matter on Lambda, where many execution environments serve only a few thousand
 * invocations, so the budgets keep the main figures and this table sits beside them.
 */
import type { Contender, ContenderId } from './contenders.js';
import { type InvocationSample, type Log, perInvocation, type PhaseResult } from './phases.js';
import { median, pairedSummary } from './stats.js';
import { span, table, times } from './table.js';

const IDS: readonly ContenderId[] = ['kernel', 'bare-undici-als', 'bare-undici'];

/** What the steady-state phase measured, with its plan. */
export interface SteadyState {
  plan: { rounds: number; warmup: number; count: number; slices: number };
  result: PhaseResult<InvocationSample>;
}

/** Runs the phase on run(), the floor and the bare undici loop (those of `contenders` present). */
export async function steadyState(contenders: readonly Contender[], plan: SteadyState['plan'], log: Log): Promise<SteadyState> {
  const chosen = contenders.filter((c) => IDS.includes(c.id));
  return { plan, result: await perInvocation(chosen, plan, log) };
}

/** The phase's table: medians, and ratios to the bare undici loop with the middle half of their rounds. */
export function steadyStateTable(s: SteadyState | undefined, labelOf: (id: ContenderId) => string): string {
  if (s === undefined) return 'Steady state: not measured.';
  const of = (id: ContenderId, key: 'cpuUs' | 'wallUs') => (s.result.samples.get(id) ?? []).map((sample) => sample[key]);
  const cell = (id: ContenderId, key: 'cpuUs' | 'wallUs') => {
    const { value, spread } = pairedSummary(of(id, key), of('bare-undici', key));
    return [times(value), span(spread)];
  };
  const rows = IDS.filter((id) => s.result.samples.has(id)).map((id) => [
    labelOf(id),
    median(of(id, 'wallUs')).toFixed(1),
    median(of(id, 'cpuUs')).toFixed(1),
    ...cell(id, 'cpuUs'),
    ...cell(id, 'wallUs'),
  ]);
  const head = [`Steady state (after ${s.plan.warmup} warm-up)`, 'Wall µs/inv', 'CPU µs/inv', 'CPU ÷ bare undici', 'Middle half', 'Wall ÷ bare undici', 'Middle half'];
  return table(head, rows);
}
