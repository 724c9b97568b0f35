/** Numbers as the Cost section prints them. */

/** A number for the report: thousands separated; no decimals from 100, two from 1, three significant digits below 1. */
export function fmt(n: number): string {
  if (!Number.isFinite(n)) return 'unbounded';
  if (n !== 0 && Math.abs(n) < 1) return n.toLocaleString('en-US', { maximumSignificantDigits: 3 });
  return n.toLocaleString('en-US', { maximumFractionDigits: Math.abs(n) >= 100 ? 0 : 2 });
}
