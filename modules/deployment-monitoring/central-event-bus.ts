import { CloudwatchEventArchive } from '@cdktf/provider-aws/lib/cloudwatch-event-archive';
import { CloudwatchEventBus } from '@cdktf/provider-aws/lib/cloudwatch-event-bus';
import { CloudwatchEventBusPolicy } from '@cdktf/provider-aws/lib/cloudwatch-event-bus-policy';
import { Annotations, type ITerraformDependable, Lazy, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { eventBusArn, eventRuleArn, iamRoleArn, POLICY_LIMITS } from '../arns';
import { type LogEncryptionKey, resourceKey } from '../log-encryption-key';
import { addPolicySizeValidation, PolicyDocument, PolicyStatement } from '../policy-document';
import { recordOptOut } from '../record-opt-out';
import { organizationIdProblems } from '../rules/identifiers';
import { iamRoleNameProblems, resourceKeyAlias } from '../rules/names';
import { daysProblems } from '../rules/problem';
import { addPropValidation, checkProp } from '../rules/prop-validation';
import { eventArchiveNameProblems, eventBusNameProblems } from '../rules/service-names';
import { CODEDEPLOY_DETAIL_TYPES, CODEDEPLOY_SOURCE } from './codedeploy-events';
import { EncryptedQueue } from './encrypted-queue';
import { EventRoute, type EventRouteProps, type IEventBus } from './event-route';

/** Defaults of the central bus (the config schema reuses them). */
export const CENTRAL_BUS_DEFAULTS = {
  /** 0 keeps archived events indefinitely (EventBridge CreateArchive, RetentionDays). */
  archiveRetentionDays: 0,
} as const;

/**
 * The rule-management actions a bus policy can grant another account (EventBridge user guide,
 * eb-event-bus-perms.html: a bus policy holds `events:PutEvents` and these actions on
 * `rule/<bus>/*`), denied here to every other account. Changes to the bus itself need no deny:
 * `PutPermission` and `RemovePermission` have no resource type (Service Authorization Reference), so
 * they act only on the caller's own buses, and nothing in the policy allows `UpdateEventBus`,
 * `DeleteEventBus` or tagging to another account (test/simulation/event-bus-policies.spec.ts).
 */
export const RULE_MANAGEMENT_ACTIONS = [
  'events:PutRule',
  'events:DeleteRule',
  'events:EnableRule',
  'events:DisableRule',
  'events:PutTargets',
  'events:RemoveTargets',
  'events:TagResource',
  'events:UntagResource',
] as const;

/**
 * The bus's own dead-letter queue: `<busName>-bus-dlq` (not `<busName>-dlq`, which a queue named
 * like the bus would also make), the bus name's dots as hyphens, which SQS queue names do not allow
 * (SQS CreateQueue QueueName: letters, digits, `-` and `_`).
 */
export function busDeadLetterQueueName(busName: string): string {
  return `${busName.replace(/\./g, '-')}-bus-dlq`;
}

export interface CentralEventBusProps {
  /** Name of the custom bus member accounts forward to. */
  readonly busName: string;
  /** Account (the audit account) and region the bus lives in: literal ARNs. */
  readonly accountId: string;
  readonly region: string;
  /** Every account of this organization may put events (`aws:PrincipalOrgID`). */
  readonly organizationId: string;
  /**
   * Name of the role the forwarding rules of every account put events with (the member templates'
   * `<namePrefix>-codedeploy-forwarder`, the same in the management account's stacks): only roles of
   * this name, in accounts of the organization, may put events on the bus, and only CodeDeploy's
   * two state-change notifications.
   */
  readonly forwarderRoleName: string;
  /** @default - `busDeadLetterQueueName(busName)`: `<busName>-bus-dlq` */
  readonly deadLetterQueueName?: string;
  /** @default - `alias/events/<busName>` (its dots as hyphens: aliases allow letters, digits, `/`, `_` and `-`) */
  readonly keyAliasName?: string;
  /** @default - `<busName>` (at most 48 characters) */
  readonly archiveName?: string;
  /** Days the archive keeps every event for replay; 0 keeps them indefinitely. @default 0 */
  readonly archiveRetentionDays?: number;
  /**
   * Removes `prevent_destroy` from the bus, its key and its archive. Only for disposable
   * environments; the review shows it.
   * @default false
   */
  readonly allowDestroy?: boolean;
  /** @default - the stack's default provider */
  readonly provider?: TerraformProvider;
  /** @default - none beyond the provider's default tags */
  readonly tags?: Record<string, string>;
}

const EVENTS = 'events.amazonaws.com';

/**
 * The central EventBridge bus of the audit account: encrypted with its own customer managed key,
 * open to `events:PutEvents` of CodeDeploy state changes from the forwarding roles of every account
 * of the organization (one statement, whatever the number of accounts), closed to rule changes from
 * any other account, archived in full for replay, with a dead-letter queue for what the bus cannot
 * process. Routes (`addRoute`) send its CodeDeploy events on to targets.
 */
export class CentralEventBus extends Construct implements IEventBus {
  public readonly busName: string;
  /** Literal bus ARN. */
  public readonly busArn: string;
  public readonly accountId: string;
  public readonly region: string;
  public readonly organizationId: string;
  public readonly key: LogEncryptionKey;
  public readonly bus: CloudwatchEventBus;
  public readonly archive: CloudwatchEventArchive;
  /** Where EventBridge puts the events the bus itself cannot process (`dead_letter_config`). */
  public readonly deadLetterQueue: EncryptedQueue;
  public readonly forwarderRoleName: string;
  public readonly dependables: readonly ITerraformDependable[];

  private readonly props: CentralEventBusProps;

  constructor(scope: Construct, id: string, props: CentralEventBusProps) {
    super(scope, id);
    const archiveName = props.archiveName ?? props.busName;
    const retention = props.archiveRetentionDays ?? CENTRAL_BUS_DEFAULTS.archiveRetentionDays;
    addPropValidation(this, () => [
      ...checkProp('busName', props.busName, eventBusNameProblems),
      // The archive is named after the bus unless named: a bad bus name is reported once, as the bus's.
      ...checkProp(
        'archiveName',
        props.archiveName ?? (eventBusNameProblems(props.busName).length === 0 ? archiveName : undefined),
        eventArchiveNameProblems,
      ),
      ...checkProp('archiveRetentionDays', retention, (d) => daysProblems(d, 0)),
      ...checkProp('forwarderRoleName', props.forwarderRoleName, iamRoleNameProblems),
      ...checkProp('organizationId', props.organizationId, organizationIdProblems),
    ]);

    this.props = props;
    this.busName = props.busName;
    this.accountId = props.accountId;
    this.region = props.region;
    this.organizationId = props.organizationId;
    this.forwarderRoleName = props.forwarderRoleName;
    this.busArn = eventBusArn(props.region, props.accountId, props.busName);
    if (props.allowDestroy) {
      recordOptOut(this, 'allowDestroy', `event bus ${props.busName} and its archive are not guarded by prevent_destroy`);
    }

    this.key = resourceKey(this, 'Key', {
      accountId: props.accountId,
      region: props.region,
      aliasName: props.keyAliasName ?? resourceKeyAlias('events', props.busName),
      description: `Encrypts the ${props.busName} EventBridge event bus`,
      allowDestroy: props.allowDestroy,
      provider: props.provider,
      tags: props.tags,
    });
    // EventBridge needs kms:DescribeKey, kms:GenerateDataKey and kms:Decrypt on a bus key, and
    // recommends scoping them by aws:SourceArn, aws:SourceAccount or the bus encryption context
    // (eventbridge/latest/userguide/eb-encryption-key-policy.html). The encryption context, which
    // EventBridge passes in every cryptographic call for the bus (eb-encryption-event-bus-cmkey.html),
    // pins the data-key statement to this bus. DescribeKey carries no encryption context and AWS's
    // example leaves it unconditioned; StringEqualsIfExists on aws:SourceAccount refuses other
    // accounts' resources without failing bus creation should EventBridge not send the key.
    this.key.grantServiceUse({
      sid: 'AllowEventBridgeEncryptBusEvents',
      service: EVENTS,
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      encryptionContext: { 'aws:events:event-bus:arn': [this.busArn] },
    });
    this.key.grantServiceUse({
      sid: 'AllowEventBridgeDescribeBusKey',
      service: EVENTS,
      actions: ['kms:DescribeKey'],
      conditions: { StringEqualsIfExists: { 'aws:SourceAccount': props.accountId } },
    });

    // The bus's dead-letter queue: EventBridge sends it the custom and partner events it cannot
    // process because of the bus key (disabled, deleted, policy changed), which it recommends for a
    // bus with a customer managed key (eb-encryption-event-bus-dlq.html). AWS service events
    // (CodeDeploy's) are encrypted with an AWS owned key whatever the bus key
    // (eb-encryption-event-bus-cmkey.html), so the queue stays empty unless the key breaks. It is
    // encrypted with the bus key itself (no second key to pay for), for the queue's context only.
    this.deadLetterQueue = new EncryptedQueue(this, 'DeadLetterQueue', {
      queueName: props.deadLetterQueueName ?? busDeadLetterQueueName(props.busName),
      accountId: props.accountId,
      region: props.region,
      deadLetterQueue: false,
      encryptionKey: this.key,
      allowDestroy: props.allowDestroy,
      provider: props.provider,
      tags: props.tags,
    });
    this.deadLetterQueue.grantSendFromEventBus(this.busArn);

    // kms_key_identifier and dead_letter_config: hashicorp/aws 5.100.0 supports both on
    // aws_cloudwatch_event_bus. The queue and its policy exist before the bus names the queue.
    this.bus = new CloudwatchEventBus(this, 'Bus', {
      provider: props.provider,
      name: props.busName,
      kmsKeyIdentifier: this.key.keyArn,
      deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
      tags: props.tags,
      lifecycle: { preventDestroy: !props.allowDestroy },
      dependsOn: [...this.deadLetterQueue.dependables],
    });
    new CloudwatchEventBusPolicy(this, 'Policy', {
      provider: props.provider,
      eventBusName: this.bus.name,
      policy: Lazy.stringValue({ produce: () => this.policyDocument().render() }),
    });
    // No event pattern: every event but replays is archived (CreateArchive). hashicorp/aws 5.100.0
    // has no kms_key_identifier on aws_cloudwatch_event_archive, so the archive is encrypted with an
    // AWS owned key, which EventBridge allows but advises against for a bus with a customer managed
    // key (CreateArchive, KmsKeyIdentifier).
    this.archive = new CloudwatchEventArchive(this, 'Archive', {
      provider: props.provider,
      name: archiveName,
      description: `Every event of the ${props.busName} bus, for replay`,
      eventSourceArn: this.bus.arn,
      retentionDays: retention,
      lifecycle: { preventDestroy: !props.allowDestroy },
    });
    Annotations.of(this.archive).addInfo(
      `archive ${archiveName} is encrypted with an AWS owned key: hashicorp/aws 5.100.0 cannot give it the bus key`,
    );
    this.dependables = [this.bus];

    addPolicySizeValidation(this, 'an EventBridge event bus policy', POLICY_LIMITS.eventBusPolicy, () => this.policyDocument());
  }

  /** Adds a route of CodeDeploy events from this bus to targets. */
  public addRoute(id: string, props: Omit<EventRouteProps, 'bus' | 'provider' | 'allowDestroy'>): EventRoute {
    return new EventRoute(this, id, { ...props, bus: this, provider: this.props.provider, allowDestroy: this.props.allowDestroy });
  }

  /** The bus policy as it will be rendered. */
  public policyDocument(): PolicyDocument {
    const detailTypes = Object.values(CODEDEPLOY_DETAIL_TYPES);
    return new PolicyDocument([
      // One statement for the whole organization: its size does not grow with the number of
      // accounts (eb-event-bus-perms.html, "grant permissions to all members of your organization").
      // Only the forwarding roles (aws:PrincipalArn; a forwarding rule puts events with its target
      // role, which the organization grant requires: PutPermission, PutTargets RoleArn) and only
      // CodeDeploy's two state-change notifications (events:source and events:detail-type, the
      // condition keys of PutEvents, both multivalued: Service Authorization Reference, EventBridge;
      // eb-event-bus-example-policy-cross-account-custom-bus-source.html uses ForAllValues). The Null
      // test keeps ForAllValues from passing a request that carries no value at all.
      new PolicyStatement({
        sid: 'AllowForwardersPutCodeDeployEvents',
        principal: '*',
        actions: ['events:PutEvents'],
        resources: [this.busArn],
        conditions: {
          StringEquals: { 'aws:PrincipalOrgID': this.organizationId },
          ArnLike: { 'aws:PrincipalArn': iamRoleArn('*', this.forwarderRoleName) },
          'ForAllValues:StringEquals': { 'events:source': [CODEDEPLOY_SOURCE], 'events:detail-type': detailTypes },
          Null: { 'events:source': 'false', 'events:detail-type': 'false' },
        },
      }),
      new PolicyStatement({
        sid: 'DenyRuleChangesFromOtherAccounts',
        effect: 'Deny',
        principal: '*',
        actions: RULE_MANAGEMENT_ACTIONS,
        resources: [eventRuleArn(this.region, this.accountId, this.busName, '*')],
        conditions: {
          StringNotEquals: { 'aws:PrincipalAccount': this.accountId },
          // Only IAM principals: an AWS service acting on the bus (an archive's managed rule) is not an account.
          Bool: { 'aws:PrincipalIsAWSService': 'false' },
        },
      }),
    ]);
  }
}
