import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KinesisStream } from '@cdktf/provider-aws/lib/kinesis-stream';
import { type ITerraformDependable, Lazy, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { iamRoleArn, kinesisStreamArn, PARTITION, POLICY_LIMITS } from '../arns';
import { type LogEncryptionKey, resourceKey } from '../log-encryption-key';
import { addPolicySizeValidation, PolicyDocument, PolicyStatement } from '../policy-document';
import { iamRoleNameProblems, resourceKeyAlias } from '../rules/names';
import { addPropValidation, checkProp } from '../rules/prop-validation';
import { kinesisStreamNameProblems } from '../rules/service-names';

export type StreamCapacityMode = 'PROVISIONED' | 'ON_DEMAND';

/**
 * Defaults of every stream this library creates (the config schema reuses them).
 *
 * Provisioned with one shard, not on demand: deployment events are a trickle (hundreds a day in a
 * large organization), far below one shard's 1,000 records or 1 MB a second. In us-east-1 one shard
 * costs $0.015 an hour (about $11 a month) plus $0.014 per million 25 KB PUT units, while an on-demand
 * stream costs $0.04 an hour (about $29 a month) before its $0.08 per GB written, so on-demand only
 * pays off for spiky or unknown volumes (aws.amazon.com/kinesis/data-streams/pricing: on-demand bills a
 * per-stream hourly charge, provisioned a per-shard hourly charge). Switch with `capacityMode`.
 */
export const STREAM_DEFAULTS = {
  capacityMode: 'PROVISIONED' as StreamCapacityMode,
  shardCount: 1,
  /** The included retention; longer retention is billed per shard-hour (or per GB on demand). */
  retentionHours: 24,
} as const;

export interface EncryptedStreamProps {
  readonly streamName: string;
  /** Account and region the stream lives in (literal ARN). */
  readonly accountId: string;
  readonly region: string;
  /** @default - `alias/kinesis/<streamName>` (its dots as hyphens: aliases allow letters, digits, `/`, `_` and `-`) */
  readonly keyAliasName?: string;
  /** @default 'PROVISIONED' - one shard is the cheapest at deployment-event volumes (see STREAM_DEFAULTS) */
  readonly capacityMode?: StreamCapacityMode;
  /** Shards of a provisioned stream. @default 1 */
  readonly shardCount?: number;
  /** @default 24 (the included retention) */
  readonly retentionHours?: number;
  /** Role EventBridge assumes to put records. @default - `<streamName>-eventbridge` */
  readonly roleName?: string;
  /** @default false - the key is guarded by prevent_destroy */
  readonly allowDestroy?: boolean;
  /** @default - the stack's default provider */
  readonly provider?: TerraformProvider;
  /** @default - none beyond the provider's default tags */
  readonly tags?: Record<string, string>;
}

/** A stream EventBridge rules can deliver to through a role (an `EncryptedStream`). */
export interface IEventTargetStream {
  /** Literal stream ARN. */
  readonly streamArn: string;
  /** Literal ARN of the role EventBridge assumes to put records. */
  readonly roleArn: string;
  /** Resources a sender must wait for (stream, role and its policy). */
  readonly dependables: readonly ITerraformDependable[];
  /** Lets these EventBridge rules (and only them) assume the role that puts records. */
  grantPutFromRule(...ruleArns: string[]): void;
}

const EVENTS = 'events.amazonaws.com';

/**
 * A Kinesis data stream encrypted with its own customer managed key, and the role EventBridge rules
 * assume to put records on it. EventBridge delivers to Kinesis through a role, not a resource policy
 * (eventbridge/latest/userguide/eb-use-resource-based.html). The role trusts only the rules granted
 * (`aws:SourceArn` = the rule ARN, which EventBridge's confused-deputy guidance names for event bus
 * rule targets: eventbridge/latest/userguide/cross-service-confused-deputy-prevention.html, plus
 * `aws:SourceAccount`), and may only put records on this stream and generate data keys for it.
 */
export class EncryptedStream extends Construct implements IEventTargetStream {
  /** Literal stream ARN. */
  public readonly streamArn: string;
  public readonly streamName: string;
  /** Literal role ARN. */
  public readonly roleArn: string;
  public readonly stream: KinesisStream;
  public readonly role: IamRole;
  public readonly key: LogEncryptionKey;
  public readonly dependables: readonly ITerraformDependable[];

  private readonly accountId: string;
  private readonly region: string;
  private readonly rules = new Set<string>();

  constructor(scope: Construct, id: string, props: EncryptedStreamProps) {
    super(scope, id);
    const roleName = props.roleName ?? `${props.streamName}-eventbridge`;
    addPropValidation(this, () => [
      ...checkProp('streamName', props.streamName, kinesisStreamNameProblems),
      ...checkProp('roleName', roleName, iamRoleNameProblems),
    ]);
    const capacityMode = props.capacityMode ?? STREAM_DEFAULTS.capacityMode;
    if (capacityMode === 'ON_DEMAND' && props.shardCount !== undefined) {
      throw new Error(
        `${this.node.path}: shardCount: ${props.shardCount} applies to a PROVISIONED stream only. Fix: remove shardCount, or set capacityMode PROVISIONED`,
      );
    }
    this.streamName = props.streamName;
    this.accountId = props.accountId;
    this.region = props.region;
    this.streamArn = kinesisStreamArn(props.region, props.accountId, props.streamName);
    this.roleArn = iamRoleArn(props.accountId, roleName);

    this.key = resourceKey(this, 'Key', {
      accountId: props.accountId,
      region: props.region,
      aliasName: props.keyAliasName ?? resourceKeyAlias('kinesis', props.streamName),
      description: `Encrypts the ${props.streamName} Kinesis data stream`,
      allowDestroy: props.allowDestroy,
      provider: props.provider,
      tags: props.tags,
    });
    this.stream = new KinesisStream(this, 'Stream', {
      provider: props.provider,
      name: props.streamName,
      streamModeDetails: { streamMode: capacityMode },
      shardCount: capacityMode === 'PROVISIONED' ? (props.shardCount ?? STREAM_DEFAULTS.shardCount) : undefined,
      retentionPeriod: props.retentionHours ?? STREAM_DEFAULTS.retentionHours,
      encryptionType: 'KMS',
      kmsKeyId: this.key.keyArn,
      tags: props.tags,
    });
    this.role = new IamRole(this, 'Role', {
      provider: props.provider,
      name: roleName,
      description: `EventBridge rules put records on the ${props.streamName} stream`,
      assumeRolePolicy: Lazy.stringValue({ produce: () => this.trustPolicyDocument().render() }),
      tags: props.tags,
    });
    const rolePolicy = new IamRolePolicy(this, 'RolePolicy', {
      provider: props.provider,
      name: 'put-records',
      role: this.role.name,
      policy: this.rolePolicyDocument().render(),
    });
    this.dependables = [this.stream, this.role, rolePolicy];

    // The trust policy lists every rule ARN granted: it grows with the routes feeding the stream.
    addPolicySizeValidation(
      this,
      'an IAM role trust policy (default quota)',
      POLICY_LIMITS.iamRoleTrustPolicy,
      () => this.trustPolicyDocument(),
      {
        fix: 'feed the stream from fewer rules, or give some routes another stream',
      },
    );
    this.node.addValidation({
      validate: () =>
        this.rules.size > 0
          ? []
          : [
              `${this.node.path}: no EventBridge rule is granted; give the stream to an EventRoute (or remove it): its role would trust no one`,
            ],
    });
  }

  /** Lets these EventBridge rules assume the role that puts records on the stream. */
  public grantPutFromRule(...ruleArns: string[]): void {
    for (const arn of ruleArns) this.rules.add(arn);
  }

  /** The role's trust policy as it will be rendered: only the granted rules of this account. */
  public trustPolicyDocument(): PolicyDocument {
    return new PolicyDocument([
      new PolicyStatement({
        sid: 'AllowEventBridgeRulesAssumeRole',
        principal: { Service: EVENTS },
        actions: ['sts:AssumeRole'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': this.accountId },
          ArnEquals: { 'aws:SourceArn': [...this.rules] },
        },
      }),
    ]);
  }

  /**
   * The role's permissions: put records on this stream, and generate the data keys Kinesis encrypts
   * them with (a producer needs `kms:GenerateDataKey`; Kinesis passes the stream ARN as encryption
   * context `aws:kinesis:arn`: streams/latest/dev/permissions-user-key-KMS.html). The key ARN is only
   * known after apply, so the key is named by the account's key ARN pattern and pinned by the
   * encryption context: literal, and usable for this stream's records only. The key policy
   * lets the account's IAM policies grant use of the key (its default administration).
   */
  public rolePolicyDocument(): PolicyDocument {
    return new PolicyDocument([
      new PolicyStatement({
        sid: 'AllowPutRecordsOnStream',
        actions: ['kinesis:PutRecord', 'kinesis:PutRecords'],
        resources: [this.streamArn],
      }),
      new PolicyStatement({
        sid: 'AllowGenerateDataKeysForStream',
        actions: ['kms:GenerateDataKey'],
        resources: [`arn:${PARTITION}:kms:${this.region}:${this.accountId}:key/*`],
        conditions: { StringEquals: { 'kms:EncryptionContext:aws:kinesis:arn': this.streamArn } },
      }),
    ]);
  }
}
