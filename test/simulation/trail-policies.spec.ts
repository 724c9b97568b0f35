/**
 * Policy simulation for the organization-trail stack: the notification topic policy, the topic
 * and log-group key policies and the CloudWatch Logs delivery role, evaluated request by request.
 */
import type { OrganizationConfig } from '../../stacks/config';
import type { OrganizationTrailStack } from '../../stacks/organization-trail-stack';
import { exampleConfig } from '../support/config';
import { ANONYMOUS, allowIdentity, literalPolicy, policyAt, simulate, synthesizedPolicies } from '../support/simulate';
import { buildExample, onlyResource } from '../support/synth';

const CLOUDTRAIL = 'cloudtrail.amazonaws.com';
const FOREIGN_ACCOUNT = '999988887777';
const KEY_ID = '5d9a1f0e-2b7c-4e3a-9f61-0c2d3e4f5a6b';

function trailPolicies(config: OrganizationConfig) {
  const built = buildExample(config);
  const trail = built.stacks.get<OrganizationTrailStack>('organization-trail');
  const policies = synthesizedPolicies(trail);
  const owner = trail.accountId;
  const deliveryRole = onlyResource(built.synth('organization-trail'), 'aws_iam_role', 'CloudWatchLogs/DeliveryRole');
  const roleTrust = literalPolicy(deliveryRole.assume_role_policy as string, 'organization-trail/CloudWatchLogs/DeliveryRole trust');
  return {
    owner,
    topicPolicy: policyAt(policies, 'organization-trail/Notifications/Policy'),
    topicKeyPolicy: policyAt(policies, 'organization-trail/Notifications/Key/Key'),
    logKeyPolicy: policyAt(policies, 'organization-trail/CloudWatchLogs/Key/Key'),
    roleTrust,
    topicArn: `arn:aws:sns:${config.homeRegion}:${owner}:${config.notifications.topicName}`,
    trailArn: `arn:aws:cloudtrail:${config.homeRegion}:${config.managementAccountId}:trail/${config.trailName}`,
    logGroupArn: `arn:aws:logs:${config.homeRegion}:${owner}:log-group:${config.cloudWatchLogs.logGroupName}`,
  };
}

describe('organization trail policies (simulated)', () => {
  const config = exampleConfig();
  const p = trailPolicies(config);
  const auditQueue = config.notifications.subscriptions.find((s) => s.protocol === 'sqs')?.endpoint as string;
  const auditAccount = auditQueue.split(':')[4];

  describe('notification topic policy', () => {
    const publish = (sourceArn: string | undefined) =>
      simulate({
        policy: p.topicPolicy,
        action: 'sns:Publish',
        resource: p.topicArn,
        resourceAccount: p.owner,
        principal: CLOUDTRAIL,
        context: sourceArn ? { 'aws:SourceArn': sourceArn, 'aws:SecureTransport': 'true' } : { 'aws:SecureTransport': 'true' },
      });

    it('lets CloudTrail publish for our trail', async () => {
      expect(await publish(p.trailArn)).toBe('Allowed');
    });

    it('denies CloudTrail publishing for another trail of the same account', async () => {
      expect(await publish(p.trailArn.replace(/trail\/.*$/, 'trail/shadow-trail'))).toBe('ImplicitlyDenied');
    });

    it('denies CloudTrail publishing for a trail of another account', async () => {
      expect(await publish(`arn:aws:cloudtrail:${config.homeRegion}:${FOREIGN_ACCOUNT}:trail/${config.trailName}`)).toBe(
        'ImplicitlyDenied',
      );
    });

    it('denies CloudTrail publishing without a source trail', async () => {
      expect(await publish(undefined)).toBe('ImplicitlyDenied');
    });

    it('denies an external account trail, which has no topic grant', async () => {
      expect(await publish(`arn:aws:cloudtrail:${config.homeRegion}:${config.externalAccountIds[0]}:trail/${config.trailName}`)).toBe(
        'ImplicitlyDenied',
      );
    });

    const subscribe = (account: string, protocol: string, endpoint: string, identity = true) =>
      simulate({
        policy: p.topicPolicy,
        action: 'sns:Subscribe',
        resource: p.topicArn,
        resourceAccount: p.owner,
        principal: `arn:aws:iam::${account}:role/subscriber`,
        identityPolicy: identity ? allowIdentity(['sns:Subscribe']) : undefined,
        context: { 'sns:Protocol': protocol, 'sns:Endpoint': endpoint, 'aws:SecureTransport': 'true' },
      });

    it('lets the configured queue account subscribe its queue', async () => {
      expect(await subscribe(auditAccount, 'sqs', auditQueue)).toBe('Allowed');
    });

    it('denies that account subscribing another endpoint', async () => {
      expect(await subscribe(auditAccount, 'sqs', `arn:aws:sqs:${config.homeRegion}:${auditAccount}:exfiltrate`)).toBe('ImplicitlyDenied');
    });

    it('denies a foreign account subscribing, even with its own identity allow', async () => {
      expect(await subscribe(FOREIGN_ACCOUNT, 'sqs', `arn:aws:sqs:${config.homeRegion}:${FOREIGN_ACCOUNT}:q`)).toBe('ImplicitlyDenied');
    });

    it('denies publishing without TLS, even for our trail', async () => {
      const decision = await simulate({
        policy: p.topicPolicy,
        action: 'sns:Publish',
        resource: p.topicArn,
        resourceAccount: p.owner,
        principal: CLOUDTRAIL,
        context: { 'aws:SourceArn': p.trailArn, 'aws:SecureTransport': 'false' },
      });
      expect(decision).toBe('ExplicitlyDenied');
    });

    it('denies anonymous publishing', async () => {
      const decision = await simulate({
        policy: p.topicPolicy,
        action: 'sns:Publish',
        resource: p.topicArn,
        resourceAccount: p.owner,
        principal: ANONYMOUS,
        context: { 'aws:SecureTransport': 'true' },
      });
      expect(decision).toBe('ImplicitlyDenied');
    });

    it('denies other accounts changing the topic policy or deleting the topic', async () => {
      for (const action of ['sns:SetTopicAttributes', 'sns:AddPermission', 'sns:DeleteTopic']) {
        const decision = await simulate({
          policy: p.topicPolicy,
          action,
          resource: p.topicArn,
          resourceAccount: p.owner,
          principal: `arn:aws:iam::${auditAccount}:role/admin`,
          identityPolicy: allowIdentity(['sns:*']),
          context: { 'aws:SecureTransport': 'true' },
        });
        expect({ action, decision }).toEqual({ action, decision: 'ExplicitlyDenied' });
      }
    });
  });

  describe('topic key policy', () => {
    const keyArn = () => `arn:aws:kms:${config.homeRegion}:${p.owner}:key/${KEY_ID}`;
    const use = (action: string, sourceArn: string, topicArn = p.topicArn) =>
      simulate({
        policy: p.topicKeyPolicy,
        action,
        resource: keyArn(),
        resourceAccount: p.owner,
        principal: CLOUDTRAIL,
        context: { 'aws:SourceArn': sourceArn, 'kms:EncryptionContext:aws:sns:topicArn': topicArn },
      });

    it('lets CloudTrail generate data keys and decrypt for our trail', async () => {
      expect(await use('kms:GenerateDataKey', p.trailArn)).toBe('Allowed');
      expect(await use('kms:Decrypt', p.trailArn)).toBe('Allowed');
    });

    it('denies CloudTrail for another trail', async () => {
      expect(await use('kms:GenerateDataKey', `arn:aws:cloudtrail:${config.homeRegion}:${FOREIGN_ACCOUNT}:trail/x`)).toBe(
        'ImplicitlyDenied',
      );
    });

    it('denies CloudTrail using the key for another topic', async () => {
      expect(await use('kms:GenerateDataKey', p.trailArn, `${p.topicArn}-other`)).toBe('ImplicitlyDenied');
    });

    it('never lets CloudTrail administer the key', async () => {
      expect(await use('kms:PutKeyPolicy', p.trailArn)).toBe('ImplicitlyDenied');
    });
  });

  describe('log group key policy', () => {
    const logs = (logGroupArn: string, action = 'kms:GenerateDataKey') =>
      simulate({
        policy: p.logKeyPolicy,
        action,
        resource: `arn:aws:kms:${config.homeRegion}:${p.owner}:key/${KEY_ID}`,
        resourceAccount: p.owner,
        principal: `logs.${config.homeRegion}.amazonaws.com`,
        context: { 'kms:EncryptionContext:aws:logs:arn': logGroupArn },
      });

    it('lets CloudWatch Logs encrypt for the trail log group', async () => {
      expect(await logs(p.logGroupArn)).toBe('Allowed');
      expect(await logs(p.logGroupArn, 'kms:Decrypt')).toBe('Allowed');
    });

    it('denies CloudWatch Logs for any other log group', async () => {
      expect(await logs(p.logGroupArn.replace(/log-group:.*$/, 'log-group:other'))).toBe('ImplicitlyDenied');
    });
  });

  describe('delivery role trust policy', () => {
    const roleArn = () => `arn:aws:iam::${p.owner}:role/${config.cloudWatchLogs.roleName}`;
    const assume = (principal: string, sourceArn?: string) =>
      simulate({
        policy: p.roleTrust,
        action: 'sts:AssumeRole',
        resource: roleArn(),
        resourceAccount: p.owner,
        principal,
        context: sourceArn ? { 'aws:SourceArn': sourceArn } : {},
      });

    it('lets CloudTrail assume it (CloudTrail sends no source ARN for this role)', async () => {
      expect(await assume(CLOUDTRAIL)).toBe('Allowed');
    });

    it('denies a principal of another account', async () => {
      expect(await assume(`arn:aws:iam::${FOREIGN_ACCOUNT}:role/attacker`)).toBe('ImplicitlyDenied');
    });

    it('denies any other service', async () => {
      expect(await assume('lambda.amazonaws.com', p.trailArn)).toBe('ImplicitlyDenied');
    });
  });
});
