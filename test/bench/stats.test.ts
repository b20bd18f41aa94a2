import { describe, expect, it } from 'vitest';
import { median, middleHalf, pairedRatio, pairedRatios, pairedSummary } from '../../bench/stats.js';
import { span } from '../../bench/table.js';

describe('bench statistics', () => {
  it('pairs each round with the baseline of the same round and skips rounds either side missed', () => {
    const ratios = pairedRatios([2, 3, Number.NaN, 8], [1, 2, 4, 0]);
    expect(ratios).toEqual([2, 1.5]);
    expect(pairedRatio([2, 3, 12], [1, 2, 4])).toBe(2);
  });

  it('reports the middle half of a sample as its interpolated quartiles', () => {
    expect(middleHalf([5, 1, 3, 2, 4])).toEqual([2, 4]);
    expect(middleHalf([1, 2, 3, 4])).toEqual([1.75, 3.25]);
    expect(middleHalf([7])).toEqual([7, 7]);
    expect(middleHalf([]).every(Number.isNaN)).toBe(true);
    expect(median([1, 2, 3, 4])).toBe(2.5);
  });

  it('summarises a same-run ratio as its median and middle half, shown as a span or a dash when unmeasured', () => {
    const summary = pairedSummary([2, 3, 4, 10], [1, 1, 1, 1]);
    expect(summary).toEqual({ value: 3.5, spread: [2.75, 5.5] });
    expect(span(summary.spread)).toBe('2.75×–5.50×');
    expect(span(pairedSummary([], []).spread)).toBe('–');
  });
});
