import { z } from 'zod';
import { DEFAULT_ARCHIVE_LIFECYCLE, STORAGE_CLASS_WATERFALL, type StorageClass } from '../../modules/archive-lifecycle';
import { lifecycleOrderProblems, STORAGE_CLASS_RULE, TOO_MANY_TRANSITIONS } from '../../modules/rules/lifecycle';
import { problemMessage } from '../../modules/rules/problem';
import { bool, days, issueReporter } from './fields';

/*
 * `archive.lifecycle`: S3 lifecycle of the log files, checked against S3's transition waterfall,
 * minimum days and minimum storage durations (aws-facts.md §8, S3-TR and S3-LC), by the rules the
 * archive constructs check their lifecycle with (modules/rules/lifecycle.ts).
 */

const storageClass = z.enum(STORAGE_CLASS_WATERFALL as [StorageClass, ...StorageClass[]], { error: problemMessage(STORAGE_CLASS_RULE) });

const transition = z.strictObject({ storageClass, days: days(0) });
type Transition = z.infer<typeof transition>;

const transitions = (defaults: readonly Transition[]) =>
  z
    .array(transition)
    .max(TOO_MANY_TRANSITIONS.max, { error: problemMessage(TOO_MANY_TRANSITIONS) })
    .default(defaults.map((t) => ({ ...t })));

export const lifecycle = z
  .strictObject({
    transitions: transitions(DEFAULT_ARCHIVE_LIFECYCLE.transitions),
    expirationDays: days().default(DEFAULT_ARCHIVE_LIFECYCLE.expirationDays),
    noncurrentTransitions: transitions(DEFAULT_ARCHIVE_LIFECYCLE.noncurrentTransitions),
    noncurrentExpirationDays: days().default(DEFAULT_ARCHIVE_LIFECYCLE.noncurrentExpirationDays),
    abortIncompleteMultipartUploadDays: days(1, 365).default(DEFAULT_ARCHIVE_LIFECYCLE.abortIncompleteMultipartUploadDays),
    transitionSmallObjects: bool.default(DEFAULT_ARCHIVE_LIFECYCLE.transitionSmallObjects),
  })
  .superRefine((l, ctx) => {
    const issue = issueReporter(ctx);
    for (const p of lifecycleOrderProblems(l)) issue([...p.path], p.value, problemMessage(p));
  });
