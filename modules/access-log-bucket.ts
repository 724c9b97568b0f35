import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { accessLogEvidenceStatements } from './evidence-statements';
import { HardenedBucket } from './hardened-bucket';
import { PolicyStatement } from './policy-document';
import { daysProblems } from './rules/problem';
import { addPropValidation, checkProp } from './rules/prop-validation';

/** Lifecycle defaults of access-log buckets (the config schema reuses them). */
export const ACCESS_LOG_DEFAULTS = {
  /** CIS/SOC evidence is usually kept a year. */
  expirationDays: 365,
  noncurrentExpirationDays: 30,
  abortIncompleteMultipartUploadDays: 7,
} as const;

export interface AccessLogBucketProps {
  readonly bucketName: string;
  /** Account that owns this bucket and the buckets that log into it. */
  readonly accountId: string;
  /** @default 365 - days an access log object is kept (CIS/SOC evidence is usually a year) */
  readonly expirationDays?: number;
  /** @default 30 - days a replaced or deleted access log version is kept */
  readonly noncurrentExpirationDays?: number;
  /** @default 7 */
  readonly abortIncompleteMultipartUploadDays?: number;
  /**
   * Principals (role ARNs) that alone may change the bucket's policy, lifecycle, versioning,
   * encryption or logging settings. @default - none: name them, or set `allowAccountAdministration`
   */
  readonly administratorArns?: readonly string[];
  /**
   * Lets every principal of the owning account that an IAM policy allows administer the bucket,
   * instead of named administrators. A named opt-out: it records a warning.
   * @default false
   */
  readonly allowAccountAdministration?: boolean;
  /** @default false - guarded against `terraform destroy` */
  readonly allowDestroy?: boolean;
  /** @default - the stack's default provider */
  readonly provider?: TerraformProvider;
  /** @default - none beyond the provider's default tags */
  readonly tags?: Record<string, string>;
}

/**
 * Target of S3 server access logs. SSE-S3, because S3 access logging cannot deliver to an
 * SSE-KMS bucket; no object lock, because a locked bucket cannot receive access logs; its own
 * lifecycle; a policy that admits only the S3 logging service, for the registered source
 * buckets of this account.
 */
export class AccessLogBucket extends Construct {
  public readonly bucketName: string;
  public readonly bucketArn: string;
  public readonly hardened: HardenedBucket;

  private readonly sources: { bucketArn: string; prefix: string }[] = [];
  private readonly provider?: TerraformProvider;

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    this.hardened = new HardenedBucket(this, 'Storage', {
      bucketName: props.bucketName,
      accountId: props.accountId,
      administratorArns: props.administratorArns,
      allowAccountAdministration: props.allowAccountAdministration,
      allowDestroy: props.allowDestroy,
      provider: props.provider,
      tags: props.tags,
    });
    addPropValidation(this, () => [
      ...checkProp('expirationDays', props.expirationDays, (d) => daysProblems(d)),
      ...checkProp('noncurrentExpirationDays', props.noncurrentExpirationDays, (d) => daysProblems(d)),
      ...checkProp('abortIncompleteMultipartUploadDays', props.abortIncompleteMultipartUploadDays, (d) => daysProblems(d, 1, 365)),
    ]);
    this.bucketName = this.hardened.bucketName;
    this.bucketArn = this.hardened.bucketArn;
    this.provider = props.provider;

    new S3BucketLifecycleConfiguration(this, 'Lifecycle', {
      provider: props.provider,
      bucket: this.hardened.bucket.id,
      rule: [
        {
          id: 'expire-access-logs',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ days: props.expirationDays ?? ACCESS_LOG_DEFAULTS.expirationDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentExpirationDays ?? ACCESS_LOG_DEFAULTS.noncurrentExpirationDays }],
          abortIncompleteMultipartUpload: [
            { daysAfterInitiation: props.abortIncompleteMultipartUploadDays ?? ACCESS_LOG_DEFAULTS.abortIncompleteMultipartUploadDays },
          ],
        },
      ],
      dependsOn: [this.hardened.versioning],
    });

    const accountId = props.accountId;
    this.hardened.addPolicyProducer(() =>
      this.sources.length === 0
        ? []
        : [
            ...accessLogEvidenceStatements(this.hardened.objectArn('*')),
            new PolicyStatement({
              sid: 'AllowS3ServerAccessLogDelivery',
              principal: { Service: 'logging.s3.amazonaws.com' },
              actions: ['s3:PutObject'],
              resources: this.sources.map((s) => this.hardened.objectArn(`${s.prefix}*`)),
              conditions: {
                ArnLike: { 'aws:SourceArn': this.sources.map((s) => s.bucketArn) },
                StringEquals: { 'aws:SourceAccount': accountId },
              },
            }),
          ],
    );
  }

  /**
   * Turns on S3 server access logging of `source` into this bucket, under `<source name>/` with
   * date-partitioned keys, and admits exactly that delivery in this bucket's policy. The source
   * must be in the same account and region.
   */
  public logAccessOf(source: HardenedBucket): void {
    const prefix = `${source.bucketName}/`;
    this.grantAccessLogDelivery(source.bucketArn, prefix);
    new S3BucketLoggingA(source, 'AccessLogging', {
      provider: this.provider,
      bucket: source.bucket.id,
      targetBucket: this.bucketName,
      targetPrefix: prefix,
      targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: 'EventTime' } },
      // The name stays literal for reviewers, so the order is explicit: S3 refuses a target that does
      // not exist yet or whose policy does not admit the delivery (InvalidTargetBucketForLogging).
      dependsOn: [this.hardened.bucket, this.hardened.ownershipControls, this.hardened.policy],
    });
  }

  /** Admits S3 server access logs of `sourceBucketArn` under `prefix` (which should end with `/`). */
  public grantAccessLogDelivery(sourceBucketArn: string, prefix: string): void {
    this.sources.push({ bucketArn: sourceBucketArn, prefix });
  }
}
