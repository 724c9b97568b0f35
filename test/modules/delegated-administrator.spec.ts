import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { CloudTrailDelegatedAdministrators } from '../../modules/delegated-administrator';
import { AUDIT, EXTERNAL, LOG_ARCHIVE } from '../support/modules';
import { synthJson, testStack } from '../support/synth';

const registrations = (accountIds: string[]) => {
  const stack = testStack();
  new CloudTrailDelegatedAdministrators(stack, 'Admins', { accountIds });
  // A stack without resources has no `resource` block at all.
  return synthJson(stack).resource?.aws_cloudtrail_organization_delegated_admin_account ?? {};
};

describe('CloudTrailDelegatedAdministrators', () => {
  describe('registrations', () => {
    it('registers each account through CloudTrail, under an id named after the account', () => {
      const registered = Object.entries(registrations([AUDIT, LOG_ARCHIVE])).map(([id, r]) => [id.replace(/_[A-F0-9]{8}$/, ''), r]);
      // Terraform JSON lists resources by logical id.
      expect(registered).toEqual([
        [`Admins_Account${LOG_ARCHIVE}`, { account_id: LOG_ARCHIVE }],
        [`Admins_Account${AUDIT}`, { account_id: AUDIT }],
      ]);
    });

    it('keeps the same ids when accounts are reordered or one is removed', () => {
      const ids = Object.keys(registrations([AUDIT, LOG_ARCHIVE, EXTERNAL])).sort();
      expect(ids).toHaveLength(3);
      expect(Object.keys(registrations([EXTERNAL, AUDIT, LOG_ARCHIVE])).sort()).toEqual(ids);
      expect(Object.keys(registrations([EXTERNAL]))).toEqual(ids.filter((id) => id.includes(EXTERNAL)));
    });

    it('registers nothing for no accounts', () => {
      expect(registrations([])).toEqual({});
    });

    it('uses the provider it is given (the management account)', () => {
      const stack = testStack();
      const management = new AwsProvider(stack, 'Management', { region: 'us-east-1', alias: 'management' });
      const admins = new CloudTrailDelegatedAdministrators(stack, 'Admins', { accountIds: [AUDIT], provider: management });
      expect(admins.registrations).toHaveLength(1);
      expect(Object.values(synthJson(stack).resource.aws_cloudtrail_organization_delegated_admin_account)).toEqual([
        { provider: 'aws.management', account_id: AUDIT },
      ]);
    });
  });

  describe('limit', () => {
    it('accepts three accounts, the most an organization can have', () => {
      expect(Object.keys(registrations([AUDIT, LOG_ARCHIVE, EXTERNAL]))).toHaveLength(3);
    });

    it('throws above three, naming the count and the limit', () => {
      expect(() => registrations([AUDIT, LOG_ARCHIVE, EXTERNAL, '555555555555'])).toThrow(
        'CloudTrailDelegatedAdministrators: accountIds: 4 accounts given; an organization can have at most 3 CloudTrail delegated administrators. Fix: register at most 3 accounts',
      );
    });
  });
});
