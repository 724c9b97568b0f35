/**
 * `alarms.notifyChat` across two stacks and accounts: the organization-trail stack (trail
 * account, apply order 3) lets the audit account subscribe its chat notifier to the alarm topic;
 * the deployment-events stack (audit account, order 5) creates the invoke permission and the
 * subscription. Expected ARNs are written from the example config, never read from the code.
 */
import { exampleConfig } from '../support/config';
import { buildExample, onlyResource, policyOf, resourcesOf, type SynthesizedJson } from '../support/synth';

const AUDIT = '456789012345';
const MANAGEMENT = '210987654321';
const CHAT_FUNCTION = `arn:aws:lambda:eu-west-1:${AUDIT}:function:acme-deployment-chat-notifier`;
const TOPIC = `arn:aws:sns:eu-west-1:${MANAGEMENT}:acme-organization-trail-alarms`;

const example = exampleConfig();
const built = buildExample(example);

function alarmTopicStatements(json: SynthesizedJson) {
  return policyOf(onlyResource(json, 'aws_sns_topic_policy', 'AlarmTopic')).Statement;
}

const snsPermissions = (json: SynthesizedJson) =>
  Object.values(resourcesOf(json, 'aws_lambda_permission')).filter((p) => p.principal === 'sns.amazonaws.com');
const lambdaSubscriptions = (json: SynthesizedJson) =>
  Object.values(resourcesOf(json, 'aws_sns_topic_subscription')).filter((s) => s.protocol === 'lambda');

describe('alarm chat route (alarms.notifyChat, example config)', () => {
  describe('organization-trail stack: the alarm topic', () => {
    it('lets the audit account subscribe exactly its chat notifier, by lambda, and nothing else', () => {
      const statements = alarmTopicStatements(built.synth('organization-trail'));
      expect(statements.find((s) => s.Sid === 'AllowChatNotifierToSubscribe')).toEqual({
        Sid: 'AllowChatNotifierToSubscribe',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${AUDIT}:root` },
        Action: 'SNS:Subscribe',
        Resource: TOPIC,
        Condition: { StringEquals: { 'sns:Protocol': 'lambda', 'sns:Endpoint': CHAT_FUNCTION } },
      });
      // Grants before denies; nothing else names the audit account.
      expect(statements.map((s) => s.Sid)).toEqual([
        'AllowCloudWatchAlarmsOfThisAccountToPublish',
        'AllowChatNotifierToSubscribe',
        'DenyPublishWithoutTls',
        'DenyTopicAdministrationFromOtherAccounts',
      ]);
    });

    it('creates no subscription for the chat notifier itself (its account does)', () => {
      expect(lambdaSubscriptions(built.synth('organization-trail'))).toEqual([]);
    });
  });

  describe('deployment-events stack: the chat notifier', () => {
    const json = built.synth('deployment-events');

    it('lets SNS invoke the function for the alarm topic only, without a source account SNS does not send', () => {
      expect(snsPermissions(json)).toEqual([
        {
          statement_id: 'sns-acme-organization-trail-alarms',
          action: 'lambda:InvokeFunction',
          function_name: CHAT_FUNCTION,
          principal: 'sns.amazonaws.com',
          source_arn: TOPIC,
          depends_on: [expect.stringMatching(/^aws_lambda_function\.ChatNotifier_Function_/)],
        },
      ]);
    });

    it('subscribes the function to the alarm topic by literal ARNs, after the function and the permission exist', () => {
      const [subscription] = lambdaSubscriptions(json);
      expect(lambdaSubscriptions(json)).toHaveLength(1);
      expect(subscription).toEqual({
        topic_arn: TOPIC,
        protocol: 'lambda',
        endpoint: CHAT_FUNCTION,
        depends_on: [
          expect.stringMatching(/^aws_lambda_function\.ChatNotifier_Function_/),
          expect.stringMatching(/^aws_lambda_permission\.AlarmChat_InvokePermission_/),
        ],
      });
    });

    it('subscribes what the topic policy allows: the same topic, protocol and endpoint', () => {
      const statement = alarmTopicStatements(built.synth('organization-trail')).find((s) => s.Sid === 'AllowChatNotifierToSubscribe');
      const [subscription] = lambdaSubscriptions(json);
      expect(statement).toMatchObject({
        Resource: subscription.topic_arn,
        Condition: { StringEquals: { 'sns:Protocol': subscription.protocol, 'sns:Endpoint': subscription.endpoint } },
      });
      const [auditAccount] = json.provider.aws[0].allowed_account_ids as string[];
      expect(statement?.Principal).toEqual({ AWS: `arn:aws:iam::${auditAccount}:root` });
    });

    it('outputs the subscription ARN', () => {
      expect(json.output?.alarm_chat_subscription_arn).toEqual({
        value: expect.stringMatching(/^\$\{aws_sns_topic_subscription\.AlarmChat_Subscription_[A-F0-9]+\.arn\}$/),
        description: 'Subscription of the chat notifier to the alarm topic (alarms.notifyChat)',
      });
    });
  });

  describe('when the trail is created by a delegated administrator', () => {
    const delegated = buildExample(
      exampleConfig((c) => {
        (c.trail as Record<string, unknown>).delegatedAdministratorAccountId = '567890123457';
      }),
    );

    it('subscribes to the topic in that account', () => {
      const topic = `arn:aws:sns:eu-west-1:567890123457:acme-organization-trail-alarms`;
      expect(lambdaSubscriptions(delegated.synth('deployment-events')).map((s) => s.topic_arn)).toEqual([topic]);
      expect(
        alarmTopicStatements(delegated.synth('organization-trail')).find((s) => s.Sid === 'AllowChatNotifierToSubscribe'),
      ).toMatchObject({
        Resource: topic,
      });
    });
  });

  describe('when off', () => {
    const off = buildExample(exampleConfig((c) => (c.alarms = { ...c.alarms, notifyChat: false })));

    it('neither grants nor subscribes', () => {
      expect(alarmTopicStatements(off.synth('organization-trail')).map((s) => s.Sid)).not.toContain('AllowChatNotifierToSubscribe');
      expect(snsPermissions(off.synth('deployment-events'))).toEqual([]);
      expect(lambdaSubscriptions(off.synth('deployment-events'))).toEqual([]);
      expect(off.synth('deployment-events').output?.alarm_chat_subscription_arn).toBeUndefined();
    });
  });
});
