/** Median of a sample (NaN when empty). */
export function median(values: readonly number[]): number {
  return quantiles(values, [0.5])[0]!;
}

/** `items` rotated left by `round`: each round starts with a different contender. */
export function rotate<T>(items: readonly T[], round: number): T[] {
  const k = items.length === 0 ? 0 : round % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}

/**
 * The median over rounds of `a[i] / b[i]`: each ratio pairs runs made moments apart, which cancels most of
 * the drift of a shared machine.
 */
export function pairedRatio(a: readonly number[], b: readonly number[]): number {
  return median(pairedRatios(a, b));
}

/** The per-round ratios `a[i] / b[i]`, rounds where either side was not measured left out. */
export function pairedRatios(a: readonly number[], b: readonly number[]): number[] {
  const ratios: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (Number.isFinite(a[i]) && Number.isFinite(b[i]) && b[i]! > 0) ratios.push(a[i]! / b[i]!);
  }
  return ratios;
}

/** A same-run ratio: the median of the per-round ratios, and their middle half (how far rounds disagree). */
export function pairedSummary(a: readonly number[], b: readonly number[]): { value: number; spread: [number, number] } {
  const rounds = pairedRatios(a, b);
  return { value: median(rounds), spread: middleHalf(rounds) };
}

/** The middle half of a sample: its lower and upper quartiles (NaN when empty). */
export function middleHalf(values: readonly number[]): [number, number] {
  const [lower, upper] = quantiles(values, [0.25, 0.75]);
  return [lower!, upper!];
}

// Linear interpolation between the nearest ranks: the median of an even count is the mean of the middle two.
function quantiles(values: readonly number[], qs: readonly number[]): number[] {
  if (values.length === 0) return qs.map(() => Number.NaN);
  const sorted = [...values].sort((a, b) => a - b);
  return qs.map((q) => {
    const pos = q * (sorted.length - 1);
    const lo = Math.floor(pos);
    return sorted[lo]! + (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!) * (pos - lo);
  });
}
