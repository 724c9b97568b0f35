import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketReplicationConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-replication-configuration';
import type { TerraformProvider } from 'cdktf';
import { Annotations } from 'cdktf';
import { Construct } from 'constructs';
import { AccessLogBucket } from './access-log-bucket';
import { archivalRules, type StorageClass, transitionMinimumObjectSize } from './archive-lifecycle';
import { replicaPropChecks } from './archive-replica-checks';
import { defaultAccessLogBucketName, iamRoleArn } from './arns';
import { suppressCheck } from './check-suppressions';
import { replicaEvidenceStatements } from './evidence-statements';
import { HardenedBucket } from './hardened-bucket';
import type { KeyAdministrators } from './key-policy-statements';
import type { LogArchiveBucket } from './log-archive-bucket';
import { type LogEncryptionKey, resourceKey } from './log-encryption-key';
import { PolicyDocument, PolicyStatement } from './policy-document';
import { recordOptOut } from './record-opt-out';
import { addPropValidation } from './rules/prop-validation';

export type ReplicaStorageClass = 'STANDARD' | StorageClass;

/** Defaults of the replica (the config schema reuses them). */
export const REPLICA_DEFAULTS = {
  keyAliasName: 'alias/org-log-archive-replica',
  storageClass: 'STANDARD',
  roleName: (replicaBucketName: string): string => `${replicaBucketName}-replication`.slice(0, 64),
} as const satisfies { keyAliasName: string; storageClass: ReplicaStorageClass; roleName: (name: string) => string };

export interface ArchiveReplicaProps {
  /** The archive to copy. */
  readonly source: LogArchiveBucket;
  /** Region of the source bucket (for the KMS `kms:ViaService` condition). */
  readonly sourceRegion: string;
  /** Provider configured for the replica region, same account as the source. */
  readonly replicaProvider: TerraformProvider;
  readonly replicaRegion: string;
  readonly bucketName: string;
  /** @default 'alias/org-log-archive-replica' */
  readonly keyAliasName?: string;
  readonly accountId: string;
  /** @default `<bucketName>-replication` */
  readonly roleName?: string;
  /** @default `<bucketName>-access-logs` - S3 server access logs of the replica, in the replica region */
  readonly accessLogBucketName?: string;
  /** @default 365 */
  readonly accessLogExpirationDays?: number;
  /** @default 'STANDARD' - storage class of the copies (the replica's own lifecycle moves them later) */
  readonly storageClass?: ReplicaStorageClass;
  /** @default - the source provider (the stack's default) */
  readonly sourceProvider?: TerraformProvider;
  /**
   * Principals (role ARNs) that alone may change the replica bucket's policy, lifecycle, lock,
   * versioning, encryption, logging or replication, or bypass governance retention.
   * @default - the source archive's administrators
   */
  readonly administratorArns?: readonly string[];
  /** @default - the source archive key's administrators (the account root when it has none, like the source key) */
  readonly keyAdministrators?: KeyAdministrators;
  /** @default - nobody may delete replicated log versions (lifecycle still expires them) */
  readonly logDeletionPrincipalArns?: readonly string[];
  /** @default false */
  readonly allowDestroy?: boolean;
  /** @default - none beyond the provider's default tags */
  readonly tags?: Record<string, string>;
}

/**
 * A cross-region copy of the archive: its own KMS key, a hardened bucket with the same object
 * lock and lifecycle, and a replication role that may only read the source and write the replica.
 */
export class ArchiveReplica extends Construct {
  public readonly bucketName: string;
  public readonly bucketArn: string;
  public readonly key: LogEncryptionKey;
  public readonly roleArn: string;
  public readonly roleName: string;
  public readonly accessLogBucket: AccessLogBucket;

  constructor(scope: Construct, id: string, props: ArchiveReplicaProps) {
    super(scope, id);
    const source = props.source;
    const administratorArns = props.administratorArns ?? source.hardened.administratorArns;
    // A source administered by the whole account (its named opt-out) makes a replica administered alike.
    const allowAccountAdministration = administratorArns.length === 0 && source.hardened.allowAccountAdministration;
    addPropValidation(this, () => replicaPropChecks(props));
    // Administered like the source key; a root-administered source key already carries the warning.
    this.key = resourceKey(this, 'Key', {
      accountId: props.accountId,
      region: props.replicaRegion,
      aliasName: props.keyAliasName ?? REPLICA_DEFAULTS.keyAliasName,
      administrators: props.keyAdministrators ?? source.encryptionKey.administrators,
      description: `Encrypts the replica of ${source.bucketName}`,
      allowDestroy: props.allowDestroy,
      provider: props.replicaProvider,
      tags: props.tags,
    });
    this.roleName = props.roleName ?? REPLICA_DEFAULTS.roleName(props.bucketName);
    this.roleArn = iamRoleArn(props.accountId, this.roleName);
    if (!source.objectLock) {
      recordOptOut(this, 'disableObjectLock', `replica ${props.bucketName} is created without object lock, like its source`);
    } else if (source.objectLock.mode === 'COMPLIANCE') {
      Annotations.of(this).addInfo(
        `objectLockMode COMPLIANCE: no one, root included, can delete replica ${props.bucketName}'s objects for ${source.objectLock.retentionDays} days`,
      );
    }
    const replica = new HardenedBucket(this, 'Storage', {
      bucketName: props.bucketName,
      accountId: props.accountId,
      encryptionKey: this.key,
      objectLock: source.objectLock,
      administratorArns,
      allowAccountAdministration,
      allowDestroy: props.allowDestroy,
      provider: props.replicaProvider,
      tags: props.tags,
    });
    this.bucketName = replica.bucketName;
    this.bucketArn = replica.bucketArn;
    // Access-log targets must be in the logged bucket's region: the replica gets its own.
    this.accessLogBucket = new AccessLogBucket(this, 'AccessLogBucket', {
      bucketName: props.accessLogBucketName ?? defaultAccessLogBucketName(props.bucketName),
      accountId: props.accountId,
      expirationDays: props.accessLogExpirationDays,
      administratorArns,
      allowAccountAdministration,
      allowDestroy: props.allowDestroy,
      provider: props.replicaProvider,
      tags: props.tags,
    });
    this.accessLogBucket.logAccessOf(replica);
    source.addLogBucket(this.bucketName);
    source.addLogBucket(this.accessLogBucket.bucketName);

    const lifecycle = source.lifecycle;
    new S3BucketLifecycleConfiguration(this, 'Lifecycle', {
      provider: props.replicaProvider,
      bucket: replica.bucket.id,
      transitionDefaultMinimumObjectSize: transitionMinimumObjectSize(lifecycle),
      rule: [
        ...archivalRules('archive-replicated-files', '', lifecycle),
        {
          id: 'replica-hygiene',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: lifecycle.abortIncompleteMultipartUploadDays }],
          // Expired current versions leave delete markers behind; remove them once alone.
          expiration: [{ expiredObjectDeleteMarker: true }],
        },
      ],
      dependsOn: [replica.versioning],
    });

    // No aws:SourceArn / aws:SourceAccount condition. The S3 user guide's replication trust policies
    // (setting-repl-config-perm-overview.html, "Step 2: Creating an IAM role for Amazon S3 to
    // assume", both examples) have none, and neither that page, the replication walkthroughs nor
    // the IAM confused-deputy page says S3 sends them when it assumes a replication role: a
    // condition S3 does not satisfy would stop replication silently (objects marked FAILED, no
    // apply error). Nor is there a deputy to confuse: a bucket's replication configuration names
    // the role, which takes iam:PassRole ("Step 1" lists it), and a role cannot be passed to a
    // bucket of another account. The role's own permissions (this bucket pair only) limit it.
    const trust = new PolicyDocument([
      new PolicyStatement({
        sid: 'AllowS3ReplicationForTheArchive',
        principal: { Service: 's3.amazonaws.com' },
        actions: ['sts:AssumeRole'],
      }),
    ]);
    replica.addPolicyProducer(() => replicaEvidenceStatements(replica.objectArn('*'), this.roleArn, props.logDeletionPrincipalArns ?? []));
    const role = new IamRole(this, 'ReplicationRole', {
      provider: props.sourceProvider,
      name: this.roleName,
      description: `Replicates ${source.bucketName} to ${props.bucketName}`,
      assumeRolePolicy: trust.render(),
      maxSessionDuration: 3600,
      tags: props.tags,
    });
    suppressCheck(
      role,
      'IamRoleTrustHasConfusedDeputyCondition',
      "AWS's documented trust policy for the S3 replication role has no condition and AWS does not document that S3 sends aws:SourceArn or aws:SourceAccount when it assumes the role, so a condition could stop replication silently; only a principal allowed iam:PassRole in this account can name the role in a replication configuration, and the role may only replicate this bucket pair (S3 user guide, setting-repl-config-perm-overview).",
    );

    const permissions = new PolicyDocument([
      new PolicyStatement({
        sid: 'ReadSourceReplicationConfiguration',
        actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
        resources: [source.bucketArn],
      }),
      new PolicyStatement({
        sid: 'ReadSourceObjectVersions',
        actions: [
          's3:GetObjectVersionForReplication',
          's3:GetObjectVersionAcl',
          's3:GetObjectVersionTagging',
          's3:GetObjectRetention',
          's3:GetObjectLegalHold',
        ],
        resources: [`${source.bucketArn}/*`],
      }),
      new PolicyStatement({
        sid: 'WriteReplicaObjects',
        // No s3:ReplicateDelete: it only serves delete-marker replication, which is off.
        actions: ['s3:ReplicateObject', 's3:ReplicateTags'],
        resources: [`${replica.bucketArn}/*`],
      }),
      new PolicyStatement({
        sid: 'DecryptSourceObjects',
        actions: ['kms:Decrypt'],
        resources: [source.encryptionKey.keyArn],
        conditions: {
          StringEquals: { 'kms:ViaService': `s3.${props.sourceRegion}.amazonaws.com` },
          StringLike: { 'kms:EncryptionContext:aws:s3:arn': [source.bucketArn, `${source.bucketArn}/*`] },
        },
      }),
      new PolicyStatement({
        sid: 'EncryptReplicaObjects',
        actions: ['kms:Encrypt', 'kms:GenerateDataKey'],
        resources: [this.key.keyArn],
        conditions: {
          StringEquals: { 'kms:ViaService': `s3.${props.replicaRegion}.amazonaws.com` },
          StringLike: { 'kms:EncryptionContext:aws:s3:arn': [replica.bucketArn, `${replica.bucketArn}/*`] },
        },
      }),
    ]);
    // The same permissions in the key policies: a key that names its administrators instead of the
    // account root ignores IAM policies, so the role must be named in each key policy too.
    const replicationRole = { AWS: this.roleArn };
    source.encryptionKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowReplicationRoleDecryptThroughS3',
        principal: replicationRole,
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'kms:ViaService': `s3.${props.sourceRegion}.amazonaws.com` },
          StringLike: { 'kms:EncryptionContext:aws:s3:arn': [source.bucketArn, `${source.bucketArn}/*`] },
        },
      }),
    );
    this.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowReplicationRoleEncryptThroughS3',
        principal: replicationRole,
        actions: ['kms:Encrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'kms:ViaService': `s3.${props.replicaRegion}.amazonaws.com` },
          StringLike: { 'kms:EncryptionContext:aws:s3:arn': [replica.bucketArn, `${replica.bucketArn}/*`] },
        },
      }),
    );
    new IamRolePolicy(this, 'ReplicationPolicy', {
      provider: props.sourceProvider,
      name: 'replicate-log-archive',
      role: role.id,
      policy: permissions.render(),
    });

    new S3BucketReplicationConfigurationA(this, 'Replication', {
      provider: props.sourceProvider,
      bucket: source.hardened.bucket.id,
      role: role.arn,
      rule: [
        {
          id: 'replicate-archive',
          status: 'Enabled',
          priority: 1,
          filter: { prefix: '' },
          // A delete marker on the archive (an expiry, or an attacker) must not hide the replica's copy.
          deleteMarkerReplication: { status: 'Disabled' },
          sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
          destination: {
            bucket: replica.bucketArn,
            storageClass: props.storageClass ?? REPLICA_DEFAULTS.storageClass,
            encryptionConfiguration: { replicaKmsKeyId: this.key.keyArn },
          },
        },
      ],
      dependsOn: [source.hardened.versioning, replica.versioning],
    });
  }
}
