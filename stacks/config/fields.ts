import { z } from 'zod';
import { ACCOUNT_ID, COMMERCIAL_REGIONS, REGION_RULE } from '../../modules/rules/identifiers';
import { IAM_ROLE_NAME, KMS_ALIAS, KMS_ALIAS_LENGTH } from '../../modules/rules/names';
import { daysRule, type PatternRule, type Problem, problemMessage } from '../../modules/rules/problem';
import { bucketNameProblems } from '../../modules/rules/s3';

/*
 * Field types shared by the config sections. Every message follows one shape: after the field
 * path and the value (added by the reporter) comes the rule, then "Fix:" and what to do. The rules
 * and their messages are the constructs' own (modules/rules/): one rule, two callers.
 */

/** A string matching a pattern rule; the pattern also goes into config.schema.json. */
export const matching = (rule: PatternRule) => z.string().regex(rule.pattern, { error: problemMessage(rule) });

/** A zod refinement reporting a rule's problems (at the field, or below it for nested values). */
export function refineWith<T>(rule: (value: T) => readonly Problem[]) {
  return (value: T, ctx: z.RefinementCtx): void => {
    for (const p of rule(value)) ctx.addIssue({ code: 'custom', path: [...p.path], input: p.value, message: problemMessage(p) });
  };
}

/** A JSON boolean (a quoted "true" is refused with the fix). */
export const bool = z.boolean({ error: 'must be true or false. Fix: write true or false without quotes' });

export const accountId = matching(ACCOUNT_ID);

export const region = z.enum(COMMERCIAL_REGIONS, { error: problemMessage(REGION_RULE) });

export const bucketName = z.string().superRefine(refineWith(bucketNameProblems));

export const kmsAlias = z
  .string()
  .max(KMS_ALIAS_LENGTH.max, { error: problemMessage(KMS_ALIAS_LENGTH) })
  .regex(KMS_ALIAS.pattern, { error: problemMessage(KMS_ALIAS) });

export const iamRoleName = matching(IAM_ROLE_NAME);

/** A whole number of days in [min, max] (the messages of the constructs' `daysProblems`). */
export const days = (min = 1, max = 36500) => {
  const r = daysRule(min, max);
  return z
    .number({ error: `${r.notWhole.rule}. Fix: write a number from ${min} to ${max}` })
    .int({ error: problemMessage(r.notWhole) })
    .min(min, { error: problemMessage(r.tooFew) })
    .max(max, { error: problemMessage(r.tooMany) });
};

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

/** Indexes of entries that repeat an earlier entry (one implementation, in the rules the constructs use too). */
export { duplicates } from '../../modules/rules/problem';

/** Reports one problem at a field path, with the value the message is about (the reporter prints it). */
export type IssueFn = (path: (string | number)[], input: unknown, message: string) => void;

/** An IssueFn on a zod refinement context. */
export function issueReporter(ctx: z.RefinementCtx): IssueFn {
  return (path, input, message) => ctx.addIssue({ code: 'custom', path, input, message });
}
