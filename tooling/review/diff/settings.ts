/**
 * The security diff of settings that protect data and evidence: bucket encryption, versioning,
 * object lock, public access, replication, lifecycle expirations (diff-lifecycle.ts); key rotation
 * and deletion windows; store encryption and retention; trails (diff-trails.ts); alarms; routes.
 */

import { type AppStack, blocks, isFalse, num, text, texts } from '../../model';
import type { ReviewContext } from '../context';
import { alarmCondition, type BucketFacts, bucketFacts, keyFacts, storeFacts } from '../facts';
import { compare, type Pair, unless } from './compare';
import type { Finding, Severity } from './findings';
import { diffLifecycles } from './lifecycle';
import { diffQueries } from './queries';
import { diffRoutes } from './routes';
import { diffTemplateInputs } from './template-inputs';
import { diffFanOuts, diffTemplates } from './templates';
import { diffTrails } from './trails';

/** Every setting difference of the stacks both folders have. */
export function diffSettings(before: ReviewContext, after: ReviewContext): Finding[] {
  return after.app.stacks.flatMap((s) => {
    const prior = before.app.stacks.find((x) => x.name === s.name);
    if (!prior) return [];
    const pair = { before, after, stack: s.name };
    return [
      ...buckets(pair, prior, s),
      ...keys(pair, prior, s),
      ...stores(pair, prior, s),
      ...diffTrails(before, after, prior, s),
      ...diffTemplates(prior, s),
      ...diffTemplateInputs(prior, s),
      ...diffFanOuts(before.resolver, after.resolver, s.name),
      ...alarms(pair, prior, s),
      ...diffRoutes(pair, prior, s),
      ...diffQueries(pair, prior, s),
    ];
  });
}

/**
 * Encryption: KMS where there was none is info; the same key with or without an S3 bucket key is
 * notable; anything else is dangerous: no KMS, or another key (an AWS managed key, a key of another
 * account), whose policy and not the reviewed one decides who may decrypt, and who may destroy it.
 */
function encryptionChange(a: string, b: string): Severity {
  const kms = (v: string) => /^(SSE-KMS|DSSE-KMS)/.test(v);
  if (!kms(a) && kms(b)) return 'info';
  return a.replace(', bucket key', '') === b.replace(', bucket key', '') ? 'notable' : 'dangerous';
}

function buckets(p: Pair, before: AppStack, after: AppStack): Finding[] {
  const [old, now] = [bucketFacts(p.before, before), bucketFacts(p.after, after)];
  return [...settingsOfBuckets(p, old, now), ...objectLock(p, old, now), ...diffLifecycles(p.stack, old, now)];
}

function settingsOfBuckets(p: Pair, old: readonly BucketFacts[], now: readonly BucketFacts[]): Finding[] {
  return compare(p, old, now, (b) => `bucket ${b.name}`, [
    ['encryption', (b) => b.encryption, encryptionChange],
    ['versioning', (b) => b.versioning, unless((b) => b === 'Enabled')],
    // ACLs re-enabled (ownership no longer BucketOwnerEnforced) let ACL grants to other accounts work again.
    [
      'public access',
      (b) => b.publicAccess,
      unless((b, a) => b.startsWith('all public access blocked') && (!a.endsWith('ACLs disabled') || b.endsWith('ACLs disabled'))),
    ],
    ['access logs', (b) => b.accessLogs.join('; '), unless((b, a) => a.split('; ').every((x) => x === '' || b.split('; ').includes(x)))],
    // Replication is weakened unless every earlier rule is still there as it was (disabled, filtered or redirected is weaker).
    [
      'replication',
      (b) => b.replication.join('; '),
      unless((b, a) => a.split('; ').every((rule) => rule === '' || b.split('; ').includes(rule))),
    ],
  ]);
}

/**
 * Object lock, in sentences: lock removed, a default retention removed or shortened, or COMPLIANCE
 * turned into GOVERNANCE (which users with s3:BypassGovernanceRetention can shorten) weakens it.
 */
function objectLock(p: Pair, before: readonly BucketFacts[], after: readonly BucketFacts[]): Finding[] {
  return after.flatMap((now) => {
    const prior = before.find((b) => b.resource.address === now.resource.address);
    if (!prior || prior.objectLock === now.objectLock) return [];
    const [a, b] = [prior.lockRetention, now.lockRetention];
    const say = (severity: Severity, change: string): Finding => ({ severity, stack: p.stack, subject: `bucket ${now.name}`, change });
    const text = `${prior.objectLock} → ${now.objectLock}`;
    if (a && !b) return [say('dangerous', `object lock turned off: ${text}`)];
    if (!a && b) return [say('info', `object lock turned on: ${text}`)];
    const found: Finding[] = [];
    if (a?.mode === 'COMPLIANCE' && b?.mode !== 'COMPLIANCE') {
      found.push(say('dangerous', `object lock mode weakened from COMPLIANCE to ${b?.mode ?? 'no default retention'}: ${text}`));
    } else if (a?.mode && !b?.mode) found.push(say('dangerous', `object lock default retention removed: ${text}`));
    if (a?.days !== undefined && b?.days !== undefined && b.days < a.days) {
      found.push(say('dangerous', `object lock default retention shortened from ${a.days} to ${b.days} days: ${text}`));
    }
    return found.length > 0
      ? found
      : [
          say(
            a?.mode !== 'COMPLIANCE' && b?.mode === 'COMPLIANCE' ? 'info' : (b?.days ?? 0) > (a?.days ?? 0) ? 'info' : 'notable',
            `object lock: ${text}`,
          ),
        ];
  });
}

/** Days between rotations of a key's rotation text (`yearly`, `every 90 days`; off: never). */
function rotationDays(rotation: string): number {
  if (rotation === 'off') return Number.POSITIVE_INFINITY;
  return rotation === 'yearly' ? 365 : Number.parseInt(rotation.replace(/^every /, ''), 10);
}

function keys(p: Pair, before: AppStack, after: AppStack): Finding[] {
  const windowDays = (k: { deletionWindow: string }) => Number.parseInt(k.deletionWindow, 10);
  return compare(p, keyFacts(p.before, before), keyFacts(p.after, after), (k) => `key ${k.name}`, [
    // Off, or a longer rotation period, keeps key material in use longer.
    ['rotation', (k) => k.rotation, (a, b) => (rotationDays(b) > rotationDays(a) ? 'dangerous' : 'info')],
    // A disabled key stops every encrypt and decrypt: delivery stops, nobody reads what it protects.
    ['state', (k) => k.state, unless((b) => b === 'enabled')],
    // A shorter waiting period leaves less time to cancel a scheduled deletion.
    [
      'deletion window',
      (k) => k.deletionWindow,
      (a, b) => (windowDays({ deletionWindow: b }) < windowDays({ deletionWindow: a }) ? 'dangerous' : 'info'),
    ],
  ]);
}

/** Encryption and retention of topics, queues, streams, log groups, archives and event data stores. */
function stores(p: Pair, before: AppStack, after: AppStack): Finding[] {
  const [old, now] = [storeFacts(p.before, before), storeFacts(p.after, after)];
  const retention = now.flatMap((s) => {
    const prior = old.find((o) => o.resource.address === s.resource.address);
    const [a, b] = [prior?.retentionSeconds, s.retentionSeconds];
    if (!prior || a === undefined || b === undefined || a === b) return [];
    const shorter = b < a;
    return [
      {
        severity: (shorter ? 'dangerous' : 'info') as Severity,
        stack: p.stack,
        subject: `${s.kind} ${s.name}`,
        change: `retention ${shorter ? 'shortened' : 'lengthened'}: ${prior.retention} → ${s.retention}`,
      },
    ];
  });
  // An archive keeps only the events its pattern matches: another pattern keeps other events.
  const archives = (s: AppStack) =>
    s.resources
      .filter((r) => r.type === 'aws_cloudwatch_event_archive')
      .map((r) => ({
        resource: r,
        name: text(r.config.name) ?? r.name,
        pattern: r.config.event_pattern === undefined ? 'every event' : String(r.config.event_pattern),
      }));
  return [
    ...compare(p, old, now, (s) => `${s.kind} ${s.name}`, [['encryption', (s) => s.encryption, encryptionChange]]),
    ...retention,
    ...compare(p, archives(before), archives(after), (a) => `event archive ${a.name}`, [
      ['keeps', (a) => a.pattern, unless((b) => b === 'every event')],
    ]),
  ];
}

/**
 * Alarms that stop notifying are dangerous: an action removed, a metric filter reading another log
 * group, an alarm watching another metric than its filter counts into, a subscription of an alarm
 * topic removed or sent elsewhere, a metric filter pattern changed (what it matches cannot be
 * compared). A changed threshold or period is notable.
 */
function alarms(p: Pair, before: AppStack, after: AppStack): Finding[] {
  // Dimensions name another metric stream: an alarm with dimensions its filter does not emit watches nothing.
  const metric = (c: Record<string, unknown>) =>
    `${String(c.namespace ?? '?')}/${String(c.metric_name ?? c.name ?? '?')}${c.dimensions === undefined ? '' : ` ${JSON.stringify(c.dimensions)}`}${c.metric_query === undefined ? '' : ` ${JSON.stringify(c.metric_query)}`}`;
  const facts = (s: AppStack) =>
    s.resources
      .filter((r) => r.type === 'aws_cloudwatch_metric_alarm' || r.type === 'aws_cloudwatch_log_metric_filter')
      .map((r) => {
        const c = r.config;
        const alarm = r.type === 'aws_cloudwatch_metric_alarm';
        return {
          resource: r,
          name: text(c.alarm_name) ?? text(c.name) ?? r.name,
          kind: alarm ? 'alarm' : 'metric filter',
          fires: alarm ? alarmCondition(c) : '',
          actions: isFalse(c.actions_enabled) ? '' : texts(c.alarm_actions).join(', '),
          pattern: text(c.pattern) ?? '',
          reads: alarm ? '' : String(c.log_group_name ?? ''),
          metric: alarm ? metric(c) : blocks(c.metric_transformation).map(metric).join(', '),
        };
      });
  const subscriptions = (s: AppStack) =>
    s.resources
      .filter((r) => r.type === 'aws_sns_topic_subscription')
      .map((r) => ({
        resource: r,
        name: r.name,
        to: `${String(r.config.protocol)} ${String(r.config.endpoint)} from ${String(r.config.topic_arn)}`,
        // A filter policy delivers only the messages it matches (SNS developer guide, sns-message-filtering.html).
        filter: r.config.filter_policy === undefined ? '' : String(r.config.filter_policy),
      }));
  // A function with no concurrency left (reserved_concurrent_executions = 0) is never invoked: what it delivers stops.
  const functions = (s: AppStack) =>
    s.resources
      .filter((r) => r.type === 'aws_lambda_function')
      .map((r) => ({
        resource: r,
        name: text(r.config.function_name) ?? r.name,
        runs: String(num(r.config.reserved_concurrent_executions) !== 0),
      }));
  return [
    ...compare(p, facts(before), facts(after), (f) => `${f.kind} ${f.name}`, [
      ['fires when', (f) => f.fires, () => 'notable'],
      ['notifies', (f) => f.actions, (a, b) => (a.split(', ').every((x) => b.split(', ').includes(x)) ? 'info' : 'dangerous')],
      // No reading of two patterns tells whether the new one still matches the events the old one did
      // (`{ $.eventName = "Never" }` matches nothing): the alarm may have stopped firing.
      ['filter pattern', (f) => f.pattern, () => 'dangerous'],
      ['reads log group', (f) => f.reads, () => 'dangerous'],
      ['counts into metric', (f) => f.metric, () => 'dangerous'],
    ]),
    ...compare(p, subscriptions(before), subscriptions(after), (x) => `subscription ${x.name}`, [
      ['delivers', (x) => x.to, () => 'dangerous'],
      ['filter policy', (x) => x.filter, () => 'dangerous'],
    ]),
    ...compare(p, functions(before), functions(after), (f) => `function ${f.name}`, [['runs', (f) => f.runs, unless((b) => b === 'true')]]),
  ];
}
