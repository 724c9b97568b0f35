/**
 * Policy simulation for the alarm topic: its topic policy and key policy, evaluated request by
 * request with the context CloudWatch sends when an alarm notifies (the service principal, the
 * alarm ARN as `aws:SourceArn`, the alarm's account as `aws:SourceAccount`, and on the key the SNS
 * encryption context of the topic); and the app's alarm topic with `alarms.notifyChat`, evaluated
 * for Subscribe requests with the `sns:Protocol` and `sns:Endpoint` SNS puts in their context.
 */
import { AlarmTopic } from '../../modules/alarms/alarm-topic';
import { exampleConfig } from '../support/config';
import { allowIdentity, policyAt, simulate, synthesizedPolicies } from '../support/simulate';
import { buildExample, testStack } from '../support/synth';

const CLOUDWATCH = 'cloudwatch.amazonaws.com';
const OWNER = '111111111111';
const FOREIGN = '999988887777';
const REGION = 'eu-west-1';
const TOPIC_ARN = `arn:aws:sns:${REGION}:${OWNER}:org-trail-alarms`;
const KEY_ARN = `arn:aws:kms:${REGION}:${OWNER}:key/5d9a1f0e-2b7c-4e3a-9f61-0c2d3e4f5a6b`;
const alarmArn = (account: string, region = REGION, name = 'org-trail-trail-tampering') =>
  `arn:aws:cloudwatch:${region}:${account}:alarm:${name}`;

function alarmTopicPolicies() {
  const stack = testStack(REGION, 'alarms');
  new AlarmTopic(stack, 'Notify', { topicName: 'org-trail-alarms', accountId: OWNER, region: REGION });
  const policies = synthesizedPolicies(stack);
  return { topicPolicy: policyAt(policies, 'alarms/Notify/Topic/Policy'), keyPolicy: policyAt(policies, 'alarms/Notify/Topic/Key/Key') };
}

describe('alarm topic policies (simulated)', () => {
  const p = alarmTopicPolicies();

  describe('topic policy', () => {
    const publish = (context: Record<string, string>, principal = CLOUDWATCH, identity = false) =>
      simulate({
        policy: p.topicPolicy,
        action: 'sns:Publish',
        resource: TOPIC_ARN,
        resourceAccount: OWNER,
        principal,
        identityPolicy: identity ? allowIdentity(['sns:Publish']) : undefined,
        context: { 'aws:SecureTransport': 'true', ...context },
      });

    it('lets CloudWatch publish for an alarm of this account and region', async () => {
      expect(await publish({ 'aws:SourceArn': alarmArn(OWNER), 'aws:SourceAccount': OWNER })).toBe('Allowed');
    });

    it('lets CloudWatch publish for any alarm name of this account', async () => {
      expect(await publish({ 'aws:SourceArn': alarmArn(OWNER, REGION, 'team-app-latency'), 'aws:SourceAccount': OWNER })).toBe('Allowed');
    });

    it("denies CloudWatch publishing for another account's alarm", async () => {
      expect(await publish({ 'aws:SourceArn': alarmArn(FOREIGN), 'aws:SourceAccount': FOREIGN })).toBe('ImplicitlyDenied');
    });

    it("denies another account's alarm even when it claims this account as source account", async () => {
      expect(await publish({ 'aws:SourceArn': alarmArn(FOREIGN), 'aws:SourceAccount': OWNER })).toBe('ImplicitlyDenied');
    });

    it('denies an alarm of this account in another region', async () => {
      expect(await publish({ 'aws:SourceArn': alarmArn(OWNER, 'us-east-1'), 'aws:SourceAccount': OWNER })).toBe('ImplicitlyDenied');
    });

    it('denies CloudWatch publishing without a source alarm', async () => {
      expect(await publish({ 'aws:SourceAccount': OWNER })).toBe('ImplicitlyDenied');
    });

    it('denies CloudWatch publishing without TLS, even for our alarm', async () => {
      expect(await publish({ 'aws:SourceArn': alarmArn(OWNER), 'aws:SourceAccount': OWNER, 'aws:SecureTransport': 'false' })).toBe(
        'ExplicitlyDenied',
      );
    });

    it('denies another service publishing with our alarm as source', async () => {
      expect(await publish({ 'aws:SourceArn': alarmArn(OWNER), 'aws:SourceAccount': OWNER }, 'events.amazonaws.com')).toBe(
        'ImplicitlyDenied',
      );
    });

    it('denies an IAM principal of another account, even with its own identity allow', async () => {
      expect(await publish({}, `arn:aws:iam::${FOREIGN}:role/publisher`, true)).toBe('ImplicitlyDenied');
    });

    it('denies an IAM principal of another account changing the topic policy', async () => {
      const decision = await simulate({
        policy: p.topicPolicy,
        action: 'sns:SetTopicAttributes',
        resource: TOPIC_ARN,
        resourceAccount: OWNER,
        principal: `arn:aws:iam::${FOREIGN}:role/admin`,
        identityPolicy: allowIdentity(['sns:SetTopicAttributes']),
        context: { 'aws:SecureTransport': 'true' },
      });
      expect(decision).toBe('ExplicitlyDenied');
    });
  });

  describe('key policy', () => {
    const useKey = (action: string, context: Record<string, string>, principal = CLOUDWATCH, identity = false) =>
      simulate({
        policy: p.keyPolicy,
        action,
        resource: KEY_ARN,
        resourceAccount: OWNER,
        principal,
        identityPolicy: identity ? allowIdentity([action]) : undefined,
        context,
      });
    const ours = { 'aws:SourceArn': alarmArn(OWNER), 'aws:SourceAccount': OWNER, 'kms:EncryptionContext:aws:sns:topicArn': TOPIC_ARN };

    it.each(['kms:GenerateDataKey', 'kms:Decrypt'])('lets CloudWatch %s for an alarm of this account on this topic', async (action) => {
      expect(await useKey(action, ours)).toBe('Allowed');
    });

    it("denies CloudWatch using the key for another account's alarm", async () => {
      expect(await useKey('kms:GenerateDataKey', { ...ours, 'aws:SourceArn': alarmArn(FOREIGN), 'aws:SourceAccount': FOREIGN })).toBe(
        'ImplicitlyDenied',
      );
    });

    it('denies CloudWatch using the key for another topic', async () => {
      expect(
        await useKey('kms:GenerateDataKey', { ...ours, 'kms:EncryptionContext:aws:sns:topicArn': `arn:aws:sns:${REGION}:${OWNER}:other` }),
      ).toBe('ImplicitlyDenied');
    });

    it('denies CloudWatch using the key without a source alarm', async () => {
      const { 'aws:SourceArn': _, ...withoutSource } = ours;
      expect(await useKey('kms:GenerateDataKey', withoutSource)).toBe('ImplicitlyDenied');
    });

    it('denies CloudWatch anything but encrypting and decrypting notifications', async () => {
      expect(await useKey('kms:ScheduleKeyDeletion', ours)).toBe('ImplicitlyDenied');
    });

    it('denies an IAM principal of another account, even with its own identity allow', async () => {
      expect(
        await useKey('kms:Decrypt', { 'kms:EncryptionContext:aws:sns:topicArn': TOPIC_ARN }, `arn:aws:iam::${FOREIGN}:role/reader`, true),
      ).toBe('ImplicitlyDenied');
    });
  });
});

describe('alarm topic policy with alarms.notifyChat (example config, simulated)', () => {
  const AUDIT = '456789012345';
  const MANAGEMENT = '210987654321';
  const TOPIC = `arn:aws:sns:eu-west-1:${MANAGEMENT}:acme-organization-trail-alarms`;
  const CHAT = `arn:aws:lambda:eu-west-1:${AUDIT}:function:acme-deployment-chat-notifier`;
  const DEPLOYER = `arn:aws:sts::${AUDIT}:assumed-role/OrgLoggingDeployment/terraform`;
  const stack = buildExample(exampleConfig()).stacks.get('organization-trail');
  const policy = policyAt(synthesizedPolicies(stack), 'organization-trail/AlarmTopic/Topic/Policy');

  /** A Subscribe request as SNS evaluates it: the caller, its identity allow, the protocol and endpoint. */
  const subscribe = (protocol: string, endpoint: string, principal = DEPLOYER, identity = true) =>
    simulate({
      policy,
      action: 'sns:Subscribe',
      resource: TOPIC,
      resourceAccount: MANAGEMENT,
      principal,
      identityPolicy: identity ? allowIdentity(['sns:Subscribe']) : undefined,
      context: { 'aws:SecureTransport': 'true', 'sns:Protocol': protocol, 'sns:Endpoint': endpoint },
    });

  it('lets the audit account subscribe its chat notifier by lambda', async () => {
    expect(await subscribe('lambda', CHAT)).toBe('Allowed');
  });

  it.each([
    ['an email address', 'email', 'attacker@example.com'],
    ['an HTTPS endpoint', 'https', 'https://hooks.example.com/collect'],
    ['the chat function by another protocol', 'sqs', CHAT],
  ])('denies the audit account subscribing %s', async (_, protocol, endpoint) => {
    expect(await subscribe(protocol, endpoint)).toBe('ImplicitlyDenied');
  });

  it('denies the audit account subscribing another of its functions', async () => {
    expect(await subscribe('lambda', `arn:aws:lambda:eu-west-1:${AUDIT}:function:exfiltrate`)).toBe('ImplicitlyDenied');
  });

  it('denies another account subscribing, even the chat function by lambda with its own identity allow', async () => {
    expect(await subscribe('lambda', CHAT, `arn:aws:sts::${FOREIGN}:assumed-role/admin/session`)).toBe('ImplicitlyDenied');
  });

  it("needs the caller's own identity allow too (cross-account access takes both sides)", async () => {
    expect(await subscribe('lambda', CHAT, DEPLOYER, false)).toBe('ImplicitlyDenied');
  });
});
