import { SnsSubscriptionProtocolNotHttp } from '../../../tooling/checks/rules/sns-subscription-protocol-not-http';
import { SnsTopicEncrypted } from '../../../tooling/checks/rules/sns-topic-encrypted';
import { SnsTopicPolicyNoUnconditionedCrossAccount } from '../../../tooling/checks/rules/sns-topic-policy-no-unconditioned-cross-account';
import { SnsTopicPolicyNotPublic } from '../../../tooling/checks/rules/sns-topic-policy-not-public';
import type { JsonObject } from '../../../tooling/terraform';
import { describeRule, OTHER_ACCOUNT, policy, ref, res } from '../support';

const TOPIC = 'arn:aws:sns:eu-west-1:111111111111:alerts';
const topic = (attributes: JsonObject = {}) => res('aws_sns_topic', 'Topic', { name: 'alerts', ...attributes });
const topicPolicy = (...statements: JsonObject[]) =>
  res('aws_sns_topic_policy', 'Policy', { arn: ref('aws_sns_topic.Topic.arn'), policy: policy(...statements) });
const queue = res('aws_sqs_queue', 'Queue', { name: 'q' });
const publishFromTrail = {
  Sid: 'AllowCloudTrailPublish',
  Effect: 'Allow',
  Principal: { Service: 'cloudtrail.amazonaws.com' },
  Action: 'SNS:Publish',
  Resource: TOPIC,
  Condition: { StringEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:eu-west-1:111111111111:trail/org' } },
};

describeRule(SnsTopicEncrypted, {
  compliant: [{ when: 'kms_master_key_id names a key', resource: topic({ kms_master_key_id: ref('aws_kms_key.Key.arn') }) }],
  nonCompliant: [{ when: 'kms_master_key_id is not set', resource: topic() }],
  notApplicable: [{ when: 'the resource is a queue', resource: queue }],
});

describeRule(SnsTopicPolicyNotPublic, {
  compliant: [
    { when: 'only CloudTrail may publish', resource: topicPolicy(publishFromTrail) },
    {
      when: 'a wildcard Deny enforces TLS',
      resource: topicPolicy(publishFromTrail, {
        Sid: 'DenyPublishWithoutTls',
        Effect: 'Deny',
        Principal: '*',
        Action: 'SNS:Publish',
        Resource: TOPIC,
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
    },
  ],
  nonCompliant: [
    {
      when: 'anyone may subscribe',
      resource: topicPolicy({ Sid: 'Open', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'SNS:Subscribe', Resource: TOPIC }),
      detail: /Open/,
    },
    {
      when: 'an inline topic policy lets anyone publish',
      resource: topic({ policy: policy({ Effect: 'Allow', Principal: '*', Action: 'SNS:Publish', Resource: TOPIC }) }),
      detail: /statement 1/,
    },
  ],
  notApplicable: [
    { when: 'the topic has no inline policy', resource: topic() },
    { when: 'the resource is a queue', resource: queue },
  ],
});

const subscribe = (condition?: JsonObject) => ({
  Sid: 'AllowConfiguredQueuesToSubscribe',
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` },
  Action: 'SNS:Subscribe',
  Resource: TOPIC,
  ...(condition ? { Condition: condition } : {}),
});

describeRule(SnsTopicPolicyNoUnconditionedCrossAccount, {
  compliant: [
    {
      when: 'another account may subscribe only its queue',
      resource: topicPolicy(subscribe({ StringEquals: { 'sns:Protocol': 'sqs', 'sns:Endpoint': 'arn:aws:sqs:eu-west-1:222222222222:q' } })),
    },
    {
      when: 'only the owning account is named',
      resource: topicPolicy({ ...subscribe(), Principal: { AWS: 'arn:aws:iam::111111111111:root' } }),
    },
  ],
  nonCompliant: [
    {
      when: 'another account may subscribe anything',
      resource: topicPolicy(subscribe()),
      detail: /AllowConfiguredQueuesToSubscribe allows 222222222222 without a condition/,
    },
  ],
  notApplicable: [
    {
      when: "the topic's account is unknown offline",
      resource: res('aws_sns_topic_policy', 'P', { policy: policy(subscribe()) }, { account: null }),
    },
    { when: 'the topic has no inline policy', resource: topic() },
    { when: 'the resource is a queue', resource: queue },
  ],
});

const subscription = (protocol: string, endpoint: string) =>
  res('aws_sns_topic_subscription', 'Sub', { topic_arn: TOPIC, protocol, endpoint });

describeRule(SnsSubscriptionProtocolNotHttp, {
  compliant: [{ when: 'the endpoint is HTTPS', resource: subscription('https', 'https://siem.example/ingest') }],
  nonCompliant: [{ when: 'the endpoint is plain HTTP', resource: subscription('http', 'http://siem.example/ingest'), detail: /use https/ }],
  notApplicable: [
    { when: 'the subscriber is an SQS queue', resource: subscription('sqs', 'arn:aws:sqs:eu-west-1:111111111111:q') },
    { when: 'the resource is a queue', resource: queue },
  ],
});
