/**
 * The security diff of S3 lifecycle rules, matched by id: a rule that deletes objects sooner, starts
 * deleting (a new expiring rule, a disabled one enabled, an expiration added), or deletes objects it
 * did not match before (its filter no longer narrower than it was) shortens retention: dangerous.
 * A rule that deletes later, later still or nothing is info; other changes (tiers) are notable.
 */

import { block, blocks, num, text } from '../../model';
import type { JsonObject } from '../../terraform/plan-json';
import { type BucketFacts, lifecycleTexts, type S3Filter, s3Filter } from '../facts';
import type { Finding } from './findings';

interface RuleFacts {
  readonly id: string;
  readonly enabled: boolean;
  /** Days after creation (current versions); a date counts as an expiration too (`date`). */
  readonly expireDays?: number;
  readonly expireDate?: string;
  /** Days after becoming noncurrent. */
  readonly noncurrentDays?: number;
  readonly filter: S3Filter;
  readonly text: string;
}

/** Lifecycle findings of the buckets both folders have. */
export function diffLifecycles(stack: string, before: readonly BucketFacts[], after: readonly BucketFacts[]): Finding[] {
  return after.flatMap((now) => {
    const prior = before.find((b) => b.resource.address === now.resource.address);
    if (!prior) return [];
    const subject = `bucket ${now.name}`;
    const [old, next] = [rulesOf(prior.lifecycleConfig), rulesOf(now.lifecycleConfig)];
    const found: Finding[] = [];
    for (const rule of next) {
      const was = old.find((r) => r.id === rule.id);
      if (was?.text === rule.text) continue;
      const sooner = deletesSooner(was, rule);
      const change = was
        ? `lifecycle rule \`${rule.id}\` ${sooner ? `${sooner}: ` : ''}${was.text} → ${rule.text}`
        : `lifecycle rule \`${rule.id}\` added: ${rule.text}`;
      found.push({ severity: sooner ? 'dangerous' : was && deletesLater(was, rule) ? 'info' : 'notable', stack, subject, change });
    }
    for (const rule of old.filter((r) => !next.some((n) => n.id === r.id))) {
      found.push({
        severity: expires(rule) ? 'info' : 'notable',
        stack,
        subject,
        change: `lifecycle rule \`${rule.id}\` removed: ${rule.text}`,
      });
    }
    return found;
  });
}

/** Why `now` deletes objects sooner or more widely than `was`, or undefined. */
function deletesSooner(was: RuleFacts | undefined, now: RuleFacts): string | undefined {
  if (!expires(now)) return undefined;
  if (!was) return 'a new rule that deletes objects';
  if (!expires(was)) return was.enabled ? 'now deletes objects' : 'enabled, and it deletes objects';
  if (sooner(was.expireDays, now.expireDays)) return `objects now expire at ${now.expireDays} days instead of ${was.expireDays ?? 'never'}`;
  if (now.expireDate !== undefined && now.expireDate !== was.expireDate) return `objects now expire on ${now.expireDate}`;
  if (sooner(was.noncurrentDays, now.noncurrentDays)) {
    return `noncurrent versions now deleted after ${now.noncurrentDays} days instead of ${was.noncurrentDays ?? 'never'}`;
  }
  if (!covers(was.filter, now.filter)) return 'it now deletes objects its filter did not match before';
  return undefined;
}

function deletesLater(was: RuleFacts, now: RuleFacts): boolean {
  return expires(was) && (!expires(now) || sooner(now.expireDays, was.expireDays) || sooner(now.noncurrentDays, was.noncurrentDays));
}

function expires(r: RuleFacts): boolean {
  return r.enabled && (r.expireDays !== undefined || r.expireDate !== undefined || r.noncurrentDays !== undefined);
}

/** `b` is a number smaller than `a` (undefined: never). */
function sooner(a: number | undefined, b: number | undefined): boolean {
  return b !== undefined && (a === undefined || b < a);
}

/** Whether filter `a` matches every object `b` matches (so `b` deletes nothing `a` did not). */
function covers(a: S3Filter, b: S3Filter): boolean {
  return (
    b.prefix.startsWith(a.prefix) &&
    (a.above === undefined || (b.above !== undefined && b.above >= a.above)) &&
    (a.below === undefined || (b.below !== undefined && b.below <= a.below)) &&
    a.tags.every((t) => b.tags.includes(t))
  );
}

function rulesOf(config: JsonObject | undefined): RuleFacts[] {
  if (!config) return [];
  const texts = lifecycleTexts(config);
  return blocks(config.rule).map((rule, i) => {
    const expiration = blocks(rule.expiration).find((e) => num(e.days) !== undefined || e.date !== undefined);
    const noncurrent = num(block(rule.noncurrent_version_expiration).noncurrent_days);
    return {
      id: text(rule.id) ?? String(i),
      enabled: rule.status === 'Enabled',
      ...(num(expiration?.days) === undefined ? {} : { expireDays: num(expiration?.days) }),
      ...(text(expiration?.date) === undefined ? {} : { expireDate: text(expiration?.date) }),
      ...(noncurrent === undefined ? {} : { noncurrentDays: noncurrent }),
      filter: s3Filter(rule),
      text: (texts[i] ?? '').replace(/^`[^`]*` /, ''),
    };
  });
}
