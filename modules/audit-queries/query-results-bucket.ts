import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { accountRootArn } from '../arns';
import { HardenedBucket } from '../hardened-bucket';
import type { LogEncryptionKey } from '../log-encryption-key';
import { PolicyStatement } from '../policy-document';
import { daysProblems } from '../rules/problem';
import { addPropValidation, checkProp } from '../rules/prop-validation';

/**
 * Where the audit workgroup writes query results: a hardened bucket (versioning, public access
 * blocked, ACLs disabled, TLS 1.2+ only, administration only by the named roles), SSE-KMS with the
 * results key and an S3 Bucket Key, results expiring after a few days, and a policy that admits no
 * principal of another account. Results are copies of audit evidence: they live no longer than
 * people need to read them.
 */

/** Lifecycle defaults of the results bucket (the config schema reuses them). */
export const QUERY_RESULTS_DEFAULTS = {
  /** A month: long enough to come back to a result, short enough that copies of evidence do not pile up. */
  expirationDays: 30,
  /** Versioning keeps an expired result as a noncurrent version: gone a day later. */
  noncurrentExpirationDays: 1,
  abortIncompleteMultipartUploadDays: 1,
} as const;

export interface QueryResultsBucketProps {
  readonly bucketName: string;
  /** The querying account: owns the bucket, and only its principals may use it. */
  readonly accountId: string;
  /** Encrypts every result (SSE-KMS with an S3 Bucket Key); the grant for the account is added here. */
  readonly encryptionKey: LogEncryptionKey;
  /** Region of the bucket and key (`kms:ViaService`). */
  readonly region: string;
  /** @default 30 */
  readonly expirationDays?: number;
  /** Principals (role ARNs) that alone may change the bucket's settings. @default - none: name them, or set `allowAccountAdministration` */
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
}

export class QueryResultsBucket extends Construct {
  public readonly bucketName: string;
  public readonly bucketArn: string;
  public readonly hardened: HardenedBucket;
  public readonly expirationDays: number;

  constructor(scope: Construct, id: string, props: QueryResultsBucketProps) {
    super(scope, id);
    this.expirationDays = props.expirationDays ?? QUERY_RESULTS_DEFAULTS.expirationDays;
    addPropValidation(this, () => checkProp('expirationDays', props.expirationDays, (d) => daysProblems(d, 1, 3650)));
    this.hardened = new HardenedBucket(this, 'Storage', {
      bucketName: props.bucketName,
      accountId: props.accountId,
      encryptionKey: props.encryptionKey,
      administratorArns: props.administratorArns,
      allowAccountAdministration: props.allowAccountAdministration,
      allowDestroy: props.allowDestroy,
      provider: props.provider,
    });
    this.bucketName = this.hardened.bucketName;
    this.bucketArn = this.hardened.bucketArn;

    new S3BucketLifecycleConfiguration(this, 'Lifecycle', {
      provider: props.provider,
      bucket: this.hardened.bucket.id,
      rule: [
        {
          id: 'expire-query-results',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ days: this.expirationDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: QUERY_RESULTS_DEFAULTS.noncurrentExpirationDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: QUERY_RESULTS_DEFAULTS.abortIncompleteMultipartUploadDays }],
        },
      ],
      dependsOn: [this.hardened.versioning],
    });

    // Nobody outside the account reads or writes results, whatever their own policies say: the
    // Deny holds even if someone later adds an Allow for another account.
    this.hardened.addToResourcePolicy(
      new PolicyStatement({
        sid: 'DenyOtherAccounts',
        effect: 'Deny',
        principal: '*',
        actions: ['s3:*'],
        resources: [this.bucketArn, this.hardened.objectArn('*')],
        conditions: { StringNotEquals: { 'aws:PrincipalAccount': props.accountId } },
      }),
    );

    // Athena writes and reads results with the caller's credentials through S3, which calls KMS
    // with the bucket's encryption context (S3 Bucket Keys: the bucket ARN; AmazonS3/latest/
    // userguide/bucket-key.html) and kms:ViaService s3.<region>.amazonaws.com.
    props.encryptionKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowQueryAccountUseThroughS3',
        principal: { AWS: accountRootArn(props.accountId) },
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'kms:CallerAccount': props.accountId, 'kms:ViaService': `s3.${props.region}.amazonaws.com` },
          StringLike: { 'kms:EncryptionContext:aws:s3:arn': [this.bucketArn, `${this.bucketArn}/*`] },
        },
      }),
    );
  }
}
