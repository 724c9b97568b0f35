/**
 * Reading loosely typed synthesized JSON: nested blocks come out as an object or as a list of
 * objects depending on the binding (or not at all when unset), booleans and numbers occasionally as
 * strings, and values may hold references (`${aws_kms_key.Key.arn}`) that are only known at apply.
 */
import { isJsonObject, type JsonObject } from '../terraform/plan-json';

/** A nested block as a list, whichever way it was synthesized (object, list of objects, absent). */
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

/** A string or list of strings as a list (non-strings dropped); anything else gives []. */
export function texts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** A number from a number or a numeric string. */
export function num(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

/** A boolean from a boolean or "true"/"false" (Terraform accepts both). */
export function flag(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return undefined;
}

/** `true` or `"true"`. */
export function isTrue(value: unknown): boolean {
  return flag(value) === true;
}

/** `false` or `"false"`. */
export function isFalse(value: unknown): boolean {
  return flag(value) === false;
}

/** Whether a value is set: a non-empty string (reference or literal), a number, a boolean, a non-empty list or block. */
export function isSet(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
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

/** A value as JSON, cut to a readable length (for one-line details). */
export function shown(value: unknown): string {
  const json = JSON.stringify(value) ?? 'undefined';
  return json.length > 120 ? `${json.slice(0, 117)}...` : json;
}

/** Values at a dotted path through nested blocks (`dead_letter_config.arn`), flattened. */
export function valuesAt(config: JsonObject, path: string): unknown[] {
  let current: unknown[] = [config];
  for (const part of path.split('.')) {
    current = current.flatMap((v) => (isJsonObject(v) ? [v[part]] : blocks(v).map((b) => b[part])));
    current = current.flatMap((v) => (Array.isArray(v) && !v.every(isJsonObject) ? v : [v]));
  }
  return current.filter((v) => v !== undefined && v !== null);
}
