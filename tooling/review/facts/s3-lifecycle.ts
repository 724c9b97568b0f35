/** S3 lifecycle rules in words: which objects (prefix, size, tags), which tiers when, when they expire. */

import { block, blocks, num, text } from '../../model';
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
            : e.expired_object_delete_marker === true
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

function filterText(rule: JsonObject): string {
  const f = block(rule.filter);
  const and = block(f.and);
  const spec = Object.keys(and).length > 0 ? and : f;
  const prefix = text(spec.prefix) ?? text(rule.prefix);
  const parts = [
    prefix ? `prefix \`${prefix}\`` : '',
    num(spec.object_size_greater_than) !== undefined ? `objects ${sizeAbove(num(spec.object_size_greater_than) as number)}` : '',
    num(spec.object_size_less_than) !== undefined ? `objects smaller than ${bytes(num(spec.object_size_less_than) as number)}` : '',
    ...blocks(spec.tag).map((t) => `tag ${t.key}=${t.value}`),
    ...Object.entries(block(spec.tags)).map(([k, v]) => `tag ${k}=${String(v)}`),
  ];
  return parts.filter(Boolean).join(', ') || 'all objects';
}

function sizeAbove(value: number): string {
  return (value + 1) % 1024 === 0 ? `of ${bytes(value + 1)} or more` : `larger than ${bytes(value)}`;
}
