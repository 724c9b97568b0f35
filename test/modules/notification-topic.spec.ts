import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { NotificationTopic, type NotificationTopicProps } from '../../modules/notification-topic';
import { PolicyStatement } from '../../modules/policy-document';
import { trailReference } from '../../modules/references';
import type { TopicSubscription } from '../../modules/topic-subscriptions';
import {
  AUDIT,
  addressAt,
  annotationsOf,
  MANAGEMENT,
  ORGANIZATION_ID,
  preventDestroyFlags,
  resourceAt,
  statementsOf,
  statementWithSid,
} from '../support/modules';
import { type SynthesizedJson, synthJson, testStack } from '../support/synth';

const TOPIC_ARN = `arn:aws:sns:us-east-1:${MANAGEMENT}:deliveries`;

function newTopic(props: Partial<NotificationTopicProps> = {}) {
  const stack = testStack();
  const topic = new NotificationTopic(stack, 'Topic', {
    topicName: 'deliveries',
    accountId: MANAGEMENT,
    region: 'us-east-1',
    keyAliasName: 'alias/deliveries',
    ...props,
  });
  return { stack, topic };
}

const topicStatements = (topic: NotificationTopic) => topic.policyDocument().toJSON().Statement;
const keyStatements = (topic: NotificationTopic) => topic.key.policyDocument().toJSON().Statement;

const DENIES = [
  {
    Sid: 'DenyPublishWithoutTls',
    Effect: 'Deny',
    Principal: '*',
    Action: 'SNS:Publish',
    Resource: TOPIC_ARN,
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  },
  {
    Sid: 'DenyTopicAdministrationFromOtherAccounts',
    Effect: 'Deny',
    Principal: '*',
    Action: ['SNS:SetTopicAttributes', 'SNS:AddPermission', 'SNS:RemovePermission', 'SNS:DeleteTopic'],
    Resource: TOPIC_ARN,
    Condition: { StringNotEquals: { 'aws:PrincipalAccount': MANAGEMENT } },
  },
];

const ALARMS = `arn:aws:cloudwatch:us-east-1:${MANAGEMENT}:alarm:*`;
const RULE = `arn:aws:events:us-east-1:${MANAGEMENT}:rule/deliveries`;
const orgTrail = trailReference({ trailName: 'org', homeRegion: 'us-east-1', ownerAccountId: MANAGEMENT, organizationId: ORGANIZATION_ID });

const subscriptionsOf = (json: SynthesizedJson) => Object.values(json.resource.aws_sns_topic_subscription ?? {});

describe('NotificationTopic', () => {
  describe('topic', () => {
    it('is encrypted with its own customer managed key, and has a literal ARN', () => {
      const { stack, topic } = newTopic();
      const json = synthJson(stack);
      expect(resourceAt(json, 'aws_sns_topic', 'Topic/Topic')).toEqual({
        name: 'deliveries',
        kms_master_key_id: `\${${addressAt(json, 'aws_kms_key', 'Topic/Key')}.arn}`,
      });
      expect(resourceAt(json, 'aws_kms_key', 'Topic/Key')).toMatchObject({
        description: 'Encrypts the deliveries SNS topic',
        lifecycle: { prevent_destroy: true },
      });
      expect(resourceAt(json, 'aws_kms_alias', 'Topic/Key/Alias')).toMatchObject({ name: 'alias/deliveries' });
      expect(topic.topicArn).toBe(TOPIC_ARN);
    });

    it('exposes its policy as what a publisher must wait for', () => {
      const { stack, topic } = newTopic();
      const json = synthJson(stack);
      expect(topic.dependables).toHaveLength(1);
      expect(topic.dependables[0]).toBeInstanceOf(SnsTopicPolicy);
      expect((topic.dependables[0] as SnsTopicPolicy).node.path).toBe('test/Topic/Policy');
      expect(resourceAt(json, 'aws_sns_topic_policy', 'Topic/Policy').arn).toBe(
        `\${${addressAt(json, 'aws_sns_topic', 'Topic/Topic')}.arn}`,
      );
    });
  });

  describe('policy', () => {
    it('only denies publishing without TLS and administration from other accounts until something is granted', () => {
      const { stack, topic } = newTopic();
      expect(topicStatements(topic)).toEqual(DENIES);
      expect(statementsOf(resourceAt(synthJson(stack), 'aws_sns_topic_policy', 'Topic/Policy'))).toEqual(DENIES);
    });

    it('adds statements after the grants, before the denies', () => {
      const { topic } = newTopic();
      topic.addToResourcePolicy(
        new PolicyStatement({
          sid: 'AllowAuditGetAttributes',
          principal: { AWS: `arn:aws:iam::${AUDIT}:root` },
          actions: ['SNS:GetTopicAttributes'],
          resources: [TOPIC_ARN],
        }),
      );
      topic.grantCloudTrailPublish(orgTrail);
      expect(topic.policyDocument().sids).toEqual([
        'AllowCloudTrailPublishForOurTrails',
        'AllowAuditGetAttributes',
        'DenyPublishWithoutTls',
        'DenyTopicAdministrationFromOtherAccounts',
      ]);
      expect(statementWithSid(topicStatements(topic), 'AllowAuditGetAttributes')).toEqual({
        Sid: 'AllowAuditGetAttributes',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${AUDIT}:root` },
        Action: 'SNS:GetTopicAttributes',
        Resource: TOPIC_ARN,
      });
    });

    it('renders grants made after construction into the synthesized policy', () => {
      const { stack, topic } = newTopic();
      topic.grantCloudTrailPublish(orgTrail);
      const rendered = statementsOf(resourceAt(synthJson(stack), 'aws_sns_topic_policy', 'Topic/Policy'));
      expect(rendered).toEqual(topicStatements(topic));
      expect(rendered).toHaveLength(3);
    });

    it('fails synth validation when the topic policy outgrows 30 KB', () => {
      const { topic } = newTopic();
      expect(topic.node.validate()).toEqual([]);
      for (let i = 0; i < 300; i++) {
        topic.grantPublish({
          service: 'events.amazonaws.com',
          sourceArns: [`${RULE}-${i}-${'x'.repeat(40)}`],
          sid: 'AllowEventsPublish',
          keySid: 'AllowEventsEncrypt',
        });
      }
      const size = topic.policyDocument().sizeBytes;
      expect(size).toBeGreaterThan(30720);
      expect(topic.node.validate()).toEqual([
        `test/Topic: policy is ${size} bytes; an SNS topic policy holds at most 30720 bytes. Fix: grant fewer publishers or subscribers on this topic, or split them over another topic`,
      ]);
    });
  });

  describe('grantPublish', () => {
    it('lets CloudWatch alarms of one account publish, with ArnLike for the wildcard and the source account', () => {
      const { topic } = newTopic();
      topic.grantPublish({
        service: 'cloudwatch.amazonaws.com',
        sourceArns: [ALARMS],
        sourceAccount: MANAGEMENT,
        sid: 'AllowAlarmsPublish',
        keySid: 'AllowAlarmsEncrypt',
      });
      expect(topicStatements(topic)).toEqual([
        {
          Sid: 'AllowAlarmsPublish',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: 'SNS:Publish',
          Resource: TOPIC_ARN,
          Condition: { ArnLike: { 'aws:SourceArn': ALARMS }, StringEquals: { 'aws:SourceAccount': MANAGEMENT } },
        },
        ...DENIES,
      ]);
    });

    it('lets the publisher use the topic key only for this topic and those sources', () => {
      const { topic } = newTopic();
      topic.grantPublish({
        service: 'cloudwatch.amazonaws.com',
        sourceArns: [ALARMS],
        sourceAccount: MANAGEMENT,
        sid: 'AllowAlarmsPublish',
        keySid: 'AllowAlarmsEncrypt',
      });
      expect(keyStatements(topic).slice(1)).toEqual([
        {
          Sid: 'AllowAlarmsEncrypt',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          Resource: '*',
          Condition: {
            ArnLike: { 'aws:SourceArn': ALARMS },
            StringEquals: { 'aws:SourceAccount': MANAGEMENT, 'kms:EncryptionContext:aws:sns:topicArn': TOPIC_ARN },
          },
        },
      ]);
    });

    it('lets an EventBridge rule publish with StringEquals on its exact ARN, and use the key for this topic only, with no source key', () => {
      const { topic } = newTopic();
      topic.grantPublish({ service: 'events.amazonaws.com', sourceArns: [RULE], sid: 'AllowEventsPublish', keySid: 'AllowEventsEncrypt' });
      expect(topicStatements(topic)[0]).toEqual({
        Sid: 'AllowEventsPublish',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'SNS:Publish',
        Resource: TOPIC_ARN,
        Condition: { StringEquals: { 'aws:SourceArn': RULE } },
      });
      expect(statementWithSid(keyStatements(topic), 'AllowEventsEncrypt')).toEqual({
        Sid: 'AllowEventsEncrypt',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        Resource: '*',
        // SNS: source keys in a key policy are "not supported for EventBridge-to-encrypted topics".
        Condition: { StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': TOPIC_ARN } },
      });
    });

    it('merges the source ARNs of grants with the same Sid in the topic, keeping one key statement', () => {
      const { topic } = newTopic();
      const other = `arn:aws:events:us-east-1:${MANAGEMENT}:rule/alarms`;
      topic.grantPublish({ service: 'events.amazonaws.com', sourceArns: [RULE], sid: 'AllowEventsPublish', keySid: 'AllowEventsEncrypt' });
      topic.grantPublish({
        service: 'events.amazonaws.com',
        sourceArns: [other, RULE],
        sid: 'AllowEventsPublish',
        keySid: 'AllowEventsEncrypt',
      });
      expect(topicStatements(topic)[0].Condition).toEqual({ StringEquals: { 'aws:SourceArn': [RULE, other] } });
      expect(statementWithSid(keyStatements(topic), 'AllowEventsEncrypt').Condition).toEqual({
        StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': TOPIC_ARN },
      });
      expect(topic.policyDocument().statementCount).toBe(3);
    });

    it('keeps separate statements for separate Sids', () => {
      const { topic } = newTopic();
      topic.grantPublish({ service: 'events.amazonaws.com', sourceArns: [RULE], sid: 'AllowEventsPublish', keySid: 'AllowEventsEncrypt' });
      topic.grantPublish({
        service: 'cloudwatch.amazonaws.com',
        sourceArns: [ALARMS],
        sourceAccount: MANAGEMENT,
        sid: 'AllowAlarmsPublish',
        keySid: 'AllowAlarmsEncrypt',
      });
      expect(topic.policyDocument().sids).toEqual([
        'AllowEventsPublish',
        'AllowAlarmsPublish',
        'DenyPublishWithoutTls',
        'DenyTopicAdministrationFromOtherAccounts',
      ]);
      expect(topic.key.policyDocument().sids).toEqual([
        'EnableKeyAdministrationByOwningAccount',
        'AllowEventsEncrypt',
        'AllowAlarmsEncrypt',
      ]);
    });

    it('throws when a Sid is granted again for another service or account', () => {
      const { topic } = newTopic();
      topic.grantPublish({ service: 'events.amazonaws.com', sourceArns: [RULE], sid: 'AllowEventsPublish', keySid: 'AllowEventsEncrypt' });
      const again = 'test/Topic: publish grant AllowEventsPublish was made twice for different services or accounts';
      expect(() =>
        topic.grantPublish({
          service: 'cloudwatch.amazonaws.com',
          sourceArns: [ALARMS],
          sid: 'AllowEventsPublish',
          keySid: 'AllowEventsEncrypt',
        }),
      ).toThrow(again);
      expect(() =>
        topic.grantPublish({
          service: 'events.amazonaws.com',
          sourceArns: [RULE],
          sourceAccount: AUDIT,
          sid: 'AllowEventsPublish',
          keySid: 'AllowEventsEncrypt',
        }),
      ).toThrow(again);
    });
  });

  describe('grantCloudTrailPublish', () => {
    it('lets CloudTrail publish and use the topic key for these trails only', () => {
      const { topic } = newTopic();
      const second = trailReference({ trailName: 'second', homeRegion: 'us-east-1', ownerAccountId: MANAGEMENT });
      topic.grantCloudTrailPublish(orgTrail, second);
      const trails = [orgTrail.trailArn, second.trailArn];
      expect(topicStatements(topic)[0]).toEqual({
        Sid: 'AllowCloudTrailPublishForOurTrails',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'SNS:Publish',
        Resource: TOPIC_ARN,
        Condition: { StringEquals: { 'aws:SourceArn': trails } },
      });
      expect(keyStatements(topic).slice(1)).toEqual([
        {
          Sid: 'AllowCloudTrailToEncryptNotifications',
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          Resource: '*',
          Condition: { StringEquals: { 'aws:SourceArn': trails, 'kms:EncryptionContext:aws:sns:topicArn': TOPIC_ARN } },
        },
      ]);
    });

    it('grants nothing for no trails', () => {
      const { topic } = newTopic();
      topic.grantCloudTrailPublish();
      expect(topicStatements(topic)).toEqual(DENIES);
      expect(topic.key.policyDocument().statementCount).toBe(1);
    });
  });

  describe('subscriptions', () => {
    const email: TopicSubscription = { protocol: 'email', endpoint: 'security@example.com' };
    const https: TopicSubscription = { protocol: 'https', endpoint: 'https://hooks.example.com/cloudtrail' };
    const localLambda: TopicSubscription = { protocol: 'lambda', endpoint: `arn:aws:lambda:us-east-1:${MANAGEMENT}:function:deliveries` };
    const remoteLambda: TopicSubscription = { protocol: 'lambda', endpoint: `arn:aws:lambda:us-east-1:${AUDIT}:function:deliveries` };
    const localQueue: TopicSubscription = {
      protocol: 'sqs',
      endpoint: `arn:aws:sqs:us-east-1:${MANAGEMENT}:deliveries`,
      rawMessageDelivery: true,
    };
    const remoteQueue: TopicSubscription = { protocol: 'sqs', endpoint: `arn:aws:sqs:us-east-1:${AUDIT}:deliveries` };
    const subscribe = (sid: string, principals: string | string[], protocol: string, endpoints: string | string[]) => ({
      Sid: sid,
      Effect: 'Allow',
      Principal: { AWS: principals },
      Action: 'SNS:Subscribe',
      Resource: TOPIC_ARN,
      Condition: { StringEquals: { 'sns:Protocol': protocol, 'sns:Endpoint': endpoints } },
    });

    it('creates the subscriptions the topic account can create, with delivery settings per protocol', () => {
      const { stack } = newTopic({ subscriptions: [email, https, localLambda, localQueue] });
      const json = synthJson(stack);
      const topic = `\${${addressAt(json, 'aws_sns_topic', 'Topic/Topic')}.arn}`;
      expect(subscriptionsOf(json)).toHaveLength(4);
      expect(subscriptionsOf(json)).toEqual(
        expect.arrayContaining([
          { topic_arn: topic, protocol: 'email', endpoint: email.endpoint },
          { topic_arn: topic, protocol: 'https', endpoint: https.endpoint, raw_message_delivery: false, endpoint_auto_confirms: false },
          { topic_arn: topic, protocol: 'lambda', endpoint: localLambda.endpoint },
          { topic_arn: topic, protocol: 'sqs', endpoint: localQueue.endpoint, raw_message_delivery: true },
        ]),
      );
    });

    it('leaves a queue or a function of another account to subscribe from its own account', () => {
      const { stack, topic } = newTopic({ subscriptions: [email, remoteQueue, remoteLambda] });
      expect(subscriptionsOf(synthJson(stack)).map((s) => s.endpoint)).toEqual([email.endpoint]);
      expect(topic.pendingSubscriptions).toEqual([remoteQueue, remoteLambda]);
    });

    it('has no pending subscriptions when every endpoint can be subscribed here', () => {
      expect(newTopic({ subscriptions: [email, localLambda, localQueue] }).topic.pendingSubscriptions).toEqual([]);
    });

    it('lets the accounts of queue and function endpoints subscribe exactly those endpoints, one statement per protocol', () => {
      const { topic } = newTopic({ subscriptions: [email, remoteLambda, localQueue, remoteQueue] });
      expect(topicStatements(topic)).toEqual([
        subscribe('AllowConfiguredQueuesToSubscribe', [`arn:aws:iam::${MANAGEMENT}:root`, `arn:aws:iam::${AUDIT}:root`], 'sqs', [
          localQueue.endpoint,
          remoteQueue.endpoint,
        ]),
        subscribe('AllowConfiguredFunctionsToSubscribe', `arn:aws:iam::${AUDIT}:root`, 'lambda', remoteLambda.endpoint),
        ...DENIES,
      ]);
    });

    it('grants no subscribe permission for email and HTTPS endpoints', () => {
      expect(topicStatements(newTopic({ subscriptions: [email, https] }).topic)).toEqual(DENIES);
    });

    it('records a warning for email subscriptions to a high-volume topic, which get one message per notification', () => {
      const other: TopicSubscription = { protocol: 'email', endpoint: 'soc@example.com' };
      const tail =
        'one message per published notification (for a delivery topic, per log file: thousands an hour in a large organization); prefer an SQS queue or a Lambda function';
      expect(annotationsOf(newTopic({ subscriptions: [email, https], highVolume: true }).topic, 'warning')).toEqual([
        { path: 'Topic', message: `email subscription: ${email.endpoint} gets ${tail}` },
      ]);
      expect(annotationsOf(newTopic({ subscriptions: [email, other], highVolume: true }).topic, 'warning')).toEqual([
        { path: 'Topic', message: `email subscription: ${email.endpoint}, ${other.endpoint} get ${tail}` },
      ]);
      expect(annotationsOf(newTopic({ subscriptions: [https, localQueue, localLambda], highVolume: true }).topic, 'warning')).toEqual([]);
    });

    it('records no email warning for a topic that is not high-volume (alerts)', () => {
      expect(annotationsOf(newTopic({ subscriptions: [email] }).topic, 'warning')).toEqual([]);
    });

    it('keys subscriptions by endpoint, so reordering them creates the same resources', () => {
      const ids = (subscriptions: TopicSubscription[]) =>
        Object.keys(synthJson(newTopic({ subscriptions }).stack).resource.aws_sns_topic_subscription).sort();
      const forward = ids([email, https, localLambda, localQueue]);
      expect(forward).toHaveLength(4);
      expect(ids([localQueue, localLambda, https, email])).toEqual(forward);
    });

    it('keeps an existing subscription when another is removed before it', () => {
      const id = (subscriptions: TopicSubscription[]) =>
        Object.entries(synthJson(newTopic({ subscriptions }).stack).resource.aws_sns_topic_subscription).find(
          ([, s]) => s.protocol === 'lambda',
        )?.[0];
      expect(id([email, localLambda])).toBeDefined();
      expect(id([localLambda])).toBe(id([email, localLambda]));
    });
  });

  describe('allowDestroy', () => {
    it('guards the topic key by default, recording nothing', () => {
      const { stack, topic } = newTopic();
      expect(preventDestroyFlags(synthJson(stack))).toEqual({ 'aws_kms_key.Topic_Key': true });
      expect(annotationsOf(topic, 'warning')).toEqual([]);
    });

    it('drops prevent_destroy on the topic key and records a warning naming it', () => {
      const { stack, topic } = newTopic({ allowDestroy: true });
      expect(preventDestroyFlags(synthJson(stack))).toEqual({ 'aws_kms_key.Topic_Key': false });
      expect(annotationsOf(topic, 'warning')).toEqual([
        { path: 'Topic/Key', message: 'allowDestroy: KMS key alias/deliveries is not guarded by prevent_destroy' },
      ]);
    });
  });
});

describe('NotificationTopic > lambda subscriptions', () => {
  const fn = (region: string, account: string) => `arn:aws:lambda:${region}:${account}:function:indexer`;
  const topicWith = (endpoint: string) => {
    const stack = testStack('eu-west-1');
    const topic = new NotificationTopic(stack, 'Topic', {
      topicName: 'deliveries',
      accountId: '111111111111',
      region: 'eu-west-1',
      keyAliasName: 'alias/deliveries',
      subscriptions: [{ protocol: 'lambda', endpoint }],
    });
    return { topic, json: synthJson(stack) };
  };

  it('lets SNS invoke a function of its own account and region, for this topic only', () => {
    const { json } = topicWith(fn('eu-west-1', '111111111111'));
    expect(Object.values(json.resource.aws_lambda_permission ?? {})).toEqual([
      {
        statement_id: 'sns-deliveries',
        action: 'lambda:InvokeFunction',
        function_name: fn('eu-west-1', '111111111111'),
        principal: 'sns.amazonaws.com',
        source_arn: 'arn:aws:sns:eu-west-1:111111111111:deliveries',
      },
    ]);
  });

  it('leaves a function of another region to its owner (its permission lives there), with the commands to run', () => {
    const { topic, json } = topicWith(fn('us-west-2', '111111111111'));
    expect(json.resource.aws_lambda_permission).toBeUndefined();
    expect(json.resource.aws_sns_topic_subscription).toBeUndefined();
    expect(topic.pendingSubscriptions.map((s) => s.endpoint)).toEqual([fn('us-west-2', '111111111111')]);
  });
});
