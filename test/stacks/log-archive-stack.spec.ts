/**
 * The log-archive stack as the app builds it from the example config: provider, backend, the
 * archive bucket and key, lifecycle, policies, access logs, replica and outputs.
 */
import type { OrganizationConfig } from '../../stacks/config';
import { exampleConfig } from '../support/config';
import { buildExample, onlyResource, policyOf, type Resource, resourceCount, resourcesOf, type SynthesizedJson } from '../support/synth';

const STACK = 'log-archive';

function synthLogArchive(config: OrganizationConfig): SynthesizedJson {
  return buildExample(config).synth(STACK);
}

/**
 * The one resource of `type` under the stack-level construct `id`. `onlyResource` matches a path
 * anywhere, and the replica holds an `AccessLogBucket` of its own.
 */
function underStackConstruct(json: SynthesizedJson, type: string, id: string): Resource {
  const found = Object.entries(resourcesOf(json, type)).filter(([logicalId]) => logicalId.startsWith(`${id}_`));
  if (found.length !== 1) throw new Error(`expected one ${type} under ${id}, found ${found.length}`);
  return found[0][1];
}

/** Logical ids without their hash suffix, sorted. */
function constructIds(json: SynthesizedJson, type: string): string[] {
  return Object.keys(resourcesOf(json, type))
    .map((id) => id.replace(/_[A-F0-9]{8}$/, ''))
    .sort();
}

type Statement = Record<string, unknown> & { Sid: string };

function statement(policy: { Statement: Record<string, unknown>[] }, sid: string): Statement {
  const found = (policy.Statement as Statement[]).find((s) => s.Sid === sid);
  if (!found) throw new Error(`no statement ${sid} in ${policy.Statement.map((s) => s.Sid).join(', ')}`);
  return found;
}

describe('LogArchiveStack', () => {
  const config = exampleConfig();
  const json = synthLogArchive(config);
  const trail = `arn:aws:cloudtrail:${config.homeRegion}:${config.managementAccountId}:trail/${config.trailName}`;
  const replication = config.archive.replication;
  /** The administrators of the archive: the log-archive account's deployment role and break-glass role. */
  const deploymentRole = `arn:aws:iam::${config.logArchiveAccountId}:role/${config.deployment.roleName}`;
  const breakGlassRole = `arn:aws:iam::${config.logArchiveAccountId}:role/acme-log-archive-break-glass`;

  it('is built from an example that has replication, external accounts, readers and a break-glass role (so no test below is vacuous)', () => {
    expect(replication).toBeDefined();
    expect(config.deployment.breakGlassRoleName).toBe('acme-log-archive-break-glass');
    expect(config.externalAccountIds.length).toBeGreaterThan(0);
    expect(config.archive.readerAccountIds.length).toBeGreaterThan(0);
  });

  describe('provider and backend', () => {
    it('assumes the deployment role in the log-archive account only, in the home region', () => {
      const [main] = json.provider.aws.filter((p) => p.alias === undefined);
      expect(main).toMatchObject({
        region: config.homeRegion,
        allowed_account_ids: [config.logArchiveAccountId],
        assume_role: [
          { role_arn: `arn:aws:iam::${config.logArchiveAccountId}:role/${config.deployment.roleName}`, session_name: 'cdktf-org-logging' },
        ],
      });
    });

    it('has an aliased provider in the replica region, pinned to the same account', () => {
      const replica = json.provider.aws.find((p) => p.alias === 'replica');
      expect(replica).toMatchObject({
        region: 'eu-central-1',
        allowed_account_ids: [config.logArchiveAccountId],
        assume_role: [{ role_arn: `arn:aws:iam::${config.logArchiveAccountId}:role/${config.deployment.roleName}` }],
      });
      expect(replica?.region).toBe(replication?.region);
    });

    it('stores state in the configured S3 backend with a per-stack key and native locking', () => {
      expect(json.terraform.backend?.s3).toEqual({
        bucket: 'acme-terraform-state-210987654321',
        key: 'org-logging/log-archive.tfstate',
        region: 'eu-west-1',
        encrypt: true,
        use_lockfile: true,
      });
    });

    it('uses a local state file outside the output folder by default', () => {
      const local = exampleConfig((c) => {
        // Every other deployment setting at its default; the management account's role has none.
        (c as Record<string, unknown>).deployment = { managementAccountRoleName: 'acme-platform-deployer', backend: { type: 'local' } };
      });
      expect(synthLogArchive(local).terraform.backend).toEqual({ local: { path: '/work/terraform-state/log-archive.tfstate' } });
    });

    it('applies the organization default tags on every provider', () => {
      expect(json.provider.aws).toHaveLength(2);
      for (const provider of json.provider.aws) {
        expect(provider.default_tags).toEqual([{ tags: { ...config.deployment.defaultTags, ManagedBy: 'cdktf-org-logging' } }]);
      }
    });
  });

  describe('archive bucket', () => {
    it('is named by archiveBucketName, object-lock enabled, never force-destroyed and guarded against destroy', () => {
      expect(onlyResource(json, 'aws_s3_bucket', 'Archive/Storage/Bucket')).toMatchObject({
        bucket: config.archiveBucketName,
        object_lock_enabled: true,
        force_destroy: false,
        lifecycle: { prevent_destroy: true },
      });
    });

    it('blocks all public access, disables ACLs and enables versioning', () => {
      expect(onlyResource(json, 'aws_s3_bucket_public_access_block', 'Archive/')).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      expect(onlyResource(json, 'aws_s3_bucket_ownership_controls', 'Archive/')).toMatchObject({
        rule: { object_ownership: 'BucketOwnerEnforced' },
      });
      expect(onlyResource(json, 'aws_s3_bucket_versioning', 'Archive/')).toMatchObject({ versioning_configuration: { status: 'Enabled' } });
    });

    it('encrypts objects with the archive key and a bucket key', () => {
      const sse = onlyResource(json, 'aws_s3_bucket_server_side_encryption_configuration', 'Archive/');
      expect(sse.rule).toEqual([
        {
          apply_server_side_encryption_by_default: {
            sse_algorithm: 'aws:kms',
            kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\.ArchiveKey_[A-F0-9]+\.arn\}$/),
          },
          bucket_key_enabled: true,
        },
      ]);
    });

    it('guards the archive key against destroy and rotates it yearly', () => {
      expect(onlyResource(json, 'aws_kms_key', 'ArchiveKey')).toMatchObject({
        enable_key_rotation: true,
        lifecycle: { prevent_destroy: true },
      });
      expect(onlyResource(json, 'aws_kms_alias', 'ArchiveKey/Alias')).toMatchObject({ name: config.archive.keyAlias });
    });

    it('locks objects in governance mode with the configured retention', () => {
      expect(onlyResource(json, 'aws_s3_bucket_object_lock_configuration', 'Archive/')).toMatchObject({
        rule: { default_retention: { mode: 'GOVERNANCE', days: 400 } },
      });
      expect(config.archive.objectLock.retentionDays).toBe(400);
    });

    it('takes compliance mode from archive.objectLock.mode, for the archive and its replica', () => {
      const compliance = synthLogArchive(
        exampleConfig((c) => {
          (c.archive as { objectLock: Record<string, unknown> }).objectLock.mode = 'COMPLIANCE';
        }),
      );
      for (const path of ['Archive/', 'Replica/']) {
        expect(onlyResource(compliance, 'aws_s3_bucket_object_lock_configuration', path)).toMatchObject({
          rule: { default_retention: { mode: 'COMPLIANCE', days: 400 } },
        });
      }
    });

    it('creates the archive and its replica without object lock when archive.objectLock.enabled is false', () => {
      const unlocked = synthLogArchive(
        exampleConfig((c) => {
          (c.archive as { objectLock: Record<string, unknown> }).objectLock.enabled = false;
        }),
      );
      expect(resourceCount(unlocked, 'aws_s3_bucket_object_lock_configuration')).toBe(0);
      expect(onlyResource(unlocked, 'aws_s3_bucket', 'Archive/Storage/Bucket')).toMatchObject({ object_lock_enabled: false });
      expect(onlyResource(unlocked, 'aws_s3_bucket', 'Replica/Storage/Bucket')).toMatchObject({ object_lock_enabled: false });
    });

    it('logs server access into the access-log bucket under a per-bucket, date-partitioned prefix', () => {
      expect(onlyResource(json, 'aws_s3_bucket_logging', 'Archive/')).toMatchObject({
        target_bucket: config.archive.accessLogs.bucketName,
        target_prefix: `${config.archiveBucketName}/`,
        target_object_key_format: { partitioned_prefix: { partition_date_source: 'EventTime' } },
      });
    });
  });

  describe('lifecycle', () => {
    const lifecycle = onlyResource(json, 'aws_s3_bucket_lifecycle_configuration', 'Archive/Lifecycle') as {
      rule: Record<string, unknown>[];
      transition_default_minimum_object_size: string;
    };

    it('has two rules for log files and one for the whole bucket', () => {
      expect(lifecycle.rule.map((r) => r.id)).toEqual(['archive-log-files', 'archive-log-files-small', 'bucket-hygiene']);
    });

    it('archives log files and digests of 128 KB or more under the trail prefix by tier', () => {
      expect(lifecycle.rule.find((r) => r.id === 'archive-log-files')).toEqual({
        id: 'archive-log-files',
        status: 'Enabled',
        filter: [{ and: [{ prefix: 'cloudtrail/AWSLogs/', object_size_greater_than: 131071 }] }],
        transition: [
          { days: 30, storage_class: 'STANDARD_IA' },
          { days: 90, storage_class: 'GLACIER_IR' },
          { days: 365, storage_class: 'DEEP_ARCHIVE' },
        ],
        expiration: [{ days: 2557 }],
        noncurrent_version_transition: [],
        noncurrent_version_expiration: [{ noncurrent_days: 365 }],
      });
    });

    it('keeps smaller log files (most CloudTrail files) in STANDARD and only expires them', () => {
      expect(lifecycle.rule.find((r) => r.id === 'archive-log-files-small')).toEqual({
        id: 'archive-log-files-small',
        status: 'Enabled',
        filter: [{ and: [{ prefix: 'cloudtrail/AWSLogs/', object_size_less_than: 131072 }] }],
        expiration: [{ days: 2557 }],
        noncurrent_version_expiration: [{ noncurrent_days: 365 }],
      });
    });

    it('aborts incomplete multipart uploads and removes expired delete markers bucket-wide', () => {
      expect(lifecycle.rule.find((r) => r.id === 'bucket-hygiene')).toMatchObject({
        filter: [{ prefix: '' }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
        expiration: [{ expired_object_delete_marker: true }],
      });
    });

    it("keeps S3's 128 KB transition threshold when small objects do not transition (the default)", () => {
      expect(config.archive.lifecycle.transitionSmallObjects).toBe(false);
      expect(lifecycle.transition_default_minimum_object_size).toBe('all_storage_classes_128K');
    });

    it('lets small objects transition, in one rule for every size, when archive.lifecycle.transitionSmallObjects is true', () => {
      const on = exampleConfig((c) => {
        (c.archive as { lifecycle: { transitionSmallObjects: boolean } }).lifecycle.transitionSmallObjects = true;
      });
      const rules = onlyResource(synthLogArchive(on), 'aws_s3_bucket_lifecycle_configuration', 'Archive/Lifecycle') as typeof lifecycle;
      expect(rules.transition_default_minimum_object_size).toBe('varies_by_storage_class');
      expect(rules.rule.map((r) => r.id)).toEqual(['archive-log-files', 'bucket-hygiene']);
      expect(rules.rule[0]).toMatchObject({ filter: [{ prefix: 'cloudtrail/AWSLogs/' }], transition: lifecycle.rule[0].transition });
    });
  });

  describe('bucket policy', () => {
    const bucketPolicy = onlyResource(json, 'aws_s3_bucket_policy', 'Archive/Storage/Policy');
    const policy = policyOf(bucketPolicy);
    const bucketArn = `arn:aws:s3:::${config.archiveBucketName}`;

    it('denies every request that is not TLS 1.2+', () => {
      expect(statement(policy, 'DenyInsecureTransport')).toEqual({
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      });
      expect(statement(policy, 'DenyTlsOlderThan12')).toMatchObject({
        Effect: 'Deny',
        Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } },
      });
    });

    it('lets CloudTrail write the organization path only for the organization trail', () => {
      expect(statement(policy, 'AllowCloudTrailWriteOrganizationPath')).toEqual({
        Sid: 'AllowCloudTrailWriteOrganizationPath',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${bucketArn}/cloudtrail/AWSLogs/${config.organizationId}/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trail } },
      });
      expect(statement(policy, 'AllowCloudTrailWriteManagementAccountPath')).toMatchObject({
        Resource: `${bucketArn}/cloudtrail/AWSLogs/${config.managementAccountId}/*`,
        Condition: { StringEquals: { 'aws:SourceArn': trail } },
      });
    });

    it('grants a write path to exactly the configured external accounts', () => {
      const perAccount = policy.Statement.map((s) => s.Sid as string).filter((sid) => /^AllowCloudTrailWriteAccount\d{12}Path$/.test(sid));
      expect(perAccount.sort()).toEqual(['AllowCloudTrailWriteAccount567890123456Path', 'AllowCloudTrailWriteAccount678901234567Path']);
    });

    it.each(config.externalAccountIds)('lets the trail of external account %s write only its own path', (account) => {
      expect(statement(policy, `AllowCloudTrailWriteAccount${account}Path`)).toEqual({
        Sid: `AllowCloudTrailWriteAccount${account}Path`,
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${bucketArn}/cloudtrail/AWSLogs/${account}/*`,
        Condition: {
          StringEquals: {
            's3:x-amz-acl': 'bucket-owner-full-control',
            'aws:SourceArn': `arn:aws:cloudtrail:${config.homeRegion}:${account}:trail/${config.trailName}`,
          },
        },
      });
    });

    it('lets readers in the organization list and read log files, nothing else', () => {
      expect(statement(policy, 'AllowLogReadersGetLogFiles')).toEqual({
        Sid: 'AllowLogReadersGetLogFiles',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::456789012345:root' },
        Action: ['s3:GetObject', 's3:GetObjectVersion'],
        Resource: `${bucketArn}/cloudtrail/AWSLogs/*`,
        Condition: { StringEquals: { 'aws:PrincipalOrgID': config.organizationId } },
      });
    });

    it('grants no reads, in the bucket or the key policy, when no reader account is configured and audit queries are off', () => {
      const noReaders = synthLogArchive(
        exampleConfig((c) => {
          (c.archive as { readerAccountIds: string[] }).readerAccountIds = [];
          c.auditQueries = { enabled: false };
        }),
      );
      const bucketSids = policyOf(onlyResource(noReaders, 'aws_s3_bucket_policy', 'Archive/Storage/Policy')).Statement.map((s) => s.Sid);
      const keySids = policyOf(onlyResource(noReaders, 'aws_kms_key', 'ArchiveKey')).Statement.map((s) => s.Sid);
      expect(bucketSids).toContain('AllowCloudTrailWriteOrganizationPath');
      expect(keySids).toContain('AllowCloudTrailEncryptLogs');
      expect([...bucketSids, ...keySids].filter((sid) => /Reader/.test(String(sid)))).toEqual([]);
    });

    it('adds the querying account of auditQueries to the readers, through the same reader statements, for log files only', () => {
      const queried = synthLogArchive(
        exampleConfig((c) => {
          (c.archive as { readerAccountIds: string[] }).readerAccountIds = [];
          c.auditQueries = { accountId: c.logArchiveAccountId };
        }),
      );
      const bucketPolicy = policyOf(onlyResource(queried, 'aws_s3_bucket_policy', 'Archive/Storage/Policy'));
      const keyPolicy = policyOf(onlyResource(queried, 'aws_kms_key', 'ArchiveKey'));
      const reader = { AWS: `arn:aws:iam::${config.logArchiveAccountId}:root` };
      // Not a reader too: Athena reads log files, never digests (CloudTrail-Digest/) or Insights files.
      expect(statement(bucketPolicy, 'AllowLogQueryAccountsGetLogFilesOnly')).toMatchObject({
        Principal: reader,
        Resource: `arn:aws:s3:::${config.archiveBucketName}/cloudtrail/AWSLogs/*/CloudTrail/*`,
      });
      expect(bucketPolicy.Statement.map((s) => s.Sid)).not.toContain('AllowLogReadersGetLogFiles');
      expect(statement(bucketPolicy, 'AllowLogReadersListBucket').Principal).toEqual(reader);
      expect(statement(keyPolicy, 'AllowLogReadersDecryptTrailLogs').Principal).toEqual(reader);
      expect(statement(keyPolicy, 'AllowLogReadersDecryptArchiveObjectsThroughS3').Principal).toEqual(reader);
    });

    it('has no allow statement for an anonymous principal', () => {
      const allows = policy.Statement.filter((s) => s.Effect === 'Allow');
      expect(allows.length).toBeGreaterThan(0);
      expect(allows.filter((s) => s.Principal === '*' || JSON.stringify(s.Principal).includes('"*"'))).toEqual([]);
    });

    it('renders literal ARNs only (no Terraform tokens)', () => {
      expect(bucketPolicy.policy).toEqual(expect.stringContaining(bucketArn));
      expect(bucketPolicy.policy).not.toContain('${');
    });
  });

  describe('evidence protection', () => {
    const policy = policyOf(onlyResource(json, 'aws_s3_bucket_policy', 'Archive/Storage/Policy'));
    const bucketArn = `arn:aws:s3:::${config.archiveBucketName}`;
    const logs = `${bucketArn}/cloudtrail/AWSLogs/*`;
    const withoutBreakGlass = synthLogArchive(
      exampleConfig((c) => {
        delete (c.deployment as Record<string, unknown>).breakGlassRoleName;
      }),
    );

    it.each([
      ['archive key', 'ArchiveKey'],
      ['replica key', 'Replica/Key'],
    ])("names the log-archive account's deployment and break-glass roles as the %s's administrators, not the account root", (_, path) => {
      const statements = policyOf(onlyResource(json, 'aws_kms_key', path)).Statement;
      expect(statements.slice(0, 2).map((s) => [s.Sid, s.Principal, Array.isArray(s.Action) ? 'listed actions' : s.Action])).toEqual([
        ['AllowKeyAdministrationByDeploymentRole', { AWS: deploymentRole }, 'listed actions'],
        ['AllowKeyRecoveryByBreakGlassRole', { AWS: breakGlassRole }, 'kms:*'],
      ]);
      expect(statements[0].Action).not.toEqual(expect.arrayContaining(['kms:ScheduleKeyDeletion']));
      expect(JSON.stringify(statements)).not.toContain(`arn:aws:iam::${config.logArchiveAccountId}:root`);
    });

    it('never names the management account role in the log-archive account', () => {
      expect(JSON.stringify(json)).not.toContain(config.deployment.managementAccountRoleName);
    });

    it('names only the deployment role as key administrator when no break-glass role is configured', () => {
      const statements = policyOf(onlyResource(withoutBreakGlass, 'aws_kms_key', 'ArchiveKey')).Statement;
      expect(statements.filter((s) => /^(AllowKey|EnableKey)/.test(String(s.Sid))).map((s) => [s.Sid, s.Principal])).toEqual([
        ['AllowKeyAdministrationByDeploymentRole', { AWS: deploymentRole }],
      ]);
    });

    it('lets nobody but CloudTrail write under the log prefix', () => {
      expect(statement(policy, 'DenyLogWritesExceptCloudTrail')).toEqual({
        Sid: 'DenyLogWritesExceptCloudTrail',
        Effect: 'Deny',
        Principal: '*',
        Action: ['s3:PutObject', 's3:ReplicateObject', 's3:ReplicateTags', 's3:ReplicateDelete'],
        Resource: logs,
        Condition: { StringNotEqualsIfExists: { 'aws:PrincipalServiceName': 'cloudtrail.amazonaws.com' } },
      });
    });

    it('lets nobody but the break-glass role delete a log file or version', () => {
      expect(statement(policy, 'DenyLogDeletion')).toEqual({
        Sid: 'DenyLogDeletion',
        Effect: 'Deny',
        Principal: '*',
        Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
        Resource: logs,
        Condition: { ArnNotLike: { 'aws:PrincipalArn': breakGlassRole } },
      });
    });

    it('lets nobody at all delete a log file when no break-glass role is configured', () => {
      const strict = policyOf(onlyResource(withoutBreakGlass, 'aws_s3_bucket_policy', 'Archive/Storage/Policy'));
      expect(statement(strict, 'DenyLogDeletion')).toEqual({
        Sid: 'DenyLogDeletion',
        Effect: 'Deny',
        Principal: '*',
        Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
        Resource: logs,
      });
      expect(statement(strict, 'DenyBucketAdministrationExceptAdministrators').Condition).toEqual({
        ArnNotLike: { 'aws:PrincipalArn': deploymentRole },
      });
    });

    it('lets only the deployment and break-glass roles change the bucket settings or bypass governance retention', () => {
      expect(statement(policy, 'DenyBucketAdministrationExceptAdministrators')).toEqual({
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
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { ArnNotLike: { 'aws:PrincipalArn': [deploymentRole, breakGlassRole] } },
      });
    });
  });

  describe('access-log bucket', () => {
    it('is named by archive.accessLogs.bucketName', () => {
      expect(underStackConstruct(json, 'aws_s3_bucket', 'AccessLogBucket')).toMatchObject({
        bucket: 'acme-cloudtrail-archive-access-logs-345678901234',
      });
    });

    it('uses SSE-S3 and has no object lock, because S3 access logging cannot use either', () => {
      expect(underStackConstruct(json, 'aws_s3_bucket_server_side_encryption_configuration', 'AccessLogBucket')).toMatchObject({
        rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }],
      });
      expect(underStackConstruct(json, 'aws_s3_bucket', 'AccessLogBucket')).toMatchObject({ object_lock_enabled: false });
      // Only the archive and its replica are locked.
      expect(constructIds(json, 'aws_s3_bucket_object_lock_configuration')).toEqual([
        'Archive_Storage_ObjectLock',
        'Replica_Storage_ObjectLock',
      ]);
    });

    it('admits only the S3 logging service for the archive bucket and this account', () => {
      const policy = policyOf(underStackConstruct(json, 'aws_s3_bucket_policy', 'AccessLogBucket'));
      expect(statement(policy, 'AllowS3ServerAccessLogDelivery')).toEqual({
        Sid: 'AllowS3ServerAccessLogDelivery',
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${config.archive.accessLogs.bucketName}/${config.archiveBucketName}/*`,
        Condition: {
          ArnLike: { 'aws:SourceArn': `arn:aws:s3:::${config.archiveBucketName}` },
          StringEquals: { 'aws:SourceAccount': config.logArchiveAccountId },
        },
      });
    });

    it('expires access logs on its own lifecycle', () => {
      expect(underStackConstruct(json, 'aws_s3_bucket_lifecycle_configuration', 'AccessLogBucket')).toMatchObject({
        rule: [{ id: 'expire-access-logs', expiration: [{ days: config.archive.accessLogs.expirationDays }] }],
      });
    });
  });

  describe('replica', () => {
    it('replicates KMS-encrypted objects into the replica bucket with the replica key', () => {
      const replicationConfig = onlyResource(json, 'aws_s3_bucket_replication_configuration', 'Replica/') as {
        rule: Record<string, unknown>[];
      };
      expect(replicationConfig.rule[0]).toMatchObject({
        status: 'Enabled',
        source_selection_criteria: { sse_kms_encrypted_objects: { status: 'Enabled' } },
        destination: {
          bucket: 'arn:aws:s3:::acme-cloudtrail-archive-replica-345678901234',
          storage_class: 'STANDARD',
          encryption_configuration: { replica_kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\.Replica_Key_[A-F0-9]+\.arn\}$/) },
        },
      });
    });

    it('creates the replica bucket in the replica region with the same object lock', () => {
      expect(onlyResource(json, 'aws_s3_bucket', 'Replica/Storage/Bucket')).toMatchObject({
        provider: 'aws.replica',
        bucket: replication?.bucketName,
        object_lock_enabled: true,
      });
      expect(onlyResource(json, 'aws_s3_bucket_object_lock_configuration', 'Replica/')).toMatchObject({
        provider: 'aws.replica',
        rule: { default_retention: { mode: 'GOVERNANCE', days: config.archive.objectLock.retentionDays } },
      });
    });

    it("lets only S3 assume the replication role, with AWS's documented trust policy (no source conditions S3 may not send)", () => {
      expect(policyOf(onlyResource(json, 'aws_iam_role', 'Replica/ReplicationRole'), 'assume_role_policy')).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AllowS3ReplicationForTheArchive',
            Effect: 'Allow',
            Principal: { Service: 's3.amazonaws.com' },
            Action: 'sts:AssumeRole',
          },
        ],
      });
    });

    it('lets the replication role write copies but never replicate deletions', () => {
      const write = statement(policyOf(onlyResource(json, 'aws_iam_role_policy', 'Replica/ReplicationPolicy')), 'WriteReplicaObjects');
      expect(write).toEqual({
        Sid: 'WriteReplicaObjects',
        Effect: 'Allow',
        Action: ['s3:ReplicateObject', 's3:ReplicateTags'],
        Resource: `arn:aws:s3:::${replication?.bucketName}/*`,
      });
      expect(onlyResource(json, 'aws_iam_role_policy', 'Replica/ReplicationPolicy').policy).not.toContain('s3:ReplicateDelete');
    });

    it('lets only the replication role write into the replica, and only the break-glass role delete from it', () => {
      const policy = policyOf(onlyResource(json, 'aws_s3_bucket_policy', 'Replica/Storage/Policy'));
      const objects = `arn:aws:s3:::${replication?.bucketName}/*`;
      expect(statement(policy, 'DenyWritesExceptReplication')).toEqual({
        Sid: 'DenyWritesExceptReplication',
        Effect: 'Deny',
        Principal: '*',
        Action: ['s3:PutObject', 's3:ReplicateObject', 's3:ReplicateTags', 's3:ReplicateDelete'],
        Resource: objects,
        Condition: {
          ArnNotLike: { 'aws:PrincipalArn': `arn:aws:iam::${config.logArchiveAccountId}:role/${replication?.bucketName}-replication` },
        },
      });
      expect(statement(policy, 'DenyReplicaDeletion')).toEqual({
        Sid: 'DenyReplicaDeletion',
        Effect: 'Deny',
        Principal: '*',
        Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
        Resource: objects,
        Condition: { ArnNotLike: { 'aws:PrincipalArn': breakGlassRole } },
      });
      expect(statement(policy, 'DenyBucketAdministrationExceptAdministrators')).toMatchObject({
        Condition: { ArnNotLike: { 'aws:PrincipalArn': [deploymentRole, breakGlassRole] } },
      });
    });

    it('archives replicated files like the archive, with a bucket-wide hygiene rule of its own', () => {
      const replicaLifecycle = onlyResource(json, 'aws_s3_bucket_lifecycle_configuration', 'Replica/Lifecycle') as {
        rule: Record<string, unknown>[];
        transition_default_minimum_object_size: string;
      };
      expect(replicaLifecycle.transition_default_minimum_object_size).toBe('all_storage_classes_128K');
      expect(replicaLifecycle.rule.map((r) => [r.id, r.filter])).toEqual([
        ['archive-replicated-files', [{ object_size_greater_than: 131071 }]],
        ['archive-replicated-files-small', [{ object_size_less_than: 131072 }]],
        ['replica-hygiene', [{ prefix: '' }]],
      ]);
      expect(replicaLifecycle.rule[2]).toEqual({
        id: 'replica-hygiene',
        status: 'Enabled',
        filter: [{ prefix: '' }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
        expiration: [{ expired_object_delete_marker: true }],
      });
    });

    it('logs server access of the replica into its own access-log bucket in the replica region', () => {
      expect(onlyResource(json, 'aws_s3_bucket', 'Replica/AccessLogBucket/Storage/Bucket')).toMatchObject({
        provider: 'aws.replica',
        bucket: 'acme-cloudtrail-replica-access-logs-345678901234',
        object_lock_enabled: false,
      });
      expect(onlyResource(json, 'aws_s3_bucket_logging', 'Replica/Storage/AccessLogging')).toMatchObject({
        provider: 'aws.replica',
        target_bucket: replication?.accessLogBucketName,
        target_prefix: `${replication?.bucketName}/`,
      });
    });

    it('is absent when replication is not configured', () => {
      const none = synthLogArchive(
        exampleConfig((c) => {
          delete (c.archive as Record<string, unknown>).replication;
        }),
      );
      expect(resourceCount(none, 'aws_s3_bucket_replication_configuration')).toBe(0);
      expect(constructIds(none, 'aws_s3_bucket')).toEqual(['AccessLogBucket_Storage_Bucket', 'Archive_Storage_Bucket']);
      expect(none.provider.aws).toHaveLength(1);
      expect(Object.keys(none.output ?? {}).filter((name) => name.startsWith('replica_'))).toEqual([]);
    });
  });

  describe('outputs', () => {
    it('exposes the bucket, key, access-log bucket and replica for later stacks', () => {
      expect(Object.keys(json.output ?? {}).sort()).toEqual([
        'access_log_bucket_arn',
        'access_log_bucket_name',
        'archive_bucket_arn',
        'archive_bucket_name',
        'archive_key_alias_arn',
        'archive_key_arn',
        'replica_bucket_arn',
        'replica_bucket_name',
        'replica_key_arn',
      ]);
      expect(json.output?.archive_bucket_name.value).toBe(config.archiveBucketName);
      expect(json.output?.archive_key_arn.value).toMatch(/^\$\{aws_kms_key\.ArchiveKey_[A-F0-9]+\.arn\}$/);
    });
  });
});
