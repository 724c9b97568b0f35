import { CIS_MONITORING_IDS, CIS_MONITORING_ITEMS, cisMonitoringItems } from '../../modules/alarms/cis-monitoring';
import { CIS_MONITORS, patternCovers } from '../../tooling/checks/cis-monitoring';

/*
 * The CIS AWS Foundations Benchmark v3.0.0 section 4 filter patterns, copied by hand from the
 * benchmark text (shared/reference/aws-facts.md §7, from turbot/steampipe-mod-aws-compliance
 * cis_v300/docs/cis_v300_4_N.md). Never generated from the code under test: a typo there must fail here.
 */
const BENCHMARK_V300: readonly (readonly [string, string])[] = [
  [
    '4.1',
    '{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }',
  ],
  ['4.2', '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }'],
  ['4.3', '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }'],
  [
    '4.4',
    '{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}',
  ],
  [
    '4.5',
    '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }',
  ],
  ['4.6', '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }'],
  ['4.7', '{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }'],
  [
    '4.8',
    '{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }',
  ],
  [
    '4.9',
    '{ ($.eventSource = config.amazonaws.com) && (($.eventName=StopConfigurationRecorder)||($.eventName=DeleteDeliveryChannel)||($.eventName=PutDeliveryChannel)||($.eventName=PutConfigurationRecorder)) }',
  ],
  [
    '4.10',
    '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }',
  ],
  [
    '4.11',
    '{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }',
  ],
  [
    '4.12',
    '{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }',
  ],
  [
    '4.13',
    '{ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) }',
  ],
  [
    '4.14',
    '{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }',
  ],
  [
    '4.15',
    '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
  ],
];

/** Item 4.2's variant for organizations that sign in through single sign-on, as the benchmark prints it. */
const BENCHMARK_4_2_SSO =
  '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }';

describe('CIS monitoring items', () => {
  describe('filter patterns', () => {
    it.each(BENCHMARK_V300)('item %s is the benchmark v3.0.0 pattern, character for character', (id, pattern) => {
      const item = cisMonitoringItems().find((i) => i.id === id);
      expect(item?.filterPattern).toBe(pattern);
    });

    it('fit the 1,024 characters CloudWatch Logs accepts in a filter pattern', () => {
      for (const mfaFilter of ['all-console-logins', 'iam-users-only'] as const) {
        for (const item of cisMonitoringItems({ mfaFilter })) expect(item.filterPattern.length).toBeLessThanOrEqual(1024);
      }
    });
  });

  describe('coverage', () => {
    it('has each of 4.1-4.15 exactly once, in benchmark order', () => {
      const expected = BENCHMARK_V300.map(([id]) => id);
      expect(expected).toHaveLength(15);
      expect(CIS_MONITORING_ITEMS.map((i) => i.id)).toEqual(expected);
      expect([...CIS_MONITORING_IDS]).toEqual(expected);
    });

    it('gives every item a distinct metric name and slug, and the benchmark recommendation as title', () => {
      const items = cisMonitoringItems();
      expect(new Set(items.map((i) => i.metricName)).size).toBe(15);
      expect(new Set(items.map((i) => i.slug)).size).toBe(15);
      for (const item of items) {
        expect(item.title).toMatch(/^Ensure a log metric filter and alarm exist for /);
        expect(item.metricName).toMatch(/^[A-Za-z0-9]+$/);
        expect(item.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
        expect(item.whatHappened.length).toBeGreaterThan(10);
        expect(item.whatToCheck.length).toBeGreaterThan(10);
      }
    });
  });

  describe('4.1 unauthorized API calls', () => {
    it('keeps the benchmark pattern by default', () => {
      expect(cisMonitoringItems({ unauthorizedCallsFilter: 'all-denied-calls' })).toEqual(cisMonitoringItems());
    });

    it('adds two exclusions of the benchmark form for AWS service callers with without-aws-service-callers', () => {
      const item = cisMonitoringItems({ unauthorizedCallsFilter: 'without-aws-service-callers' }).find((i) => i.id === '4.1');
      expect(item?.filterPattern).toBe(
        '{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") && ($.userIdentity.type != "AWSService") && ($.userIdentity.invokedBy NOT EXISTS) }',
      );
      expect(item?.filterPattern.startsWith(BENCHMARK_V300[0][1].slice(0, -2))).toBe(true);
      // The rule pack's CIS check (npm run check) still counts it, as README "Alarms" says.
      const monitor = CIS_MONITORS.find((m) => m.id === 'CIS 4.1');
      expect(monitor && patternCovers(item?.filterPattern ?? '', monitor)).toBe(true);
      const others = cisMonitoringItems({ unauthorizedCallsFilter: 'without-aws-service-callers' }).filter((i) => i.id !== '4.1');
      expect(others).toEqual(cisMonitoringItems().filter((i) => i.id !== '4.1'));
    });
  });

  describe('4.2 console sign-in without MFA', () => {
    it('counts every console sign-in without MFA by default', () => {
      const item = cisMonitoringItems().find((i) => i.id === '4.2');
      expect(item?.filterPattern).toBe('{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }');
      expect(cisMonitoringItems({ mfaFilter: 'all-console-logins' })).toEqual(cisMonitoringItems());
    });

    it('counts only successful IAM user sign-ins with iam-users-only, the benchmark variant for single sign-on', () => {
      const item = cisMonitoringItems({ mfaFilter: 'iam-users-only' }).find((i) => i.id === '4.2');
      expect(item?.filterPattern).toBe(BENCHMARK_4_2_SSO);
      expect(item?.whatHappened).toContain('An IAM user signed in');
    });

    it('leaves every other item unchanged with iam-users-only', () => {
      const variant = cisMonitoringItems({ mfaFilter: 'iam-users-only' }).filter((i) => i.id !== '4.2');
      expect(variant).toEqual(CIS_MONITORING_ITEMS.filter((i) => i.id !== '4.2'));
    });
  });
});
