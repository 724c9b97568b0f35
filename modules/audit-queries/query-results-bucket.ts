import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { accountRootArn } from '../arns';
import { HardenedBucket } from '../hardened-bucket';
import type { LogEncryptionKey } from '../log-encryption-key';
import { type Conditions, PolicyStatement } from '../policy-document';
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

    this.hardened.addToResourcePolicy(...resultsEncryptionStatements(this.hardened.objectArn('*'), props.encryptionKey.keyArn));

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

/**
 * Results are written only under the results key. A PUT without encryption headers gets the
 * bucket's default (this key), as Athena's enforced SSE_KMS writes do with the key ARN named; a PUT
 * that names its own encryption is refused unless it names exactly this key:
 * - another algorithm (`AES256` SSE-S3, `aws:kms:dsse`);
 * - `aws:kms` with another key, or with no key ID at all, which makes S3 use the AWS managed
 *   `aws/s3` key rather than the bucket default (AmazonS3/latest/API/API_PutObject.html,
 *   x-amz-server-side-encryption-aws-kms-key-id). The key ID condition key is of type ARN (Service
 *   Authorization Reference, Amazon S3 condition keys), hence `ArnNotEqualsIfExists`; a request
 *   naming the key by ID or alias is refused too;
 * - customer-provided keys (SSE-C), which no KMS key policy governs.
 * Each Deny applies only when the request carries the header (`Null` false): UploadPart and a PUT
 * relying on the default carry none, and must keep working.
 */
export function resultsEncryptionStatements(objects: string, keyArn: string): PolicyStatement[] {
  const sse = 's3:x-amz-server-side-encryption';
  const deny = (sid: string, conditions: Conditions) =>
    new PolicyStatement({ sid, effect: 'Deny', principal: '*', actions: ['s3:PutObject'], resources: [objects], conditions });
  return [
    deny('DenyResultsWithAnotherEncryption', { Null: { [sse]: 'false' }, StringNotEquals: { [sse]: 'aws:kms' } }),
    deny('DenyResultsWithAnotherKey', { Null: { [sse]: 'false' }, ArnNotEqualsIfExists: { [`${sse}-aws-kms-key-id`]: keyArn } }),
    deny('DenyResultsWithCustomerKeys', { Null: { [`${sse}-customer-algorithm`]: 'false' } }),
  ];
}
