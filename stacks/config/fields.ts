import { z } from 'zod';
import { ACCOUNT_ID, bucketNameProblem, COMMERCIAL_REGIONS, IAM_ROLE_NAME, KMS_ALIAS } from './aws-naming';

/*
 * Field types shared by the config sections. Every message follows one shape: after the field
 * path and the value (added by the reporter) comes the rule, then "Fix:" and what to do.
 */

export const accountId = z.string().regex(ACCOUNT_ID, {
  error: 'is not an AWS account ID (exactly 12 digits). Fix: write the 12 digits as a string, keeping leading zeros',
});

export const region = z.enum(COMMERCIAL_REGIONS, {
  error: `is not a commercial AWS region this module supports. Fix: use one of ${COMMERCIAL_REGIONS.join(', ')}`,
});

export const bucketName = z.string().superRefine((name, ctx) => {
  const problem = bucketNameProblem(name);
  if (problem) {
    ctx.addIssue({
      code: 'custom',
      input: name,
      message: `${problem}. Fix: choose a name of 3-63 lowercase letters, digits, dots and hyphens that starts and ends with a letter or digit`,
    });
  }
});

export const kmsAlias = z
  .string()
  .max(256, { error: 'is longer than 256 characters, the KMS alias limit. Fix: shorten it' })
  .regex(KMS_ALIAS, {
    error:
      'is not a valid KMS alias ("alias/" then letters, digits, / _ -; "alias/aws/" is reserved for AWS). Fix: use a name like "alias/org-logs"',
  });

export const iamRoleName = z.string().regex(IAM_ROLE_NAME, {
  error: 'is not an IAM role name (1-64 of letters, digits and + = , . @ _ -). Fix: use a shorter name of those characters',
});

/** A whole number of days in [min, max]. */
export const days = (min = 1, max = 36500) =>
  z
    .number({ error: `must be a whole number of days. Fix: write a number from ${min} to ${max}` })
    .int({ error: `must be a whole number of days. Fix: write a number from ${min} to ${max} without decimals` })
    .min(min, { error: `must be at least ${min} day${min === 1 ? '' : 's'}. Fix: use ${min} or more` })
    .max(max, { error: `must be at most ${max} days. Fix: use ${max} or fewer` });

export const tags = z.record(
  z
    .string()
    .min(1, { error: 'is an empty tag key. Fix: name the tag' })
    .max(128, { error: 'is longer than 128 characters, the tag key limit. Fix: shorten it' })
    .regex(/^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, {
      error: 'is not a valid tag key (letters, digits, spaces, _ . : / = + - @; "aws:" is reserved). Fix: use only those characters',
    }),
  z
    .string()
    .max(256, { error: 'is longer than 256 characters, the tag value limit. Fix: shorten it' })
    .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, {
      error: 'is not a valid tag value (letters, digits, spaces, _ . : / = + - @). Fix: use only those characters',
    }),
);

/** Indexes of entries that repeat an earlier entry. */
export function duplicates(values: readonly string[]): number[] {
  return values.flatMap((v, i) => (values.indexOf(v) < i ? [i] : []));
}

/** Reports one problem at a field path, with the value the message is about (the reporter prints it). */
export type IssueFn = (path: (string | number)[], input: unknown, message: string) => void;

/** An IssueFn on a zod refinement context. */
export function issueReporter(ctx: z.RefinementCtx): IssueFn {
  return (path, input, message) => ctx.addIssue({ code: 'custom', path, input, message });
}
