import { z } from 'zod';
import { TRAIL_LOG_GROUP_DEFAULTS } from '../../modules/trail-log-group';
import { IAM_ROLE_NAME, LOG_RETENTION_DAYS } from './aws-naming';
import { trailDeliveryNames } from './derived-names';
import { type IssueFn, iamRoleName, kmsAlias } from './fields';
import type { ParsedConfig } from './parsed-config';

/** `cloudWatchLogs`: the log group the organization trail delivers to, its key and delivery role. */

export const logRetentionDays = z
  .number({ error: `must be a number of days. Fix: use 0 (never expire) or one of ${LOG_RETENTION_DAYS.join(', ')}` })
  .refine((d) => d === 0 || (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
    error: `is not a retention CloudWatch Logs accepts. Fix: use 0 (never expire) or one of ${LOG_RETENTION_DAYS.join(', ')}`,
  });

export const cloudWatchLogsSection = z.strictObject({
  logGroupName: z
    .string()
    .regex(/^[A-Za-z0-9_\-/.#]{1,512}$/, {
      error: 'is not a log group name (1-512 of letters, digits and _ - / . #). Fix: use only those characters',
    })
    .optional(),
  retentionDays: logRetentionDays.default(TRAIL_LOG_GROUP_DEFAULTS.retentionInDays),
  keyAlias: kmsAlias.default(TRAIL_LOG_GROUP_DEFAULTS.keyAliasName),
  roleName: iamRoleName.optional(),
});

/** The derived delivery role name must be a valid role name. */
export function checkCloudWatchLogs(c: ParsedConfig, issue: IssueFn): void {
  if (c.cloudWatchLogs.roleName) return;
  const role = trailDeliveryNames(c).roleName;
  if (!IAM_ROLE_NAME.test(role)) {
    issue(
      ['cloudWatchLogs', 'roleName'],
      role,
      `(derived from trailName + "-cloudwatch-logs") is ${role.length} characters; IAM role names have at most 64. Fix: set cloudWatchLogs.roleName`,
    );
  }
}
