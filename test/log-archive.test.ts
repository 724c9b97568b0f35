import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketObjectLockConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketReplicationConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-replication-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { App, TerraformStack, Testing } from 'cdktf';
import { LogArchiveBucket } from '../modules/log-archive-bucket';
import { LogEncryptionKey } from '../modules/log-encryption-key';
import { PolicyDocument, PolicyStatement } from '../modules/policy-document';
import { trailReference } from '../modules/references';
import type { OrganizationConfig } from '../stacks/config';
import type { LogArchiveStack } from '../stacks/log-archive-stack';
import { buildOrganization } from '../stacks/organization-builder';
import { exampleConfig } from './support/config';

interface Synthesized {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: string }>;
  provider: { aws: Record<string, unknown>[] };
  terraform: { backend: Record<string, Record<string, unknown>> };
}

function synthStack(config: OrganizationConfig): { json: Synthesized; text: string; stack: LogArchiveStack } {
  const app = Testing.app();
  const stack = buildOrganization(app, config, { outdir: '/work/out', baseDir: '/work' }).get<LogArchiveStack>('log-archive');
  const text = Testing.synth(stack);
  return { json: JSON.parse(text), text, stack };
}

/** Resources of one type whose construct path contains `pathPart`. */
function byPath(json: Synthesized, type: string, pathPart: string): Record<string, unknown> {
  // Logical ids are the construct path joined with underscores plus a hash suffix.
  const prefix = pathPart.replace(/\//g, '_');
  const found = Object.entries(json.resource[type] ?? {})
    .filter(([id]) => id.startsWith(prefix))
    .map(([, r]) => r);
  if (found.length !== 1) throw new Error(`expected one ${type} under ${pathPart}, found ${found.length}`);
  return found[0];
}

function policyOf(json: Synthesized, type: string, pathPart: string): { Statement: { Sid: string; [k: string]: unknown }[] } {
  return JSON.parse(byPath(json, type, pathPart).policy as string);
}

function statement(policy: { Statement: { Sid: string }[] }, sid: string): Record<string, unknown> {
  const found = policy.Statement.find((s) => s.Sid === sid);
  if (!found) throw new Error(`no statement ${sid} in ${policy.Statement.map((s) => s.Sid).join(', ')}`);
  return found;
}

describe('LogArchiveStack', () => {
  const config = exampleConfig();
  const { json, text } = synthStack(config);
  const trail = `arn:aws:cloudtrail:${config.homeRegion}:${config.managementAccountId}:trail/${config.trailName}`;

  describe('provider and backend', () => {
    it('assumes the deployment role in the log-archive account only', () => {
      expect(text).toHaveProviderWithProperties(AwsProvider, {
        region: config.homeRegion,
        allowed_account_ids: [config.logArchiveAccountId],
        assume_role: [
          { role_arn: `arn:aws:iam::${config.logArchiveAccountId}:role/${config.deployment.roleName}`, session_name: 'cdktf-org-logging' },
        ],
      });
    });

    it('has an aliased provider in the replica region', () => {
      const replica = json.provider.aws.find((p) => p.alias === 'replica');
      expect(replica?.region).toBe(config.archive.replication?.region);
    });

    it('stores state in the configured S3 backend with a per-stack key and native locking', () => {
      expect(json.terraform.backend.s3).toEqual({
        bucket: 'acme-terraform-state-210987654321',
        key: 'org-logging/log-archive.tfstate',
        region: 'eu-west-1',
        encrypt: true,
        use_lockfile: true,
      });
    });

    it('uses a local state file outside the output folder by default', () => {
      const local = exampleConfig((c) => {
        (c as Record<string, unknown>).deployment = { backend: { type: 'local' } };
      });
      const out = synthStack(local).json;
      expect(out.terraform.backend.local).toEqual({ path: '/work/terraform-state/log-archive.tfstate' });
    });

    it('applies the organization default tags', () => {
      const tags = (json.provider.aws[0].default_tags as { tags: Record<string, string> }[])[0].tags;
      expect(tags).toEqual({ ...config.deployment.defaultTags, ManagedBy: 'cdktf-org-logging' });
    });
  });

  describe('archive bucket', () => {
    it('is named by archiveBucketName, object-lock enabled, never force-destroyed and guarded against destroy', () => {
      const bucket = byPath(json, 'aws_s3_bucket', 'Archive/Storage/Bucket');
      expect(bucket).toMatchObject({
        bucket: config.archiveBucketName,
        object_lock_enabled: true,
        force_destroy: false,
        lifecycle: { prevent_destroy: true },
      });
    });

    it('blocks all public access, disables ACLs and enables versioning', () => {
      expect(byPath(json, 'aws_s3_bucket_public_access_block', 'Archive/')).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
      expect(byPath(json, 'aws_s3_bucket_ownership_controls', 'Archive/')).toMatchObject({
        rule: { object_ownership: 'BucketOwnerEnforced' },
      });
      expect(byPath(json, 'aws_s3_bucket_versioning', 'Archive/')).toMatchObject({ versioning_configuration: { status: 'Enabled' } });
    });

    it('encrypts objects with the archive key and a bucket key', () => {
      const sse = byPath(json, 'aws_s3_bucket_server_side_encryption_configuration', 'Archive/') as { rule: Record<string, unknown>[] };
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

    it('locks objects in governance mode with the configured retention', () => {
      expect(byPath(json, 'aws_s3_bucket_object_lock_configuration', 'Archive/')).toMatchObject({
        rule: { default_retention: { mode: 'GOVERNANCE', days: config.archive.objectLock.retentionDays } },
      });
    });

    it('logs server access into the access-log bucket under a per-bucket, date-partitioned prefix', () => {
      expect(byPath(json, 'aws_s3_bucket_logging', 'Archive/')).toMatchObject({
        target_bucket: config.archive.accessLogs.bucketName,
        target_prefix: `${config.archiveBucketName}/`,
        target_object_key_format: { partitioned_prefix: { partition_date_source: 'EventTime' } },
      });
    });
  });

  describe('lifecycle', () => {
    const lifecycle = byPath(json, 'aws_s3_bucket_lifecycle_configuration', 'Archive/Lifecycle') as {
      rule: Record<string, unknown>[];
      transition_default_minimum_object_size: string;
    };

    it('archives log files and digests under the trail prefix by tier', () => {
      const rule = lifecycle.rule.find((r) => r.id === 'archive-log-files');
      expect(rule).toMatchObject({
        status: 'Enabled',
        filter: [{ prefix: `${config.archive.keyPrefix}/AWSLogs/` }],
        transition: config.archive.lifecycle.transitions.map((t) => ({ days: t.days, storage_class: t.storageClass })),
        expiration: [{ days: config.archive.lifecycle.expirationDays }],
        noncurrent_version_transition: [{ noncurrent_days: 30, storage_class: 'DEEP_ARCHIVE' }],
        noncurrent_version_expiration: [{ noncurrent_days: config.archive.lifecycle.noncurrentExpirationDays }],
      });
    });

    it('aborts incomplete multipart uploads and removes expired delete markers bucket-wide', () => {
      const rule = lifecycle.rule.find((r) => r.id === 'bucket-hygiene');
      expect(rule).toMatchObject({
        filter: [{ prefix: '' }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
        expiration: [{ expired_object_delete_marker: true }],
      });
    });

    it('lets small CloudTrail objects transition', () => {
      expect(lifecycle.transition_default_minimum_object_size).toBe('varies_by_storage_class');
    });

    it('keeps S3 default size threshold when small-object transitions are off', () => {
      const off = exampleConfig((c) => {
        (c.archive as { lifecycle: { transitionSmallObjects: boolean } }).lifecycle.transitionSmallObjects = false;
      });
      const out = synthStack(off).json;
      expect(byPath(out, 'aws_s3_bucket_lifecycle_configuration', 'Archive/Lifecycle').transition_default_minimum_object_size).toBe(
        'all_storage_classes_128K',
      );
    });
  });

  describe('bucket policy', () => {
    const policy = policyOf(json, 'aws_s3_bucket_policy', 'Archive/Storage/Policy');
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
        Resource: `${bucketArn}/${config.archive.keyPrefix}/AWSLogs/${config.organizationId}/*`,
        Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trail } },
      });
      expect(statement(policy, 'AllowCloudTrailWriteManagementAccountPath')).toMatchObject({
        Resource: `${bucketArn}/${config.archive.keyPrefix}/AWSLogs/${config.managementAccountId}/*`,
      });
    });

    it('lets each external account trail write only its own path', () => {
      for (const account of config.externalAccountIds) {
        expect(statement(policy, `AllowCloudTrailWriteAccount${account}Path`)).toEqual({
          Sid: `AllowCloudTrailWriteAccount${account}Path`,
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: `${bucketArn}/${config.archive.keyPrefix}/AWSLogs/${account}/*`,
          Condition: {
            StringEquals: {
              's3:x-amz-acl': 'bucket-owner-full-control',
              'aws:SourceArn': `arn:aws:cloudtrail:${config.homeRegion}:${account}:trail/${config.trailName}`,
            },
          },
        });
      }
    });

    it('lets readers in the organization list and read log files, nothing else', () => {
      const readers = config.archive.readerAccountIds.map((a) => `arn:aws:iam::${a}:root`);
      const principal = readers.length === 1 ? readers[0] : readers;
      expect(statement(policy, 'AllowLogReadersGetLogFiles')).toEqual({
        Sid: 'AllowLogReadersGetLogFiles',
        Effect: 'Allow',
        Principal: { AWS: principal },
        Action: ['s3:GetObject', 's3:GetObjectVersion'],
        Resource: `${bucketArn}/${config.archive.keyPrefix}/AWSLogs/*`,
        Condition: { StringEquals: { 'aws:PrincipalOrgID': config.organizationId } },
      });
    });

    it('has no allow statement for an anonymous principal', () => {
      const anonymousAllows = policy.Statement.filter((s) => s.Effect === 'Allow' && JSON.stringify(s.Principal).includes('"*"'));
      expect(anonymousAllows).toEqual([]);
      expect(policy.Statement.filter((s) => s.Effect === 'Allow' && s.Principal === '*')).toEqual([]);
    });

    it('renders literal ARNs only (no Terraform tokens)', () => {
      expect(byPath(json, 'aws_s3_bucket_policy', 'Archive/Storage/Policy').policy).not.toContain('${');
    });
  });

  describe('access-log bucket', () => {
    it('uses SSE-S3 and has no object lock, because S3 access logging cannot use either', () => {
      expect(byPath(json, 'aws_s3_bucket_server_side_encryption_configuration', 'AccessLogBucket/')).toMatchObject({
        rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }],
      });
      expect(byPath(json, 'aws_s3_bucket', 'AccessLogBucket/')).toMatchObject({ object_lock_enabled: false });
      expect(Object.keys(json.resource.aws_s3_bucket_object_lock_configuration).filter((id) => id.startsWith('AccessLogBucket'))).toEqual(
        [],
      );
    });

    it('admits only the S3 logging service for the archive bucket and this account', () => {
      const policy = policyOf(json, 'aws_s3_bucket_policy', 'AccessLogBucket/');
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
      expect(byPath(json, 'aws_s3_bucket_lifecycle_configuration', 'AccessLogBucket/')).toMatchObject({
        rule: [{ id: 'expire-access-logs', expiration: [{ days: config.archive.accessLogs.expirationDays }] }],
      });
    });
  });

  describe('replica', () => {
    it('replicates KMS-encrypted objects into the replica bucket with the replica key', () => {
      const replication = byPath(json, 'aws_s3_bucket_replication_configuration', 'Replica/') as { rule: Record<string, unknown>[] };
      expect(replication.rule[0]).toMatchObject({
        status: 'Enabled',
        source_selection_criteria: { sse_kms_encrypted_objects: { status: 'Enabled' } },
        destination: {
          bucket: `arn:aws:s3:::${config.archive.replication?.bucketName}`,
          storage_class: config.archive.replication?.storageClass,
          encryption_configuration: { replica_kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\.Replica_Key_[A-F0-9]+\.arn\}$/) },
        },
      });
    });

    it('creates the replica bucket in the replica region with the same object lock', () => {
      const bucket = byPath(json, 'aws_s3_bucket', 'Replica/Storage/Bucket');
      expect(bucket).toMatchObject({ provider: 'aws.replica', object_lock_enabled: true });
      expect(byPath(json, 'aws_s3_bucket_object_lock_configuration', 'Replica/')).toMatchObject({
        provider: 'aws.replica',
        rule: { default_retention: { mode: 'GOVERNANCE', days: config.archive.objectLock.retentionDays } },
      });
    });

    it('lets only S3, for this bucket and account, assume the replication role', () => {
      const role = byPath(json, 'aws_iam_role', 'Replica/ReplicationRole');
      expect(JSON.parse(role.assume_role_policy as string)).toEqual({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AllowS3ReplicationForTheArchive',
            Effect: 'Allow',
            Principal: { Service: 's3.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: {
              StringEquals: { 'aws:SourceAccount': config.logArchiveAccountId },
              ArnLike: { 'aws:SourceArn': `arn:aws:s3:::${config.archiveBucketName}` },
            },
          },
        ],
      });
    });

    it('logs server access of the replica into its own access-log bucket in the replica region', () => {
      const replica = config.archive.replication;
      expect(byPath(json, 'aws_s3_bucket', 'Replica/AccessLogBucket/Storage/Bucket')).toMatchObject({
        provider: 'aws.replica',
        bucket: replica?.accessLogBucketName,
        object_lock_enabled: false,
      });
      expect(byPath(json, 'aws_s3_bucket_logging', 'Replica/Storage/AccessLogging')).toMatchObject({
        provider: 'aws.replica',
        target_bucket: replica?.accessLogBucketName,
        target_prefix: `${replica?.bucketName}/`,
      });
    });

    it('is absent when replication is not configured', () => {
      const none = exampleConfig((c) => {
        delete (c.archive as Record<string, unknown>).replication;
      });
      const out = synthStack(none);
      expect(out.text).not.toHaveResource(S3BucketReplicationConfigurationA);
      expect(out.json.provider.aws).toHaveLength(1);
    });
  });

  describe('outputs', () => {
    it('exposes the bucket, key, access-log bucket and replica for later stacks', () => {
      expect(Object.keys(json.output ?? {}).sort()).toEqual(
        [
          'access_log_bucket_arn',
          'access_log_bucket_name',
          'archive_bucket_arn',
          'archive_bucket_name',
          'archive_key_alias_arn',
          'archive_key_arn',
          'replica_bucket_arn',
          'replica_bucket_name',
          'replica_key_arn',
        ].sort(),
      );
      expect(json.output?.archive_bucket_name.value).toBe(config.archiveBucketName);
    });
  });
});

describe('LogEncryptionKey', () => {
  function keyStack() {
    const app = new App({ outdir: process.env.TMPDIR ?? '/tmp', stackTraces: false });
    const stack = new TerraformStack(app, 'keys');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    const key = new LogEncryptionKey(stack, 'Key', { accountId: '222222222222', region: 'us-east-1', aliasName: 'alias/logs' });
    return { stack, key };
  }

  it('is a symmetric key with yearly rotation, a 30-day deletion window and prevent_destroy', () => {
    const { stack } = keyStack();
    expect(Testing.synth(stack)).toHaveResourceWithProperties(KmsKey, {
      customer_master_key_spec: 'SYMMETRIC_DEFAULT',
      enable_key_rotation: true,
      rotation_period_in_days: 365,
      deletion_window_in_days: 30,
      lifecycle: { prevent_destroy: true },
    });
  });

  it('allows only key administration by the owning account until something is granted', () => {
    const { key } = keyStack();
    expect(key.policyDocument().toJSON().Statement).toEqual([
      {
        Sid: 'EnableKeyAdministrationByOwningAccount',
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::222222222222:root' },
        Action: 'kms:*',
        Resource: '*',
      },
    ]);
  });

  it('scopes CloudTrail encryption to the trails and their accounts encryption context', () => {
    const { key } = keyStack();
    key.grantCloudTrailEncrypt(
      trailReference({ trailName: 'org', homeRegion: 'us-east-1', ownerAccountId: '111111111111' }),
      trailReference({ trailName: 'org', homeRegion: 'us-east-1', ownerAccountId: '444444444444' }),
    );
    const encrypt = key
      .policyDocument()
      .toJSON()
      .Statement.find((s) => s.Sid === 'AllowCloudTrailEncryptLogs');
    expect(encrypt).toEqual({
      Sid: 'AllowCloudTrailEncryptLogs',
      Effect: 'Allow',
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:GenerateDataKey*',
      Resource: '*',
      Condition: {
        StringLike: {
          'kms:EncryptionContext:aws:cloudtrail:arn': [
            'arn:aws:cloudtrail:*:111111111111:trail/*',
            'arn:aws:cloudtrail:*:444444444444:trail/*',
          ],
        },
        StringEquals: {
          'aws:SourceArn': ['arn:aws:cloudtrail:us-east-1:111111111111:trail/org', 'arn:aws:cloudtrail:us-east-1:444444444444:trail/org'],
        },
      },
    });
  });

  it('fails synth validation when the key policy outgrows 32 KB', () => {
    const { key } = keyStack();
    for (let i = 0; i < 400; i++) {
      const account = `${500000000000 + i}`;
      key.grantCloudTrailEncrypt(trailReference({ trailName: 'org', homeRegion: 'us-east-1', ownerAccountId: account }));
    }
    expect(key.node.validate().join('\n')).toMatch(/policy is \d+ bytes; a KMS key policy holds at most 32768 bytes/);
  });
});

describe('LogArchiveBucket', () => {
  function bucketStack(props: Partial<ConstructorParameters<typeof LogArchiveBucket>[2]> = {}) {
    const app = new App({ outdir: process.env.TMPDIR ?? '/tmp', stackTraces: false });
    const stack = new TerraformStack(app, 'archive');
    new AwsProvider(stack, 'aws', { region: 'us-east-1' });
    const key = new LogEncryptionKey(stack, 'Key', { accountId: '222222222222', region: 'us-east-1', aliasName: 'alias/logs' });
    const bucket = new LogArchiveBucket(stack, 'Archive', {
      bucketName: 'org-logs-222222222222',
      accountId: '222222222222',
      encryptionKey: key,
      ...props,
    });
    return { stack, key, bucket };
  }

  it('creates its own access-log bucket when none is given', () => {
    const { stack } = bucketStack();
    const text = Testing.synth(stack);
    expect(text).toHaveResourceWithProperties(S3Bucket, { bucket: 'org-logs-222222222222-access-logs' });
    expect(text).toHaveResourceWithProperties(S3BucketLoggingA, { target_bucket: 'org-logs-222222222222-access-logs' });
  });

  it('defaults to governance-mode object lock for a year', () => {
    const { stack } = bucketStack();
    expect(Testing.synth(stack)).toHaveResourceWithProperties(S3BucketObjectLockConfigurationA, {
      rule: { default_retention: { mode: 'GOVERNANCE', days: 365 } },
    });
  });

  it('takes compliance mode as an explicit opt-in', () => {
    const { stack } = bucketStack({ objectLockMode: 'COMPLIANCE', objectLockRetentionDays: 2557 });
    expect(Testing.synth(stack)).toHaveResourceWithProperties(S3BucketObjectLockConfigurationA, {
      rule: { default_retention: { mode: 'COMPLIANCE', days: 2557 } },
    });
  });

  it('can be created without object lock, visibly', () => {
    const { stack } = bucketStack({ disableObjectLock: true });
    const text = Testing.synth(stack);
    expect(text).not.toHaveResource(S3BucketObjectLockConfigurationA);
    expect(text).toHaveResourceWithProperties(S3Bucket, { bucket: 'org-logs-222222222222', object_lock_enabled: false });
  });

  it('hardens every bucket it creates', () => {
    const text = Testing.synth(bucketStack().stack);
    const json = JSON.parse(text) as Synthesized;
    expect(Object.keys(json.resource.aws_s3_bucket)).toHaveLength(2);
    expect(Object.keys(json.resource.aws_s3_bucket_public_access_block)).toHaveLength(2);
    expect(Object.keys(json.resource.aws_s3_bucket_versioning)).toHaveLength(2);
    expect(Object.keys(json.resource.aws_s3_bucket_ownership_controls)).toHaveLength(2);
    expect(Object.keys(json.resource.aws_s3_bucket_server_side_encryption_configuration)).toHaveLength(2);
    expect(text).toHaveResourceWithProperties(S3BucketVersioningA, { versioning_configuration: { status: 'Enabled' } });
    expect(text).toHaveResourceWithProperties(S3BucketOwnershipControls, { rule: { object_ownership: 'BucketOwnerEnforced' } });
    expect(text).toHaveResourceWithProperties(S3BucketPublicAccessBlock, { restrict_public_buckets: true });
    const algorithms = Object.values(json.resource.aws_s3_bucket_server_side_encryption_configuration).map(
      (r) =>
        (r.rule as { apply_server_side_encryption_by_default: { sse_algorithm: string } }[])[0].apply_server_side_encryption_by_default
          .sse_algorithm,
    );
    expect(algorithms.sort()).toEqual(['AES256', 'aws:kms']);
    expect(text).toHaveResourceWithProperties(S3BucketLifecycleConfiguration, {
      transition_default_minimum_object_size: 'varies_by_storage_class',
    });
  });

  it('adds the matching key permissions when granting a trail and readers', () => {
    const { bucket, key } = bucketStack();
    bucket.grantTrailWrite(
      trailReference({ trailName: 'org', homeRegion: 'us-east-1', ownerAccountId: '111111111111', organizationId: 'o-abcdefghij' }),
    );
    bucket.grantRead(['333333333333'], 'o-abcdefghij');
    expect(key.policyDocument().sids).toEqual([
      'EnableKeyAdministrationByOwningAccount',
      'AllowCloudTrailEncryptLogs',
      'AllowCloudTrailDecryptForBucketKey',
      'AllowCloudTrailDescribeKey',
      'AllowLogReadersDecryptTrailLogs',
      'AllowLogReadersDecryptArchiveObjectsThroughS3',
    ]);
  });

  it('fails synth validation when the bucket policy outgrows 20 KB', () => {
    const { bucket } = bucketStack();
    for (let i = 0; i < 80; i++) {
      const account = `${500000000000 + i}`;
      bucket.grantTrailWrite(trailReference({ trailName: 'org', homeRegion: 'us-east-1', ownerAccountId: account }));
    }
    expect(bucket.hardened.node.validate().join('\n')).toMatch(/policy is \d+ bytes; an S3 bucket policy holds at most 20480 bytes/);
  });
});

describe('PolicyDocument', () => {
  it('rejects duplicate Sids', () => {
    const doc = new PolicyDocument([new PolicyStatement({ sid: 'A', actions: ['s3:GetObject'], resources: ['*'] })]);
    expect(() => doc.addStatements(new PolicyStatement({ sid: 'A', actions: ['s3:PutObject'], resources: ['*'] }))).toThrow(
      /duplicate Sid "A"/,
    );
  });

  it('rejects Sids AWS would refuse', () => {
    expect(() => new PolicyStatement({ sid: 'Not allowed!', actions: ['s3:GetObject'], resources: ['*'] })).toThrow(/alphanumeric/);
  });

  it('renders single values as scalars and measures minified size', () => {
    const doc = new PolicyDocument([
      new PolicyStatement({
        sid: 'One',
        principal: { Service: 'cloudtrail.amazonaws.com' },
        actions: ['s3:PutObject'],
        resources: ['arn:aws:s3:::b/*'],
      }),
    ]);
    expect(doc.render()).toBe(
      '{"Version":"2012-10-17","Statement":[{"Sid":"One","Effect":"Allow","Principal":{"Service":"cloudtrail.amazonaws.com"},"Action":"s3:PutObject","Resource":"arn:aws:s3:::b/*"}]}',
    );
    expect(doc.sizeBytes).toBe(doc.render().length);
  });
});
