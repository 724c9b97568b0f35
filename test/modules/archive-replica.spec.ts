import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { ArchiveReplica, type ArchiveReplicaProps, REPLICA_DEFAULTS } from '../../modules/archive-replica';
import { LogArchiveBucket, type LogArchiveBucketProps } from '../../modules/log-archive-bucket';
import { LogEncryptionKey, type LogEncryptionKeyProps } from '../../modules/log-encryption-key';
import { COMMERCIAL_REGIONS } from '../../modules/rules/identifiers';
import { addressAt, annotationsOf, LOG_ARCHIVE, preventDestroyFlags, resourceAt, statementsOf } from '../support/modules';
import { synthJson, testStack, validationErrors } from '../support/synth';

const SOURCE = 'org-logs';
const SOURCE_ARN = 'arn:aws:s3:::org-logs';
const REPLICA = 'org-logs-replica';
const REPLICA_ARN = 'arn:aws:s3:::org-logs-replica';
const ROLE_ARN = `arn:aws:iam::${LOG_ARCHIVE}:role/${REPLICA}-replication`;
const DEPLOYMENT_ROLE = `arn:aws:iam::${LOG_ARCHIVE}:role/deployment`;
const BREAK_GLASS_ROLE = `arn:aws:iam::${LOG_ARCHIVE}:role/break-glass`;
const BASELINE_SIDS = ['DenyInsecureTransport', 'DenyTlsOlderThan12', 'DenyBucketAdministrationFromOtherAccounts'];

/** The replica's own denies: only the replication role writes copies, nobody (but the given principals) deletes them. */
const replicaEvidence = (roleArn: string, deletionCondition?: Record<string, unknown>) => [
  {
    Sid: 'DenyWritesExceptReplication',
    Effect: 'Deny',
    Principal: '*',
    Action: ['s3:PutObject', 's3:ReplicateObject', 's3:ReplicateTags', 's3:ReplicateDelete'],
    Resource: `${REPLICA_ARN}/*`,
    Condition: { ArnNotLike: { 'aws:PrincipalArn': roleArn } },
  },
  {
    Sid: 'DenyReplicaDeletion',
    Effect: 'Deny',
    Principal: '*',
    Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
    Resource: `${REPLICA_ARN}/*`,
    ...(deletionCondition ? { Condition: deletionCondition } : {}),
  },
];
const replicaPolicy = (json: ReturnType<typeof synthJson>) =>
  statementsOf(resourceAt(json, 'aws_s3_bucket_policy', 'Replica/Storage/Policy'));

/** The source key's administrators: the replica takes them (and the archive's) by default. */
const NAMED_KEY = { administrators: { deploymentRoleArn: DEPLOYMENT_ROLE, breakGlassRoleArn: BREAK_GLASS_ROLE } };

/**
 * A replica of an archive whose key and buckets the whole account administers (the named opt-outs,
 * which the replica follows), unless the test gives the source key administrators (`NAMED_KEY`).
 */
function newReplica(
  props: Partial<ArchiveReplicaProps> = {},
  archiveProps: Partial<LogArchiveBucketProps> = {},
  keyProps: Partial<LogEncryptionKeyProps> = { allowRootKeyAdministration: true },
) {
  const stack = testStack('us-east-1');
  const replicaProvider = new AwsProvider(stack, 'AwsReplica', { region: 'eu-west-1', alias: 'replica' });
  const key = new LogEncryptionKey(stack, 'Key', { accountId: LOG_ARCHIVE, region: 'us-east-1', aliasName: 'alias/logs', ...keyProps });
  const archive = new LogArchiveBucket(stack, 'Archive', {
    bucketName: SOURCE,
    accountId: LOG_ARCHIVE,
    encryptionKey: key,
    allowAccountAdministration: keyProps.administrators ? undefined : true,
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

    it('is administered by the source key administrators by default', () => {
      const { stack, replica } = newReplica({}, {}, NAMED_KEY);
      expect(statementsOf(resourceAt(synthJson(stack), 'aws_kms_key', 'Replica/Key')).map((s) => [s.Sid, s.Principal])).toEqual([
        ['AllowKeyAdministrationByDeploymentRole', { AWS: DEPLOYMENT_ROLE }],
        ['AllowKeyRecoveryByBreakGlassRole', { AWS: BREAK_GLASS_ROLE }],
        ['AllowReplicationRoleEncryptThroughS3', { AWS: ROLE_ARN }],
      ]);
      expect(validationErrors(stack)).toEqual([]);
      expect(annotationsOf(replica, 'warning')).toEqual([]);
    });

    it('is administered by the account root when the source key is, whose opt-out already carries the warning', () => {
      const { stack, replica } = newReplica();
      expect(statementsOf(resourceAt(synthJson(stack), 'aws_kms_key', 'Replica/Key')).map((s) => s.Sid)).toEqual([
        'EnableKeyAdministrationByOwningAccount',
        'AllowReplicationRoleEncryptThroughS3',
      ]);
      expect(annotationsOf(replica.key, 'warning')).toEqual([]);
    });

    it('names the replication role in both key policies, through S3 and for its own bucket only (IAM alone would not do with named administrators)', () => {
      const { archive, replica } = newReplica({ keyAdministrators: { deploymentRoleArn: DEPLOYMENT_ROLE } });
      expect(
        replica.key
          .policyDocument()
          .toJSON()
          .Statement.find((s) => s.Sid === 'AllowReplicationRoleEncryptThroughS3'),
      ).toEqual({
        Sid: 'AllowReplicationRoleEncryptThroughS3',
        Effect: 'Allow',
        Principal: { AWS: ROLE_ARN },
        Action: ['kms:Encrypt', 'kms:GenerateDataKey'],
        Resource: '*',
        Condition: {
          StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' },
          StringLike: { 'kms:EncryptionContext:aws:s3:arn': [REPLICA_ARN, `${REPLICA_ARN}/*`] },
        },
      });
      expect(
        archive.encryptionKey
          .policyDocument()
          .toJSON()
          .Statement.find((s) => s.Sid === 'AllowReplicationRoleDecryptThroughS3'),
      ).toEqual({
        Sid: 'AllowReplicationRoleDecryptThroughS3',
        Effect: 'Allow',
        Principal: { AWS: ROLE_ARN },
        Action: 'kms:Decrypt',
        Resource: '*',
        Condition: {
          StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' },
          StringLike: { 'kms:EncryptionContext:aws:s3:arn': [SOURCE_ARN, `${SOURCE_ARN}/*`] },
        },
      });
    });

    it('is administered by the key administrators given, instead of the account root', () => {
      const { stack } = newReplica({ keyAdministrators: { deploymentRoleArn: DEPLOYMENT_ROLE, breakGlassRoleArn: BREAK_GLASS_ROLE } });
      const statements = statementsOf(resourceAt(synthJson(stack), 'aws_kms_key', 'Replica/Key'));
      expect(statements.map((s) => [s.Sid, s.Principal])).toEqual([
        ['AllowKeyAdministrationByDeploymentRole', { AWS: DEPLOYMENT_ROLE }],
        ['AllowKeyRecoveryByBreakGlassRole', { AWS: BREAK_GLASS_ROLE }],
        ['AllowReplicationRoleEncryptThroughS3', { AWS: ROLE_ARN }],
      ]);
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

    it('archives copies of 128 KB or more on the archive lifecycle from the bucket root, expires smaller ones, and keeps the bucket tidy', () => {
      const { stack } = newReplica({}, { lifecycle: { expirationDays: 3650, abortIncompleteMultipartUploadDays: 3 } });
      const json = synthJson(stack);
      expect(resourceAt(json, 'aws_s3_bucket_lifecycle_configuration', 'Replica/Lifecycle')).toMatchObject({
        provider: 'aws.replica',
        transition_default_minimum_object_size: 'all_storage_classes_128K',
        rule: [
          {
            id: 'archive-replicated-files',
            status: 'Enabled',
            filter: [{ object_size_greater_than: 131071 }],
            transition: [
              { days: 90, storage_class: 'GLACIER_IR' },
              { days: 365, storage_class: 'DEEP_ARCHIVE' },
            ],
            noncurrent_version_transition: [],
            expiration: [{ days: 3650 }],
            noncurrent_version_expiration: [{ noncurrent_days: 90 }],
          },
          {
            id: 'archive-replicated-files-small',
            status: 'Enabled',
            filter: [{ object_size_less_than: 131072 }],
            expiration: [{ days: 3650 }],
            noncurrent_version_expiration: [{ noncurrent_days: 90 }],
          },
          {
            id: 'replica-hygiene',
            status: 'Enabled',
            filter: [{ prefix: '' }],
            abort_incomplete_multipart_upload: [{ days_after_initiation: 3 }],
            expiration: [{ expired_object_delete_marker: true }],
          },
        ],
        depends_on: [addressAt(json, 'aws_s3_bucket_versioning', 'Replica/Storage/Versioning')],
      });
    });

    it('archives copies of every size in one rule when the archive transitions small objects too', () => {
      const { stack } = newReplica({}, { lifecycle: { transitionSmallObjects: true } });
      const lifecycle = resourceAt(synthJson(stack), 'aws_s3_bucket_lifecycle_configuration', 'Replica/Lifecycle');
      expect(lifecycle.transition_default_minimum_object_size).toBe('varies_by_storage_class');
      expect((lifecycle.rule as { id: string; filter: unknown }[]).map((r) => [r.id, r.filter])).toEqual([
        ['archive-replicated-files', [{ prefix: '' }]],
        ['replica-hygiene', [{ prefix: '' }]],
      ]);
    });
  });

  describe('object lock notes', () => {
    it('records nothing for the default governance lock', () => {
      const { replica } = newReplica({}, {}, NAMED_KEY);
      expect(annotationsOf(replica, 'warning')).toEqual([]);
      expect(annotationsOf(replica, 'info')).toEqual([]);
    });

    it('warns when the replica, like its source, has no object lock', () => {
      const { replica } = newReplica({}, { disableObjectLock: true }, NAMED_KEY);
      expect(annotationsOf(replica, 'warning')).toEqual([
        { path: 'Replica', message: `disableObjectLock: replica ${REPLICA} is created without object lock, like its source` },
      ]);
    });

    it('notes that no one can delete the copies under compliance mode', () => {
      const { replica } = newReplica({}, { objectLockMode: 'COMPLIANCE', objectLockRetentionDays: 2557 }, NAMED_KEY);
      expect(annotationsOf(replica, 'info')).toEqual([
        {
          path: 'Replica',
          message: `objectLockMode COMPLIANCE: no one, root included, can delete replica ${REPLICA}'s objects for 2557 days`,
        },
      ]);
      expect(annotationsOf(replica, 'warning')).toEqual([]);
    });
  });

  describe('policy', () => {
    it('lets only the replication role write copies, and nobody delete them', () => {
      const { stack } = newReplica();
      const statements = replicaPolicy(synthJson(stack));
      expect(statements.map((s) => s.Sid)).toEqual([...BASELINE_SIDS, 'DenyWritesExceptReplication', 'DenyReplicaDeletion']);
      expect(statements.slice(BASELINE_SIDS.length)).toEqual(replicaEvidence(ROLE_ARN));
    });

    it('names the replication role it is given in the write deny', () => {
      const { stack } = newReplica({ roleName: 'replicator' });
      expect(replicaPolicy(synthJson(stack)).slice(BASELINE_SIDS.length)).toEqual(
        replicaEvidence(`arn:aws:iam::${LOG_ARCHIVE}:role/replicator`),
      );
    });

    it('lets only the log deletion principals delete copies', () => {
      const { stack } = newReplica({ logDeletionPrincipalArns: [BREAK_GLASS_ROLE] });
      expect(replicaPolicy(synthJson(stack)).slice(BASELINE_SIDS.length)).toEqual(
        replicaEvidence(ROLE_ARN, { ArnNotLike: { 'aws:PrincipalArn': BREAK_GLASS_ROLE } }),
      );
    });

    it('denies bucket administration to everyone but the source archive administrators by default', () => {
      const { stack, replica } = newReplica({}, {}, NAMED_KEY);
      const deny = (policy: { Sid: string; Condition?: unknown }[]) =>
        policy.find((s) => s.Sid === 'DenyBucketAdministrationExceptAdministrators')?.Condition;
      const both = { ArnNotLike: { 'aws:PrincipalArn': [DEPLOYMENT_ROLE, BREAK_GLASS_ROLE] } };
      expect(deny(replicaPolicy(synthJson(stack)))).toEqual(both);
      expect(deny(replica.accessLogBucket.hardened.policyDocument().toJSON().Statement)).toEqual(both);
    });

    it('is administered by the whole account, with a warning for each bucket, when the source archive is', () => {
      const { replica } = newReplica();
      expect(annotationsOf(replica, 'warning').map((a) => a.path)).toEqual(['Replica/Storage', 'Replica/AccessLogBucket/Storage']);
    });

    it('denies bucket administration and governance bypass to everyone but the administrators', () => {
      const { stack } = newReplica({ administratorArns: [DEPLOYMENT_ROLE, BREAK_GLASS_ROLE] });
      const statements = replicaPolicy(synthJson(stack));
      expect(statements.map((s) => s.Sid)).toEqual([
        ...BASELINE_SIDS,
        'DenyBucketAdministrationExceptAdministrators',
        'DenyWritesExceptReplication',
        'DenyReplicaDeletion',
      ]);
      expect(statements[BASELINE_SIDS.length]).toEqual({
        Sid: 'DenyBucketAdministrationExceptAdministrators',
        Effect: 'Deny',
        Principal: '*',
        Action: [
          's3:DeleteBucket',
          's3:DeleteBucketPolicy',
          's3:PutBucketAcl',
          's3:PutBucketLogging',
          's3:PutBucketObjectLockConfiguration',
          's3:PutBucketOwnershipControls',
          's3:PutBucketPolicy',
          's3:PutBucketPublicAccessBlock',
          's3:PutBucketRequestPayment',
          's3:PutBucketVersioning',
          's3:PutEncryptionConfiguration',
          's3:PutLifecycleConfiguration',
          's3:PutReplicationConfiguration',
          's3:BypassGovernanceRetention',
        ],
        Resource: [REPLICA_ARN, `${REPLICA_ARN}/*`],
        Condition: { ArnNotLike: { 'aws:PrincipalArn': [DEPLOYMENT_ROLE, BREAK_GLASS_ROLE] } },
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
    it('lets S3 assume the role, with no condition S3 is not documented to send (the role permissions limit it)', () => {
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
        },
      ]);
      expect(replica.roleName).toBe(`${REPLICA}-replication`);
      expect(replica.roleArn).toBe(ROLE_ARN);
    });

    it('may only read the archive, write (never delete) in the replica, decrypt through S3 in the source region and encrypt in the replica region', () => {
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
          Action: ['s3:ReplicateObject', 's3:ReplicateTags'],
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
      const named = newReplica({ roleName: 'replicator' }).replica;
      expect(named.roleName).toBe('replicator');
      expect(named.roleArn).toBe(`arn:aws:iam::${LOG_ARCHIVE}:role/replicator`);
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
      const { stack, replica } = newReplica({}, {}, NAMED_KEY);
      expect(preventDestroyFlags(synthJson(stack))).toMatchObject({
        'aws_kms_key.Replica_Key': true,
        'aws_s3_bucket.Replica_Storage_Bucket': true,
        'aws_s3_bucket.Replica_AccessLogBucket_Storage_Bucket': true,
      });
      expect(annotationsOf(replica, 'warning')).toEqual([]);
    });

    it('drops prevent_destroy on the replica key, bucket and access-log bucket only, with a warning for each', () => {
      const { stack, replica } = newReplica({ allowDestroy: true }, {}, NAMED_KEY);
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

  describe('prop rules', () => {
    it('refuses a replica in the source region: it would not survive a regional outage', () => {
      expect(validationErrors(newReplica({ replicaRegion: 'us-east-1' }).stack)).toEqual([
        'test/Replica: replicaRegion: "us-east-1" is the source region; a replica protects against a regional outage only in another region. Fix: choose another region',
      ]);
    });

    it.each([
      [
        'a region typo',
        { replicaRegion: 'eu-west-l' },
        `test/Replica/Key: region: "eu-west-l" is not a commercial AWS region this module supports. Fix: use one of ${COMMERCIAL_REGIONS.join(', ')}`,
      ],
      [
        'a storage class replication cannot write',
        { storageClass: 'REDUCED_REDUNDANCY' },
        'test/Replica: storageClass: "REDUCED_REDUNDANCY" is not a replication storage class. Fix: use one of STANDARD, STANDARD_IA, INTELLIGENT_TIERING, ONEZONE_IA, GLACIER_IR, GLACIER, DEEP_ARCHIVE',
      ],
      [
        'a role name IAM refuses',
        { roleName: 'archive replication' },
        'test/Replica: roleName: "archive replication" is not an IAM role name (1-64 of letters, digits and + = , . @ _ -). Fix: use a shorter name of those characters',
      ],
    ])('refuses %s at synth', (_what, props, line) => {
      expect(validationErrors(newReplica(props as Partial<ArchiveReplicaProps>).stack)).toEqual([line]);
    });
  });
});
