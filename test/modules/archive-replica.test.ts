import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { ArchiveReplica, type ArchiveReplicaProps, REPLICA_DEFAULTS } from '../../modules/archive-replica';
import { LogArchiveBucket, type LogArchiveBucketProps } from '../../modules/log-archive-bucket';
import { LogEncryptionKey } from '../../modules/log-encryption-key';
import { addressAt, annotationsOf, LOG_ARCHIVE, preventDestroyFlags, resourceAt, statementsOf } from '../support/modules';
import { synthJson, testStack } from '../support/synth';

const SOURCE = 'org-logs';
const SOURCE_ARN = 'arn:aws:s3:::org-logs';
const REPLICA = 'org-logs-replica';
const REPLICA_ARN = 'arn:aws:s3:::org-logs-replica';

function newReplica(props: Partial<ArchiveReplicaProps> = {}, archiveProps: Partial<LogArchiveBucketProps> = {}) {
  const stack = testStack('us-east-1');
  const replicaProvider = new AwsProvider(stack, 'AwsReplica', { region: 'eu-west-1', alias: 'replica' });
  const key = new LogEncryptionKey(stack, 'Key', { accountId: LOG_ARCHIVE, region: 'us-east-1', aliasName: 'alias/logs' });
  const archive = new LogArchiveBucket(stack, 'Archive', {
    bucketName: SOURCE,
    accountId: LOG_ARCHIVE,
    encryptionKey: key,
    ...archiveProps,
  });
  const replica = new ArchiveReplica(stack, 'Replica', {
    source: archive,
    sourceRegion: 'us-east-1',
    replicaProvider,
    replicaRegion: 'eu-west-1',
    bucketName: REPLICA,
    accountId: LOG_ARCHIVE,
    ...props,
  });
  return { stack, archive, replica };
}

describe('ArchiveReplica', () => {
  describe('key', () => {
    it('has its own key in the replica region, with the default alias', () => {
      const { stack, replica } = newReplica();
      const json = synthJson(stack);
      expect(resourceAt(json, 'aws_kms_key', 'Replica/Key')).toMatchObject({
        provider: 'aws.replica',
        description: `Encrypts the replica of ${SOURCE}`,
        lifecycle: { prevent_destroy: true },
      });
      expect(resourceAt(json, 'aws_kms_alias', 'Replica/Key/Alias')).toMatchObject({
        provider: 'aws.replica',
        name: REPLICA_DEFAULTS.keyAliasName,
      });
      expect(replica.key.aliasArn).toBe(`arn:aws:kms:eu-west-1:${LOG_ARCHIVE}:alias/org-log-archive-replica`);
    });

    it('takes another alias', () => {
      const { replica } = newReplica({ keyAliasName: 'alias/replica' });
      expect(replica.key.aliasName).toBe('alias/replica');
    });
  });

  describe('bucket', () => {
    it('is a hardened bucket in the replica region, encrypted with the replica key, with the archive object lock', () => {
      const { stack, replica } = newReplica();
      const json = synthJson(stack);
      expect(resourceAt(json, 'aws_s3_bucket', 'Replica/Storage/Bucket')).toMatchObject({
        provider: 'aws.replica',
        bucket: REPLICA,
        object_lock_enabled: true,
        lifecycle: { prevent_destroy: true },
      });
      expect(resourceAt(json, 'aws_s3_bucket_server_side_encryption_configuration', 'Replica/Storage/Encryption').rule).toEqual([
        {
          apply_server_side_encryption_by_default: {
            sse_algorithm: 'aws:kms',
            kms_master_key_id: `\${${addressAt(json, 'aws_kms_key', 'Replica/Key')}.arn}`,
          },
          bucket_key_enabled: true,
        },
      ]);
      expect(resourceAt(json, 'aws_s3_bucket_object_lock_configuration', 'Replica/Storage/ObjectLock')).toMatchObject({
        provider: 'aws.replica',
        rule: { default_retention: { mode: 'GOVERNANCE', days: 365 } },
      });
      expect(replica.bucketArn).toBe(REPLICA_ARN);
    });

    it('follows the archive object lock mode and retention', () => {
      const { stack } = newReplica({}, { objectLockMode: 'COMPLIANCE', objectLockRetentionDays: 2557 });
      expect(resourceAt(synthJson(stack), 'aws_s3_bucket_object_lock_configuration', 'Replica/Storage/ObjectLock').rule).toEqual({
        default_retention: { mode: 'COMPLIANCE', days: 2557 },
      });
    });

    it('has no object lock when the archive has none', () => {
      const { stack } = newReplica({}, { disableObjectLock: true });
      const json = synthJson(stack);
      expect(json.resource.aws_s3_bucket_object_lock_configuration).toBeUndefined();
      expect(resourceAt(json, 'aws_s3_bucket', 'Replica/Storage/Bucket')).toMatchObject({ object_lock_enabled: false });
    });

    it('archives the copies on the archive lifecycle, from the bucket root', () => {
      const { stack } = newReplica({}, { lifecycle: { expirationDays: 3650, abortIncompleteMultipartUploadDays: 3 } });
      const json = synthJson(stack);
      expect(resourceAt(json, 'aws_s3_bucket_lifecycle_configuration', 'Replica/Lifecycle')).toMatchObject({
        provider: 'aws.replica',
        transition_default_minimum_object_size: 'varies_by_storage_class',
        rule: [
          {
            id: 'archive-replicated-files',
            status: 'Enabled',
            filter: [{ prefix: '' }],
            transition: [
              { days: 90, storage_class: 'GLACIER_IR' },
              { days: 365, storage_class: 'DEEP_ARCHIVE' },
            ],
            expiration: [{ days: 3650 }],
            noncurrent_version_expiration: [{ noncurrent_days: 90 }],
            abort_incomplete_multipart_upload: [{ days_after_initiation: 3 }],
          },
        ],
        depends_on: [addressAt(json, 'aws_s3_bucket_versioning', 'Replica/Storage/Versioning')],
      });
    });
  });

  describe('access logs', () => {
    it('logs server access of the replica into its own access-log bucket in the replica region', () => {
      const { stack, replica } = newReplica({ accessLogExpirationDays: 90 });
      const json = synthJson(stack);
      expect(resourceAt(json, 'aws_s3_bucket', 'Replica/AccessLogBucket/Storage/Bucket')).toMatchObject({
        provider: 'aws.replica',
        bucket: `${REPLICA}-access-logs`,
        object_lock_enabled: false,
      });
      expect(resourceAt(json, 'aws_s3_bucket_logging', 'Replica/Storage/AccessLogging')).toMatchObject({
        provider: 'aws.replica',
        target_bucket: `${REPLICA}-access-logs`,
        target_prefix: `${REPLICA}/`,
      });
      expect(resourceAt(json, 'aws_s3_bucket_lifecycle_configuration', 'Replica/AccessLogBucket/Lifecycle')).toMatchObject({
        rule: [{ expiration: [{ days: 90 }] }],
      });
      expect(replica.accessLogBucket.bucketName).toBe(`${REPLICA}-access-logs`);
    });

    it('takes another access-log bucket name', () => {
      expect(newReplica({ accessLogBucketName: 'replica-logs' }).replica.accessLogBucket.bucketName).toBe('replica-logs');
    });
  });

  describe('log buckets', () => {
    it("registers the replica and its access-log bucket in the archive's log buckets, so trails never record them", () => {
      const { archive } = newReplica();
      expect(archive.logBucketNames).toEqual([SOURCE, `${SOURCE}-access-logs`, REPLICA, `${REPLICA}-access-logs`]);
    });
  });

  describe('replication role', () => {
    it('lets only S3, for the archive bucket in this account, assume the role', () => {
      const { stack, replica } = newReplica();
      const role = resourceAt(synthJson(stack), 'aws_iam_role', 'Replica/ReplicationRole');
      expect(role).toMatchObject({
        name: `${REPLICA}-replication`,
        max_session_duration: 3600,
        description: `Replicates ${SOURCE} to ${REPLICA}`,
      });
      expect(role).not.toHaveProperty('provider');
      expect(statementsOf(role, 'assume_role_policy')).toEqual([
        {
          Sid: 'AllowS3ReplicationForTheArchive',
          Effect: 'Allow',
          Principal: { Service: 's3.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: { 'aws:SourceAccount': LOG_ARCHIVE },
            ArnLike: { 'aws:SourceArn': SOURCE_ARN },
          },
        },
      ]);
      expect(replica.roleName).toBe(`${REPLICA}-replication`);
    });

    it('may only read the archive, write the replica, decrypt through S3 in the source region and encrypt in the replica region', () => {
      const { stack } = newReplica();
      const json = synthJson(stack);
      const sourceKey = `\${${addressAt(json, 'aws_kms_key', 'Key')}.arn}`;
      const replicaKey = `\${${addressAt(json, 'aws_kms_key', 'Replica/Key')}.arn}`;
      const policy = resourceAt(json, 'aws_iam_role_policy', 'Replica/ReplicationPolicy');
      expect(policy).toMatchObject({
        name: 'replicate-log-archive',
        role: `\${${addressAt(json, 'aws_iam_role', 'Replica/ReplicationRole')}.id}`,
      });
      expect(statementsOf(policy)).toEqual([
        {
          Sid: 'ReadSourceReplicationConfiguration',
          Effect: 'Allow',
          Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
          Resource: SOURCE_ARN,
        },
        {
          Sid: 'ReadSourceObjectVersions',
          Effect: 'Allow',
          Action: [
            's3:GetObjectVersionForReplication',
            's3:GetObjectVersionAcl',
            's3:GetObjectVersionTagging',
            's3:GetObjectRetention',
            's3:GetObjectLegalHold',
          ],
          Resource: `${SOURCE_ARN}/*`,
        },
        {
          Sid: 'WriteReplicaObjects',
          Effect: 'Allow',
          Action: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
          Resource: `${REPLICA_ARN}/*`,
        },
        {
          Sid: 'DecryptSourceObjects',
          Effect: 'Allow',
          Action: 'kms:Decrypt',
          Resource: sourceKey,
          Condition: {
            StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' },
            StringLike: { 'kms:EncryptionContext:aws:s3:arn': [SOURCE_ARN, `${SOURCE_ARN}/*`] },
          },
        },
        {
          Sid: 'EncryptReplicaObjects',
          Effect: 'Allow',
          Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
          Resource: replicaKey,
          Condition: {
            StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' },
            StringLike: { 'kms:EncryptionContext:aws:s3:arn': [REPLICA_ARN, `${REPLICA_ARN}/*`] },
          },
        },
      ]);
    });

    it('keeps a default role name within the 64-character IAM limit, and takes another name', () => {
      const long = `logs-${'x'.repeat(58)}`;
      expect(newReplica({ bucketName: long }).replica.roleName).toBe(`${long}-replication`.slice(0, 64));
      expect(newReplica({ bucketName: long }).replica.roleName).toHaveLength(64);
      expect(newReplica({ roleName: 'replicator' }).replica.roleName).toBe('replicator');
    });
  });

  describe('replication', () => {
    it('replicates every KMS-encrypted object of the archive with the replica key, but not delete markers', () => {
      const { stack } = newReplica();
      const json = synthJson(stack);
      const replication = resourceAt(json, 'aws_s3_bucket_replication_configuration', 'Replica/Replication');
      expect(replication).toEqual({
        bucket: `\${${addressAt(json, 'aws_s3_bucket', 'Archive/Storage/Bucket')}.id}`,
        role: `\${${addressAt(json, 'aws_iam_role', 'Replica/ReplicationRole')}.arn}`,
        rule: [
          {
            id: 'replicate-archive',
            status: 'Enabled',
            priority: 1,
            filter: { prefix: '' },
            delete_marker_replication: { status: 'Disabled' },
            source_selection_criteria: { sse_kms_encrypted_objects: { status: 'Enabled' } },
            destination: {
              bucket: REPLICA_ARN,
              storage_class: 'STANDARD',
              encryption_configuration: { replica_kms_key_id: `\${${addressAt(json, 'aws_kms_key', 'Replica/Key')}.arn}` },
            },
          },
        ],
        depends_on: [
          addressAt(json, 'aws_s3_bucket_versioning', 'Archive/Storage/Versioning'),
          addressAt(json, 'aws_s3_bucket_versioning', 'Replica/Storage/Versioning'),
        ],
      });
    });

    it('writes copies in the storage class asked for', () => {
      const { stack } = newReplica({ storageClass: 'GLACIER_IR' });
      const rule = (
        resourceAt(synthJson(stack), 'aws_s3_bucket_replication_configuration', 'Replica/Replication').rule as Record<string, unknown>[]
      )[0];
      expect(rule.destination).toMatchObject({ storage_class: 'GLACIER_IR' });
    });
  });

  describe('allowDestroy', () => {
    it('guards the replica key, bucket and access-log bucket by default, recording nothing', () => {
      const { stack, replica } = newReplica();
      expect(preventDestroyFlags(synthJson(stack))).toMatchObject({
        'aws_kms_key.Replica_Key': true,
        'aws_s3_bucket.Replica_Storage_Bucket': true,
        'aws_s3_bucket.Replica_AccessLogBucket_Storage_Bucket': true,
      });
      expect(annotationsOf(replica, 'warning')).toEqual([]);
    });

    it('drops prevent_destroy on the replica key, bucket and access-log bucket only, with a warning for each', () => {
      const { stack, replica } = newReplica({ allowDestroy: true });
      expect(preventDestroyFlags(synthJson(stack))).toEqual({
        'aws_kms_key.Key': true,
        'aws_s3_bucket.Archive_AccessLogs_Storage_Bucket': true,
        'aws_s3_bucket.Archive_Storage_Bucket': true,
        'aws_kms_key.Replica_Key': false,
        'aws_s3_bucket.Replica_Storage_Bucket': false,
        'aws_s3_bucket.Replica_AccessLogBucket_Storage_Bucket': false,
      });
      expect(annotationsOf(replica, 'warning')).toEqual([
        { path: 'Replica/Key', message: 'allowDestroy: KMS key alias/org-log-archive-replica is not guarded by prevent_destroy' },
        { path: 'Replica/Storage', message: `allowDestroy: bucket ${REPLICA} is not guarded by prevent_destroy` },
        {
          path: 'Replica/AccessLogBucket/Storage',
          message: `allowDestroy: bucket ${REPLICA}-access-logs is not guarded by prevent_destroy`,
        },
      ]);
    });
  });
});
