import { CLOUDWATCH_LOGS_RETENTION_DAYS, isCloudWatchLogsRetention } from '../cloudwatch-logs-retention';
import { type PatternRule, type Problem, patternProblems, problem } from './problem';

/*
 * Names of the trail's resources and their keys (aws-facts.md §8), each with its AWS source.
 */

const IPV4 = /^\d+\.\d+\.\d+\.\d+$/;

/**
 * KMS aliases: `alias/` then letters, digits, `/`, `_` and `-`, 1-256 characters in all; `alias/aws/`
 * is reserved for AWS managed keys (KMS developer guide, alias-create.html; CreateAlias AliasName).
 */
export const KMS_ALIAS: PatternRule = {
  pattern: /^alias\/(?!aws\/)[a-zA-Z0-9/_-]+$/,
  rule: 'is not a valid KMS alias ("alias/" then letters, digits, / _ -; "alias/aws/" is reserved for AWS)',
  fix: 'use a name like "alias/org-logs"',
};
export const KMS_ALIAS_LENGTH = { max: 256, rule: 'is longer than 256 characters, the KMS alias limit', fix: 'shorten it' } as const;

export function kmsAliasProblems(alias: string): Problem[] {
  return [
    ...(alias.length > KMS_ALIAS_LENGTH.max ? [problem(alias, KMS_ALIAS_LENGTH.rule, KMS_ALIAS_LENGTH.fix)] : []),
    ...patternProblems(KMS_ALIAS, alias),
  ];
}

/**
 * A key alias named after a resource (`alias/<prefix>/<name>`): characters a resource name may have
 * and an alias may not (the dots of a Kinesis stream or event bus name) become hyphens.
 */
export function resourceKeyAlias(prefix: string, name: string): string {
  return `alias/${prefix}/${name.replace(/[^A-Za-z0-9/_-]/g, '-')}`;
}

/**
 * CloudTrail trail names: 3-128 of letters, digits, `.`, `_`, `-`, starting and ending with a letter
 * or digit, no adjacent `.`, `_` or `-`, not an IP address (CloudTrail CreateTrail Name).
 */
const TRAIL_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9]|[._-](?=[A-Za-z0-9])){2,127}$/;

export function trailNameProblems(name: string): Problem[] {
  if (!TRAIL_NAME.test(name)) {
    return [
      problem(
        name,
        'is not a valid trail name (3-128 of A-Z a-z 0-9 . _ -, starting and ending with a letter or digit, no adjacent . _ -)',
        'rename the trail',
      ),
    ];
  }
  if (IPV4.test(name)) return [problem(name, 'looks like an IP address, which trail names may not', 'rename the trail')];
  return [];
}

/** SNS standard topic names: 1-256 of letters, digits, `_` and `-` (SNS CreateTopic Name). */
export const SNS_TOPIC_NAME: PatternRule = {
  pattern: /^[A-Za-z0-9_-]{1,256}$/,
  rule: 'is not an SNS topic name (1-256 of letters, digits, _ and -)',
  fix: 'use only those characters',
};

export function snsTopicNameProblems(name: string): Problem[] {
  return patternProblems(SNS_TOPIC_NAME, name);
}

/** Log group names: 1-512 of letters, digits and `_ - / . #` (CloudWatch Logs CreateLogGroup logGroupName). */
export const LOG_GROUP_NAME: PatternRule = {
  pattern: /^[A-Za-z0-9_\-/.#]{1,512}$/,
  rule: 'is not a log group name (1-512 of letters, digits and _ - / . #)',
  fix: 'use only those characters',
};

export function logGroupNameProblems(name: string): Problem[] {
  return patternProblems(LOG_GROUP_NAME, name);
}

/**
 * A retention CloudWatch Logs accepts (PutRetentionPolicy retentionInDays); with `neverExpire`, 0
 * too, which the provider sends as no retention at all (the group never expires).
 */
export function logRetentionRule(neverExpire: boolean) {
  return {
    rule: 'is not a retention CloudWatch Logs accepts',
    fix: `use ${neverExpire ? '0 (never expire) or ' : ''}one of ${CLOUDWATCH_LOGS_RETENTION_DAYS.join(', ')}`,
  } as const;
}

export function logRetentionProblems(days: number, neverExpire = false): Problem[] {
  if (isCloudWatchLogsRetention(days) || (neverExpire && days === 0)) return [];
  const r = logRetentionRule(neverExpire);
  return [problem(days, r.rule, r.fix)];
}

/** IAM role names: 1-64 of letters, digits and `+ = , . @ _ -` (IAM CreateRole RoleName). */
export const IAM_ROLE_NAME: PatternRule = {
  pattern: /^[\w+=,.@-]{1,64}$/,
  rule: 'is not an IAM role name (1-64 of letters, digits and + = , . @ _ -)',
  fix: 'use a shorter name of those characters',
};

export function iamRoleNameProblems(name: string): Problem[] {
  return patternProblems(IAM_ROLE_NAME, name);
}

/** Customer managed policy names: 1-128 of letters, digits and `+ = , . @ _ -` (IAM CreatePolicy PolicyName). */
export const IAM_POLICY_NAME: PatternRule = {
  pattern: /^[\w+=,.@-]{1,128}$/,
  rule: 'is not an IAM policy name (1-128 of letters, digits and + = , . @ _ -)',
  fix: 'use only those characters',
};

export function iamPolicyNameProblems(name: string): Problem[] {
  return patternProblems(IAM_POLICY_NAME, name);
}

/**
 * The prefix of the guardrail policy names (`<prefix>-<group>`): Organizations takes 1-128
 * characters (CreatePolicy Name); 1-64 of the IAM name characters leave room for the group and
 * stay portable to tools that treat the name as an IAM-style name.
 */
export const POLICY_NAME_PREFIX: PatternRule = {
  pattern: /^[A-Za-z0-9_+=,.@-]{1,64}$/,
  rule: 'is not a usable policy name prefix (1-64 of letters, digits and _ + = , . @ -)',
  fix: 'shorten it',
};

export function policyNamePrefixProblems(prefix: string): Problem[] {
  return patternProblems(POLICY_NAME_PREFIX, prefix);
}
