/**
 * Policy simulation for deployment monitoring in the audit account: the central bus policy, the bus
 * key and dead-letter queue, and every route target's resource policy, key policy or role,
 * evaluated request by request. Key requests carry what KMS sees when EventBridge writes to an
 * encrypted topic or queue: the target's encryption context, no aws:SourceArn or aws:SourceAccount.
 * Expected ARNs are written out from the names below, never read from the module code under test.
 */
import type { TerraformStack } from 'cdktf';
import { CentralEventBus } from '../../modules/deployment-monitoring/central-event-bus';
import { ChatNotifier } from '../../modules/deployment-monitoring/chat-notifier';
import { EncryptedQueue } from '../../modules/deployment-monitoring/encrypted-queue';
import { EncryptedStream } from '../../modules/deployment-monitoring/encrypted-stream';
import { NotificationTopic } from '../../modules/notification-topic';
import { AUDIT, ORGANIZATION_ID, resourceAt } from '../support/modules';
import {
  allowIdentity,
  type ContextValues,
  literalPolicy,
  type PolicyJson,
  policyAt,
  simulate,
  synthesizedPolicies,
} from '../support/simulate';
import { synthJson, testStack } from '../support/synth';

const REGION = 'eu-west-1';
const MEMBER = '444455556666';
const OUTSIDER = '999988887777';
const OTHER_ORGANIZATION = 'o-zzzzzzzzzz';
const EVENTS = 'events.amazonaws.com';
const KEY = `arn:aws:kms:${REGION}:${AUDIT}:key/0b6f3c2e-6a2d-4d8e-9a51-3f4f1c1b2a7e`;
const TLS = { 'aws:SecureTransport': 'true' } as const;

const BUS = `arn:aws:events:${REGION}:${AUDIT}:event-bus/deployments`;
const rule = (name: string) => `arn:aws:events:${REGION}:${AUDIT}:rule/deployments/${name}`;
const DEPLOYMENT_NOTIFY = rule('failures-deployment-notify');
const INSTANCE_NOTIFY = rule('failures-instance-notify');
const DATA = rule('failures-data');
/** A rule on the same bus that feeds none of these targets. */
const STRANGER = rule('someone-elses-rule');
const QUEUE = `arn:aws:sqs:${REGION}:${AUDIT}:deploy-events`;
const DLQ = `arn:aws:sqs:${REGION}:${AUDIT}:failures-dlq`;
const TOPIC = `arn:aws:sns:${REGION}:${AUDIT}:deploy-alerts`;
const STREAM = `arn:aws:kinesis:${REGION}:${AUDIT}:stream/deploy-events`;
const STREAM_ROLE = `arn:aws:iam::${AUDIT}:role/deploy-events-eventbridge`;
const FORWARDER_ROLE = 'acme-codedeploy-forwarder';
const forwarder = (account: string) => `arn:aws:iam::${account}:role/${FORWARDER_ROLE}`;
const BUS_DLQ = `arn:aws:sqs:${REGION}:${AUDIT}:deployments-bus-dlq`;
const DEPLOYMENT_EVENT = { source: 'aws.codedeploy', detailType: 'CodeDeploy Deployment State-change Notification' };
const INSTANCE_EVENT = { source: 'aws.codedeploy', detailType: 'CodeDeploy Instance State-change Notification' };

function audit(): { stack: TerraformStack } {
  const stack = testStack(REGION, 'audit');
  const bus = new CentralEventBus(stack, 'Bus', {
    busName: 'deployments',
    accountId: AUDIT,
    region: REGION,
    organizationId: ORGANIZATION_ID,
    forwarderRoleName: FORWARDER_ROLE,
  });
  const topic = new NotificationTopic(stack, 'Alerts', {
    topicName: 'deploy-alerts',
    accountId: AUDIT,
    region: REGION,
    keyAliasName: 'alias/deploy-alerts',
  });
  const queue = new EncryptedQueue(stack, 'Queue', { queueName: 'deploy-events', accountId: AUDIT, region: REGION });
  const stream = new EncryptedStream(stack, 'Stream', { streamName: 'deploy-events', accountId: AUDIT, region: REGION });
  new ChatNotifier(stack, 'Chat', { functionName: 'deploy-chat', accountId: AUDIT, region: REGION, webhookParameterName: '/chat/hook' });
  bus.addRoute('Failures', {
    routeName: 'failures',
    filter: { kinds: ['deployment', 'instance'], states: ['FAILURE'] },
    targets: [
      { type: 'topic', id: 'alerts', topic },
      { type: 'queue', id: 'queue', queue },
      { type: 'stream', id: 'stream', stream },
    ],
  });
  return { stack };
}

const { stack } = audit();
const policies = synthesizedPolicies(stack);
const json = synthJson(stack);
const busPolicy = policyAt(policies, 'audit/Bus/Policy');
const busKeyPolicy = policyAt(policies, 'audit/Bus/Key/Key');
const busDlqPolicy = policyAt(policies, 'audit/Bus/DeadLetterQueue/Policy');
const queuePolicy = policyAt(policies, 'audit/Queue/Policy');
const queueKeyPolicy = policyAt(policies, 'audit/Queue/Key/Key');
const dlqPolicy = policyAt(policies, 'audit/Bus/Failures/DeadLetterQueue/Policy');
const dlqKeyPolicy = policyAt(policies, 'audit/Bus/Failures/DeadLetterQueue/Key/Key');
const topicPolicy = policyAt(policies, 'audit/Alerts/Policy');
const topicKeyPolicy = policyAt(policies, 'audit/Alerts/Key/Key');
const streamKeyPolicy = policyAt(policies, 'audit/Stream/Key/Key');
const streamRolePolicy = policyAt(policies, 'audit/Stream/RolePolicy');
const chatTrust = literalPolicy(resourceAt(json, 'aws_iam_role', 'Chat/Role').assume_role_policy as string, 'audit/Chat/Role trust');
const chatLogKeyPolicy = policyAt(policies, 'audit/Chat/LogKey/Key');
const streamTrust = literalPolicy(resourceAt(json, 'aws_iam_role', 'Stream/Role').assume_role_policy as string, 'audit/Stream/Role trust');

/** A request by a service principal to a resource of the audit account. */
function serviceRequest(policy: PolicyJson, action: string, resource: string, context: ContextValues) {
  return simulate({ policy, action, resource, resourceAccount: AUDIT, principal: EVENTS, context });
}

describe('deployment monitoring policies (simulated)', () => {
  describe('central bus policy', () => {
    /** PutEvents as a role of `account` (a session of it), with one entry per event of the batch. */
    const putEvents = (
      role: string,
      events: readonly { source: string; detailType: string }[],
      organizationId = ORGANIZATION_ID,
      identity = true,
    ) =>
      simulate({
        policy: busPolicy,
        action: 'events:PutEvents',
        resource: BUS,
        resourceAccount: AUDIT,
        principal: role.replace(/^arn:aws:iam::(\d{12}):role\/(.+)$/, 'arn:aws:sts::$1:assumed-role/$2/events'),
        identityPolicy: identity ? allowIdentity(['events:PutEvents'], [BUS]) : undefined,
        context: {
          'aws:PrincipalOrgID': organizationId,
          // No entry, no key: ForAllValues alone would pass an absent key; the policy's Null test does not.
          ...(events.length > 0
            ? { 'events:source': events.map((e) => e.source), 'events:detail-type': events.map((e) => e.detailType) }
            : {}),
          ...TLS,
        },
      });
    const admin = (account: string) => `arn:aws:iam::${account}:role/Administrator`;

    it("lets a member account's forwarding role put CodeDeploy deployment and instance state changes", async () => {
      expect(await putEvents(forwarder(MEMBER), [DEPLOYMENT_EVENT])).toBe('Allowed');
      expect(await putEvents(forwarder(MEMBER), [INSTANCE_EVENT, DEPLOYMENT_EVENT])).toBe('Allowed');
      // The management account forwards with the same role name (ManagementAccountForwarding).
      expect(await putEvents(forwarder('210987654321'), [DEPLOYMENT_EVENT])).toBe('Allowed');
    });

    it('refuses a member administrator, even with CodeDeploy-looking events and its own identity allow', async () => {
      expect(await putEvents(admin(MEMBER), [DEPLOYMENT_EVENT])).toBe('ImplicitlyDenied');
      expect(await putEvents(admin(MEMBER), [{ source: 'acme.deployments', detailType: 'Deployment finished' }])).toBe('ImplicitlyDenied');
      // A role whose name merely contains the forwarder's.
      expect(await putEvents(`arn:aws:iam::${MEMBER}:role/x-${FORWARDER_ROLE}`, [DEPLOYMENT_EVENT])).toBe('ImplicitlyDenied');
    });

    it('refuses a forwarding role putting any other source or detail type, alone or in a batch with CodeDeploy events', async () => {
      expect(await putEvents(forwarder(MEMBER), [{ source: 'aws.ec2', detailType: 'EC2 Instance State-change Notification' }])).toBe(
        'ImplicitlyDenied',
      );
      expect(await putEvents(forwarder(MEMBER), [{ source: 'aws.codedeploy', detailType: 'AWS API Call via CloudTrail' }])).toBe(
        'ImplicitlyDenied',
      );
      expect(await putEvents(forwarder(MEMBER), [DEPLOYMENT_EVENT, { source: 'acme.app', detailType: 'Order' }])).toBe('ImplicitlyDenied');
      expect(await putEvents(forwarder(MEMBER), [])).toBe('ImplicitlyDenied');
    });

    it('refuses a forwarding role of an account outside the organization, even with its own identity allow', async () => {
      expect(await putEvents(forwarder(OUTSIDER), [DEPLOYMENT_EVENT], OTHER_ORGANIZATION)).toBe('ImplicitlyDenied');
    });

    it("refuses a member account's forwarding role whose own identity policy does not allow PutEvents", async () => {
      expect(await putEvents(forwarder(MEMBER), [DEPLOYMENT_EVENT], ORGANIZATION_ID, false)).toBe('ImplicitlyDenied');
    });

    const changeBus = (action: string, account: string) =>
      simulate({
        policy: busPolicy,
        action,
        resource: BUS,
        resourceAccount: AUDIT,
        principal: `arn:aws:iam::${account}:role/Administrator`,
        identityPolicy: allowIdentity(['events:*']),
        context: { 'aws:PrincipalOrgID': ORGANIZATION_ID },
      });

    it.each(['events:UpdateEventBus', 'events:DeleteEventBus', 'events:TagResource'])(
      'lets no other organization account %s on the bus; the audit account may',
      async (action) => {
        expect(await changeBus(action, MEMBER)).toBe('ImplicitlyDenied');
        expect(await changeBus(action, AUDIT)).toBe('Allowed');
      },
    );

    it.each(['events:PutPermission', 'events:RemovePermission'])(
      'cannot even address the bus from another account with %s: the action has no resource type, so it acts on the caller’s own buses only',
      async (action) => {
        await expect(changeBus(action, MEMBER)).rejects.toThrow(/must\.use\.wildcard/);
      },
    );

    /** The bus policy plus an over-broad allow someone might add later: the deny must still hold. */
    const widened: PolicyJson = {
      ...busPolicy,
      Statement: [
        ...(busPolicy.Statement as unknown[]),
        {
          Sid: 'MistakenOrganizationRuleAccess',
          Effect: 'Allow',
          Principal: '*',
          Action: 'events:*',
          Resource: `arn:aws:events:${REGION}:${AUDIT}:rule/deployments/*`,
          Condition: { StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION_ID } },
        },
      ],
    };
    const changeRule = (policy: PolicyJson, action: string, account: string) =>
      simulate({
        policy,
        action,
        resource: rule('failures-data'),
        resourceAccount: AUDIT,
        principal: `arn:aws:iam::${account}:role/Administrator`,
        identityPolicy: allowIdentity(['events:*']),
        context: { 'aws:PrincipalOrgID': ORGANIZATION_ID },
      });

    it.each(['events:PutRule', 'events:DeleteRule', 'events:PutTargets', 'events:RemoveTargets', 'events:DisableRule'])(
      'denies %s on its rules to every other account, even when another statement allows it; the audit account may',
      async (action) => {
        expect(await changeRule(widened, action, MEMBER)).toBe('ExplicitlyDenied');
        expect(await changeRule(busPolicy, action, MEMBER)).toBe('ExplicitlyDenied');
        expect(await changeRule(busPolicy, action, AUDIT)).toBe('Allowed');
      },
    );
  });

  describe('bus key policy', () => {
    const useKey = (action: string, context: ContextValues) => serviceRequest(busKeyPolicy, action, KEY, context);

    it('lets EventBridge generate and decrypt data keys for this bus', async () => {
      for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
        expect(await useKey(action, { 'kms:EncryptionContext:aws:events:event-bus:arn': BUS })).toBe('Allowed');
      }
    });

    it('refuses data keys for another bus, and without the bus encryption context', async () => {
      const other = `arn:aws:events:${REGION}:${OUTSIDER}:event-bus/deployments`;
      expect(await useKey('kms:GenerateDataKey', { 'kms:EncryptionContext:aws:events:event-bus:arn': other })).toBe('ImplicitlyDenied');
      expect(await useKey('kms:GenerateDataKey', {})).toBe('ImplicitlyDenied');
    });

    it('lets EventBridge describe the key for this account, or with no source account, but not for another account', async () => {
      expect(await useKey('kms:DescribeKey', { 'aws:SourceAccount': AUDIT })).toBe('Allowed');
      expect(await useKey('kms:DescribeKey', {})).toBe('Allowed');
      expect(await useKey('kms:DescribeKey', { 'aws:SourceAccount': OUTSIDER })).toBe('ImplicitlyDenied');
    });
  });

  describe('queue target', () => {
    const send = (policy: PolicyJson, queue: string, sourceArn: string, context: ContextValues = TLS) =>
      serviceRequest(policy, 'sqs:SendMessage', queue, { 'aws:SourceArn': sourceArn, ...context });

    it('admits only the data rule that feeds it', async () => {
      expect(await send(queuePolicy, QUEUE, DATA)).toBe('Allowed');
      expect(await send(queuePolicy, QUEUE, DEPLOYMENT_NOTIFY)).toBe('ImplicitlyDenied');
      expect(await send(queuePolicy, QUEUE, STRANGER)).toBe('ImplicitlyDenied');
    });

    it('denies sending without TLS', async () => {
      expect(await send(queuePolicy, QUEUE, DATA, { 'aws:SecureTransport': 'false' })).toBe('ExplicitlyDenied');
    });

    it("lets EventBridge use the queue key with this queue's encryption context and no source key, as KMS sees it", async () => {
      for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
        expect(await serviceRequest(queueKeyPolicy, action, KEY, { 'kms:EncryptionContext:aws:sqs:arn': QUEUE })).toBe('Allowed');
        expect(await serviceRequest(queueKeyPolicy, action, KEY, { 'kms:EncryptionContext:aws:sqs:arn': `${QUEUE}-other` })).toBe(
          'ImplicitlyDenied',
        );
        expect(await serviceRequest(queueKeyPolicy, action, KEY, {})).toBe('ImplicitlyDenied');
      }
    });
  });

  describe("route's dead-letter queue", () => {
    it.each([DEPLOYMENT_NOTIFY, INSTANCE_NOTIFY, DATA])('admits the route rule %s', async (source) => {
      expect(await serviceRequest(dlqPolicy, 'sqs:SendMessage', DLQ, { 'aws:SourceArn': source, ...TLS })).toBe('Allowed');
    });

    it('refuses any other rule', async () => {
      expect(await serviceRequest(dlqPolicy, 'sqs:SendMessage', DLQ, { 'aws:SourceArn': STRANGER, ...TLS })).toBe('ImplicitlyDenied');
    });

    it("lets EventBridge use its key with the queue's encryption context only", async () => {
      const use = (queue: string) =>
        serviceRequest(dlqKeyPolicy, 'kms:GenerateDataKey', KEY, { 'kms:EncryptionContext:aws:sqs:arn': queue });
      expect(await use(DLQ)).toBe('Allowed');
      expect(await use(QUEUE)).toBe('ImplicitlyDenied');
    });
  });

  describe("bus's own dead-letter queue", () => {
    it('admits the bus (aws:SourceArn = the bus ARN), not a rule of it nor another bus', async () => {
      const send = (source: string) => serviceRequest(busDlqPolicy, 'sqs:SendMessage', BUS_DLQ, { 'aws:SourceArn': source, ...TLS });
      expect(await send(BUS)).toBe('Allowed');
      expect(await send(DATA)).toBe('ImplicitlyDenied');
      expect(await send(`arn:aws:events:${REGION}:${OUTSIDER}:event-bus/deployments`)).toBe('ImplicitlyDenied');
    });

    it("is encrypted with the bus key, which EventBridge may use with the queue's encryption context, and no other queue's", async () => {
      const use = (queue: string) =>
        serviceRequest(busKeyPolicy, 'kms:GenerateDataKey', KEY, { 'kms:EncryptionContext:aws:sqs:arn': queue });
      expect(await use(BUS_DLQ)).toBe('Allowed');
      expect(await use(QUEUE)).toBe('ImplicitlyDenied');
    });
  });

  describe('topic target', () => {
    const publish = (sourceArn: string) => serviceRequest(topicPolicy, 'sns:Publish', TOPIC, { 'aws:SourceArn': sourceArn, ...TLS });

    it('admits the two notification rules that feed it', async () => {
      expect(await publish(DEPLOYMENT_NOTIFY)).toBe('Allowed');
      expect(await publish(INSTANCE_NOTIFY)).toBe('Allowed');
    });

    it('refuses the data rule and any other rule', async () => {
      expect(await publish(DATA)).toBe('ImplicitlyDenied');
      expect(await publish(STRANGER)).toBe('ImplicitlyDenied');
    });

    it("lets EventBridge encrypt with the topic key under the topic's encryption context, with no source key (as KMS sees it)", async () => {
      // SNS: aws:SourceArn, aws:SourceAccount and aws:SourceOrgID in a key policy are "not supported
      // for EventBridge-to-encrypted topics": the request below carries none of them.
      const use = (action: string, topicArn: string) =>
        serviceRequest(topicKeyPolicy, action, KEY, { 'kms:EncryptionContext:aws:sns:topicArn': topicArn });
      for (const action of ['kms:GenerateDataKey', 'kms:Decrypt']) {
        expect(await use(action, TOPIC)).toBe('Allowed');
        expect(await use(action, `arn:aws:sns:${REGION}:${AUDIT}:other-topic`)).toBe('ImplicitlyDenied');
      }
      expect(await serviceRequest(topicKeyPolicy, 'kms:GenerateDataKey', KEY, {})).toBe('ImplicitlyDenied');
    });
  });

  describe('stream target', () => {
    const assume = (sourceArn: string, sourceAccount = AUDIT) =>
      simulate({
        policy: streamTrust,
        action: 'sts:AssumeRole',
        resource: STREAM_ROLE,
        resourceAccount: AUDIT,
        principal: EVENTS,
        context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': sourceAccount },
      });

    it('lets EventBridge assume the role for the data rule only', async () => {
      expect(await assume(DATA)).toBe('Allowed');
      expect(await assume(DEPLOYMENT_NOTIFY)).toBe('ImplicitlyDenied');
      expect(await assume(STRANGER)).toBe('ImplicitlyDenied');
      expect(await assume(DATA, OUTSIDER)).toBe('ImplicitlyDenied');
    });

    const asRole = (policy: PolicyJson | undefined, action: string, resource: string, context: ContextValues = {}) =>
      simulate({
        policy,
        action,
        resource,
        resourceAccount: AUDIT,
        principal: `arn:aws:sts::${AUDIT}:assumed-role/deploy-events-eventbridge/events`,
        identityPolicy: streamRolePolicy,
        context,
      });

    it('lets the role put records on this stream only', async () => {
      for (const action of ['kinesis:PutRecord', 'kinesis:PutRecords']) {
        expect(await asRole(undefined, action, STREAM)).toBe('Allowed');
        expect(await asRole(undefined, action, `${STREAM}-other`)).toBe('ImplicitlyDenied');
      }
      expect(await asRole(undefined, 'kinesis:DeleteStream', STREAM)).toBe('ImplicitlyDenied');
    });

    it("lets the role generate data keys with the stream's key for this stream's records only", async () => {
      const context = (stream: string) => ({ 'kms:EncryptionContext:aws:kinesis:arn': stream });
      expect(await asRole(streamKeyPolicy, 'kms:GenerateDataKey', KEY, context(STREAM))).toBe('Allowed');
      expect(await asRole(streamKeyPolicy, 'kms:GenerateDataKey', KEY, context(`${STREAM}-other`))).toBe('ImplicitlyDenied');
      expect(await asRole(streamKeyPolicy, 'kms:Decrypt', KEY, context(STREAM))).toBe('ImplicitlyDenied');
    });

    it('gives EventBridge itself no use of the stream key: records go through the role', async () => {
      expect(await serviceRequest(streamKeyPolicy, 'kms:GenerateDataKey', KEY, { 'aws:SourceArn': DATA })).toBe('ImplicitlyDenied');
    });
  });

  describe('chat notifier', () => {
    const FUNCTION = `arn:aws:lambda:${REGION}:${AUDIT}:function:deploy-chat`;
    const assume = (sourceArn: string, sourceAccount = AUDIT) =>
      simulate({
        policy: chatTrust,
        action: 'sts:AssumeRole',
        resource: `arn:aws:iam::${AUDIT}:role/deploy-chat`,
        resourceAccount: AUDIT,
        principal: 'lambda.amazonaws.com',
        context: { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': sourceAccount },
      });

    it('lets Lambda assume the role for this function only (aws:SourceArn, aws:SourceAccount)', async () => {
      expect(await assume(FUNCTION)).toBe('Allowed');
      expect(await assume(`${FUNCTION}:live`)).toBe('Allowed');
      expect(await assume(`arn:aws:lambda:${REGION}:${AUDIT}:function:deploy-chat-2`)).toBe('ImplicitlyDenied');
      expect(await assume(`arn:aws:lambda:${REGION}:${OUTSIDER}:function:deploy-chat`, OUTSIDER)).toBe('ImplicitlyDenied');
    });

    it("lets CloudWatch Logs use the log key for the notifier's log group only", async () => {
      const group = (name: string) => `arn:aws:logs:${REGION}:${AUDIT}:log-group:${name}`;
      const use = (action: string, logGroup: string) =>
        simulate({
          policy: chatLogKeyPolicy,
          action,
          resource: KEY,
          resourceAccount: AUDIT,
          principal: `logs.${REGION}.amazonaws.com`,
          context: { 'kms:EncryptionContext:aws:logs:arn': logGroup },
        });
      for (const action of ['kms:GenerateDataKey', 'kms:Decrypt', 'kms:Encrypt']) {
        expect(await use(action, group('/aws/lambda/deploy-chat'))).toBe('Allowed');
        expect(await use(action, group('/aws/lambda/other'))).toBe('ImplicitlyDenied');
      }
    });
  });

  it('simulates only literal policies (no Terraform expression left in any of them)', () => {
    expect([...policies.keys()].sort()).toEqual(
      [
        'audit/Alerts/Key/Key',
        'audit/Alerts/Policy',
        'audit/Bus/Failures/DeadLetterQueue/Key/Key',
        'audit/Bus/Failures/DeadLetterQueue/Policy',
        'audit/Bus/DeadLetterQueue/Policy',
        'audit/Bus/Key/Key',
        'audit/Bus/Policy',
        'audit/Chat/LogKey/Key',
        'audit/Chat/RolePolicy',
        'audit/Queue/DeadLetterQueuePolicy',
        'audit/Queue/Key/Key',
        'audit/Queue/Policy',
        'audit/Stream/Key/Key',
        'audit/Stream/RolePolicy',
      ].sort(),
    );
    for (const [path, text] of policies) expect(() => literalPolicy(text, path)).not.toThrow();
  });
});
