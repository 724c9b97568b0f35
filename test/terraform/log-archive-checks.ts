/**
 * The terraform tier's checks of the log-archive stack of both configs, on the offline plan: the
 * buckets' settings, encryption, lifecycle, object lock, key, policies, replication and tags as the
 * provider plans them.
 */
import {
  collectReferences,
  configResources,
  moduleKey,
  type PlannedResource,
  plannedResources,
  providerConfig,
} from '../../tooling/terraform';
import { CASES, getCase, getPlan, LOG_ARCHIVE } from './tier';
import { tfIt } from './toolchain-gate';

export function describeLogArchive(): void {
  describe.each(CASES)('log-archive stack of $label', ({ prefix }) => {
    const key = moduleKey(prefix, LOG_ARCHIVE);
    const config = () => getCase(prefix).config;
    const resources = () => plannedResources(getPlan(), key);
    const bucketNamed = (name: string | undefined): PlannedResource => {
      const found = resources().find((r) => r.type === 'aws_s3_bucket' && r.values.bucket === name);
      if (!found) throw new Error(`no aws_s3_bucket named ${name} in module.${key}`);
      return found;
    };
    const archiveBucket = () => bucketNamed(config().archiveBucketName);
    const accessLogBucket = () => bucketNamed(config().archive.accessLogs.bucketName ?? `${config().archiveBucketName}-access-logs`);
    const allBuckets = () => [
      archiveBucket(),
      accessLogBucket(),
      ...(config().archive.replication ? [bucketNamed(config().archive.replication?.bucketName)] : []),
    ];
    /** Resources of `type` whose `expression` refers to `target` (for example the versioning of a bucket). */
    const attached = (type: string, target: PlannedResource, expression = 'bucket'): PlannedResource[] => {
      const local = target.address.slice(`module.${key}.`.length);
      const addresses = configResources(getPlan(), key)
        .filter((r) => r.type === type && collectReferences(r.expressions?.[expression]).includes(local))
        .map((r) => `module.${key}.${r.address}`);
      return resources().filter((r) => addresses.includes(r.address));
    };
    const single = (type: string, target: PlannedResource, expression = 'bucket'): Record<string, unknown> => {
      const found = attached(type, target, expression);
      expect({ type, target: target.address, count: found.length }).toEqual({ type, target: target.address, count: 1 });
      return found[0].values;
    };
    const archiveKey = (): PlannedResource => {
      const alias = resources().find((r) => r.type === 'aws_kms_alias' && r.values.name === config().archive.keyAlias);
      const aliasConfig = configResources(getPlan(), key).find((r) => `module.${key}.${r.address}` === alias?.address);
      const target = collectReferences(aliasConfig?.expressions?.target_key_id).find((ref) => ref.startsWith('aws_kms_key.'));
      const keyResource = resources().find((r) => target && r.address === `module.${key}.${target.replace(/\.key_id$/, '')}`);
      if (!keyResource) throw new Error(`no aws_kms_key behind alias ${config().archive.keyAlias} in module.${key}`);
      return keyResource;
    };
    const policyOf = (bucket: PlannedResource) =>
      JSON.parse(single('aws_s3_bucket_policy', bucket).policy as string) as { Statement: { Sid: string; [k: string]: unknown }[] };

    tfIt('creates the archive bucket without force_destroy and with object lock as configured', () => {
      expect(archiveBucket().values).toMatchObject({ force_destroy: false, object_lock_enabled: config().archive.objectLock.enabled });
      expect(accessLogBucket().values).toMatchObject({ force_destroy: false });
    });

    tfIt('enables versioning on every bucket', () => {
      for (const bucket of allBuckets()) {
        expect(single('aws_s3_bucket_versioning', bucket).versioning_configuration).toEqual([{ status: 'Enabled' }]);
      }
    });

    tfIt('blocks all public access on every bucket', () => {
      for (const bucket of allBuckets()) {
        expect(single('aws_s3_bucket_public_access_block', bucket)).toMatchObject({
          block_public_acls: true,
          block_public_policy: true,
          ignore_public_acls: true,
          restrict_public_buckets: true,
        });
      }
    });

    tfIt('enforces bucket-owner ownership (no ACLs) on every bucket', () => {
      for (const bucket of allBuckets()) {
        expect(single('aws_s3_bucket_ownership_controls', bucket).rule).toEqual([{ object_ownership: 'BucketOwnerEnforced' }]);
      }
    });

    tfIt('encrypts the archive with its KMS key and an S3 bucket key', () => {
      const sse = single('aws_s3_bucket_server_side_encryption_configuration', archiveBucket());
      expect(sse.rule).toEqual([{ apply_server_side_encryption_by_default: [{ sse_algorithm: 'aws:kms' }], bucket_key_enabled: true }]);
      const [encryption] = attached('aws_s3_bucket_server_side_encryption_configuration', archiveBucket());
      const encryptionConfig = configResources(getPlan(), key).find((r) => `module.${key}.${r.address}` === encryption.address);
      expect(collectReferences(encryptionConfig?.expressions?.rule)).toContain(
        `${archiveKey().address.slice(`module.${key}.`.length)}.arn`,
      );
    });

    tfIt('encrypts the access-log bucket with SSE-S3 (AES256), which log delivery requires', () => {
      const sse = single('aws_s3_bucket_server_side_encryption_configuration', accessLogBucket());
      expect(sse.rule).toMatchObject([{ apply_server_side_encryption_by_default: [{ sse_algorithm: 'AES256' }] }]);
    });

    tfIt('sends server access logs of the archive to the access-log bucket', () => {
      expect(single('aws_s3_bucket_logging', archiveBucket())).toMatchObject({
        target_bucket: accessLogBucket().values.bucket,
        target_prefix: `${config().archiveBucketName}/`,
      });
    });

    tfIt('archives log files with the configured lifecycle', () => {
      const lifecycle = single('aws_s3_bucket_lifecycle_configuration', archiveBucket());
      const settings = config().archive.lifecycle;
      expect(lifecycle.transition_default_minimum_object_size).toBe(
        settings.transitionSmallObjects ? 'varies_by_storage_class' : 'all_storage_classes_128K',
      );
      const rules = lifecycle.rule as Record<string, unknown>[];
      const prefix = config().archive.keyPrefix ? `${config().archive.keyPrefix}/AWSLogs/` : 'AWSLogs/';
      const expiry = {
        status: 'Enabled',
        expiration: [expect.objectContaining({ days: settings.expirationDays })],
        noncurrent_version_expiration: [expect.objectContaining({ noncurrent_days: settings.noncurrentExpirationDays })],
      };
      // Files of 128 KB or more transition by tier (an explicit size filter); smaller ones only expire.
      const logs = rules.find((r) => r.id === 'archive-log-files') as Record<string, unknown>;
      expect(logs).toMatchObject({
        ...expiry,
        filter: [expect.objectContaining({ and: [expect.objectContaining({ prefix, object_size_greater_than: 131071 })] })],
      });
      expect(rules.find((r) => r.id === 'archive-log-files-small')).toMatchObject({
        ...expiry,
        filter: [expect.objectContaining({ and: [expect.objectContaining({ prefix, object_size_less_than: 131072 })] })],
        transition: [],
      });
      // Transitions are a set in the provider schema: compare without order.
      const byDays = (a: { days: number }, b: { days: number }) => a.days - b.days;
      expect(
        (logs.transition as { days: number; storage_class: string }[])
          .map((t) => ({ days: t.days, storageClass: t.storage_class }))
          .sort(byDays),
      ).toEqual([...settings.transitions].sort(byDays));
      const hygiene = rules.find((r) => r.id === 'bucket-hygiene');
      expect(hygiene?.abort_incomplete_multipart_upload).toEqual([{ days_after_initiation: settings.abortIncompleteMultipartUploadDays }]);
    });

    tfIt('locks objects by default with the configured mode and retention, or not at all', () => {
      const lock = config().archive.objectLock;
      const found = attached('aws_s3_bucket_object_lock_configuration', archiveBucket());
      if (!lock.enabled) {
        expect(found).toEqual([]);
        return;
      }
      expect(found).toHaveLength(1);
      expect(found[0].values).toMatchObject({
        object_lock_enabled: 'Enabled',
        rule: [{ default_retention: [{ mode: lock.mode, days: lock.retentionDays, years: null }] }],
      });
    });

    tfIt('rotates the archive key yearly, keeps a 30-day deletion window and names it by the configured alias', () => {
      expect(archiveKey().values).toMatchObject({
        enable_key_rotation: true,
        rotation_period_in_days: 365,
        deletion_window_in_days: 30,
        key_usage: 'ENCRYPT_DECRYPT',
        customer_master_key_spec: 'SYMMETRIC_DEFAULT',
      });
    });

    tfIt('denies insecure transport and lets the organization trail write its paths', () => {
      const c = config();
      const statements = policyOf(archiveBucket()).Statement;
      const sid = (s: string) => statements.find((st) => st.Sid === s);
      const bucketArn = `arn:aws:s3:::${c.archiveBucketName}`;
      expect(sid('DenyInsecureTransport')).toEqual({
        Sid: 'DenyInsecureTransport',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      });
      const prefix = c.archive.keyPrefix ? `${c.archive.keyPrefix}/` : '';
      expect(sid('AllowCloudTrailWriteOrganizationPath')).toMatchObject({
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${bucketArn}/${prefix}AWSLogs/${c.organizationId}/*`,
        Condition: {
          StringEquals: {
            's3:x-amz-acl': 'bucket-owner-full-control',
            'aws:SourceArn': `arn:aws:cloudtrail:${c.homeRegion}:${c.managementAccountId}:trail/${c.trailName}`,
          },
        },
      });
    });

    tfIt('lets each external account trail write only its own path', () => {
      const c = config();
      const writers = policyOf(archiveBucket())
        .Statement.map((s) => s.Sid)
        .filter((s) => /^AllowCloudTrailWriteAccount\d{12}Path$/.test(s));
      expect(writers.sort()).toEqual(c.externalAccountIds.map((id) => `AllowCloudTrailWriteAccount${id}Path`).sort());
    });

    tfIt('replicates to the configured bucket in the configured region, or not at all', () => {
      const c = config();
      const replication = attached('aws_s3_bucket_replication_configuration', archiveBucket());
      const replica = c.archive.replication;
      if (!replica) {
        expect(replication).toEqual([]);
        expect(resources().filter((r) => r.type === 'aws_s3_bucket')).toHaveLength(2);
        expect(providerConfig(getPlan(), key, 'replica')).toBeUndefined();
        return;
      }
      expect(replication).toHaveLength(1);
      expect(replication[0].values).toMatchObject({
        rule: [
          expect.objectContaining({
            status: 'Enabled',
            destination: [expect.objectContaining({ bucket: `arn:aws:s3:::${replica.bucketName}`, storage_class: replica.storageClass })],
            source_selection_criteria: [expect.objectContaining({ sse_kms_encrypted_objects: [{ status: 'Enabled' }] })],
          }),
        ],
      });
      const replicaBucket = bucketNamed(replica.bucketName);
      const replicaConfig = configResources(getPlan(), key).find((r) => `module.${key}.${r.address}` === replicaBucket.address);
      const provider = getPlan().configuration.provider_config?.[replicaConfig?.provider_config_key ?? ''];
      expect(provider?.expressions?.region?.constant_value).toBe(replica.region);
    });

    tfIt('tags every taggable resource with the configured default tags', () => {
      const taggable = resources().filter((r) => 'tags_all' in r.values);
      expect(taggable.length).toBeGreaterThan(0);
      for (const r of taggable) {
        expect({ address: r.address, tags: r.values.tags_all }).toEqual({
          address: r.address,
          tags: expect.objectContaining({ ...config().deployment.defaultTags, ManagedBy: expect.any(String) }),
        });
      }
    });
  });
}
