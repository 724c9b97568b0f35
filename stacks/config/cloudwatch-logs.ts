import { IAM_ROLE_NAME } from '../../modules/rules/names';
import { trailDeliveryNames } from './derived-names';
import type { IssueFn } from './fields';
import type { ParsedConfig } from './parsed-config';

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
