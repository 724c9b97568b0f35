// The `cloudwatch-logs` section's schema, apart from its cross-field checks (../cloudwatch-logs.ts), which read ParsedConfig.

import { z } from 'zod';
import { LOG_GROUP_NAME, logRetentionProblems, logRetentionRule } from '../../../modules/rules/names';
import { TRAIL_LOG_GROUP_DEFAULTS } from '../../../modules/trail-log-group';
import { iamRoleName, kmsAlias, matching, refineWith } from '../fields';

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
