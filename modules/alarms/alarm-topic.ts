import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { PARTITION } from '../arns';
import type { LogEncryptionKey } from '../log-encryption-key';
import { NotificationTopic, type SubscribeGrant } from '../notification-topic';
import type { INotificationTopic } from '../references';
import { subscriptionId, type TopicSubscription } from '../topic-subscriptions';

/** Defaults of the alarm topic (the config schema reuses them). */
export const ALARM_TOPIC_DEFAULTS = {
  keyAliasName: 'alias/org-trail-alarms',
  topicName: (trailName: string): string => `${trailName}-alarms`,
} as const;

/** `arn:aws:cloudwatch:<region>:<account>:alarm:<name>`, the ARN CloudWatch sends as `aws:SourceArn`. */
export function cloudWatchAlarmArn(region: string, accountId: string, alarmName: string): string {
  return `arn:${PARTITION}:cloudwatch:${region}:${accountId}:alarm:${alarmName}`;
}

export interface AlarmTopicProps {
  readonly topicName: string;
  /** Account and region of the topic and of the alarms that publish to it. */
  readonly accountId: string;
  readonly region: string;
  /** @default 'alias/org-trail-alarms' */
  readonly keyAliasName?: string;
  /** @default - no subscriptions */
  readonly subscriptions?: readonly TopicSubscription[];
  /** @default false */
  readonly allowDestroy?: boolean;
  /** @default - the stack's default provider */
  readonly provider?: TerraformProvider;
  /** @default - none beyond the provider's default tags */
  readonly tags?: Record<string, string>;
}

/**
 * The SNS topic alarms notify: a `NotificationTopic` with its own customer managed key, publishable
 * only by CloudWatch alarms of its own account and region.
 *
 * CloudWatch publishes as the service principal `cloudwatch.amazonaws.com` on behalf of the alarm,
 * whose ARN it sends as `aws:SourceArn` (alarm history shows a refused publish as "Resource:
 * arn:aws:cloudwatch:<region>:<account>:alarm:<name> is not authorized to perform: SNS:Publish";
 * AWS's example topic statement scopes it with `ArnLike aws:SourceArn`: repost.aws/knowledge-center/
 * cloudwatch-receive-sns-for-alarm-trigger). To publish to a topic encrypted with a customer managed
 * key, CloudWatch itself needs `kms:GenerateDataKey*` and `kms:Decrypt` on the key (SNS developer
 * guide, sns-key-management.html#compatibility-with-aws-services; an AWS managed `alias/aws/sns` key
 * cannot grant it: repost.aws/knowledge-center/cloudwatch-configure-alarm-sns). The key statement is
 * scoped like the topic statement (`aws:SourceArn`, `aws:SourceAccount`) and to this topic
 * (`kms:EncryptionContext:aws:sns:topicArn`); AWS's Modern Data Architecture Accelerator documents
 * these conditions as supported for CloudWatch on the key (unlike EventBridge):
 * aws.github.io/modern-data-architecture-accelerator, grantCloudWatchAlarmsTopicAccess. What only a
 * sandbox can prove (that an alarm notification arrives) is listed in the README.
 *
 * Email is the usual subscriber of an alarm topic (a handful of messages, not one per log file), so
 * email subscriptions are created here without the delivery topic's volume warning; the other
 * protocols go through `NotificationTopic` (queues and functions in other accounts subscribe from
 * their own account: `pendingSubscriptions`).
 */
export class AlarmTopic extends Construct implements INotificationTopic {
  public readonly topicArn: string;
  public readonly topicName: string;
  public readonly accountId: string;
  public readonly region: string;
  /** `arn:aws:cloudwatch:<region>:<account>:alarm:*`: the alarms admitted. */
  public readonly alarmSourceArn: string;
  public readonly topic: NotificationTopic;
  public readonly key: LogEncryptionKey;
  /** Subscriptions that the endpoint's own account must create. */
  public readonly pendingSubscriptions: readonly TopicSubscription[];
  /** The topic policy: an alarm in the same stack must wait for it, or its first notification may be refused. */
  public readonly dependables: readonly ITerraformDependable[];

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id);
    const subscriptions = props.subscriptions ?? [];
    const emails = subscriptions.filter((s) => s.protocol === 'email');
    this.topic = new NotificationTopic(this, 'Topic', {
      topicName: props.topicName,
      accountId: props.accountId,
      region: props.region,
      keyAliasName: props.keyAliasName ?? ALARM_TOPIC_DEFAULTS.keyAliasName,
      keyDescription: `Encrypts the ${props.topicName} SNS topic of CloudTrail alarms`,
      subscriptions: subscriptions.filter((s) => s.protocol !== 'email'),
      allowDestroy: props.allowDestroy,
      provider: props.provider,
      tags: props.tags,
    });
    this.topicArn = this.topic.topicArn;
    this.topicName = this.topic.topicName;
    this.accountId = props.accountId;
    this.region = props.region;
    this.key = this.topic.key;
    this.pendingSubscriptions = this.topic.pendingSubscriptions;
    this.alarmSourceArn = cloudWatchAlarmArn(props.region, props.accountId, '*');

    this.topic.grantPublish({
      service: 'cloudwatch.amazonaws.com',
      sourceArns: [this.alarmSourceArn],
      sourceAccount: props.accountId,
      sid: 'AllowCloudWatchAlarmsOfThisAccountToPublish',
      keySid: 'AllowCloudWatchAlarmsToEncryptNotifications',
    });

    for (const email of emails) {
      new SnsTopicSubscription(this, subscriptionId(email), {
        provider: props.provider,
        topicArn: this.topic.topic.arn,
        protocol: 'email',
        endpoint: email.endpoint,
      });
    }
    this.dependables = [...this.topic.dependables];
  }

  /**
   * Lets one function or queue be subscribed by its own account, e.g. the built-in chat notifier of
   * the audit account (`alarms.notifyChat`). Cross-account SNS-to-Lambda delivery needs both sides:
   * the topic lets the function's account subscribe, the function lets SNS invoke it for this topic,
   * and the function's account creates the subscription (Lambda developer guide, with-sns-example.html,
   * "Set up cross-account permissions" and "Create a subscription (account B)"); the function side
   * is `LambdaTopicSubscription`. The statement admits exactly that protocol and endpoint. The topic
   * key needs no grant for the subscriber: SNS "decrypts messages only when they are sent"
   * (sns/latest/dg/sns-server-side-encryption.html), so a Lambda endpoint receives plaintext.
   */
  public grantSubscribe(grant: SubscribeGrant): void {
    this.topic.grantSubscribe(grant);
  }
}
