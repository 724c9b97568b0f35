import { z } from 'zod';
import { IAM_ROLE_NAME, LOG_GROUP_NAME, logRetentionProblems, logRetentionRule } from '../../modules/rules/names';
import { TRAIL_LOG_GROUP_DEFAULTS } from '../../modules/trail-log-group';
import { trailDeliveryNames } from './derived-names';
import { type IssueFn, iamRoleName, kmsAlias, matching, refineWith } from './fields';
import type { ParsedConfig } from './parsed-config';

/** `cloudWatchLogs`: the log group the organization trail delivers to, its key and delivery role. */

/** A retention CloudWatch Logs accepts, or 0 (never expire): the rule `TrailLogGroup` checks its retention with. */
export const logRetentionDays = z
  .number({ error: `must be a number of days. Fix: ${logRetentionRule(true).fix}` })
  .superRefine(refineWith((d: number) => logRetentionProblems(d, true)));

export const cloudWatchLogsSection = z.strictObject({
  logGroupName: matching(LOG_GROUP_NAME).optional(),
  retentionDays: logRetentionDays.default(TRAIL_LOG_GROUP_DEFAULTS.retentionInDays),
  keyAlias: kmsAlias.default(TRAIL_LOG_GROUP_DEFAULTS.keyAliasName),
  roleName: iamRoleName.optional(),
});

/** The derived delivery role name must be a valid role name. */
export function checkCloudWatchLogs(c: ParsedConfig, issue: IssueFn): void {
  if (c.cloudWatchLogs.roleName) return;
  const role = trailDeliveryNames(c).roleName;
  if (!IAM_ROLE_NAME.pattern.test(role)) {
    issue(
      ['cloudWatchLogs', 'roleName'],
      role,
      `(derived from trailName + "-cloudwatch-logs") is ${role.length} characters; IAM role names have at most 64. Fix: set cloudWatchLogs.roleName`,
    );
  }
}
