import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { Annotations, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { AccessLogBucket } from './access-log-bucket';
import {
  type ArchiveLifecycle,
  archivalRules,
  DEFAULT_ARCHIVE_LIFECYCLE,
  describeRetention,
  transitionMinimumObjectSize,
} from './archive-lifecycle';
import { type ArchiveReadGrant, archiveReaderStatements } from './archive-reader-statements';
import { defaultAccessLogBucketName, withPrefix } from './arns';
import { archiveEvidenceStatements } from './evidence-statements';
import { HardenedBucket, type ObjectLockMode } from './hardened-bucket';
import type { LogEncryptionKey } from './log-encryption-key';
import { PolicyStatement } from './policy-document';
import { recordOptOut } from './record-opt-out';
import type { ILogDeliveryTarget, ITrail } from './references';
import { lifecycleProblems, objectLockExpirationProblems } from './rules/lifecycle';
import { problemsUnder } from './rules/problem';
import { addPropValidation, checkProp } from './rules/prop-validation';
import { trailKeyPrefixProblems } from './rules/s3';

/** Object lock defaults of the archive (the config schema reuses them). */
export const ARCHIVE_OBJECT_LOCK_DEFAULTS = { mode: 'GOVERNANCE', retentionDays: 365 } as const satisfies {
  mode: ObjectLockMode;
  retentionDays: number;
};

export interface LogArchiveBucketProps {
  /** Name of the central bucket (`archiveBucketName`). */
  readonly bucketName: string;
  /** Log-archive account that owns the bucket. */
  readonly accountId: string;
  /** Encrypts every object (SSE-KMS with an S3 Bucket Key). */
  readonly encryptionKey: LogEncryptionKey;
  /** @default - none: trails write to `AWSLogs/...` at the bucket root */
  readonly keyPrefix?: string;
  /** @default DEFAULT_ARCHIVE_LIFECYCLE */
  readonly lifecycle?: ArchiveLifecycle;
  /** @default 'GOVERNANCE' */
  readonly objectLockMode?: ObjectLockMode;
  /** @default 365 */
  readonly objectLockRetentionDays?: number;
  /**
   * Creates the bucket without object lock. Object lock can only be turned on, never off.
   * @default false
   */
  readonly disableObjectLock?: boolean;
  /**
   * Principals (role ARNs: the deployment role, a break-glass role) that alone may change the
   * bucket's policy, lifecycle, object lock, versioning, encryption, logging or replication, or
   * bypass governance retention. Everyone else, the account's administrators and root included, is
   * denied.
   * @default - the encryption key's administrators (its deployment and break-glass roles)
   */
  readonly administratorArns?: readonly string[];
  /**
   * Lets every principal of the account that an IAM policy allows administer the bucket and its
   * access-log bucket, when neither `administratorArns` nor the key name administrators (a key with
   * `allowRootKeyAdministration`). A named opt-out: it records a warning for each bucket.
   * @default false - administrators are required
   */
  readonly allowAccountAdministration?: boolean;
  /**
   * Principals that may delete log file versions (a break-glass role). Lifecycle expiration is not
   * subject to bucket policies and keeps working.
   * @default - nobody: deleting a log file or version under the log prefix is denied to everyone
   */
  readonly logDeletionPrincipalArns?: readonly string[];
  /** @default - a new AccessLogBucket named `<bucketName>-access-logs`, administered like this bucket */
  readonly accessLogBucket?: AccessLogBucket;
  /** @default false - bucket, access-log bucket guarded against `terraform destroy` */
  readonly allowDestroy?: boolean;
  /** @default - the stack's default provider */
  readonly provider?: TerraformProvider;
  /** @default - none beyond the provider's default tags */
  readonly tags?: Record<string, string>;
}

/**
 * The central CloudTrail archive: hardened bucket, SSE-KMS with the archive key and a bucket key,
 * object lock, lifecycle archival, server access logging, and a policy rendered from grants.
 */
export class LogArchiveBucket extends Construct implements ILogDeliveryTarget {
  public readonly bucketName: string;
  public readonly bucketArn: string;
  public readonly keyPrefix: string | undefined;
  public readonly encryptionKey: LogEncryptionKey;
  public readonly accessLogBucket: AccessLogBucket;
  public readonly hardened: HardenedBucket;
  public readonly lifecycle: Required<ArchiveLifecycle>;
  public readonly objectLock: { readonly mode: ObjectLockMode; readonly retentionDays: number } | undefined;

  private readonly trails = new Map<string, ITrail>();
  private readonly readers: ArchiveReadGrant[] = [];
  private readonly otherLogBuckets: string[] = [];
  private readonly logDeletionPrincipalArns: readonly string[];

  constructor(scope: Construct, id: string, props: LogArchiveBucketProps) {
    super(scope, id);
    this.keyPrefix = props.keyPrefix;
    this.encryptionKey = props.encryptionKey;
    this.lifecycle = { ...DEFAULT_ARCHIVE_LIFECYCLE, ...(props.lifecycle ?? {}) };
    this.logDeletionPrincipalArns = props.logDeletionPrincipalArns ?? [];
    this.objectLock = props.disableObjectLock
      ? undefined
      : {
          mode: props.objectLockMode ?? ARCHIVE_OBJECT_LOCK_DEFAULTS.mode,
          retentionDays: props.objectLockRetentionDays ?? ARCHIVE_OBJECT_LOCK_DEFAULTS.retentionDays,
        };

    if (!this.objectLock) {
      recordOptOut(
        this,
        'disableObjectLock',
        `${props.bucketName} is created without object lock (object_lock_enabled forces a new bucket, so turning it on later replaces the bucket)`,
      );
    } else if (this.objectLock.mode === 'COMPLIANCE') {
      Annotations.of(this).addInfo(
        `objectLockMode COMPLIANCE: no one, root included, can delete ${props.bucketName}'s objects for ${this.objectLock.retentionDays} days`,
      );
    }
    const administratorArns = props.administratorArns ?? props.encryptionKey.administratorArns;
    addPropValidation(this, () => [
      ...checkProp('keyPrefix', props.keyPrefix, trailKeyPrefixProblems),
      ...checkProp('lifecycle', this.lifecycle, lifecycleProblems),
      ...checkProp('lifecycle', this.objectLock ? this.lifecycle : undefined, (l) =>
        problemsUnder(
          ['expirationDays'],
          objectLockExpirationProblems(this.objectLock?.retentionDays ?? 0, l.expirationDays, 'objectLockRetentionDays'),
        ),
      ),
    ]);
    this.hardened = new HardenedBucket(this, 'Storage', {
      bucketName: props.bucketName,
      accountId: props.accountId,
      encryptionKey: props.encryptionKey,
      objectLock: this.objectLock,
      administratorArns,
      allowAccountAdministration: props.allowAccountAdministration,
      allowDestroy: props.allowDestroy,
      provider: props.provider,
      tags: props.tags,
    });
    this.bucketName = this.hardened.bucketName;
    this.bucketArn = this.hardened.bucketArn;

    this.accessLogBucket =
      props.accessLogBucket ??
      new AccessLogBucket(this, 'AccessLogs', {
        bucketName: defaultAccessLogBucketName(props.bucketName),
        accountId: props.accountId,
        administratorArns,
        allowAccountAdministration: props.allowAccountAdministration,
        allowDestroy: props.allowDestroy,
        provider: props.provider,
        tags: props.tags,
      });
    this.accessLogBucket.logAccessOf(this.hardened);

    new S3BucketLifecycleConfiguration(this, 'Lifecycle', {
      provider: props.provider,
      bucket: this.hardened.bucket.id,
      transitionDefaultMinimumObjectSize: transitionMinimumObjectSize(this.lifecycle),
      rule: [
        ...archivalRules('archive-log-files', withPrefix(this.keyPrefix, 'AWSLogs/'), this.lifecycle),
        {
          id: 'bucket-hygiene',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: this.lifecycle.abortIncompleteMultipartUploadDays }],
          expiration: [{ expiredObjectDeleteMarker: true }],
        },
      ],
      dependsOn: [this.hardened.versioning],
    });

    Annotations.of(this).addInfo(`${props.bucketName} ${describeRetention(this.lifecycle, this.objectLock)}`);
    this.hardened.addPolicyProducer(() => [...this.evidenceStatements(), ...this.grantStatements()]);
  }

  /** The archive bucket and every bucket holding its access logs or copies: trails never record their object events. */
  public get logBucketNames(): readonly string[] {
    return [...new Set([this.bucketName, this.accessLogBucket.bucketName, ...this.otherLogBuckets])];
  }

  /** Registers another bucket that holds copies or logs of the archive (a replica). */
  public addLogBucket(bucketName: string): void {
    if (!this.otherLogBuckets.includes(bucketName)) this.otherLogBuckets.push(bucketName);
  }

  /**
   * Lets CloudTrail deliver these trails' logs, and encrypt them with the archive key. An
   * organization trail writes under `AWSLogs/<organization id>/` and `AWSLogs/<owner account>/`
   * (the latter keeps delivery working if it ever becomes an account trail); an account trail
   * only under `AWSLogs/<its account>/`.
   */
  public grantTrailWrite(...trails: ITrail[]): void {
    for (const trail of trails) this.trails.set(trail.trailArn, trail);
    this.encryptionKey.grantCloudTrailEncrypt(...trails);
  }

  /**
   * Lets principals of accounts in the organization list and read the logs (and decrypt them):
   * everything under `AWSLogs/`, or with `logFilesOnly` the log files alone (no digests).
   */
  public grantRead(accountIds: readonly string[], organizationId: string, options: { logFilesOnly?: boolean } = {}): void {
    if (accountIds.length === 0) return;
    this.readers.push({ accountIds: [...accountIds], organizationId, logFilesOnly: options.logFilesOnly });
    this.encryptionKey.grantDecryptLogs({ accountIds, organizationId, bucketArn: this.bucketArn });
  }

  /** Trails granted so far: organization trails first, then account trails. */
  public get grantedTrails(): readonly ITrail[] {
    const all = [...this.trails.values()];
    return [...all.filter((t) => t.organizationId), ...all.filter((t) => !t.organizationId)];
  }

  /** Adds statements to the bucket policy, after the baseline denies and the grants. */
  public addToResourcePolicy(...statements: PolicyStatement[]): void {
    this.hardened.addToResourcePolicy(...statements);
  }

  /**
   * Only CloudTrail writes log files, and nobody (but the configured principals) deletes them: an
   * administrator of this account can neither forge a file under the log prefix nor remove one.
   * CloudTrail is recognised by `aws:PrincipalServiceName`, which AWS sets for service principals
   * only (IAM global condition keys; the documented bucket-policy pattern for "everyone but
   * CloudTrail" is `StringNotEqualsIfExists` on it).
   */
  private evidenceStatements(): PolicyStatement[] {
    return archiveEvidenceStatements(this.hardened.objectArn(withPrefix(this.keyPrefix, 'AWSLogs/*')), this.logDeletionPrincipalArns);
  }

  private logsPath(path: string): string {
    return this.hardened.objectArn(withPrefix(this.keyPrefix, `AWSLogs/${path}/*`));
  }

  private grantStatements(): PolicyStatement[] {
    const statements: PolicyStatement[] = [];
    const cloudtrail = { Service: 'cloudtrail.amazonaws.com' } as const;
    const trails = this.grantedTrails;
    if (trails.length > 0) {
      statements.push(
        new PolicyStatement({
          sid: 'AllowCloudTrailAclCheck',
          principal: cloudtrail,
          actions: ['s3:GetBucketAcl'],
          resources: [this.bucketArn],
          conditions: { StringEquals: { 'aws:SourceArn': trails.map((t) => t.trailArn) } },
        }),
      );
    }
    const write = (sid: string, path: string, trail: ITrail) =>
      new PolicyStatement({
        sid,
        principal: cloudtrail,
        actions: ['s3:PutObject'],
        resources: [this.logsPath(path)],
        conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trail.trailArn } },
      });
    trails
      .filter((t) => t.organizationId)
      .forEach((trail, i) => {
        const suffix = i === 0 ? '' : `${i + 1}`;
        statements.push(
          write(`AllowCloudTrailWriteManagementAccountPath${suffix}`, trail.ownerAccountId, trail),
          write(`AllowCloudTrailWriteOrganizationPath${suffix}`, trail.organizationId as string, trail),
        );
      });
    for (const trail of trails.filter((t) => !t.organizationId)) {
      statements.push(write(`AllowCloudTrailWriteAccount${trail.ownerAccountId}Path`, trail.ownerAccountId, trail));
    }
    statements.push(...archiveReaderStatements(this.bucketArn, this.keyPrefix, this.readers));
    return statements;
  }
}
