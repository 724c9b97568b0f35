/**
 * Reading synthesized Terraform JSON: nested blocks come out as an object or as a list of objects
 * depending on the binding, booleans occasionally as strings, and values may hold references
 * (`${aws_kms_key.Key.arn}`) that are only known at apply.
 */
import { isJsonObject, type JsonObject } from '../terraform';

/** A nested block as a list, whichever way it was synthesized (object, list of objects, absent). */
export function blocks(value: unknown): JsonObject[] {
  if (Array.isArray(value)) return value.filter(isJsonObject);
  return isJsonObject(value) ? [value] : [];
}

/** The first block of a nested block, or an empty object. */
export function block(value: unknown): JsonObject {
  return blocks(value)[0] ?? {};
}

/** A string or list of strings as a list; anything else gives []. */
export function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** Whether a value is set: a non-empty string (reference or literal), a number, a boolean, a non-empty list or block. */
export function isSet(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** `true` or `"true"`; Terraform accepts both. */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** `false` or `"false"`. */
export function isFalse(value: unknown): boolean {
  return value === false || value === 'false';
}

/** A number, or a numeric string; undefined otherwise. */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

/** A reference to a managed resource, `${aws_s3_bucket.Bucket.arn}` (alone or inside a longer string). */
export const RESOURCE_REFERENCE = /\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)\}/g;

/** Shown in a detail: the value as JSON, cut to a readable length. */
export function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
