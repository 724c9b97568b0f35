import type { Construct } from 'constructs';
import { CloudTrailDelegatedAdministrators } from '../modules/delegated-administrator';
import { AccountStack } from './account-stack';
import { delegatedAdministrators } from './config/derived-names';
import type { StackContext, StackKind } from './registry';

export const ORGANIZATION_MANAGEMENT_STACK = 'organization-management';

export const ORGANIZATION_MANAGEMENT_KIND: StackKind = {
  kind: 'organization-management',
  order: 2,
  definitions: (config) =>
    config.trail.delegatedAdministratorAccountId
      ? [
          {
            name: ORGANIZATION_MANAGEMENT_STACK,
            accountId: config.managementAccountId,
            region: config.homeRegion,
            role: 'management (delegated admin registration)',
            build: (scope, context) => new OrganizationManagementStack(scope, context),
          },
        ]
      : [],
};

/**
 * The management account, only when a CloudTrail delegated administrator is configured: it
 * registers the delegated administrators. Apply after the log archive, before the trail.
 */
export class OrganizationManagementStack extends AccountStack {
  constructor(scope: Construct, context: StackContext) {
    super(scope, context);
    const accounts = delegatedAdministrators(this.config);
    new CloudTrailDelegatedAdministrators(this, 'DelegatedAdministrators', { accountIds: accounts });
    this.output('cloudtrail_delegated_administrators', accounts, 'Accounts registered as CloudTrail delegated administrators');
  }
}
