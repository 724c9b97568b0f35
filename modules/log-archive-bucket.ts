import {
  S3BucketLifecycleConfiguration,
  type S3BucketLifecycleConfigurationRule,
} from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { Annotations, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { AccessLogBucket } from './access-log-bucket';
import { accountRootArn, defaultAccessLogBucketName, withPrefix } from './arns';
import { HardenedBucket, type ObjectLockMode } from './hardened-bucket';
import type { LogEncryptionKey, TrailReference } from './log-encryption-key';
import { PolicyStatement } from './policy-document';

export type StorageClass = 'STANDARD_IA' | 'INTELLIGENT_TIERING' | 'ONEZONE_IA' | 'GLACIER_IR' | 'GLACIER' | 'DEEP_ARCHIVE';

export interface LifecycleTransition {
  readonly storageClass: StorageClass;
  /** Days after creation (current versions) or after becoming noncurrent (noncurrent versions). */
  readonly days: number;
}

/** Lifecycle of the log files (and their digests, which share the `AWSLogs/` prefix and so the same rule). */
export interface ArchiveLifecycle {
  /** @default - GLACIER_IR at 90 days, DEEP_ARCHIVE at 365 days */
  readonly transitions?: readonly LifecycleTransition[];
  /** @default 2557 (7 years) - days after which current versions expire (become noncurrent) */
  readonly expirationDays?: number;
  /** @default - none */
  readonly noncurrentTransitions?: readonly LifecycleTransition[];
  /** @default 90 - days a noncurrent version is kept before deletion */
  readonly noncurrentExpirationDays?: number;
  /** @default 7 */
  readonly abortIncompleteMultipartUploadDays?: number;
  /**
   * Lets objects under 128 KB transition (`varies_by_storage_class`). Most CloudTrail files are
   * small gzip objects, so with S3's default (`all_storage_classes_128K`) they never move.
   * @default true
   */
  readonly transitionSmallObjects?: boolean;
}

export const DEFAULT_ARCHIVE_LIFECYCLE: Required<ArchiveLifecycle> = {
  transitions: [
    { storageClass: 'GLACIER_IR', days: 90 },
    { storageClass: 'DEEP_ARCHIVE', days: 365 },
  ],
  expirationDays: 2557,
  noncurrentTransitions: [],
  noncurrentExpirationDays: 90,
  abortIncompleteMultipartUploadDays: 7,
  transitionSmallObjects: true,
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
  /** @default - a new AccessLogBucket named `<bucketName>-access-logs` */
  readonly accessLogBucket?: AccessLogBucket;
  /** @default false - bucket, access-log bucket guarded against `terraform destroy` */
  readonly allowDestroy?: boolean;
  /** @default - the stack's default provider */
  readonly provider?: TerraformProvider;
  /** @default - none beyond the provider's default tags */
  readonly tags?: Record<string, string>;
}

/** A lifecycle rule archiving current and noncurrent versions under `prefix` by tier. */
export function archivalRule(id: string, prefix: string, lifecycle: Required<ArchiveLifecycle>): S3BucketLifecycleConfigurationRule {
  return {
    id,
    status: 'Enabled',
    filter: [{ prefix }],
    transition: lifecycle.transitions.map((t) => ({ days: t.days, storageClass: t.storageClass })),
    expiration: [{ days: lifecycle.expirationDays }],
    noncurrentVersionTransition: lifecycle.noncurrentTransitions.map((t) => ({ noncurrentDays: t.days, storageClass: t.storageClass })),
    noncurrentVersionExpiration: [{ noncurrentDays: lifecycle.noncurrentExpirationDays }],
  };
}

/** An organization trail: writes under `AWSLogs/<org>/` and `AWSLogs/<management account>/`. */
export interface OrganizationTrailGrant {
  readonly trailArn: string;
  readonly managementAccountId: string;
  readonly organizationId: string;
}

/** A single-account trail (for example of an account outside the organization). */
export interface AccountTrailGrant {
  readonly trailArn: string;
  readonly accountId: string;
}

/**
 * The central CloudTrail archive: hardened bucket, SSE-KMS with the archive key and a bucket key,
 * object lock, lifecycle archival, server access logging, and a policy composed from grants.
 */
export class LogArchiveBucket extends Construct {
  public readonly bucketName: string;
  public readonly bucketArn: string;
  public readonly keyPrefix: string | undefined;
  public readonly encryptionKey: LogEncryptionKey;
  public readonly accessLogBucket: AccessLogBucket;
  public readonly hardened: HardenedBucket;
  public readonly lifecycle: Required<ArchiveLifecycle>;
  public readonly objectLock: { readonly mode: ObjectLockMode; readonly retentionDays: number } | undefined;

  private readonly organizationTrails: OrganizationTrailGrant[] = [];
  private readonly accountTrails: AccountTrailGrant[] = [];
  private readonly readers: { accountIds: readonly string[]; organizationId: string }[] = [];

  constructor(scope: Construct, id: string, props: LogArchiveBucketProps) {
    super(scope, id);
    this.keyPrefix = props.keyPrefix;
    this.encryptionKey = props.encryptionKey;
    this.lifecycle = { ...DEFAULT_ARCHIVE_LIFECYCLE, ...(props.lifecycle ?? {}) };
    this.objectLock = props.disableObjectLock
      ? undefined
      : { mode: props.objectLockMode ?? 'GOVERNANCE', retentionDays: props.objectLockRetentionDays ?? 365 };

    if (!this.objectLock) {
      Annotations.of(this).addWarning(
        `disableObjectLock: ${props.bucketName} is created without object lock (object_lock_enabled forces a new bucket, so turning it on later replaces the bucket)`,
      );
    } else if (this.objectLock.mode === 'COMPLIANCE') {
      Annotations.of(this).addInfo(
        `objectLockMode COMPLIANCE: no one, root included, can delete ${props.bucketName}'s objects for ${this.objectLock.retentionDays} days`,
      );
    }
    this.hardened = new HardenedBucket(this, 'Storage', {
      bucketName: props.bucketName,
      accountId: props.accountId,
      encryptionKey: props.encryptionKey,
      objectLock: this.objectLock,
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
        allowDestroy: props.allowDestroy,
        provider: props.provider,
        tags: props.tags,
      });
    this.accessLogBucket.logAccessOf(this.hardened);

    new S3BucketLifecycleConfiguration(this, 'Lifecycle', {
      provider: props.provider,
      bucket: this.hardened.bucket.id,
      transitionDefaultMinimumObjectSize: this.lifecycle.transitionSmallObjects ? 'varies_by_storage_class' : 'all_storage_classes_128K',
      rule: [
        archivalRule('archive-log-files', withPrefix(this.keyPrefix, 'AWSLogs/'), this.lifecycle),
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

    this.hardened.addPolicyProducer(() => this.grantStatements());
  }

  /** Lets CloudTrail deliver an organization trail's logs (and encrypt them with the archive key). */
  public grantOrganizationTrailWrite(grant: OrganizationTrailGrant): void {
    this.organizationTrails.push(grant);
    this.encryptionKey.grantCloudTrailEncrypt({ trailArn: grant.trailArn, ownerAccountId: grant.managementAccountId });
  }

  /** Lets CloudTrail deliver one account's trail into `AWSLogs/<account>/` only. */
  public grantAccountTrailWrite(grant: AccountTrailGrant): void {
    this.accountTrails.push(grant);
    this.encryptionKey.grantCloudTrailEncrypt({ trailArn: grant.trailArn, ownerAccountId: grant.accountId });
  }

  /** Lets principals of accounts in the organization list and read the logs (and decrypt them). */
  public grantRead(accountIds: readonly string[], organizationId: string): void {
    if (accountIds.length === 0) return;
    this.readers.push({ accountIds, organizationId });
    this.encryptionKey.grantDecryptLogs({ accountIds, organizationId, bucketArn: this.bucketArn });
  }

  /** Trail references granted so far (org and account trails). */
  public get trailReferences(): TrailReference[] {
    return [
      ...this.organizationTrails.map((t) => ({ trailArn: t.trailArn, ownerAccountId: t.managementAccountId })),
      ...this.accountTrails.map((t) => ({ trailArn: t.trailArn, ownerAccountId: t.accountId })),
    ];
  }

  private logsPath(path: string): string {
    return this.hardened.objectArn(withPrefix(this.keyPrefix, `AWSLogs/${path}/*`));
  }

  private grantStatements(): PolicyStatement[] {
    const statements: PolicyStatement[] = [];
    const cloudtrail = { Service: 'cloudtrail.amazonaws.com' } as const;
    const allTrailArns = [...this.organizationTrails.map((t) => t.trailArn), ...this.accountTrails.map((t) => t.trailArn)];
    if (allTrailArns.length > 0) {
      statements.push(
        new PolicyStatement({
          sid: 'AllowCloudTrailAclCheck',
          principal: cloudtrail,
          actions: ['s3:GetBucketAcl'],
          resources: [this.bucketArn],
          conditions: { StringEquals: { 'aws:SourceArn': allTrailArns } },
        }),
      );
    }
    for (const [i, trail] of this.organizationTrails.entries()) {
      const suffix = i === 0 ? '' : `${i + 1}`;
      const conditions = {
        StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trail.trailArn },
      };
      statements.push(
        new PolicyStatement({
          sid: `AllowCloudTrailWriteManagementAccountPath${suffix}`,
          principal: cloudtrail,
          actions: ['s3:PutObject'],
          resources: [this.logsPath(trail.managementAccountId)],
          conditions,
        }),
        new PolicyStatement({
          sid: `AllowCloudTrailWriteOrganizationPath${suffix}`,
          principal: cloudtrail,
          actions: ['s3:PutObject'],
          resources: [this.logsPath(trail.organizationId)],
          conditions,
        }),
      );
    }
    for (const trail of this.accountTrails) {
      statements.push(
        new PolicyStatement({
          sid: `AllowCloudTrailWriteAccount${trail.accountId}Path`,
          principal: cloudtrail,
          actions: ['s3:PutObject'],
          resources: [this.logsPath(trail.accountId)],
          conditions: {
            StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trail.trailArn },
          },
        }),
      );
    }
    const readerAccounts = [...new Set(this.readers.flatMap((r) => r.accountIds))];
    if (readerAccounts.length > 0) {
      const principal = { AWS: readerAccounts.map(accountRootArn) };
      const orgCondition = { StringEquals: { 'aws:PrincipalOrgID': this.readers[0].organizationId } };
      statements.push(
        new PolicyStatement({
          sid: 'AllowLogReadersListBucket',
          principal,
          actions: ['s3:ListBucket', 's3:GetBucketLocation'],
          resources: [this.bucketArn],
          conditions: orgCondition,
        }),
        new PolicyStatement({
          sid: 'AllowLogReadersGetLogFiles',
          principal,
          actions: ['s3:GetObject', 's3:GetObjectVersion'],
          resources: [this.hardened.objectArn(withPrefix(this.keyPrefix, 'AWSLogs/*'))],
          conditions: orgCondition,
        }),
      );
    }
    return statements;
  }
}
