import { ALARM_TOPIC_DEFAULTS, AlarmTopic, type AlarmTopicProps, cloudWatchAlarmArn } from '../../modules/alarms/alarm-topic';
import { AUDIT, addressAt, annotationsOf, MANAGEMENT, resourceAt, statementsOf } from '../support/modules';
import { resourcesOf, synthJson, testStack } from '../support/synth';

const TOPIC_ARN = `arn:aws:sns:eu-west-1:${MANAGEMENT}:org-trail-alarms`;
const ALARMS = `arn:aws:cloudwatch:eu-west-1:${MANAGEMENT}:alarm:*`;

function newTopic(props: Partial<AlarmTopicProps> = {}) {
  const stack = testStack('eu-west-1');
  const topic = new AlarmTopic(stack, 'Notify', { topicName: 'org-trail-alarms', accountId: MANAGEMENT, region: 'eu-west-1', ...props });
  return { stack, topic, json: synthJson(stack) };
}

describe('AlarmTopic', () => {
  describe('topic and key', () => {
    it('is an SNS topic encrypted with its own customer managed key, with a literal ARN', () => {
      const { json, topic } = newTopic();
      expect(resourceAt(json, 'aws_sns_topic', 'Notify/Topic/Topic')).toEqual({
        name: 'org-trail-alarms',
        kms_master_key_id: `\${${addressAt(json, 'aws_kms_key', 'Notify/Topic/Key')}.arn}`,
      });
      expect(resourceAt(json, 'aws_kms_key', 'Notify/Topic/Key')).toMatchObject({
        description: 'Encrypts the org-trail-alarms SNS topic of CloudTrail alarms',
        enable_key_rotation: true,
        lifecycle: { prevent_destroy: true },
      });
      expect(resourceAt(json, 'aws_kms_alias', 'Notify/Topic/Key/Alias')).toMatchObject({ name: 'alias/org-trail-alarms' });
      expect(topic).toMatchObject({ topicArn: TOPIC_ARN, topicName: 'org-trail-alarms', alarmSourceArn: ALARMS });
    });

    it('takes its defaults from ALARM_TOPIC_DEFAULTS, and another key alias', () => {
      expect(ALARM_TOPIC_DEFAULTS.keyAliasName).toBe('alias/org-trail-alarms');
      expect(ALARM_TOPIC_DEFAULTS.topicName('org-trail')).toBe('org-trail-alarms');
      const { json } = newTopic({ keyAliasName: 'alias/security-alarms' });
      expect(resourceAt(json, 'aws_kms_alias', 'Notify/Topic/Key/Alias')).toMatchObject({ name: 'alias/security-alarms' });
    });

    it('exposes its topic policy as what an alarm must wait for', () => {
      const { json, topic } = newTopic();
      expect(topic.dependables).toHaveLength(1);
      expect(addressAt(json, 'aws_sns_topic_policy', 'Notify/Topic/Policy')).toMatch(/^aws_sns_topic_policy\./);
      expect(topic.dependables[0]).toBe(topic.topic.dependables[0]);
    });
  });

  describe('topic policy', () => {
    it('admits only CloudWatch alarms of its own account and region, over TLS, administered by its own account', () => {
      const { json } = newTopic();
      expect(statementsOf(resourceAt(json, 'aws_sns_topic_policy', 'Notify/Topic/Policy'))).toEqual([
        {
          Sid: 'AllowCloudWatchAlarmsOfThisAccountToPublish',
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: 'SNS:Publish',
          Resource: TOPIC_ARN,
          Condition: { ArnLike: { 'aws:SourceArn': ALARMS }, StringEquals: { 'aws:SourceAccount': MANAGEMENT } },
        },
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
      ]);
    });
  });

  describe('key policy', () => {
    it('lets CloudWatch alarms of this account use the key for this topic only', () => {
      const { json } = newTopic();
      expect(statementsOf(resourceAt(json, 'aws_kms_key', 'Notify/Topic/Key'))).toEqual([
        {
          Sid: 'EnableKeyAdministrationByOwningAccount',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
        {
          Sid: 'AllowCloudWatchAlarmsToEncryptNotifications',
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
  });

  describe('subscriptions', () => {
    const EMAIL = { protocol: 'email', endpoint: 'secops@acme.example' } as const;
    const OWN_QUEUE = { protocol: 'sqs', endpoint: `arn:aws:sqs:eu-west-1:${MANAGEMENT}:alarms` } as const;
    const AUDIT_QUEUE = { protocol: 'sqs', endpoint: `arn:aws:sqs:eu-west-1:${AUDIT}:alarms` } as const;

    it('subscribes email addresses without the delivery topic volume warning', () => {
      const { json, topic } = newTopic({ subscriptions: [EMAIL] });
      expect(Object.values(resourcesOf(json, 'aws_sns_topic_subscription'))).toEqual([
        {
          topic_arn: `\${${addressAt(json, 'aws_sns_topic', 'Notify/Topic/Topic')}.arn}`,
          protocol: 'email',
          endpoint: 'secops@acme.example',
        },
      ]);
      expect(annotationsOf(topic, 'warning')).toEqual([]);
    });

    it('subscribes a queue of its own account, and leaves a queue of another account to subscribe itself', () => {
      const { json, topic } = newTopic({ subscriptions: [EMAIL, OWN_QUEUE, AUDIT_QUEUE] });
      const subscriptions = Object.values(resourcesOf(json, 'aws_sns_topic_subscription'));
      expect(subscriptions.map((s) => `${s.protocol}:${s.endpoint}`).sort()).toEqual(
        [`email:${EMAIL.endpoint}`, `sqs:${OWN_QUEUE.endpoint}`].sort(),
      );
      expect(topic.pendingSubscriptions).toEqual([AUDIT_QUEUE]);
      const sids = statementsOf(resourceAt(json, 'aws_sns_topic_policy', 'Notify/Topic/Policy')).map((s) => s.Sid);
      expect(sids).toEqual([
        'AllowCloudWatchAlarmsOfThisAccountToPublish',
        'AllowConfiguredQueuesToSubscribe',
        'DenyPublishWithoutTls',
        'DenyTopicAdministrationFromOtherAccounts',
      ]);
    });

    it('keeps a subscription id when other subscriptions come and go', () => {
      const ids = (subscriptions: AlarmTopicProps['subscriptions']) =>
        Object.keys(resourcesOf(newTopic({ subscriptions }).json, 'aws_sns_topic_subscription'));
      const [emailOnly] = ids([EMAIL]);
      expect(ids([OWN_QUEUE, EMAIL])).toContain(emailOnly);
    });
  });

  describe('subscribe grants', () => {
    const CHAT = `arn:aws:lambda:eu-west-1:${AUDIT}:function:org-chat-notifier`;

    it('lets the endpoint account subscribe exactly that function by lambda, after the publish grant and before the denies', () => {
      const stack = testStack('eu-west-1');
      const topic = new AlarmTopic(stack, 'Notify', { topicName: 'org-trail-alarms', accountId: MANAGEMENT, region: 'eu-west-1' });
      topic.grantSubscribe({ sid: 'AllowChatNotifierToSubscribe', protocol: 'lambda', endpoint: CHAT });
      const statements = statementsOf(resourceAt(synthJson(stack), 'aws_sns_topic_policy', 'Notify/Topic/Policy'));
      expect(statements.map((s) => s.Sid)).toEqual([
        'AllowCloudWatchAlarmsOfThisAccountToPublish',
        'AllowChatNotifierToSubscribe',
        'DenyPublishWithoutTls',
        'DenyTopicAdministrationFromOtherAccounts',
      ]);
      expect(statements[1]).toEqual({
        Sid: 'AllowChatNotifierToSubscribe',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${AUDIT}:root` },
        Action: 'SNS:Subscribe',
        Resource: TOPIC_ARN,
        Condition: { StringEquals: { 'sns:Protocol': 'lambda', 'sns:Endpoint': CHAT } },
      });
    });

    it('accepts the same grant twice, and refuses the same Sid for another endpoint', () => {
      const { topic } = newTopic();
      const grant = { sid: 'AllowChatNotifierToSubscribe', protocol: 'lambda', endpoint: CHAT } as const;
      topic.grantSubscribe(grant);
      expect(() => topic.grantSubscribe(grant)).not.toThrow();
      expect(() => topic.grantSubscribe({ ...grant, endpoint: `${CHAT}-2` })).toThrow(
        'Notify/Topic: subscribe grant AllowChatNotifierToSubscribe was made twice for different endpoints',
      );
    });

    it.each([
      ['a qualified function ARN', 'lambda', `${CHAT}:live`],
      ['a queue ARN for lambda', 'lambda', `arn:aws:sqs:eu-west-1:${AUDIT}:alarms`],
      ['a function ARN for sqs', 'sqs', CHAT],
    ] as const)('refuses %s', (_, protocol, endpoint) => {
      const { topic } = newTopic();
      expect(() => topic.grantSubscribe({ sid: 'AllowX', protocol, endpoint })).toThrow(/subscribe grant AllowX: ".+" is not an? /);
    });
  });

  describe('guards', () => {
    it('passes allowDestroy and tags through to the key and topic, with the warning', () => {
      const { json, topic } = newTopic({ allowDestroy: true, tags: { Team: 'secops' } });
      expect(resourceAt(json, 'aws_kms_key', 'Notify/Topic/Key')).toMatchObject({
        lifecycle: { prevent_destroy: false },
        tags: { Team: 'secops' },
      });
      expect(resourceAt(json, 'aws_sns_topic', 'Notify/Topic/Topic')).toMatchObject({ tags: { Team: 'secops' } });
      expect(annotationsOf(topic, 'warning').map((a) => a.message)).toEqual([
        'allowDestroy: KMS key alias/org-trail-alarms is not guarded by prevent_destroy',
      ]);
    });
  });

  describe('cloudWatchAlarmArn', () => {
    it('is the ARN CloudWatch sends for an alarm', () => {
      expect(cloudWatchAlarmArn('eu-west-1', MANAGEMENT, 'org-trail-trail-tampering')).toBe(
        `arn:aws:cloudwatch:eu-west-1:${MANAGEMENT}:alarm:org-trail-trail-tampering`,
      );
    });
  });
});
