/** Reading loosely typed synthesized JSON: blocks that are objects or lists, literals, numbers, flags. */
import { isJsonObject, type JsonObject } from '../terraform/plan-json';

/**
 * A nested block as a list: cdktf writes a block as an object or as a list of objects depending on
 * the binding, and leaves it out when unset.
 */
export function blocks(value: unknown): JsonObject[] {
  if (Array.isArray(value)) return value.filter(isJsonObject);
  return isJsonObject(value) ? [value] : [];
}

/** The first block of a nested block, or an empty object. */
export function block(value: unknown): JsonObject {
  return blocks(value)[0] ?? {};
}

/** A string value, or undefined for anything else. */
export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A list of strings from a string or a list (non-strings dropped). */
export function texts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A number from a number or a numeric string. */
export function num(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  return undefined;
}

/** A boolean from a boolean or "true"/"false". */
export function flag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return undefined;
}

/** Parses JSON text, or undefined when it is not JSON. */
export function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** Whether a string is (or holds) a terraform expression `${...}`. */
export function hasToken(value: string): boolean {
  return value.includes('${');
}

/** `value` with duplicates removed, first occurrence kept. */
export function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

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
