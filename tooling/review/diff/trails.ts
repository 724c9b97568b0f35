/**
 * The security diff of CloudTrail trails, in sentences: what each trail records (management
 * events read and write, excluded event sources, data events and their resources, network
 * activity, Insights; see trail-recording.ts) and its integrity settings (logging, multi-region,
 * organization, global service events, log file validation, encryption, destinations). Recording
 * less, or proving less, is dangerous; recording more is info.
 */

import { type AppResource, type AppStack, flag } from '../../model';
import type { ReviewContext } from '../context';
import { type FieldCondition, type Operator, positive, type RecordingScope, readWriteText, subjectText, trailRecording } from '../facts';
import type { Finding, Severity } from './findings';

type Say = (severity: Severity, change: string) => void;

/** Findings for every trail both stacks have (matched by address). */
export function diffTrails(before: ReviewContext, after: ReviewContext, old: AppStack, now: AppStack): Finding[] {
  const trails = (s: AppStack) => s.resources.filter((r) => r.type === 'aws_cloudtrail');
  return trails(now).flatMap((t) => {
    const prior = trails(old).find((p) => p.address === t.address);
    if (!prior) return [];
    const findings: Finding[] = [];
    const subject = `trail ${after.resolver.literalName(t) ?? t.name}`;
    const say: Say = (severity, change) => findings.push({ severity, stack: now.name, subject, change });
    settings(before, after, prior, t, say);
    recording(prior, t, say);
    return findings;
  });
}

function settings(before: ReviewContext, after: ReviewContext, old: AppResource, now: AppResource, say: Say): void {
  const on = (r: AppResource, key: string, byDefault: boolean) => flag(r.config[key]) ?? (r.config[key] === undefined && byDefault);
  const toggles: [string, boolean, string, string][] = [
    ['enable_logging', true, 'logging stopped (`enable_logging = false`): the trail records nothing', 'logging started'],
    ['is_multi_region_trail', false, 'no longer multi-region: events in the other regions are not recorded', 'now multi-region'],
    [
      'is_organization_trail',
      false,
      'no longer an organization trail: the member accounts’ events are not recorded',
      'now an organization trail',
    ],
    [
      'include_global_service_events',
      true,
      'global service events (IAM, STS, CloudFront) no longer recorded',
      'global service events (IAM, STS, CloudFront) recorded again',
    ],
    [
      'enable_log_file_validation',
      false,
      'log file validation turned off: no digest files prove the log files unaltered',
      'log file validation turned on',
    ],
  ];
  for (const [key, byDefault, weaker, stronger] of toggles) {
    const [a, b] = [on(old, key, byDefault), on(now, key, byDefault)];
    if (a && !b) say('dangerous', weaker);
    if (!a && b) say('info', stronger);
  }
  const value = (ctx: ReviewContext, r: AppResource, key: string) =>
    r.config[key] === undefined ? '' : ctx.resolver.display(r.stack, r.config[key]);
  const changed = (key: string, removed: [Severity, string], added: [Severity, string], other: [Severity, string]) => {
    const [a, b] = [value(before, old, key), value(after, now, key)];
    if (a === b) return;
    const [severity, text] = b === '' ? removed : a === '' ? added : other;
    say(severity, `${text}: \`${a || '—'}\` → \`${b || '—'}\``);
  };
  // Another key: its key policy, not the reviewed one, decides who may decrypt the evidence and who
  // may schedule the key's deletion (which makes every log file it encrypted unreadable).
  changed(
    'kms_key_id',
    ['dangerous', 'log files no longer encrypted with a KMS key (SSE-S3 only)'],
    ['info', 'log files now encrypted with a KMS key'],
    ['dangerous', 'log files encrypted with another KMS key, whose policy decides who may read or destroy them'],
  );
  changed(
    's3_bucket_name',
    ['dangerous', 'delivers to no bucket'],
    ['info', 'delivers to a bucket'],
    ['dangerous', 'delivers to another bucket'],
  );
  // The bucket policy's write and deletion statements, the lifecycle rules and the query tables name
  // the log files' prefix: files written elsewhere are refused, or kept outside those protections.
  changed(
    's3_key_prefix',
    ['dangerous', 'log files move out of their prefix, away from the protections that name it'],
    ['dangerous', 'log files move under a prefix, away from the protections that name the old path'],
    ['dangerous', 'log files move to another prefix, away from the protections that name the old one'],
  );
  changed(
    'cloud_watch_logs_group_arn',
    ['dangerous', 'no longer delivers to CloudWatch Logs: the metric filters and alarms there see nothing'],
    ['info', 'now delivers to CloudWatch Logs'],
    ['dangerous', 'delivers to another CloudWatch Logs group: the metric filters and alarms on the old one see nothing'],
  );
  changed(
    'cloud_watch_logs_role_arn',
    ['dangerous', 'no CloudWatch Logs delivery role: delivery to the log group stops'],
    ['info', 'a CloudWatch Logs delivery role'],
    ['dangerous', 'delivers to CloudWatch Logs with another role: if it may not write to the group, delivery stops'],
  );
  changed(
    'sns_topic_name',
    ['notable', 'no longer announces log files on SNS'],
    ['info', 'announces log files on SNS'],
    ['notable', 'announces log files on another topic'],
  );
}

/** Scopes compared by kind (`RecordingScope.key`), then Insights types. */
function recording(old: AppResource, now: AppResource, say: Say): void {
  const [a, b] = [trailRecording(old.config), trailRecording(now.config)];
  const keys = [...new Set([...a.scopes, ...b.scopes].map((s) => s.key))];
  for (const key of keys) {
    const [was, is] = [a.scopes.filter((s) => s.key === key), b.scopes.filter((s) => s.key === key)];
    if (is.length === 0) {
      say('dangerous', `${was[0].label} no longer recorded`);
      continue;
    }
    if (was.length === 0) {
      say('info', `${is[0].label} now recorded`);
      continue;
    }
    for (const [prior, next] of pairs(was, is)) {
      if (prior && next) compareScope(prior, next, named(next, is), say);
      else if (prior) say('dangerous', `${named(prior, was)} removed: its ${readWriteText(prior)} events are no longer recorded`);
      else if (next) say('info', `${named(next, is)} added`);
    }
  }
  for (const type of a.insights.filter((t) => !b.insights.includes(t))) say('dangerous', `Insights \`${type}\` turned off`);
  for (const type of b.insights.filter((t) => !a.insights.includes(t))) say('info', `Insights \`${type}\` turned on`);
}

/** Selectors of one kind matched by name, then in order. */
function pairs(was: readonly RecordingScope[], is: readonly RecordingScope[]): [RecordingScope | undefined, RecordingScope | undefined][] {
  const left = [...was];
  const right = [...is];
  const matched: [RecordingScope | undefined, RecordingScope | undefined][] = [];
  for (const s of [...left]) {
    const twin = s.name ? right.find((r) => r.name === s.name) : undefined;
    if (!twin) continue;
    matched.push([s, twin]);
    left.splice(left.indexOf(s), 1);
    right.splice(right.indexOf(twin), 1);
  }
  for (let i = 0; i < Math.max(left.length, right.length); i++) matched.push([left[i], right[i]]);
  return matched;
}

/** The label, with the selector's name when several selectors record that kind. */
function named(s: RecordingScope, all: readonly RecordingScope[]): string {
  return all.length > 1 && s.name ? `${s.label} (selector "${s.name}")` : s.label;
}

function compareScope(old: RecordingScope, now: RecordingScope, label: string, say: Say): void {
  if (old.read !== now.read || old.write !== now.write) {
    const lost = (old.read && !now.read) || (old.write && !now.write);
    say(lost ? 'dangerous' : 'info', `${label} ${lost ? 'narrowed' : 'widened'} from ${readWriteText(old)} to ${readWriteText(now)}`);
  }
  const show = (v: string) => `\`${v}\``;
  const key = (c: FieldCondition) => `${c.field} ${c.operator}`;
  const subject = (c: FieldCondition, values: readonly string[]) => subjectText(c.field, positive(c.operator as Operator), values, show);
  const was = new Map(old.conditions.map((c) => [key(c), c]));
  const is = new Map(now.conditions.map((c) => [key(c), c]));
  for (const [k, c] of is) {
    const prior = was.get(k);
    const negative = c.operator.startsWith('not_');
    if (!prior) {
      say(
        'dangerous',
        negative ? `${label} no longer recorded for ${subject(c, c.values)}` : `${label} now recorded only for ${subject(c, c.values)}`,
      );
      continue;
    }
    const added = c.values.filter((v) => !prior.values.includes(v));
    const removed = prior.values.filter((v) => !c.values.includes(v) && !coveredByPrefix(c, v));
    if (negative) {
      if (added.length) say('dangerous', `${label} no longer recorded for ${subject(c, added)}`);
      if (removed.length) say('info', `${label} recorded again for ${subject(c, removed)}`);
    } else {
      if (removed.length) say('dangerous', `${label} no longer recorded for ${subject(c, removed)}`);
      if (added.length) say('info', `${label} now also recorded for ${subject(c, added)}`);
    }
  }
  for (const [k, c] of was) {
    if (is.has(k)) continue;
    const negative = c.operator.startsWith('not_');
    say('info', negative ? `${label} recorded again for ${subject(c, c.values)}` : `${label} no longer limited to ${subject(c, c.values)}`);
  }
}

/** A value dropped from a `starts_with` list that a remaining, shorter prefix still covers. */
function coveredByPrefix(c: FieldCondition, value: string): boolean {
  return c.operator === 'starts_with' && c.values.some((v) => v !== value && value.startsWith(v));
}
