import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { type ITerraformDependable, Lazy, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { POLICY_LIMITS, sqsQueueArn } from '../arns';
import { EVENTBRIDGE_SERVICE, type LogEncryptionKey, resourceKey } from '../log-encryption-key';
import { addPolicySizeValidation, PolicyDocument, PolicyStatement } from '../policy-document';
import { resourceKeyAlias } from '../rules/names';
import type { Problem } from '../rules/problem';
import { addPropValidation, checkProp } from '../rules/prop-validation';
import { messageRetentionProblems, sqsQueueNameProblems } from '../rules/service-names';

/** Defaults of every queue this library creates (the config schema reuses them). */
export const QUEUE_DEFAULTS = {
  /** The SQS maximum, 14 days: the longest chance to process (or redrive) what arrives. */
  messageRetentionSeconds: 1_209_600,
  /** Receives before a message moves to the queue's own dead-letter queue. */
  maxReceiveCount: 5,
} as const;

export interface EncryptedQueueProps {
  /** Queue name (standard queue; EventBridge dead-letter queues cannot be FIFO). */
  readonly queueName: string;
  /** Account and region the queue lives in (literal ARN). */
  readonly accountId: string;
  readonly region: string;
  /** @default - `alias/sqs/<queueName>` */
  readonly keyAliasName?: string;
  /** @default - "Encrypts the <queueName> SQS queue" */
  readonly keyDescription?: string;
  /**
   * An existing key of the same account and region to encrypt the queue with, instead of a key of
   * its own (a customer managed key costs about $1 a month): the grants below are added to its
   * policy. `keyAliasName` and `keyDescription` are then ignored.
   * @default - the queue gets its own key
   */
  readonly encryptionKey?: LogEncryptionKey;
  /** @default 1209600 (14 days, the SQS maximum) */
  readonly messageRetentionSeconds?: number;
  /** @default 30 (the SQS default) */
  readonly visibilityTimeoutSeconds?: number;
  /**
   * Gives the queue its own dead-letter queue (`<queueName>-dlq`, same key, same retention) that
   * receives messages consumers fail to process `maxReceiveCount` times. Turn off for a queue that
   * is itself a dead-letter queue.
   * @default true
   */
  readonly deadLetterQueue?: boolean;
  /** @default 5 */
  readonly maxReceiveCount?: number;
  /** @default false - the key is guarded by prevent_destroy */
  readonly allowDestroy?: boolean;
  /** @default - the stack's default provider */
  readonly provider?: TerraformProvider;
  /** @default - none beyond the provider's default tags */
  readonly tags?: Record<string, string>;
}

/** A queue EventBridge rules can deliver to (an `EncryptedQueue`). */
export interface IEventTargetQueue {
  /** Literal queue ARN. */
  readonly queueArn: string;
  /** Resources a sender must wait for (queue and queue policy). */
  readonly dependables: readonly ITerraformDependable[];
  /** Lets these EventBridge rules (and only them) send messages, and use the queue key for that. */
  grantSendFromRule(...ruleArns: string[]): void;
}

const EVENTS = EVENTBRIDGE_SERVICE;

/**
 * A standard SQS queue encrypted with its own customer managed key (or one given), with its own dead-letter queue
 * (redrive after `maxReceiveCount` failed receives), TLS-only, and a queue policy that admits only the
 * EventBridge rules granted (`aws:SourceArn`, as EventBridge's SQS target and dead-letter queue
 * examples show: eventbridge/latest/userguide/eb-use-resource-based.html#eb-sqs-permissions and
 * eb-rule-dlq.html).
 */
export class EncryptedQueue extends Construct implements IEventTargetQueue {
  /** Literal queue ARN. */
  public readonly queueArn: string;
  public readonly queueName: string;
  public readonly queue: SqsQueue;
  public readonly key: LogEncryptionKey;
  /** The queue's own dead-letter queue, when it has one. */
  public readonly deadLetterQueue?: SqsQueue;
  /** Literal ARN of the queue's own dead-letter queue, when it has one. */
  public readonly deadLetterQueueArn?: string;
  public readonly dependables: readonly ITerraformDependable[];

  private readonly sendingRules = new Set<string>();
  private readonly sendingBuses = new Set<string>();
  private readonly extraStatements: PolicyStatement[] = [];

  constructor(scope: Construct, id: string, props: EncryptedQueueProps) {
    super(scope, id);
    const withDeadLetterQueue = props.deadLetterQueue ?? true;
    const deadLetterQueueName = `${props.queueName}-dlq`;
    addPropValidation(this, () => [
      ...checkProp('queueName', props.queueName, sqsQueueNameProblems),
      ...checkProp('queueName', withDeadLetterQueue ? props.queueName : undefined, (name) =>
        deadLetterQueueNameProblems(name, deadLetterQueueName),
      ),
      ...checkProp('messageRetentionSeconds', props.messageRetentionSeconds, messageRetentionProblems),
    ]);
    this.queueName = props.queueName;
    this.queueArn = sqsQueueArn(props.region, props.accountId, props.queueName);
    const retention = props.messageRetentionSeconds ?? QUEUE_DEFAULTS.messageRetentionSeconds;

    if (props.encryptionKey && (props.encryptionKey.accountId !== props.accountId || props.encryptionKey.region !== props.region)) {
      throw new Error(
        `${this.node.path}: encryptionKey ${props.encryptionKey.aliasName} is in ${props.encryptionKey.accountId} ${props.encryptionKey.region}, the queue in ${props.accountId} ${props.region}; SQS encrypts with a key of its own region. Fix: pass a key of the queue's account and region, or none`,
      );
    }
    this.key =
      props.encryptionKey ??
      resourceKey(this, 'Key', {
        accountId: props.accountId,
        region: props.region,
        aliasName: props.keyAliasName ?? resourceKeyAlias('sqs', props.queueName),
        description: props.keyDescription ?? `Encrypts the ${props.queueName} SQS queue`,
        allowDestroy: props.allowDestroy,
        provider: props.provider,
        tags: props.tags,
      });
    const encryption = { kmsMasterKeyId: this.key.keyArn, kmsDataKeyReusePeriodSeconds: 300 };

    let redrivePolicy: string | undefined;
    if (withDeadLetterQueue) {
      this.deadLetterQueueArn = sqsQueueArn(props.region, props.accountId, deadLetterQueueName);
      this.deadLetterQueue = new SqsQueue(this, 'DeadLetterQueue', {
        provider: props.provider,
        name: deadLetterQueueName,
        ...encryption,
        messageRetentionSeconds: retention,
        // Only this queue may move messages here.
        redriveAllowPolicy: JSON.stringify({ redrivePermission: 'byQueue', sourceQueueArns: [this.queueArn] }),
        tags: props.tags,
      });
      new SqsQueuePolicy(this, 'DeadLetterQueuePolicy', {
        provider: props.provider,
        queueUrl: this.deadLetterQueue.url,
        policy: Lazy.stringValue({ produce: () => this.deadLetterQueuePolicyDocument().render() }),
      });
      redrivePolicy = JSON.stringify({
        deadLetterTargetArn: this.deadLetterQueueArn,
        maxReceiveCount: props.maxReceiveCount ?? QUEUE_DEFAULTS.maxReceiveCount,
      });
    }

    this.queue = new SqsQueue(this, 'Queue', {
      provider: props.provider,
      name: props.queueName,
      ...encryption,
      messageRetentionSeconds: retention,
      visibilityTimeoutSeconds: props.visibilityTimeoutSeconds,
      redrivePolicy,
      tags: props.tags,
      // The redrive policy names the dead-letter queue by its literal ARN: create that queue first.
      dependsOn: this.deadLetterQueue ? [this.deadLetterQueue] : undefined,
    });
    const policy = new SqsQueuePolicy(this, 'Policy', {
      provider: props.provider,
      queueUrl: this.queue.url,
      policy: Lazy.stringValue({ produce: () => this.policyDocument().render() }),
    });
    this.dependables = [this.queue, policy];

    addPolicySizeValidation(this, 'an SQS queue policy', POLICY_LIMITS.sqsQueuePolicy, () => this.policyDocument(), {
      fix: 'feed the queue from fewer rules or add fewer statements, or split its senders over another queue',
      maxStatements: POLICY_LIMITS.sqsQueuePolicyStatements,
    });
  }

  /**
   * Lets these EventBridge rules send messages (`sqs:SendMessage` with `aws:SourceArn` = a rule ARN)
   * and use the queue key for that: `kms:GenerateDataKey` and `kms:Decrypt`, the permissions SQS asks
   * of an AWS service sending to an encrypted queue (AWSSimpleQueueService/latest/SQSDeveloperGuide/
   * sqs-key-management.html#compatibility-with-aws-services; eventbridge/latest/userguide/
   * eb-targets.html, "Permissions"), for this queue's encryption context only (`aws:sqs:arn`), not
   * by source: see `EVENTBRIDGE_TARGET_CONTEXTS`.
   */
  public grantSendFromRule(...ruleArns: string[]): void {
    if (ruleArns.length === 0) return;
    for (const arn of ruleArns) this.sendingRules.add(arn);
    this.grantKey();
  }

  /**
   * Makes this queue the dead-letter queue of an event bus: EventBridge sends it the events the bus
   * cannot process (a customer managed bus key disabled or missing). The bus's ARN is the
   * `aws:SourceArn` (eventbridge/latest/userguide/eb-rule-dlq.html, "Event bus dead-letter queue
   * permissions example"; eb-encryption-event-bus-dlq.html).
   */
  public grantSendFromEventBus(busArn: string): void {
    this.sendingBuses.add(busArn);
    this.grantKey();
  }

  /** Adds statements after the grants, before the TLS deny. */
  public addToResourcePolicy(...statements: PolicyStatement[]): void {
    this.extraStatements.push(...statements);
  }

  /** The queue policy as it will be rendered. */
  public policyDocument(): PolicyDocument {
    const doc = new PolicyDocument();
    if (this.sendingRules.size > 0) {
      doc.addStatements(
        new PolicyStatement({
          sid: 'AllowEventBridgeRulesSendMessage',
          principal: { Service: EVENTS },
          actions: ['sqs:SendMessage'],
          resources: [this.queueArn],
          conditions: { ArnEquals: { 'aws:SourceArn': [...this.sendingRules] } },
        }),
      );
    }
    if (this.sendingBuses.size > 0) {
      doc.addStatements(
        new PolicyStatement({
          sid: 'AllowEventBusDeadLetters',
          principal: { Service: EVENTS },
          actions: ['sqs:SendMessage'],
          resources: [this.queueArn],
          conditions: { ArnEquals: { 'aws:SourceArn': [...this.sendingBuses] } },
        }),
      );
    }
    doc.addStatements(...this.extraStatements, denyInsecureTransport(this.queueArn));
    return doc;
  }

  /** The policy of the queue's own dead-letter queue: SQS moves messages there, nobody sends. */
  public deadLetterQueuePolicyDocument(): PolicyDocument {
    if (!this.deadLetterQueueArn) throw new Error(`${this.node.path}: the queue has no dead-letter queue`);
    return new PolicyDocument([denyInsecureTransport(this.deadLetterQueueArn)]);
  }

  private grantKey(): void {
    this.key.grantEventBridgeTarget('AllowEventBridgeUseQueueKey', 'queue', [this.queueArn]);
  }
}

function denyInsecureTransport(queueArn: string): PolicyStatement {
  return new PolicyStatement({
    sid: 'DenyInsecureTransport',
    effect: 'Deny',
    principal: '*',
    actions: ['sqs:*'],
    resources: [queueArn],
    conditions: { Bool: { 'aws:SecureTransport': 'false' } },
  });
}

/** A valid queue name whose derived dead-letter queue name is not (the queue's own problems are reported once, above). */
function deadLetterQueueNameProblems(queueName: string, deadLetterQueueName: string): Problem[] {
  if (sqsQueueNameProblems(queueName).length > 0) return [];
  return sqsQueueNameProblems(deadLetterQueueName).map((p) => ({
    ...p,
    value: queueName,
    rule: `makes the dead-letter queue name "${deadLetterQueueName}", which ${p.rule}`,
    fix: 'shorten the queue name, or pass deadLetterQueue: false for a queue that is itself a dead-letter queue',
  }));
}
