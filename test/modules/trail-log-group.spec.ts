import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { trailReference } from '../../modules/references';
import { TRAIL_LOG_GROUP_DEFAULTS, TrailLogGroup, type TrailLogGroupProps } from '../../modules/trail-log-group';
import {
  addressAt,
  annotationsOf,
  EXTERNAL,
  MANAGEMENT,
  ORGANIZATION_ID,
  preventDestroyFlags,
  resourceAt,
  statementsOf,
  statementWithSid,
} from '../support/modules';
import { synthJson, testStack } from '../support/synth';

const orgTrail = trailReference({ trailName: 'org', homeRegion: 'eu-west-1', ownerAccountId: MANAGEMENT, organizationId: ORGANIZATION_ID });
const accountTrail = trailReference({ trailName: 'org', homeRegion: 'eu-west-1', ownerAccountId: EXTERNAL });

function newLogGroup(props: Partial<TrailLogGroupProps> = {}) {
  const stack = testStack('eu-west-1');
  const logs = new TrailLogGroup(stack, 'Logs', { trail: orgTrail, accountId: MANAGEMENT, region: 'eu-west-1', ...props });
  return { stack, logs };
}

const GROUP_ARN = `arn:aws:logs:eu-west-1:${MANAGEMENT}:log-group:cloudtrail/org`;

describe('TrailLogGroup', () => {
  describe('log group', () => {
    it('is named after the trail, kept a year, encrypted with its own key and guarded against destroy', () => {
      const { stack } = newLogGroup();
      const json = synthJson(stack);
      expect(resourceAt(json, 'aws_cloudwatch_log_group', 'Logs/LogGroup')).toEqual({
        name: 'cloudtrail/org',
        retention_in_days: 365,
        kms_key_id: `\${${addressAt(json, 'aws_kms_key', 'Logs/Key')}.arn}`,
        lifecycle: { prevent_destroy: true },
      });
      expect(resourceAt(json, 'aws_kms_alias', 'Logs/Key/Alias')).toMatchObject({ name: 'alias/org-trail-cloudwatch-logs' });
      expect(resourceAt(json, 'aws_kms_key', 'Logs/Key')).toMatchObject({ description: 'Encrypts the cloudtrail/org log group' });
    });

    it('takes its defaults from TRAIL_LOG_GROUP_DEFAULTS', () => {
      expect(TRAIL_LOG_GROUP_DEFAULTS.retentionInDays).toBe(365);
      expect(TRAIL_LOG_GROUP_DEFAULTS.keyAliasName).toBe('alias/org-trail-cloudwatch-logs');
      expect(TRAIL_LOG_GROUP_DEFAULTS.logGroupName('org')).toBe('cloudtrail/org');
      expect(TRAIL_LOG_GROUP_DEFAULTS.roleName('org')).toBe('org-cloudwatch-logs');
    });

    it('takes a name, retention, key alias, role name and tags', () => {
      const { stack, logs } = newLogGroup({
        logGroupName: 'org-trail',
        retentionInDays: 731,
        keyAliasName: 'alias/trail-logs',
        roleName: 'trail-delivery',
        tags: { Team: 'security' },
      });
      const json = synthJson(stack);
      expect(resourceAt(json, 'aws_cloudwatch_log_group', 'Logs/LogGroup')).toMatchObject({
        name: 'org-trail',
        retention_in_days: 731,
        tags: { Team: 'security' },
      });
      expect(resourceAt(json, 'aws_kms_alias', 'Logs/Key/Alias')).toMatchObject({ name: 'alias/trail-logs' });
      expect(resourceAt(json, 'aws_iam_role', 'Logs/DeliveryRole')).toMatchObject({ name: 'trail-delivery', tags: { Team: 'security' } });
      expect(logs.deliveryRoleArn).toBe(`arn:aws:iam::${MANAGEMENT}:role/trail-delivery`);
    });

    it('exposes literal ARNs, with the :* form CloudTrail expects', () => {
      const { logs } = newLogGroup();
      expect(logs.logGroupName).toBe('cloudtrail/org');
      expect(logs.logGroupArn).toBe(GROUP_ARN);
      expect(logs.trailLogGroupArn).toBe(`${GROUP_ARN}:*`);
      expect(logs.deliveryRoleArn).toBe(`arn:aws:iam::${MANAGEMENT}:role/org-cloudwatch-logs`);
    });

    it('exposes the log group and the role policy as what the trail must wait for', () => {
      const { logs } = newLogGroup();
      expect(logs.dependables).toHaveLength(2);
      expect(logs.dependables[0]).toBe(logs.logGroup);
      expect(logs.dependables[1]).toBeInstanceOf(IamRolePolicy);
    });
  });

  describe('key', () => {
    it('lets CloudWatch Logs of the region use the key for this log group only', () => {
      const { logs } = newLogGroup();
      expect(statementWithSid(logs.key.policyDocument().toJSON().Statement, 'AllowCloudWatchLogsForTheTrailLogGroup')).toEqual({
        Sid: 'AllowCloudWatchLogsForTheTrailLogGroup',
        Effect: 'Allow',
        Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
        Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        Resource: '*',
        Condition: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': GROUP_ARN } },
      });
      expect(logs.key.policyDocument().sids).toEqual(['EnableKeyAdministrationByOwningAccount', 'AllowCloudWatchLogsForTheTrailLogGroup']);
    });

    it('renders that grant into the synthesized key policy', () => {
      const { stack } = newLogGroup();
      expect(statementsOf(resourceAt(synthJson(stack), 'aws_kms_key', 'Logs/Key')).map((s) => s.Sid)).toEqual([
        'EnableKeyAdministrationByOwningAccount',
        'AllowCloudWatchLogsForTheTrailLogGroup',
      ]);
    });
  });

  describe('delivery role', () => {
    it('lets only CloudTrail assume it, without source conditions CloudTrail does not send for it', () => {
      const { stack } = newLogGroup();
      const role = resourceAt(synthJson(stack), 'aws_iam_role', 'Logs/DeliveryRole');
      expect(role).toMatchObject({
        name: 'org-cloudwatch-logs',
        max_session_duration: 3600,
        description: `Lets CloudTrail deliver ${orgTrail.trailArn} events to cloudtrail/org`,
      });
      expect(statementsOf(role, 'assume_role_policy')).toEqual([
        { Sid: 'AllowCloudTrailToAssume', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ]);
    });

    it("lets an organization trail's role write the owner account's and the organization's streams only", () => {
      const { stack } = newLogGroup();
      const json = synthJson(stack);
      const streams = [`${GROUP_ARN}:log-stream:${MANAGEMENT}_CloudTrail_eu-west-1*`, `${GROUP_ARN}:log-stream:${ORGANIZATION_ID}_*`];
      const policy = resourceAt(json, 'aws_iam_role_policy', 'Logs/DeliveryPolicy');
      expect(policy).toMatchObject({
        name: 'cloudtrail-to-cloudwatch-logs',
        role: `\${${addressAt(json, 'aws_iam_role', 'Logs/DeliveryRole')}.id}`,
      });
      expect(statementsOf(policy)).toEqual([
        { Sid: 'AllowCreateTrailLogStreams', Effect: 'Allow', Action: 'logs:CreateLogStream', Resource: streams },
        { Sid: 'AllowPutTrailLogEvents', Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: streams },
      ]);
    });

    it("lets an account trail's role write that account's streams only", () => {
      const { stack } = newLogGroup({ trail: accountTrail, accountId: EXTERNAL });
      const stream = `arn:aws:logs:eu-west-1:${EXTERNAL}:log-group:cloudtrail/org:log-stream:${EXTERNAL}_CloudTrail_eu-west-1*`;
      expect(statementsOf(resourceAt(synthJson(stack), 'aws_iam_role_policy', 'Logs/DeliveryPolicy'))).toEqual([
        { Sid: 'AllowCreateTrailLogStreams', Effect: 'Allow', Action: 'logs:CreateLogStream', Resource: stream },
        { Sid: 'AllowPutTrailLogEvents', Effect: 'Allow', Action: 'logs:PutLogEvents', Resource: stream },
      ]);
    });

    it("names the trail owner's streams even when a delegated administrator account holds the log group", () => {
      const { stack, logs } = newLogGroup({ accountId: '333333333333' });
      expect(logs.logGroupArn).toBe('arn:aws:logs:eu-west-1:333333333333:log-group:cloudtrail/org');
      const resources = statementsOf(resourceAt(synthJson(stack), 'aws_iam_role_policy', 'Logs/DeliveryPolicy'))[0].Resource;
      expect(resources).toEqual([
        `arn:aws:logs:eu-west-1:333333333333:log-group:cloudtrail/org:log-stream:${MANAGEMENT}_CloudTrail_eu-west-1*`,
        `arn:aws:logs:eu-west-1:333333333333:log-group:cloudtrail/org:log-stream:${ORGANIZATION_ID}_*`,
      ]);
    });
  });

  describe('allowDestroy', () => {
    it('guards the log group and its key by default, recording nothing', () => {
      const { stack, logs } = newLogGroup();
      expect(preventDestroyFlags(synthJson(stack))).toEqual({
        'aws_cloudwatch_log_group.Logs_LogGroup': true,
        'aws_kms_key.Logs_Key': true,
      });
      expect(annotationsOf(logs, 'warning')).toEqual([]);
    });

    it('drops prevent_destroy on the log group and its key, with a warning for each', () => {
      const { stack, logs } = newLogGroup({ allowDestroy: true });
      expect(preventDestroyFlags(synthJson(stack))).toEqual({
        'aws_cloudwatch_log_group.Logs_LogGroup': false,
        'aws_kms_key.Logs_Key': false,
      });
      expect(annotationsOf(logs, 'warning')).toEqual([
        { path: 'Logs', message: 'allowDestroy: log group cloudtrail/org is not guarded by prevent_destroy' },
        { path: 'Logs/Key', message: 'allowDestroy: KMS key alias/org-trail-cloudwatch-logs is not guarded by prevent_destroy' },
      ]);
    });
  });
});
