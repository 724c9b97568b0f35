import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { CloudTrailDelegatedAdministrators } from '../modules/delegated-administrator';
import type { OrganizationConfig } from './config';
import { accountProvider, configureBackend, type SynthContext } from './deployment';

export const ORGANIZATION_MANAGEMENT_STACK = 'organization-management';

/** Accounts registered as CloudTrail delegated administrators, the trail's creator first. */
export function delegatedAdministrators(config: OrganizationConfig): string[] {
  const first = config.trail.delegatedAdministratorAccountId;
  return [...(first ? [first] : []), ...config.trail.additionalDelegatedAdministratorAccountIds];
}

/**
 * The management account, only when a CloudTrail delegated administrator is configured: it
 * registers the delegated administrators. Apply after the log archive, before the trail.
 */
export class OrganizationManagementStack extends TerraformStack {
  public readonly accountId: string;
  public readonly region: string;

  constructor(scope: Construct, config: OrganizationConfig, context: SynthContext) {
    super(scope, ORGANIZATION_MANAGEMENT_STACK);
    this.accountId = config.managementAccountId;
    this.region = config.homeRegion;
    configureBackend(this, ORGANIZATION_MANAGEMENT_STACK, config, context);
    accountProvider(this, 'Aws', config, { accountId: this.accountId, region: this.region });

    const accounts = delegatedAdministrators(config);
    new CloudTrailDelegatedAdministrators(this, 'DelegatedAdministrators', { accountIds: accounts });
    new TerraformOutput(this, 'cloudtrail_delegated_administrators', {
      staticId: true,
      value: accounts,
      description: 'Accounts registered as CloudTrail delegated administrators',
    });
  }
}
