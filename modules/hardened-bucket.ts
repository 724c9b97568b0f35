import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketObjectLockConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Lazy, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { bucketArn, POLICY_LIMITS } from './arns';
import { addPolicySizeValidation, PolicyDocument, PolicyStatement } from './policy-document';
import { BUCKET_PROTECTION_ACTIONS } from './protection-actions';
import { recordOptOut } from './record-opt-out';
import type { IEncryptionKey } from './references';
import { accountIdProblems } from './rules/identifiers';
import { objectLockProblems } from './rules/lifecycle';
import { problem } from './rules/problem';
import { addPropValidation, checkProp, type PropCheck } from './rules/prop-validation';
import { bucketNameProblems } from './rules/s3';

export type ObjectLockMode = 'GOVERNANCE' | 'COMPLIANCE';

/** Neither administrators nor the opt-out: the bucket would be administered by the whole account. */
const ADMINISTRATORS_REQUIRED = (accountId: string): PropCheck => ({
  prop: 'administratorArns',
  value: undefined,
  problems: () => [
    problem(
      undefined,
      `is required: without it any principal of account ${accountId} that an IAM policy allows could change the bucket's policy, lifecycle, versioning and encryption or bypass governance retention`,
      'name the roles that administer it (the deployment role, a break-glass role), or set allowAccountAdministration: true (recorded as a warning)',
    ),
  ],
});

export interface HardenedBucketProps {
  readonly bucketName: string;
  /** Account that owns the bucket: only it may change the bucket's policy, ACLs or encryption. */
  readonly accountId: string;
  /** @default - SSE-S3 (AES256); pass a key for SSE-KMS with an S3 Bucket Key */
  readonly encryptionKey?: IEncryptionKey;
  /**
   * Default retention of every new object version (versioning is always on). The baseline of
   * every bucket here, access-log buckets included, which S3 cannot deliver server access logs to
   * when locked: the archive constructs (`LogArchiveBucket`, `ArchiveReplica`) turn it on by default.
   * @default - no object lock
   */
  readonly objectLock?: { readonly mode: ObjectLockMode; readonly retentionDays: number };
  /**
   * Principals (role ARNs) that alone may change the bucket's policy, lifecycle, object lock,
   * versioning, encryption, logging or replication, or bypass governance retention: everyone else,
   * the account's own administrators and root included, is denied (`ArnNotLike aws:PrincipalArn`).
   * @default - none: name them, or set `allowAccountAdministration`
   */
  readonly administratorArns?: readonly string[];
  /**
   * Lets every principal of the owning account that an IAM policy allows administer the bucket
   * (only other accounts are denied), instead of named `administratorArns`. A named opt-out below
   * the app, whose buckets all name their administrators: it records a warning (synth summary and
   * review).
   * @default false - `administratorArns` are required
   */
  readonly allowAccountAdministration?: boolean;
  /** @default false - the bucket is guarded against `terraform destroy` and never force-destroyed */
  readonly allowDestroy?: boolean;
  /** @default - the stack's default provider */
  readonly provider?: TerraformProvider;
  /** @default - no resource tags beyond the provider's default tags */
  readonly tags?: Record<string, string>;
}

/**
 * The secure baseline every bucket of this module shares: versioning, all four public access
 * blocks, ACLs disabled (`BucketOwnerEnforced`), default encryption, optional object lock, and a
 * bucket policy that starts with TLS-only and owner-only-administration denies. Owners add
 * their statements with `addToPolicy`.
 */
export class HardenedBucket extends Construct {
  public readonly bucketName: string;
  /** Literal bucket ARN, computed from the name. */
  public readonly bucketArn: string;
  public readonly bucket: S3Bucket;
  public readonly versioning: S3BucketVersioningA;
  public readonly publicAccessBlock: S3BucketPublicAccessBlock;
  public readonly ownershipControls: S3BucketOwnershipControls;
  public readonly policy: S3BucketPolicy;
  public readonly objectLockEnabled: boolean;
  /** The default encryption key (SSE-KMS with an S3 Bucket Key), when the bucket has one. */
  public readonly encryptionKey?: IEncryptionKey;

  private readonly producers: Array<() => PolicyStatement[]> = [];
  /** Principals that alone may administer the bucket (`administratorArns`); empty when only other accounts are denied. */
  public readonly administratorArns: readonly string[];
  /** Whether the whole owning account may administer the bucket (`allowAccountAdministration`, no administrators named). */
  public readonly allowAccountAdministration: boolean;

  private readonly accountId: string;

  constructor(scope: Construct, id: string, props: HardenedBucketProps) {
    super(scope, id);
    this.bucketName = props.bucketName;
    this.bucketArn = bucketArn(props.bucketName);
    this.accountId = props.accountId;
    this.administratorArns = props.administratorArns ?? [];
    this.objectLockEnabled = props.objectLock !== undefined;
    this.encryptionKey = props.encryptionKey;
    const provider = props.provider;
    if (props.allowDestroy) {
      recordOptOut(this, 'allowDestroy', `bucket ${props.bucketName} is not guarded by prevent_destroy`);
    }
    const named = this.administratorArns.length > 0;
    this.allowAccountAdministration = !named && props.allowAccountAdministration === true;
    if (!named && props.allowAccountAdministration) {
      recordOptOut(
        this,
        'allowAccountAdministration',
        `any principal of account ${props.accountId} that an IAM policy allows can change bucket ${props.bucketName}'s policy, lifecycle, versioning, encryption and object lock or bypass governance retention`,
      );
    }
    addPropValidation(this, () => [
      ...(named || props.allowAccountAdministration ? [] : [ADMINISTRATORS_REQUIRED(props.accountId)]),
      ...checkProp('bucketName', props.bucketName, bucketNameProblems),
      ...checkProp('accountId', props.accountId, accountIdProblems),
      ...checkProp('objectLock', props.objectLock, objectLockProblems),
    ]);

    this.bucket = new S3Bucket(this, 'Bucket', {
      provider,
      bucket: props.bucketName,
      forceDestroy: false,
      objectLockEnabled: this.objectLockEnabled,
      tags: props.tags,
      lifecycle: { preventDestroy: !props.allowDestroy },
    });
    const bucket = this.bucket.id;

    this.publicAccessBlock = new S3BucketPublicAccessBlock(this, 'PublicAccessBlock', {
      provider,
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    this.ownershipControls = new S3BucketOwnershipControls(this, 'OwnershipControls', {
      provider,
      bucket,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    this.versioning = new S3BucketVersioningA(this, 'Versioning', {
      provider,
      bucket,
      versioningConfiguration: { status: 'Enabled' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'Encryption', {
      provider,
      bucket,
      rule: [
        props.encryptionKey
          ? {
              applyServerSideEncryptionByDefault: {
                sseAlgorithm: 'aws:kms',
                kmsMasterKeyId: props.encryptionKey.keyArn,
              },
              bucketKeyEnabled: true,
            }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } },
      ],
    });
    if (props.objectLock) {
      new S3BucketObjectLockConfigurationA(this, 'ObjectLock', {
        provider,
        bucket,
        rule: { defaultRetention: { mode: props.objectLock.mode, days: props.objectLock.retentionDays } },
        dependsOn: [this.versioning],
      });
    }
    this.policy = new S3BucketPolicy(this, 'Policy', {
      provider,
      bucket,
      policy: Lazy.stringValue({ produce: () => this.policyDocument().render() }),
      dependsOn: [this.publicAccessBlock],
    });

    addPolicySizeValidation(this, 'an S3 bucket policy', POLICY_LIMITS.s3BucketPolicy, () => this.policyDocument(), {
      fix: 'grant fewer trails or readers on this bucket (each account trail adds a statement), or spread them over another bucket',
    });
  }

  /** Adds statements after the baseline denies. */
  public addToResourcePolicy(...statements: PolicyStatement[]): void {
    const added = [...statements];
    this.producers.push(() => added);
  }

  /** Adds statements computed from the owner's state when the policy is rendered (for grants that accumulate). */
  public addPolicyProducer(produce: () => PolicyStatement[]): void {
    this.producers.push(produce);
  }

  /** ARN of objects under a key pattern, e.g. `objectArn('AWSLogs/*')`. */
  public objectArn(keyPattern: string): string {
    return `${this.bucketArn}/${keyPattern}`;
  }

  /** The bucket policy as it will be rendered. */
  public policyDocument(): PolicyDocument {
    const everything = [this.bucketArn, this.objectArn('*')];
    return new PolicyDocument([
      new PolicyStatement({
        sid: 'DenyInsecureTransport',
        effect: 'Deny',
        principal: '*',
        actions: ['s3:*'],
        resources: everything,
        conditions: { Bool: { 'aws:SecureTransport': 'false' } },
      }),
      new PolicyStatement({
        sid: 'DenyTlsOlderThan12',
        effect: 'Deny',
        principal: '*',
        actions: ['s3:*'],
        resources: everything,
        conditions: { NumericLessThan: { 's3:TlsVersion': '1.2' } },
      }),
      new PolicyStatement({
        sid: 'DenyBucketAdministrationFromOtherAccounts',
        effect: 'Deny',
        principal: '*',
        actions: [
          's3:PutBucketPolicy',
          's3:DeleteBucketPolicy',
          's3:PutBucketAcl',
          's3:PutObjectAcl',
          's3:PutEncryptionConfiguration',
          's3:PutBucketOwnershipControls',
          's3:PutBucketPublicAccessBlock',
          's3:PutBucketObjectLockConfiguration',
          's3:PutBucketVersioning',
          's3:PutLifecycleConfiguration',
          's3:PutReplicationConfiguration',
        ],
        resources: everything,
        conditions: { StringNotEquals: { 'aws:PrincipalAccount': this.accountId } },
      }),
      ...this.administrationDeny(everything),
      ...this.producers.flatMap((produce) => produce()),
    ]);
  }

  private administrationDeny(everything: string[]): PolicyStatement[] {
    if (this.administratorArns.length === 0) return [];
    return [
      new PolicyStatement({
        sid: 'DenyBucketAdministrationExceptAdministrators',
        effect: 'Deny',
        principal: '*',
        actions: [...BUCKET_PROTECTION_ACTIONS, 's3:BypassGovernanceRetention'],
        resources: everything,
        conditions: { ArnNotLike: { 'aws:PrincipalArn': [...this.administratorArns] } },
      }),
    ];
  }
}
