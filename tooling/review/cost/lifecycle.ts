/**
 * S3 lifecycle rules as the cost model needs them: which rule an object of a given key and size
 * falls under, and the transitions S3 really applies to it. Objects under 128 KB skip every
 * transition by default (`transition_default_minimum_object_size = all_storage_classes_128K`, S3's
 * default), or all but Glacier Flexible Retrieval and Deep Archive (`varies_by_storage_class`),
 * unless the rule's filter states a size of its own ("custom filters always take precedence").
 */

import { block, blocks, num, text } from '../../model';
import type { JsonObject } from '../../terraform/plan-json';
import { STORAGE_CLASSES, type StorageClass } from './prices';
import type { ObjectPath, Step } from './storage-model';

export interface LifecycleRule {
  readonly id: string;
  readonly enabled: boolean;
  readonly prefix: string;
  /** Filter bounds in bytes: the rule applies to sizes strictly between them. */
  readonly sizeGreaterThan?: number;
  readonly sizeLessThan?: number;
  /** A tag filter: CloudTrail writes no tags, so such a rule never matches its files. */
  readonly tagged: boolean;
  readonly transitions: readonly Step[];
  readonly expirationDays?: number;
  readonly noncurrentDays?: number;
  readonly noncurrentTransitions: readonly Step[];
  /** Classes the rule names that the model does not price. */
  readonly unknownClasses: readonly string[];
}

export interface BucketLifecycle {
  readonly rules: readonly LifecycleRule[];
  readonly defaultMinimumSize: string;
}

/** Where an object ends up: its path, the rule that decides it and the transitions S3 skips for its size. */
export interface Placement {
  readonly path: ObjectPath;
  readonly rule?: string;
  readonly skipped: readonly Step[];
  /** Other enabled rules with actions that match too (S3 applies them all; the model prices the first). */
  readonly overlapping: readonly string[];
}

const SMALL = 128 * 1024;
const SMALL_OBJECT_CLASSES: readonly StorageClass[] = ['GLACIER', 'DEEP_ARCHIVE'];

/** The rules of an `aws_s3_bucket_lifecycle_configuration`. */
export function parseLifecycle(config: JsonObject): BucketLifecycle {
  return {
    defaultMinimumSize: text(config.transition_default_minimum_object_size) ?? 'all_storage_classes_128K',
    rules: blocks(config.rule).map((rule) => {
      const filter = block(rule.filter);
      const and = block(filter.and);
      const spec = Object.keys(and).length > 0 ? and : filter;
      const steps = (list: unknown, key: string) =>
        blocks(list).map((t) => ({ storageClass: text(t.storage_class) ?? '?', days: num(t[key]) ?? 0 }));
      const transitions = steps(rule.transition, 'days');
      const noncurrent = steps(rule.noncurrent_version_transition, 'noncurrent_days');
      const known = (s: { storageClass: string }): s is Step => (STORAGE_CLASSES as readonly string[]).includes(s.storageClass);
      return {
        id: text(rule.id) ?? '?',
        enabled: rule.status === 'Enabled',
        prefix: text(spec.prefix) ?? text(rule.prefix) ?? '',
        ...(num(spec.object_size_greater_than) !== undefined ? { sizeGreaterThan: num(spec.object_size_greater_than) } : {}),
        ...(num(spec.object_size_less_than) !== undefined ? { sizeLessThan: num(spec.object_size_less_than) } : {}),
        tagged: blocks(spec.tag).length > 0 || Object.keys(block(spec.tags)).length > 0,
        transitions: transitions.filter(known),
        ...(num(block(rule.expiration).days) !== undefined ? { expirationDays: num(block(rule.expiration).days) } : {}),
        ...(num(block(rule.noncurrent_version_expiration).noncurrent_days) !== undefined
          ? { noncurrentDays: num(block(rule.noncurrent_version_expiration).noncurrent_days) }
          : {}),
        noncurrentTransitions: noncurrent.filter(known),
        unknownClasses: [...transitions, ...noncurrent].filter((s) => !known(s)).map((s) => s.storageClass),
      };
    }),
  };
}

/** Whether a rule acts on objects (moves or deletes them), as opposed to cleaning up uploads and markers. */
function acts(rule: LifecycleRule): boolean {
  return rule.transitions.length > 0 || rule.expirationDays !== undefined || rule.noncurrentDays !== undefined;
}

function matches(rule: LifecycleRule, key: string, bytes: number): boolean {
  return (
    rule.enabled &&
    !rule.tagged &&
    key.startsWith(rule.prefix) &&
    (rule.sizeGreaterThan === undefined || bytes > rule.sizeGreaterThan) &&
    (rule.sizeLessThan === undefined || bytes < rule.sizeLessThan)
  );
}

/**
 * The path of an object with this key and size in a bucket: written in `initialClass`, moved and
 * expired by the first enabled rule that matches (none: kept in `initialClass` for ever).
 */
export function placement(
  lifecycle: BucketLifecycle | undefined,
  object: { key: string; bytes: number; initialClass: StorageClass; versioned: boolean; lockDays?: number },
): Placement {
  const base = {
    initialClass: object.initialClass,
    versioned: object.versioned,
    ...(object.lockDays ? { lockDays: object.lockDays } : {}),
  };
  const matching = (lifecycle?.rules ?? []).filter((r) => acts(r) && matches(r, object.key, object.bytes));
  const rule = matching[0];
  if (!rule || !lifecycle) return { path: { ...base, transitions: [] }, skipped: [], overlapping: [] };
  const custom = rule.sizeGreaterThan !== undefined || rule.sizeLessThan !== undefined;
  const applies = (s: Step) =>
    custom ||
    object.bytes >= SMALL ||
    (lifecycle.defaultMinimumSize === 'varies_by_storage_class' && SMALL_OBJECT_CLASSES.includes(s.storageClass));
  return {
    path: {
      ...base,
      transitions: rule.transitions.filter(applies),
      ...(rule.expirationDays !== undefined ? { expirationDays: rule.expirationDays } : {}),
      ...(rule.noncurrentDays !== undefined ? { noncurrentDays: rule.noncurrentDays } : {}),
      noncurrentTransitions: rule.noncurrentTransitions.filter(applies),
    },
    rule: rule.id,
    skipped: [...rule.transitions, ...rule.noncurrentTransitions].filter((s) => !applies(s)),
    overlapping: matching.slice(1).map((r) => r.id),
  };
}
