import { describe, expect, it } from 'vitest';
import type { ContenderId } from '../../bench/contenders.js';
import { type EarlyWindow, earlyWindowTable } from '../../bench/early-window.js';
import type { InvocationSample } from '../../bench/phases.js';

const sample = (cpuUs: number, wallUs = 2 * cpuUs): InvocationSample => ({ cpuUs, wallUs, rssBytes: 1 });
const window = (samples: [ContenderId, InvocationSample[]][]): EarlyWindow => ({
  plan: { rounds: samples[0]![1].length, warmup: 2000, count: 5000, slices: 10 },
  result: { samples: new Map(samples), errors: new Map() },
});
const row = (text: string, label: string) => text.split('\n').find((line) => line.startsWith(`| ${label} `))!.split('|').map((c) => c.trim());

describe('the early-window table', () => {
  it('gives each contender its ratio to the bare loop and the CPU it used beyond it over the whole window', () => {
    const text = earlyWindowTable(
      window([
        ['kernel', [sample(120), sample(110), sample(130)]],
        ['bare-undici', [sample(100), sample(100), sample(100)]],
      ]),
      (id) => id,
    );
    expect(text).toContain('Early window (invocations 2001–7000)');
    // Per round: 20, 10 and 30 µs more per invocation, × 5000 invocations = 100, 50 and 150 ms; the median is 100.
    expect(row(text, 'kernel')).toEqual(['', 'kernel', '240.0', '120.0', '1.20×', '1.15×–1.25×', '1.20×', '1.15×–1.25×', '100.0', '']);
    expect(row(text, 'bare-undici').slice(4, 10)).toEqual(['1.00×', '1.00×–1.00×', '1.00×', '1.00×–1.00×', '0.0', '']);
  });

  it('leaves a round a contender failed out of its extra CPU, and says when the phase did not run', () => {
    const text = earlyWindowTable(
      window([
        ['kernel', [sample(Number.NaN), sample(140)]],
        ['bare-undici', [sample(100), sample(100)]],
      ]),
      (id) => id,
    );
    expect(row(text, 'kernel')[8]).toBe('200.0');
    // A contender that failed every round shows dashes, not NaN.
    const failed = earlyWindowTable(
      window([
        ['kernel', [sample(Number.NaN)]],
        ['bare-undici', [sample(100)]],
      ]),
      (id) => id,
    );
    expect(row(failed, 'kernel').slice(2, 9)).toEqual(['–', '–', '–', '–', '–', '–', '–']);
    expect(earlyWindowTable(undefined, (id) => id)).toBe('Early window: not measured.');
  });
});
