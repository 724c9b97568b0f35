import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { Construct } from 'constructs';
import { iamRoleArn } from '../modules/arns';
import { deploymentRoleName } from './config/deployment';
import type { OrganizationConfig } from './config/schema';

export interface ProviderOptions {
  readonly accountId: string;
  readonly region: string;
  /** @default - the default provider */
  readonly alias?: string;
}

/** Tag every resource carries, so a reviewer can tell what manages it. */
export const MANAGED_BY_TAG = { ManagedBy: 'cdktf-org-logging' } as const;

/** The provider's `default_tags`: the config's `deployment.defaultTags` and ManagedBy. */
export function providerDefaultTags(config: OrganizationConfig): { tags: Record<string, string> }[] {
  return [{ tags: { ...config.deployment.defaultTags, ...MANAGED_BY_TAG } }];
}

/**
 * A provider that assumes the deployment role in the target account (the management account has its
 * own, `deployment.managementAccountRoleName`) and refuses to run against
 * any other account (`allowed_account_ids`), with the organization's default tags.
 */
export function accountProvider(scope: Construct, id: string, config: OrganizationConfig, options: ProviderOptions): AwsProvider {
  return new AwsProvider(scope, id, {
    alias: options.alias,
    region: options.region,
    allowedAccountIds: [options.accountId],
    assumeRole: [
      { roleArn: iamRoleArn(options.accountId, deploymentRoleName(config, options.accountId)), sessionName: 'cdktf-org-logging' },
    ],
    defaultTags: providerDefaultTags(config),
  });
}
