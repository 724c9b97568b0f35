import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Annotations, type ITerraformDependable, Lazy, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { accountRootArn, POLICY_LIMITS, snsTopicArn } from './arns';
import { EVENTBRIDGE_SERVICE, type LogEncryptionKey, resourceKey } from './log-encryption-key';
import { addPolicySizeValidation, PolicyDocument, PolicyStatement } from './policy-document';
import type { INotificationTopic, ITrail } from './references';
import { sqsQueueArnProblems, unqualifiedLambdaFunctionArnProblems } from './rules/arns';
import { snsTopicNameProblems } from './rules/names';
import { problemMessage } from './rules/problem';
import { addPropValidation, checkProp } from './rules/prop-validation';
import { createdByTopicOwner, endpointAccount, subscriptionId, type TopicSubscription } from './topic-subscriptions';

export interface NotificationTopicProps {
  readonly topicName: string;
  /** Account and region the topic lives in (literal topic ARN). */
  readonly accountId: string;
  readonly region: string;
  /** Alias of the topic's own customer managed key. */
  readonly keyAliasName: string;
  /** @default - "Encrypts the <topic> SNS topic" */
  readonly keyDescription?: string;
  /** @default - no subscriptions */
  readonly subscriptions?: readonly TopicSubscription[];
  /**
   * The topic publishes per event of a high-volume source (a delivery topic: one message per log
   * file): an email subscription then records a warning for the review.
   * @default false
   */
  readonly highVolume?: boolean;
  /** @default false */
  readonly allowDestroy?: boolean;
  /** @default - the stack's default provider */
  readonly provider?: TerraformProvider;
  /** @default - none beyond the provider's default tags */
  readonly tags?: Record<string, string>;
}

/** An AWS service publishing to the topic on behalf of some of its resources. */
export interface PublishGrant {
  /** Service principal, e.g. `cloudtrail.amazonaws.com`, `cloudwatch.amazonaws.com`, `events.amazonaws.com`. */
  readonly service: string;
  /** Resources the service publishes for (`aws:SourceArn`; wildcards switch the operator to ArnLike). */
  readonly sourceArns: readonly string[];
  /** @default - no `aws:SourceAccount` condition */
  readonly sourceAccount?: string;
  /** Sid of the topic policy statement; grants with the same Sid merge their source ARNs. */
  readonly sid: string;
  /** Sid of the matching key policy statement. */
  readonly keySid: string;
}

/**
 * One endpoint that its own account may subscribe to the topic: the owner of a function or queue
 * in another account creates the subscription itself (SNS makes a cross-account endpoint's owner
 * confirm, so the topic owner cannot), and the topic policy must let it.
 */
export interface SubscribeGrant {
  /** Sid of the topic policy statement (one statement per grant). */
  readonly sid: string;
  readonly protocol: 'lambda' | 'sqs';
  /** The function or queue ARN, compared literally with the `sns:Endpoint` of the Subscribe request. */
  readonly endpoint: string;
}

/**
 * An SNS topic encrypted with its own customer managed key, publishable only by the services and
 * resources granted (`grantPublish`), subscribable only by the configured endpoints, and
 * administrable only by its own account. Subscriptions the topic's account can create are created
 * here; an SQS queue in another account must subscribe from its own account (SNS makes the queue
 * owner confirm), which the topic policy allows for exactly that queue: see `pendingSubscriptions`.
 */
export class NotificationTopic extends Construct implements INotificationTopic {
  /** Literal topic ARN. */
  public readonly topicArn: string;
  public readonly topicName: string;
  public readonly accountId: string;
  public readonly region: string;
  public readonly key: LogEncryptionKey;
  public readonly topic: SnsTopic;
  /** Subscriptions that the endpoint's own account must create (SQS queues and Lambda functions in other accounts). */
  public readonly pendingSubscriptions: readonly TopicSubscription[];
  public readonly dependables: readonly ITerraformDependable[];

  private readonly publishGrants = new Map<string, PublishGrant>();
  private readonly subscribeGrants = new Map<string, SubscribeGrant>();
  private readonly extraStatements: PolicyStatement[] = [];
  private readonly subscriptions: readonly TopicSubscription[];

  constructor(scope: Construct, id: string, props: NotificationTopicProps) {
    super(scope, id);
    this.topicName = props.topicName;
    this.accountId = props.accountId;
    this.region = props.region;
    this.topicArn = snsTopicArn(props.region, props.accountId, props.topicName);
    this.subscriptions = props.subscriptions ?? [];

    addPropValidation(this, () => checkProp('topicName', props.topicName, snsTopicNameProblems));
    this.key = resourceKey(this, 'Key', {
      accountId: props.accountId,
      region: props.region,
      aliasName: props.keyAliasName,
      description: props.keyDescription ?? `Encrypts the ${props.topicName} SNS topic`,
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

    const emails = this.subscriptions.filter((s) => s.protocol === 'email');
    if (props.highVolume && emails.length > 0) {
      Annotations.of(this).addWarning(
        `email subscription: ${emails.map((s) => s.endpoint).join(', ')} ${emails.length === 1 ? 'gets' : 'get'} one message per published notification (for a delivery topic, per log file: thousands an hour in a large organization); prefer an SQS queue or a Lambda function`,
      );
    }
    const pending: TopicSubscription[] = [];
    for (const subscription of this.subscriptions) {
      if (!createdByTopicOwner(subscription, props.accountId, props.region)) {
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
      if (subscription.protocol === 'lambda') {
        // SNS needs the function's permission to invoke it, for this topic only.
        new LambdaPermission(this, `${subscriptionId(subscription)}-Invoke`, {
          provider: props.provider,
          statementId: `sns-${props.topicName}`.slice(0, 100),
          action: 'lambda:InvokeFunction',
          functionName: subscription.endpoint,
          principal: 'sns.amazonaws.com',
          sourceArn: this.topicArn,
        });
      }
    }
    this.pendingSubscriptions = pending;

    addPolicySizeValidation(this, 'an SNS topic policy', POLICY_LIMITS.snsTopicPolicy, () => this.policyDocument(), {
      fix: 'grant fewer publishers or subscribers on this topic, or split them over another topic',
      maxStatements: POLICY_LIMITS.snsTopicPolicyStatements,
    });
  }

  /**
   * Lets a service publish for the given resources only (`aws:SourceArn`), and use the topic key
   * for this topic only (`kms:EncryptionContext:aws:sns:topicArn`) and, except for EventBridge, for
   * those resources. EventBridge's key grant carries the encryption context alone: adding
   * `aws:SourceAccount`, `aws:SourceArn` or `aws:SourceOrgID` to a key policy "is not supported for
   * EventBridge-to-encrypted topics" (sns/latest/dg/sns-key-management.html); the topic policy
   * keeps the source condition.
   */
  public grantPublish(grant: PublishGrant): void {
    const existing = this.publishGrants.get(grant.sid);
    const merged: PublishGrant = existing
      ? { ...existing, sourceArns: [...new Set([...existing.sourceArns, ...grant.sourceArns])] }
      : { ...grant, sourceArns: [...grant.sourceArns] };
    if (
      existing &&
      (existing.service !== grant.service || existing.keySid !== grant.keySid || existing.sourceAccount !== grant.sourceAccount)
    ) {
      throw new Error(`${this.node.path}: publish grant ${grant.sid} was made twice for different services or accounts`);
    }
    this.publishGrants.set(grant.sid, merged);
    if (grant.service === EVENTBRIDGE_SERVICE) {
      this.key.grantEventBridgeTarget(grant.keySid, 'topic', [this.topicArn]);
      return;
    }
    this.key.grantServiceUse({
      sid: grant.keySid,
      service: grant.service,
      sourceArns: grant.sourceArns,
      sourceAccounts: grant.sourceAccount ? [grant.sourceAccount] : undefined,
      encryptionContext: { 'aws:sns:topicArn': [this.topicArn] },
    });
  }

  /** Lets CloudTrail publish delivery notifications for these trails only. */
  public grantCloudTrailPublish(...trails: ITrail[]): void {
    if (trails.length === 0) return;
    this.grantPublish({
      service: 'cloudtrail.amazonaws.com',
      sourceArns: trails.map((t) => t.trailArn),
      sid: 'AllowCloudTrailPublishForOurTrails',
      keySid: 'AllowCloudTrailToEncryptNotifications',
    });
  }

  /**
   * Lets the endpoint's own account subscribe exactly that endpoint with exactly that protocol
   * (`sns:Subscribe` with `sns:Protocol` and `sns:Endpoint`, the SNS condition keys for Subscribe
   * requests: sns/latest/dg/sns-access-policy-language-api-permissions-reference.html). Nothing
   * else is granted: no other protocol, endpoint or action. Granting the same Sid twice with a
   * different endpoint is an error.
   */
  public grantSubscribe(grant: SubscribeGrant): void {
    const rule = grant.protocol === 'lambda' ? unqualifiedLambdaFunctionArnProblems : sqsQueueArnProblems;
    const [bad] = rule(grant.endpoint);
    if (bad) throw new Error(`${this.node.path}: subscribe grant ${grant.sid}: "${grant.endpoint}" ${problemMessage(bad)}`);
    const existing = this.subscribeGrants.get(grant.sid);
    if (existing && (existing.protocol !== grant.protocol || existing.endpoint !== grant.endpoint)) {
      throw new Error(`${this.node.path}: subscribe grant ${grant.sid} was made twice for different endpoints`);
    }
    this.subscribeGrants.set(grant.sid, { ...grant });
  }

  /** Adds statements after the publish and subscribe grants, before the denies. */
  public addToResourcePolicy(...statements: PolicyStatement[]): void {
    this.extraStatements.push(...statements);
  }

  /** The topic policy as it will be rendered. */
  public policyDocument(): PolicyDocument {
    const doc = new PolicyDocument();
    for (const grant of this.publishGrants.values()) {
      const byArn = grant.sourceArns.some((a) => a.includes('*')) ? 'ArnLike' : 'StringEquals';
      const conditions: Record<string, Record<string, string | string[]>> = { [byArn]: { 'aws:SourceArn': [...grant.sourceArns] } };
      if (grant.sourceAccount) conditions.StringEquals = { ...(conditions.StringEquals ?? {}), 'aws:SourceAccount': grant.sourceAccount };
      doc.addStatements(
        new PolicyStatement({
          sid: grant.sid,
          principal: { Service: grant.service },
          actions: ['SNS:Publish'],
          resources: [this.topicArn],
          conditions,
        }),
      );
    }
    // One statement per protocol, so each protocol is paired with its own endpoints only.
    for (const protocol of ['sqs', 'lambda'] as const) {
      const subscribers = this.subscriptions.filter((s) => s.protocol === protocol);
      if (subscribers.length === 0) continue;
      doc.addStatements(
        new PolicyStatement({
          sid: protocol === 'sqs' ? 'AllowConfiguredQueuesToSubscribe' : 'AllowConfiguredFunctionsToSubscribe',
          principal: { AWS: [...new Set(subscribers.map((s) => endpointAccount(s.endpoint)))].map(accountRootArn) },
          actions: ['SNS:Subscribe'],
          resources: [this.topicArn],
          conditions: { StringEquals: { 'sns:Protocol': protocol, 'sns:Endpoint': subscribers.map((s) => s.endpoint) } },
        }),
      );
    }
    for (const grant of this.subscribeGrants.values()) {
      doc.addStatements(
        new PolicyStatement({
          sid: grant.sid,
          principal: { AWS: accountRootArn(endpointAccount(grant.endpoint)) },
          actions: ['SNS:Subscribe'],
          resources: [this.topicArn],
          conditions: { StringEquals: { 'sns:Protocol': grant.protocol, 'sns:Endpoint': grant.endpoint } },
        }),
      );
    }
    doc.addStatements(...this.extraStatements);
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
