/**
 * @module
 * Plain-text formatting of the bench's reports.
 */

/** A number with `digits` decimals, or a dash when it was not measured. */
export const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

/** A ratio as `1.23×`, or a dash when it was not measured. */
export const times = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '–');

/** A middle half as `1.02×–1.10×` (through `show`), or a dash when it was not measured. */
export const span = ([low, high]: readonly [number, number], show: (value: number) => string = times) =>
  Number.isFinite(low) ? `${show(low)}–${show(high)}` : '–';

/** A Markdown table whose columns are padded, so it also reads well in a terminal. */
export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}
