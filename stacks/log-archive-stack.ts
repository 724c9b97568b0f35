import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { AccessLogBucket } from '../modules/access-log-bucket';
import { ArchiveReplica } from '../modules/archive-replica';
import { trailArn } from '../modules/arns';
import { LogArchiveBucket } from '../modules/log-archive-bucket';
import { LogEncryptionKey } from '../modules/log-encryption-key';
import { archiveBucketNames, type OrganizationConfig } from './config';
import { accountProvider, configureBackend, type SynthContext } from './deployment';

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

/** Every bucket of the log archive (their object-level events are never recorded by our trails). */
export function logArchiveBuckets(config: OrganizationConfig): string[] {
  return Object.values(archiveBucketNames(config)).filter((name): name is string => name !== undefined);
}

/**
 * The log-archive account: the central bucket every trail writes to, its KMS key, its
 * access-log bucket and the optional cross-region replica. Apply first.
 */
export class LogArchiveStack extends TerraformStack {
  public readonly accountId: string;
  public readonly region: string;
  public readonly archiveKey: LogEncryptionKey;
  public readonly archive: LogArchiveBucket;
  public readonly replica?: ArchiveReplica;

  constructor(scope: Construct, config: OrganizationConfig, context: SynthContext) {
    super(scope, LOG_ARCHIVE_STACK);
    this.accountId = config.logArchiveAccountId;
    this.region = config.homeRegion;
    configureBackend(this, LOG_ARCHIVE_STACK, config, context);
    accountProvider(this, 'Aws', config, { accountId: this.accountId, region: this.region });

    const settings = config.archive;
    this.archiveKey = new LogEncryptionKey(this, 'ArchiveKey', {
      accountId: this.accountId,
      region: this.region,
      aliasName: settings.keyAlias,
      description: `Encrypts the organization's CloudTrail logs in ${config.archiveBucketName}`,
    });
    const accessLogBucket = new AccessLogBucket(this, 'AccessLogBucket', {
      bucketName: archiveBucketNames(config).accessLogs,
      accountId: this.accountId,
      expirationDays: settings.accessLogs.expirationDays,
      noncurrentExpirationDays: settings.accessLogs.noncurrentExpirationDays,
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
    });

    this.archive.grantOrganizationTrailWrite({
      trailArn: trailArn(config.homeRegion, config.managementAccountId, config.trailName),
      managementAccountId: config.managementAccountId,
      organizationId: config.organizationId,
    });
    for (const accountId of config.externalAccountIds) {
      this.archive.grantAccountTrailWrite({ trailArn: trailArn(config.homeRegion, accountId, config.trailName), accountId });
    }
    this.archive.grantRead(settings.readerAccountIds, config.organizationId);

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
        accessLogBucketName: archiveBucketNames(config).replicaAccessLogs,
        accessLogExpirationDays: settings.accessLogs.expirationDays,
      });
    }

    const output = (id: string, value: string, description: string) =>
      new TerraformOutput(this, id, { value, description, staticId: true });
    output(LOG_ARCHIVE_OUTPUTS.bucketName, this.archive.bucketName, 'Central CloudTrail archive bucket');
    output(LOG_ARCHIVE_OUTPUTS.bucketArn, this.archive.bucketArn, 'ARN of the archive bucket');
    output(LOG_ARCHIVE_OUTPUTS.keyArn, this.archiveKey.keyArn, 'KMS key that trails encrypt log files with');
    output(LOG_ARCHIVE_OUTPUTS.keyAliasArn, this.archiveKey.aliasArn, 'Alias ARN of the archive key');
    output(LOG_ARCHIVE_OUTPUTS.accessLogBucketName, accessLogBucket.bucketName, 'Bucket receiving S3 server access logs of the archive');
    output(LOG_ARCHIVE_OUTPUTS.accessLogBucketArn, accessLogBucket.bucketArn, 'ARN of the access-log bucket');
    if (this.replica) {
      output(LOG_ARCHIVE_OUTPUTS.replicaBucketName, this.replica.bucketName, 'Cross-region replica of the archive');
      output(LOG_ARCHIVE_OUTPUTS.replicaBucketArn, this.replica.bucketArn, 'ARN of the replica bucket');
      output(LOG_ARCHIVE_OUTPUTS.replicaKeyArn, this.replica.key.keyArn, 'KMS key of the replica');
    }
  }
}
