import { type ArchiveLifecycle, type LifecycleTransition, STORAGE_CLASS_WATERFALL, type StorageClass } from '../archive-lifecycle';
import { daysProblems, type PathPart, type Problem, problem, problemsUnder } from './problem';

/*
 * S3 lifecycle and object lock rules of a log archive (aws-facts.md §8: S3-TR is the S3 user guide's
 * lifecycle-transition-general-considerations.html, S3-LC its lifecycle-configuration-examples and
 * storage-class pages, S3-OL object-lock.html).
 */

/** Minimum storage duration billed per storage class (S3-LC), in days. */
export const MINIMUM_STORAGE_DAYS: Readonly<Record<StorageClass, number>> = {
  STANDARD_IA: 30,
  ONEZONE_IA: 30,
  INTELLIGENT_TIERING: 0,
  GLACIER_IR: 90,
  GLACIER: 90,
  DEEP_ARCHIVE: 180,
};

export const STORAGE_CLASS_RULE = {
  rule: 'is not a lifecycle storage class (STANDARD is where objects start)',
  fix: `use one of ${STORAGE_CLASS_WATERFALL.join(', ')}`,
} as const;

export const TOO_MANY_TRANSITIONS = {
  max: STORAGE_CLASS_WATERFALL.length,
  rule: `lists more than ${STORAGE_CLASS_WATERFALL.length} transitions; there are only ${STORAGE_CLASS_WATERFALL.length} storage classes to move to`,
  fix: 'remove some',
} as const;

const isIa = (c: StorageClass) => c === 'STANDARD_IA' || c === 'ONEZONE_IA';

/**
 * A transition list against S3's waterfall and minimum days (S3-TR): each class once, down the
 * waterfall in increasing days, STANDARD_IA and ONEZONE_IA after at least 30 days (noncurrent: 30
 * days noncurrent), and GLACIER or DEEP_ARCHIVE (or ONEZONE_IA after STANDARD_IA) at least 30 days
 * after an IA tier. Paths are `[index, 'storageClass' | 'days']`.
 */
function transitionProblems(list: readonly LifecycleTransition[], noncurrent: boolean): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  list.forEach((t, i) => {
    const at = (key: string): PathPart[] => [i, key];
    if (seen.has(t.storageClass)) {
      problems.push(
        problem(
          t.storageClass,
          'appears twice; each storage class may be a transition target once',
          'remove the duplicate',
          at('storageClass'),
        ),
      );
    }
    seen.add(t.storageClass);
    if (isIa(t.storageClass) && t.days < 30) {
      problems.push(
        problem(
          t.days,
          `is too early for ${t.storageClass}: objects must stay ${noncurrent ? 'noncurrent' : 'in STANDARD'} at least 30 days first`,
          'use 30 or more',
          at('days'),
        ),
      );
    }
    if (i === 0) return;
    const previous = list[i - 1];
    if (STORAGE_CLASS_WATERFALL.indexOf(t.storageClass) <= STORAGE_CLASS_WATERFALL.indexOf(previous.storageClass)) {
      problems.push(
        problem(
          t.storageClass,
          `cannot follow ${previous.storageClass}: transitions only go down the waterfall ${STORAGE_CLASS_WATERFALL.join(' > ')}`,
          'order transitions by that list',
          at('storageClass'),
        ),
      );
    }
    if (t.days <= previous.days) {
      problems.push(
        problem(
          t.days,
          `comes before or with the previous transition (${previous.storageClass} at ${previous.days} days)`,
          `use more than ${previous.days} days`,
          at('days'),
        ),
      );
    }
    const gapApplies =
      t.storageClass === 'GLACIER' ||
      t.storageClass === 'DEEP_ARCHIVE' ||
      (previous.storageClass === 'STANDARD_IA' && t.storageClass === 'ONEZONE_IA');
    if (isIa(previous.storageClass) && gapApplies && t.days - previous.days < 30) {
      problems.push(
        problem(
          t.days,
          `is only ${t.days - previous.days} days after the ${previous.storageClass} transition; S3 requires 30 days in ${previous.storageClass} before ${t.storageClass}`,
          `use ${previous.days + 30} or more`,
          at('days'),
        ),
      );
    }
  });
  return problems;
}

/**
 * Expiration after the last transition plus that class's minimum storage duration (S3-LC: an
 * object removed earlier is still billed the rest of the minimum, and an expiration on or before
 * the last transition makes that transition pointless). `listKey` names the transition list in the
 * message.
 */
function expirationProblems(list: readonly LifecycleTransition[], expirationDays: number, listKey: string): Problem[] {
  if (list.length === 0) return [];
  const last = list[list.length - 1];
  const minimumStorage = MINIMUM_STORAGE_DAYS[last.storageClass] ?? 0;
  const minimum = last.days + Math.max(1, minimumStorage);
  if (expirationDays >= minimum) return [];
  return [
    problem(
      expirationDays,
      `expires objects before the last transition (${listKey}: ${last.storageClass} at ${last.days} days) plus its ${minimumStorage}-day minimum storage duration`,
      `use ${minimum} or more, or drop that transition`,
    ),
  ];
}

/**
 * Object lock retention against the lifecycle's expiration (S3-OL): when a locked current version
 * expires, S3 only adds a delete marker and the version stays, locked and billed, until its
 * retention ends, so the log is hidden while it still cannot be deleted. `retentionField` names the
 * retention setting in the fix.
 */
export function objectLockExpirationProblems(retentionDays: number, expirationDays: number, retentionField: string): Problem[] {
  if (expirationDays >= retentionDays) return [];
  return [
    problem(
      expirationDays,
      `is shorter than the object lock retention (${retentionDays} days): logs would be hidden while still locked`,
      `expire at ${retentionDays} days or later, or shorten ${retentionField}`,
    ),
  ];
}

export const OBJECT_LOCK_MODES = ['GOVERNANCE', 'COMPLIANCE'] as const;
export const OBJECT_LOCK_MODE_RULE = { rule: 'is not an object lock mode', fix: 'use "GOVERNANCE" or "COMPLIANCE"' } as const;

/**
 * A default retention S3 accepts (PutObjectLockConfiguration DefaultRetention): a mode, GOVERNANCE
 * or COMPLIANCE, and a positive whole number of days (this module: at most 100 years).
 */
export function objectLockProblems(lock: { readonly mode: string; readonly retentionDays: number }): Problem[] {
  return [
    ...((OBJECT_LOCK_MODES as readonly string[]).includes(lock.mode)
      ? []
      : [problem(lock.mode, OBJECT_LOCK_MODE_RULE.rule, OBJECT_LOCK_MODE_RULE.fix, ['mode'])]),
    ...problemsUnder(['retentionDays'], daysProblems(lock.retentionDays)),
  ];
}

/** The ordering rules of a lifecycle (what the config checks after its fields' own shapes). */
export function lifecycleOrderProblems(l: Required<ArchiveLifecycle>): Problem[] {
  return [
    ...problemsUnder(['transitions'], transitionProblems(l.transitions, false)),
    ...problemsUnder(['noncurrentTransitions'], transitionProblems(l.noncurrentTransitions, true)),
    ...problemsUnder(['expirationDays'], expirationProblems(l.transitions, l.expirationDays, 'transitions')),
    ...problemsUnder(
      ['noncurrentExpirationDays'],
      expirationProblems(l.noncurrentTransitions, l.noncurrentExpirationDays, 'noncurrentTransitions'),
    ),
  ];
}

/** Every rule of a lifecycle as a construct receives it: the fields' shapes, then the ordering. */
export function lifecycleProblems(l: Required<ArchiveLifecycle>): Problem[] {
  const shapes: Problem[] = [
    ...problemsUnder(['expirationDays'], daysProblems(l.expirationDays)),
    ...problemsUnder(['noncurrentExpirationDays'], daysProblems(l.noncurrentExpirationDays)),
    ...problemsUnder(['abortIncompleteMultipartUploadDays'], daysProblems(l.abortIncompleteMultipartUploadDays, 1, 365)),
  ];
  for (const key of ['transitions', 'noncurrentTransitions'] as const) {
    const list = l[key];
    if (list.length > TOO_MANY_TRANSITIONS.max) shapes.push(problem(list, TOO_MANY_TRANSITIONS.rule, TOO_MANY_TRANSITIONS.fix, [key]));
    list.forEach((t, i) => {
      if (!STORAGE_CLASS_WATERFALL.includes(t.storageClass)) {
        shapes.push(problem(t.storageClass, STORAGE_CLASS_RULE.rule, STORAGE_CLASS_RULE.fix, [key, i, 'storageClass']));
      }
      shapes.push(...problemsUnder([key, i, 'days'], daysProblems(t.days, 0)));
    });
  }
  // Ordering rules compare the values: only once every value has its shape.
  return shapes.length > 0 ? shapes : lifecycleOrderProblems(l);
}
