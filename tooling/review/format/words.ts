/** Numbers in the report's words: counts with their noun, days, byte sizes. */

/** A count with its noun, pluralized with "s": `plural(2, 'rule')` is "2 rules". */
export function plural(count: number, noun: string, pluralForm = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralForm}`;
}

/** Days, or years and days when that reads better: "400 days", "2557 days (about 7.0 years)". */
export function days(value: number): string {
  return value >= 730 ? `${value} days (about ${(value / 365.25).toFixed(1)} years)` : plural(value, 'day');
}

/** A byte size as S3 lifecycle filters state it: 131072 is "128 KB". */
export function bytes(value: number): string {
  if (value >= 1024 * 1024 && value % (1024 * 1024) === 0) return `${value / (1024 * 1024)} MB`;
  if (value >= 1024 && value % 1024 === 0) return `${value / 1024} KB`;
  return `${value} bytes`;
}
