import { CloudtrailOrganizationDelegatedAdminAccount } from '@cdktf/provider-aws/lib/cloudtrail-organization-delegated-admin-account';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { accountIdProblems } from './rules/identifiers';
import { addPropValidation, checkEachProp } from './rules/prop-validation';

export interface CloudTrailDelegatedAdministratorsProps {
  /** Member accounts to register (at most 3 per organization). */
  readonly accountIds: readonly string[];
  /** @default - the stack's default provider (must be the management account) */
  readonly provider?: TerraformProvider;
}

/**
 * Registers CloudTrail delegated administrators from the management account (through CloudTrail,
 * which also creates the CloudTrail service-linked role; registering through Organizations would not).
 */
export class CloudTrailDelegatedAdministrators extends Construct {
  public readonly registrations: CloudtrailOrganizationDelegatedAdminAccount[];

  constructor(scope: Construct, id: string, props: CloudTrailDelegatedAdministratorsProps) {
    super(scope, id);
    if (props.accountIds.length > 3) {
      throw new Error(
        `CloudTrailDelegatedAdministrators: accountIds: ${props.accountIds.length} accounts given; an organization can have at most 3 CloudTrail delegated administrators. Fix: register at most 3 accounts`,
      );
    }
    addPropValidation(this, () => checkEachProp('accountIds', props.accountIds, accountIdProblems));
    this.registrations = props.accountIds.map(
      (accountId) => new CloudtrailOrganizationDelegatedAdminAccount(this, `Account${accountId}`, { provider: props.provider, accountId }),
    );
  }
}
