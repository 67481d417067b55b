/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Median of the per-round ratios a[i] / b[i] (paired: both measured in the same round). */
export function pairedRatio(a: readonly number[], b: readonly number[]): number {
  return median(a.map((x, i) => x / (b[i] as number)));
}

/** The lowest and highest of the per-round ratios a[i] / b[i], as "lo–hi": how far a ratio moves between rounds. */
export function ratioRange(a: readonly number[], b: readonly number[], digits = 2): string {
  const each = a.map((x, i) => x / (b[i] as number));
  return `${fixed(Math.min(...each), digits)}–${fixed(Math.max(...each), digits)}`;
}

/** Rounds for display. */
export function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

/** `met` / `missed` with the numbers that decided it. */
export function verdict(met: boolean): string {
  return met ? '**met**' : '**missed**';
}

/** A markdown table. */
export function table(head: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const line = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The orders A B C, B C A, C A B … so each variant runs first in turn (interleaved rounds). */
export function rotation<T>(items: readonly T[], round: number): T[] {
  const k = round % items.length;
  return [...items.slice(k), ...items.slice(0, k)];
}
