/**
 * The security diff of settings that protect data and evidence: bucket encryption, versioning,
 * object lock, public access, replication, lifecycle expirations; key rotation and deletion
 * windows; store encryption and retention; trail settings; event routes and alarms.
 */
import type { ReviewStack } from './app-model';
import { type BucketFacts, bucketFacts, keyFacts, storeFacts } from './data-stores';
import type { Finding, Severity } from './diff-model';
import { eventRoutes, statesText } from './event-routes';
import type { ReviewContext } from './review-context';
import { block, blocks, num } from './values';

type Pair = { before: ReviewContext; after: ReviewContext; stack: string };

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
      ...trails(pair, prior, s),
      ...routes(pair, prior, s),
    ];
  });
}

function compare<T extends { resource: { address: string } }>(
  p: Pair,
  before: readonly T[],
  after: readonly T[],
  label: (t: T) => string,
  rules: readonly [string, (t: T) => string, (a: string, b: string) => Severity][],
): Finding[] {
  return after.flatMap((now) => {
    const prior = before.find((b) => b.resource.address === now.resource.address);
    if (!prior) return [];
    return rules.flatMap(([what, get, severity]) => {
      const [a, b] = [get(prior), get(now)];
      return a === b
        ? []
        : [{ severity: severity(a, b), stack: p.stack, subject: label(now), change: `${what}: ${a || '—'} → ${b || '—'}` }];
    });
  });
}

/** Dangerous unless the new value is `better` (a predicate on the new value), then info. */
const unless = (better: (b: string, a: string) => boolean) => (a: string, b: string) => (better(b, a) ? 'info' : 'dangerous') as Severity;
const firstNumber = (text: string) => Number(/(\d+)/.exec(text)?.[1] ?? Number.POSITIVE_INFINITY);
const notLess = (b: string, a: string) => firstNumber(b) >= firstNumber(a);

function buckets(p: Pair, before: ReviewStack, after: ReviewStack): Finding[] {
  const [old, now] = [bucketFacts(p.before, before), bucketFacts(p.after, after)];
  return [...settingsOfBuckets(p, old, now), ...lifecycles(p, old, now)];
}

function settingsOfBuckets(p: Pair, old: readonly BucketFacts[], now: readonly BucketFacts[]): Finding[] {
  return compare(p, old, now, (b) => `bucket ${b.name}`, [
    ['encryption', (b) => b.encryption, unless((b) => b.startsWith('SSE-KMS') || b.startsWith('DSSE-KMS'))],
    ['versioning', (b) => b.versioning, unless((b) => b === 'Enabled')],
    [
      'object lock',
      (b) => b.objectLock,
      unless((b, a) => (b.startsWith('COMPLIANCE') || !a.startsWith('COMPLIANCE')) && b !== 'off' && notLess(b, a)),
    ],
    ['public access', (b) => b.publicAccess, unless((b) => b.startsWith('all public access blocked'))],
    ['replication', (b) => b.replication.join('; '), unless((b, a) => a === '' || b.startsWith(a.split(' (')[0]))],
  ]);
}

/**
 * Lifecycle rules matched by id: an expiration (current or noncurrent) that comes sooner, or a new
 * rule that expires objects, deletes evidence sooner (dangerous); other rule changes are notable.
 */
function lifecycles(p: Pair, before: readonly BucketFacts[], after: readonly BucketFacts[]): Finding[] {
  const rules = (b: BucketFacts) => new Map(b.lifecycle.map((line) => [/^`([^`]*)`/.exec(line)?.[1] ?? line, line]));
  const expirations = (line: string) => [...line.matchAll(/expire at (\d+)|deleted (\d+) days? after/g)].map((m) => Number(m[1] ?? m[2]));
  return after.flatMap((now) => {
    const prior = before.find((b) => b.resource.address === now.resource.address);
    if (!prior) return [];
    const [old, next] = [rules(prior), rules(now)];
    const subject = `bucket ${now.name}`;
    const found: Finding[] = [];
    for (const [id, line] of next) {
      const was = old.get(id);
      if (was === line) continue;
      const sooner =
        was === undefined
          ? expirations(line).length > 0
          : expirations(line).some((d, i) => d < (expirations(was)[i] ?? Number.POSITIVE_INFINITY));
      const change = was === undefined ? `lifecycle rule \`${id}\` added: ${line}` : `lifecycle rule \`${id}\`: ${was} → ${line}`;
      found.push({ severity: sooner ? 'dangerous' : 'notable', stack: p.stack, subject, change });
    }
    for (const [id, line] of old) {
      if (!next.has(id)) found.push({ severity: 'notable', stack: p.stack, subject, change: `lifecycle rule \`${id}\` removed: ${line}` });
    }
    return found;
  });
}

function keys(p: Pair, before: ReviewStack, after: ReviewStack): Finding[] {
  return compare(p, keyFacts(p.before, before), keyFacts(p.after, after), (k) => `key ${k.name}`, [
    ['rotation', (k) => k.rotation, unless((b) => b !== 'off')],
    ['deletion window', (k) => k.deletionWindow, () => 'notable'],
  ]);
}

function stores(p: Pair, before: ReviewStack, after: ReviewStack): Finding[] {
  const retention = (s: { resource: { config: Record<string, unknown> } }) => {
    const c = s.resource.config;
    const value = num(c.retention_in_days) ?? num(c.retention_days) ?? num(c.retention_period) ?? num(c.message_retention_seconds);
    return value === undefined ? 'default' : value === 0 ? 'unlimited' : String(value);
  };
  const retentionSeverity = (a: string, b: string): Severity =>
    b === 'unlimited'
      ? 'info'
      : a === 'unlimited'
        ? 'dangerous'
        : a === 'default' || b === 'default'
          ? 'notable'
          : Number(b) > Number(a)
            ? 'info'
            : 'dangerous';
  return compare(p, storeFacts(p.before, before), storeFacts(p.after, after), (s) => `${s.kind} ${s.name}`, [
    ['encryption', (s) => s.encryption, unless((b) => b.startsWith('SSE-KMS'))],
    ['retention', retention, retentionSeverity],
  ]);
}

function trails(p: Pair, before: ReviewStack, after: ReviewStack): Finding[] {
  const facts = (s: ReviewStack) =>
    s.resources
      .filter((r) => r.type === 'aws_cloudtrail')
      .map((r) => ({ resource: r, name: String(r.config.name ?? r.name), c: r.config }));
  const on = (v: unknown, byDefault: boolean) => String((v ?? byDefault) === true);
  const yes = unless((b) => b === 'true');
  return compare(p, facts(before), facts(after), (t) => `trail ${t.name}`, [
    ['logging', (t) => on(t.c.enable_logging, true), yes],
    ['multi-region', (t) => on(t.c.is_multi_region_trail, false), yes],
    ['organization trail', (t) => on(t.c.is_organization_trail, false), yes],
    ['log file validation', (t) => on(t.c.enable_log_file_validation, false), yes],
    ['global service events', (t) => on(t.c.include_global_service_events, true), yes],
    ['KMS key', (t) => String(t.c.kms_key_id ?? ''), unless((b) => b !== '')],
    ['bucket', (t) => String(t.c.s3_bucket_name ?? ''), () => 'dangerous'],
    ['CloudWatch Logs group', (t) => String(t.c.cloud_watch_logs_group_arn ?? ''), unless((b) => b !== '')],
    ['event selectors', (t) => JSON.stringify([blocks(t.c.advanced_event_selector), blocks(t.c.event_selector)]), () => 'notable'],
    [
      'insights',
      (t) =>
        blocks(t.c.insight_selector)
          .map((i) => String(block(i).insight_type))
          .join(', '),
      unless((b, a) => a.split(', ').every((x) => b.includes(x))),
    ],
  ]);
}

function routes(p: Pair, before: ReviewStack, after: ReviewStack): Finding[] {
  const facts = (ctx: ReviewContext, s: ReviewStack) =>
    eventRoutes(ctx, s).map((r) => ({
      resource: { address: `${r.holder.address}/${r.rule}` },
      rule: r.rule,
      states: statesText(r),
      targets: r.targets.map((t) => t.label).join(', '),
      enabled: String(r.enabled),
    }));
  const old = facts(p.before, before);
  const now = facts(p.after, after);
  const gone = old
    .filter((o) => !now.some((n) => n.resource.address === o.resource.address))
    .map((o) => ({
      severity: 'notable' as Severity,
      stack: p.stack,
      subject: `event rule ${o.rule}`,
      change: `removed: ${o.states} no longer reaches ${o.targets}`,
    }));
  return [
    ...gone,
    ...compare(p, old, now, (r) => `event rule ${r.rule}`, [
      ['states', (r) => r.states, () => 'notable'],
      ['targets', (r) => r.targets, () => 'notable'],
      ['enabled', (r) => r.enabled, unless((b) => b === 'true')],
    ]),
  ];
}
