/**
 * The organization-management stack: only when a CloudTrail delegated administrator is configured,
 * it registers the delegated administrators from the management account.
 */
import type { OrganizationConfig } from '../../stacks/config';
import { exampleConfig } from '../support/config';
import { buildExample, resourcesOf } from '../support/synth';

const STACK = 'organization-management';

function delegatedConfig(additional: string[] = []): OrganizationConfig {
  return exampleConfig((c) => {
    (c.trail as Record<string, unknown>).delegatedAdministratorAccountId = c.auditAccountId;
    (c.trail as Record<string, unknown>).additionalDelegatedAdministratorAccountIds = additional;
  });
}

describe('OrganizationManagementStack', () => {
  it('is not built when no delegated administrator is configured', () => {
    expect(buildExample(exampleConfig()).stacks.has(STACK)).toBe(false);
  });

  it('registers every delegated administrator from the management account', () => {
    const config = delegatedConfig(['111122223333']);
    const json = buildExample(config).synth(STACK);
    const registered = Object.values(resourcesOf(json, 'aws_cloudtrail_organization_delegated_admin_account')).map((r) => r.account_id);
    expect(registered.sort()).toEqual(['111122223333', '456789012345']);
    expect(json.output?.cloudtrail_delegated_administrators.value).toEqual(['456789012345', '111122223333']);
  });

  it("assumes the management account's own role (deployment.managementAccountRoleName), in the home region", () => {
    const config = delegatedConfig();
    const json = buildExample(config).synth(STACK);
    expect(config.deployment.managementAccountRoleName).toBe('acme-platform-deployer');
    expect(json.provider.aws).toEqual([
      expect.objectContaining({
        region: config.homeRegion,
        allowed_account_ids: [config.managementAccountId],
        assume_role: [expect.objectContaining({ role_arn: `arn:aws:iam::${config.managementAccountId}:role/acme-platform-deployer` })],
      }),
    ]);
  });

  it('keys each registration by account, so adding one replaces none', () => {
    const ids = (config: OrganizationConfig) =>
      Object.keys(resourcesOf(buildExample(config).synth(STACK), 'aws_cloudtrail_organization_delegated_admin_account'));
    const one = ids(delegatedConfig());
    expect(one).toHaveLength(1);
    expect(ids(delegatedConfig(['111122223333']))).toEqual(expect.arrayContaining(one));
  });

  it('holds nothing but the registrations', () => {
    const json = buildExample(delegatedConfig()).synth(STACK);
    expect(Object.keys(json.resource)).toEqual(['aws_cloudtrail_organization_delegated_admin_account']);
    expect(json.data).toBeUndefined();
  });
});
