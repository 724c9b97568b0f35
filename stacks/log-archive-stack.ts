import { Annotations } from 'cdktf';
import type { Construct } from 'constructs';
import { AccessLogBucket } from '../modules/access-log-bucket';
import { ArchiveReplica } from '../modules/archive-replica';
import { LogArchiveBucket } from '../modules/log-archive-bucket';
import { LogEncryptionKey } from '../modules/log-encryption-key';
import { AccountStack } from './account-stack';
import { archiveReaderAccountIds } from './config/audit-queries';
import { costEstimateNote } from './config/cost-estimate';
import {
  archiveAdministrators,
  deriveArchiveBucketNames,
  externalTrailReference,
  organizationTrailReference,
} from './config/derived-names';
import { accountProvider } from './providers';
import type { StackContext, StackKind } from './registry';

export const LOG_ARCHIVE_STACK = 'log-archive';

/** Names of the outputs later stacks read through remote state. */
export const LOG_ARCHIVE_OUTPUTS = {
  bucketName: 'archive_bucket_name',
  bucketArn: 'archive_bucket_arn',
  keyArn: 'archive_key_arn',
  keyAliasArn: 'archive_key_alias_arn',
  accessLogBucketName: 'access_log_bucket_name',
  accessLogBucketArn: 'access_log_bucket_arn',
  replicaBucketName: 'replica_bucket_name',
  replicaBucketArn: 'replica_bucket_arn',
  replicaKeyArn: 'replica_key_arn',
} as const;

export const LOG_ARCHIVE_KIND: StackKind = {
  kind: 'log-archive',
  order: 1,
  definitions: (config) => [
    {
      name: LOG_ARCHIVE_STACK,
      accountId: config.logArchiveAccountId,
      region: config.homeRegion,
      role: 'log archive',
      build: (scope, context) => new LogArchiveStack(scope, context),
    },
  ],
};

/**
 * The log-archive account: the central bucket every trail writes to, its KMS key, its
 * access-log bucket and the optional cross-region replica. Apply first: its policies name every
 * trail (computed from config), so the trails can be created against it.
 */
export class LogArchiveStack extends AccountStack {
  public readonly archiveKey: LogEncryptionKey;
  public readonly archive: LogArchiveBucket;
  public readonly replica?: ArchiveReplica;

  constructor(scope: Construct, context: StackContext) {
    super(scope, context);
    const config = this.config;
    const settings = config.archive;
    const buckets = deriveArchiveBucketNames(config);
    // The deployment role and the break-glass role administer the archive, its key and its replica;
    // nobody else of this account may weaken them, forge a log file or delete one.
    const admins = archiveAdministrators(config, this.accountId);
    const adminArns = [admins.deploymentRoleArn, ...(admins.breakGlassRoleArn ? [admins.breakGlassRoleArn] : [])];
    const deleters = admins.breakGlassRoleArn ? [admins.breakGlassRoleArn] : [];
    this.archiveKey = new LogEncryptionKey(this, 'ArchiveKey', {
      administrators: admins,
      accountId: this.accountId,
      region: this.region,
      aliasName: settings.keyAlias,
      description: `Encrypts the organization's CloudTrail logs in ${config.archiveBucketName}`,
    });
    const accessLogBucket = new AccessLogBucket(this, 'AccessLogBucket', {
      bucketName: buckets.accessLogs,
      accountId: this.accountId,
      expirationDays: settings.accessLogs.expirationDays,
      noncurrentExpirationDays: settings.accessLogs.noncurrentExpirationDays,
      administratorArns: adminArns,
    });
    this.archive = new LogArchiveBucket(this, 'Archive', {
      bucketName: config.archiveBucketName,
      accountId: this.accountId,
      encryptionKey: this.archiveKey,
      keyPrefix: settings.keyPrefix,
      lifecycle: settings.lifecycle,
      disableObjectLock: !settings.objectLock.enabled,
      objectLockMode: settings.objectLock.mode,
      objectLockRetentionDays: settings.objectLock.retentionDays,
      accessLogBucket,
      administratorArns: adminArns,
      logDeletionPrincipalArns: deleters,
    });
    this.archive.grantTrailWrite(
      organizationTrailReference(config),
      ...config.externalAccountIds.map((accountId) => externalTrailReference(config, accountId)),
    );
    // Readers (archive.readerAccountIds): list, read everything under AWSLogs/ (digests included, to
    // verify copies) and decrypt through S3 only. The querying account of auditQueries, unless it is
    // a reader too, reads the log files alone: Athena never reads a digest.
    this.archive.grantRead(config.archive.readerAccountIds, config.organizationId);
    this.archive.grantRead(
      archiveReaderAccountIds(config).filter((a) => !config.archive.readerAccountIds.includes(a)),
      config.organizationId,
      { logFilesOnly: true },
    );

    if (settings.replication) {
      const replicaProvider = accountProvider(this, 'AwsReplica', config, {
        accountId: this.accountId,
        region: settings.replication.region,
        alias: 'replica',
      });
      this.replica = new ArchiveReplica(this, 'Replica', {
        source: this.archive,
        sourceRegion: this.region,
        replicaProvider,
        replicaRegion: settings.replication.region,
        bucketName: settings.replication.bucketName,
        keyAliasName: settings.replication.keyAlias,
        accountId: this.accountId,
        storageClass: settings.replication.storageClass,
        accessLogBucketName: buckets.replicaAccessLogs,
        accessLogExpirationDays: settings.accessLogs.expirationDays,
        administratorArns: adminArns,
        keyAdministrators: admins,
        logDeletionPrincipalArns: deleters,
      });
    }

    // The volume the review's Cost section prices: the review reads synthesized output only.
    Annotations.of(this).addInfo(costEstimateNote(config));

    const out = LOG_ARCHIVE_OUTPUTS;
    this.output(out.bucketName, this.archive.bucketName, 'Central CloudTrail archive bucket');
    this.output(out.bucketArn, this.archive.bucketArn, 'ARN of the archive bucket');
    this.output(out.keyArn, this.archiveKey.keyArn, 'KMS key that trails encrypt log files with');
    this.output(out.keyAliasArn, this.archiveKey.aliasArn, 'Alias ARN of the archive key');
    this.output(out.accessLogBucketName, accessLogBucket.bucketName, 'Bucket receiving S3 server access logs of the archive');
    this.output(out.accessLogBucketArn, accessLogBucket.bucketArn, 'ARN of the access-log bucket');
    if (this.replica) {
      this.output(out.replicaBucketName, this.replica.bucketName, 'Cross-region replica of the archive');
      this.output(out.replicaBucketArn, this.replica.bucketArn, 'ARN of the replica bucket');
      this.output(out.replicaKeyArn, this.replica.key.keyArn, 'KMS key of the replica');
    }
  }
}
