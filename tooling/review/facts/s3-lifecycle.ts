/** S3 lifecycle rules in words: which objects (prefix, size, tags), which tiers when, when they expire. */

import { block, blocks, isTrue, num, text } from '../../model';
import type { JsonObject } from '../../terraform/plan-json';
import { bytes, days, plural } from '../format';

/** One line per lifecycle rule: filter, tiers, expirations. */
export function lifecycleTexts(config: JsonObject): string[] {
  const minimum = text(config.transition_default_minimum_object_size);
  return blocks(config.rule)
    .map((rule) => {
      const filter = filterText(rule);
      const steps = [
        blocks(rule.transition)
          .map((t) => `${t.storage_class} at ${t.days !== undefined ? plural(num(t.days) ?? 0, 'day') : `date ${t.date}`}`)
          .join(' → '),
        ...blocks(rule.expiration).map((e) =>
          num(e.days) !== undefined
            ? `expire at ${days(num(e.days) as number)}`
            : isTrue(e.expired_object_delete_marker)
              ? 'remove expired delete markers'
              : `expire on ${e.date}`,
        ),
        blocks(rule.noncurrent_version_transition)
          .map((t) => `noncurrent → ${t.storage_class} after ${plural(num(t.noncurrent_days) ?? 0, 'day')}`)
          .join(', '),
        ...blocks(rule.noncurrent_version_expiration).map(
          (e) =>
            `noncurrent versions deleted ${days(num(e.noncurrent_days) ?? 0)} after becoming noncurrent${e.newer_noncurrent_versions ? ` (keeping ${e.newer_noncurrent_versions} newer)` : ''}`,
        ),
        ...blocks(rule.abort_incomplete_multipart_upload).map(
          (a) => `abort incomplete uploads after ${plural(num(a.days_after_initiation) ?? 0, 'day')}`,
        ),
      ].filter(Boolean);
      const status = rule.status === 'Enabled' ? '' : ` (${String(rule.status ?? 'status unset')})`;
      return `\`${text(rule.id) ?? '?'}\`${status} on ${filter}: ${steps.join('; ') || 'no actions'}`;
    })
    .concat(
      minimum ? [`transitions skip objects below the default minimum size \`${minimum}\` unless a rule's size filter says otherwise`] : [],
    );
}

/** The objects an S3 lifecycle or replication rule applies to: its `filter` (or `filter.and`), or its legacy `prefix`. */
export interface S3Filter {
  readonly prefix: string;
  /** `object_size_greater_than` in bytes. */
  readonly above?: number;
  /** `object_size_less_than` in bytes. */
  readonly below?: number;
  /** `key=value` of each tag. */
  readonly tags: readonly string[];
}

/** The filter of a lifecycle or replication rule. */
export function s3Filter(rule: JsonObject): S3Filter {
  const f = block(rule.filter);
  const and = block(f.and);
  const spec = Object.keys(and).length > 0 ? and : f;
  return {
    prefix: text(spec.prefix) ?? text(rule.prefix) ?? '',
    above: num(spec.object_size_greater_than),
    below: num(spec.object_size_less_than),
    tags: [...blocks(spec.tag).map((t) => `${t.key}=${t.value}`), ...Object.entries(block(spec.tags)).map(([k, v]) => `${k}=${String(v)}`)],
  };
}

function filterText(rule: JsonObject): string {
  const f = s3Filter(rule);
  const parts = [
    f.prefix ? `prefix \`${f.prefix}\`` : '',
    f.above !== undefined ? `objects ${sizeAbove(f.above)}` : '',
    f.below !== undefined ? `objects smaller than ${bytes(f.below)}` : '',
    ...f.tags.map((t) => `tag ${t}`),
  ];
  return parts.filter(Boolean).join(', ') || 'all objects';
}

function sizeAbove(value: number): string {
  return (value + 1) % 1024 === 0 ? `of ${bytes(value + 1)} or more` : `larger than ${bytes(value)}`;
}
