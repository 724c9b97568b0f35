import { createHash } from 'node:crypto';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { type ITerraformDependable, Lazy, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { POLICY_LIMITS, snsTopicArn } from './arns';
import { LogEncryptionKey } from './log-encryption-key';
import type { INotificationTopic } from './organization-trail';
import { addPolicySizeValidation, PolicyDocument, PolicyStatement } from './policy-document';

export type SubscriptionProtocol = 'email' | 'sqs' | 'lambda' | 'https';

export interface TopicSubscription {
  readonly protocol: SubscriptionProtocol;
  /** Email address, SQS queue ARN, Lambda function ARN or HTTPS URL. */
  readonly endpoint: string;
  /** @default false - SQS/HTTPS receive the SNS envelope; true delivers the CloudTrail message as is */
  readonly rawMessageDelivery?: boolean;
}

export interface TrailNotificationTopicProps {
  readonly topicName: string;
  /** Account and region the topic lives in (literal topic ARN). */
  readonly accountId: string;
  readonly region: string;
  /** Alias of the topic's customer managed key. */
  readonly keyAliasName: string;
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
 * The SNS topic that announces every log-file delivery: encrypted with its own customer managed
 * key, publishable by CloudTrail only for the granted trails, subscribable by the configured
 * endpoints only. Subscriptions the topic's account can create are created here; an SQS queue
 * in another account must subscribe from its own account (SNS requires the queue owner to confirm),
 * which the topic policy allows for exactly that queue.
 */
export class TrailNotificationTopic extends Construct implements INotificationTopic {
  /** Literal topic ARN. */
  public readonly topicArn: string;
  public readonly topicName: string;
  public readonly key: LogEncryptionKey;
  public readonly topic: SnsTopic;
  /** Subscriptions that the endpoint's own account must create (cross-account SQS queues). */
  public readonly pendingSubscriptions: readonly TopicSubscription[];
  public readonly dependables: readonly ITerraformDependable[];

  private readonly publishers: string[] = [];
  private readonly accountId: string;
  private readonly subscriptions: readonly TopicSubscription[];

  constructor(scope: Construct, id: string, props: TrailNotificationTopicProps) {
    super(scope, id);
    this.topicName = props.topicName;
    this.accountId = props.accountId;
    this.topicArn = snsTopicArn(props.region, props.accountId, props.topicName);
    this.subscriptions = props.subscriptions ?? [];

    this.key = new LogEncryptionKey(this, 'Key', {
      accountId: props.accountId,
      region: props.region,
      aliasName: props.keyAliasName,
      description: `Encrypts the ${props.topicName} SNS topic`,
      allowDestroy: props.allowDestroy,
      provider: props.provider,
      tags: props.tags,
    });
    this.topic = new SnsTopic(this, 'Topic', {
      provider: props.provider,
      name: props.topicName,
      kmsMasterKeyId: this.key.keyArn,
      tags: props.tags,
    });
    const policy = new SnsTopicPolicy(this, 'Policy', {
      provider: props.provider,
      arn: this.topic.arn,
      policy: Lazy.stringValue({ produce: () => this.policyDocument().render() }),
    });

    this.dependables = [policy];
    const pending: TopicSubscription[] = [];
    for (const subscription of this.subscriptions) {
      if (subscription.protocol === 'sqs' && endpointAccount(subscription.endpoint) !== props.accountId) {
        pending.push(subscription);
        continue;
      }
      new SnsTopicSubscription(this, subscriptionId(subscription), {
        provider: props.provider,
        topicArn: this.topic.arn,
        protocol: subscription.protocol,
        endpoint: subscription.endpoint,
        rawMessageDelivery:
          subscription.protocol === 'sqs' || subscription.protocol === 'https' ? (subscription.rawMessageDelivery ?? false) : undefined,
        endpointAutoConfirms: subscription.protocol === 'https' ? false : undefined,
      });
    }
    this.pendingSubscriptions = pending;

    addPolicySizeValidation(this, 'an SNS topic policy', POLICY_LIMITS.snsTopicPolicy, () => this.policyDocument());
  }

  /**
   * Lets CloudTrail publish for these trails only (`aws:SourceArn`), and use the topic key.
   */
  public grantCloudTrailPublish(...trailArns: string[]): void {
    const fresh = trailArns.filter((arn) => !this.publishers.includes(arn));
    if (fresh.length === 0) return;
    const first = this.publishers.length === 0;
    this.publishers.push(...fresh);
    if (first) {
      this.key.grantToService(
        'AllowCloudTrailToEncryptNotifications',
        'cloudtrail.amazonaws.com',
        ['kms:GenerateDataKey*', 'kms:Decrypt'],
        {
          StringEquals: { 'aws:SourceArn': this.publishers, 'kms:EncryptionContext:aws:sns:topicArn': this.topicArn },
        },
      );
    }
  }

  /** The topic policy as it will be rendered. */
  public policyDocument(): PolicyDocument {
    const doc = new PolicyDocument();
    if (this.publishers.length > 0) {
      doc.addStatements(
        new PolicyStatement({
          sid: 'AllowCloudTrailPublishForOurTrails',
          principal: { Service: 'cloudtrail.amazonaws.com' },
          actions: ['SNS:Publish'],
          resources: [this.topicArn],
          conditions: { StringEquals: { 'aws:SourceArn': this.publishers } },
        }),
      );
    }
    const arnSubscribers = this.subscriptions.filter((s) => s.protocol === 'sqs' || s.protocol === 'lambda');
    if (arnSubscribers.length > 0) {
      const accounts = [...new Set(arnSubscribers.map((s) => endpointAccount(s.endpoint)))];
      doc.addStatements(
        new PolicyStatement({
          sid: 'AllowConfiguredSubscribersToSubscribe',
          principal: { AWS: accounts.map((a) => `arn:aws:iam::${a}:root`) },
          actions: ['SNS:Subscribe'],
          resources: [this.topicArn],
          conditions: {
            StringEquals: {
              'sns:Protocol': [...new Set(arnSubscribers.map((s) => s.protocol))],
              'sns:Endpoint': arnSubscribers.map((s) => s.endpoint),
            },
          },
        }),
      );
    }
    doc.addStatements(
      new PolicyStatement({
        sid: 'DenyPublishWithoutTls',
        effect: 'Deny',
        principal: '*',
        actions: ['SNS:Publish'],
        resources: [this.topicArn],
        conditions: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
      new PolicyStatement({
        sid: 'DenyTopicAdministrationFromOtherAccounts',
        effect: 'Deny',
        principal: '*',
        actions: ['SNS:SetTopicAttributes', 'SNS:AddPermission', 'SNS:RemovePermission', 'SNS:DeleteTopic'],
        resources: [this.topicArn],
        conditions: { StringNotEquals: { 'aws:PrincipalAccount': this.accountId } },
      }),
    );
    return doc;
  }
}

/** Account ID inside an `arn:aws:<service>:<region>:<account>:...` endpoint. */
export function endpointAccount(arn: string): string {
  return arn.split(':')[4] ?? '';
}

function subscriptionId(subscription: TopicSubscription): string {
  // Derived from the endpoint, never from the list position: reordering the config replaces nothing.
  const digest = createHash('sha256').update(`${subscription.protocol}:${subscription.endpoint}`).digest('hex').slice(0, 8);
  const readable = subscription.endpoint
    .replace(/^https:\/\//, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .slice(-40);
  return `Subscription-${subscription.protocol}-${readable}-${digest}`;
}
