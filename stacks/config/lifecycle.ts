import { z } from 'zod';
import { DEFAULT_ARCHIVE_LIFECYCLE } from '../../modules/archive-lifecycle';
import { MINIMUM_STORAGE_DAYS, STORAGE_CLASS_ORDER } from './aws-naming';
import { days, type IssueFn, issueReporter } from './fields';

/*
 * `archive.lifecycle`: S3 lifecycle of the log files, checked against S3's transition waterfall,
 * minimum days and minimum storage durations (aws-facts.md §8, S3-TR and S3-LC).
 */

const storageClass = z.enum(STORAGE_CLASS_ORDER, {
  error: `is not a lifecycle storage class (STANDARD is where objects start). Fix: use one of ${STORAGE_CLASS_ORDER.join(', ')}`,
});

const transition = z.strictObject({ storageClass, days: days(0) });
type Transition = z.infer<typeof transition>;

const transitions = (defaults: readonly Transition[]) =>
  z
    .array(transition)
    .max(6, { error: 'lists more than 6 transitions; there are only 6 storage classes to move to. Fix: remove some' })
    .default(defaults.map((t) => ({ ...t })));

export const lifecycle = z
  .strictObject({
    transitions: transitions(DEFAULT_ARCHIVE_LIFECYCLE.transitions),
    expirationDays: days().default(DEFAULT_ARCHIVE_LIFECYCLE.expirationDays),
    noncurrentTransitions: transitions(DEFAULT_ARCHIVE_LIFECYCLE.noncurrentTransitions),
    noncurrentExpirationDays: days().default(DEFAULT_ARCHIVE_LIFECYCLE.noncurrentExpirationDays),
    abortIncompleteMultipartUploadDays: days(1, 365).default(DEFAULT_ARCHIVE_LIFECYCLE.abortIncompleteMultipartUploadDays),
    transitionSmallObjects: z
      .boolean({ error: 'must be true or false. Fix: write true or false without quotes' })
      .default(DEFAULT_ARCHIVE_LIFECYCLE.transitionSmallObjects),
  })
  .superRefine((l, ctx) => {
    const issue = issueReporter(ctx);
    checkTransitions(l.transitions, false, issue, 'transitions');
    checkTransitions(l.noncurrentTransitions, true, issue, 'noncurrentTransitions');
    checkExpiration(l.transitions, l.expirationDays, issue, 'expirationDays', 'transitions');
    checkExpiration(l.noncurrentTransitions, l.noncurrentExpirationDays, issue, 'noncurrentExpirationDays', 'noncurrentTransitions');
  });

/** Checks a transition list against S3's waterfall and minimum-day rules (S3-TR, S3-LC). */
function checkTransitions(list: readonly Transition[], noncurrent: boolean, issue: IssueFn, key: string): void {
  const seen = new Set<string>();
  list.forEach((t, i) => {
    const path = [key, i];
    if (seen.has(t.storageClass)) {
      issue(
        [...path, 'storageClass'],
        t.storageClass,
        'appears twice; each storage class may be a transition target once. Fix: remove the duplicate',
      );
    }
    seen.add(t.storageClass);
    if ((t.storageClass === 'STANDARD_IA' || t.storageClass === 'ONEZONE_IA') && t.days < 30) {
      issue(
        [...path, 'days'],
        t.days,
        `is too early for ${t.storageClass}: objects must stay ${noncurrent ? 'noncurrent' : 'in STANDARD'} at least 30 days first. Fix: use 30 or more`,
      );
    }
    if (i === 0) return;
    const previous = list[i - 1];
    if (STORAGE_CLASS_ORDER.indexOf(t.storageClass) <= STORAGE_CLASS_ORDER.indexOf(previous.storageClass)) {
      issue(
        [...path, 'storageClass'],
        t.storageClass,
        `cannot follow ${previous.storageClass}: transitions only go down the waterfall ${STORAGE_CLASS_ORDER.join(' > ')}. Fix: order transitions by that list`,
      );
    }
    if (t.days <= previous.days) {
      issue(
        [...path, 'days'],
        t.days,
        `comes before or with the previous transition (${previous.storageClass} at ${previous.days} days). Fix: use more than ${previous.days} days`,
      );
    }
    const fromIa = previous.storageClass === 'STANDARD_IA' || previous.storageClass === 'ONEZONE_IA';
    const gapApplies =
      t.storageClass === 'GLACIER' ||
      t.storageClass === 'DEEP_ARCHIVE' ||
      (previous.storageClass === 'STANDARD_IA' && t.storageClass === 'ONEZONE_IA');
    if (fromIa && gapApplies && t.days - previous.days < 30) {
      issue(
        [...path, 'days'],
        t.days,
        `is only ${t.days - previous.days} days after the ${previous.storageClass} transition; S3 requires 30 days in ${previous.storageClass} before ${t.storageClass}. Fix: use ${previous.days + 30} or more`,
      );
    }
  });
}

/** Expiration must come after the last transition plus that class's minimum storage duration. */
function checkExpiration(list: readonly Transition[], expiration: number, issue: IssueFn, key: string, listKey: string): void {
  if (list.length === 0) return;
  const last = list[list.length - 1];
  const minimum = last.days + Math.max(1, MINIMUM_STORAGE_DAYS[last.storageClass] ?? 0);
  if (expiration < minimum) {
    issue(
      [key],
      expiration,
      `expires objects before the last transition (${listKey}: ${last.storageClass} at ${last.days} days) plus its ${MINIMUM_STORAGE_DAYS[last.storageClass]}-day minimum storage duration. Fix: use ${minimum} or more, or drop that transition`,
    );
  }
}
