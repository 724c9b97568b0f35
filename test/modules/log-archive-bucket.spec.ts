import { AccessLogBucket } from '../../modules/access-log-bucket';
import { ARCHIVE_OBJECT_LOCK_DEFAULTS, LogArchiveBucket, type LogArchiveBucketProps } from '../../modules/log-archive-bucket';
import { LogEncryptionKey, type LogEncryptionKeyProps } from '../../modules/log-encryption-key';
import { PolicyStatement } from '../../modules/policy-document';
import { trailReference } from '../../modules/references';
import {
  AUDIT,
  addressAt,
  annotationsOf,
  EXTERNAL,
  LOG_ARCHIVE,
  MANAGEMENT,
  ORGANIZATION_ID,
  preventDestroyFlags,
  resourceAt,
  statementsOf,
  statementWithSid,
} from '../support/modules';
import { synthJson, testStack, validationErrors } from '../support/synth';

const NAME = 'org-logs';
const ARN = 'arn:aws:s3:::org-logs';

/** An archive whose key and buckets the whole account administers (the named opt-outs), unless the test names administrators. */
function newArchive(
  props: Partial<LogArchiveBucketProps> = {},
  keyProps: Partial<LogEncryptionKeyProps> = { allowRootKeyAdministration: true },
) {
  const stack = testStack();
  const key = new LogEncryptionKey(stack, 'Key', { accountId: LOG_ARCHIVE, region: 'us-east-1', aliasName: 'alias/logs', ...keyProps });
  const archive = new LogArchiveBucket(stack, 'Archive', {
    bucketName: NAME,
    accountId: LOG_ARCHIVE,
    encryptionKey: key,
    allowAccountAdministration: true,
    ...props,
  });
  return { stack, key, archive };
}

const orgTrail = trailReference({ trailName: 'org', homeRegion: 'us-east-1', ownerAccountId: MANAGEMENT, organizationId: ORGANIZATION_ID });
const externalTrail = trailReference({ trailName: 'org', homeRegion: 'us-east-1', ownerAccountId: EXTERNAL });
const otherExternalTrail = trailReference({ trailName: 'org', homeRegion: 'us-east-1', ownerAccountId: '555555555555' });

const archivePolicy = (archive: LogArchiveBucket) => archive.hardened.policyDocument().toJSON().Statement;
const BASELINE_SIDS = ['DenyInsecureTransport', 'DenyTlsOlderThan12', 'DenyBucketAdministrationFromOtherAccounts'];
const EVIDENCE_SIDS = ['DenyLogWritesExceptCloudTrail', 'DenyLogDeletion'];
/** The archive's own statements, before any grant: the hardened baseline, then the evidence denies. */
const OWN_SIDS = [...BASELINE_SIDS, ...EVIDENCE_SIDS];
/** Where the grants start in the policy. */
const GRANTS = OWN_SIDS.length;

const DEPLOYMENT_ROLE = `arn:aws:iam::${LOG_ARCHIVE}:role/deployment`;
const BREAK_GLASS_ROLE = `arn:aws:iam::${LOG_ARCHIVE}:role/break-glass`;
/** Named administrators: no account-administration warnings, so a test sees only the ones it is about. */
const NAMED = { administratorArns: [DEPLOYMENT_ROLE] };
/** A key that names its administrators, which the archive then takes as its own. */
const KEY_ADMINS = { administrators: { deploymentRoleArn: DEPLOYMENT_ROLE, breakGlassRoleArn: BREAK_GLASS_ROLE } };

/** The evidence denies on the log files under `logs` (`AWSLogs/*`, after the key prefix). */
const evidence = (logs: string, deletionCondition?: Record<string, unknown>) => [
  {
    Sid: 'DenyLogWritesExceptCloudTrail',
    Effect: 'Deny',
    Principal: '*',
    // Replication writes too: a same-account bucket replicating into the archive is no CloudTrail.
    Action: ['s3:PutObject', 's3:ReplicateObject', 's3:ReplicateTags', 's3:ReplicateDelete'],
    Resource: `${ARN}/${logs}`,
    Condition: { StringNotEqualsIfExists: { 'aws:PrincipalServiceName': 'cloudtrail.amazonaws.com' } },
  },
  {
    Sid: 'DenyLogDeletion',
    Effect: 'Deny',
    Principal: '*',
    Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
    Resource: `${ARN}/${logs}`,
    ...(deletionCondition ? { Condition: deletionCondition } : {}),
  },
];

/** The reviewer's note on retention, for the default lifecycle. */
const retention = (lock: string) =>
  `${NAME} retention: log files are current for 2557 days, then kept 90 days as noncurrent versions and deleted (2647 days, about 7.3 years, in all); ` +
  `objects of 128 KB or more move to GLACIER_IR at 90 days, DEEP_ARCHIVE at 365 days; smaller ones (most CloudTrail files) stay in STANDARD; ${lock}`;

const write = (sid: string, path: string, trailArn: string) => ({
  Sid: sid,
  Effect: 'Allow',
  Principal: { Service: 'cloudtrail.amazonaws.com' },
  Action: 's3:PutObject',
  Resource: `${ARN}/${path}`,
  Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn } },
});
const aclCheck = (trailArns: string | string[]) => ({
  Sid: 'AllowCloudTrailAclCheck',
  Effect: 'Allow',
  Principal: { Service: 'cloudtrail.amazonaws.com' },
  Action: 's3:GetBucketAcl',
  Resource: ARN,
  Condition: { StringEquals: { 'aws:SourceArn': trailArns } },
});

describe('LogArchiveBucket', () => {
  describe('storage', () => {
    it('encrypts objects with the archive key and an S3 Bucket Key', () => {
      const { stack } = newArchive();
      const json = synthJson(stack);
      expect(resourceAt(json, 'aws_s3_bucket_server_side_encryption_configuration', 'Archive/Storage/Encryption').rule).toEqual([
        {
          apply_server_side_encryption_by_default: {
            sse_algorithm: 'aws:kms',
            kms_master_key_id: `\${${addressAt(json, 'aws_kms_key', 'Key')}.arn}`,
          },
          bucket_key_enabled: true,
        },
      ]);
    });

    it('is a hardened bucket guarded against destroy', () => {
      const { stack, archive } = newArchive();
      const json = synthJson(stack);
      expect(resourceAt(json, 'aws_s3_bucket', 'Archive/Storage/Bucket')).toMatchObject({
        bucket: NAME,
        force_destroy: false,
        lifecycle: { prevent_destroy: true },
      });
      expect(resourceAt(json, 'aws_s3_bucket_versioning', 'Archive/Storage/Versioning')).toMatchObject({
        versioning_configuration: { status: 'Enabled' },
      });
      expect(archive.bucketArn).toBe(ARN);
    });

    it('hardens both buckets it creates: public access blocked, ACLs off, versioned, encrypted', () => {
      const { stack } = newArchive();
      const json = synthJson(stack);
      const hardening = [
        'aws_s3_bucket_public_access_block',
        'aws_s3_bucket_ownership_controls',
        'aws_s3_bucket_versioning',
        'aws_s3_bucket_server_side_encryption_configuration',
        'aws_s3_bucket_policy',
      ];
      for (const type of hardening) {
        const ids = Object.keys(json.resource[type] ?? {}).sort();
        expect([type, ids]).toEqual([
          type,
          [expect.stringMatching(/^Archive_AccessLogs_Storage_/), expect.stringMatching(/^Archive_Storage_/)],
        ]);
      }
      const algorithms = ['Archive/Storage/Encryption', 'Archive/AccessLogs/Storage/Encryption'].map(
        (path) =>
          (
            resourceAt(json, 'aws_s3_bucket_server_side_encryption_configuration', path).rule as {
              apply_server_side_encryption_by_default: { sse_algorithm: string };
            }[]
          )[0].apply_server_side_encryption_by_default.sse_algorithm,
      );
      expect(algorithms).toEqual(['aws:kms', 'AES256']);
    });
  });

  describe('object lock', () => {
    it('defaults to governance mode for a year', () => {
      const { stack, archive } = newArchive();
      const json = synthJson(stack);
      expect(resourceAt(json, 'aws_s3_bucket', 'Archive/Storage/Bucket')).toMatchObject({ object_lock_enabled: true });
      expect(resourceAt(json, 'aws_s3_bucket_object_lock_configuration', 'Archive/Storage/ObjectLock').rule).toEqual({
        default_retention: { mode: 'GOVERNANCE', days: 365 },
      });
      expect(archive.objectLock).toEqual(ARCHIVE_OBJECT_LOCK_DEFAULTS);
      expect(annotationsOf(newArchive(NAMED).archive, 'warning')).toEqual([]);
      expect(annotationsOf(archive, 'info')).toEqual([
        { path: 'Archive', message: retention('object lock (GOVERNANCE) protects every version for 365 days after it is written') },
      ]);
    });

    it('takes compliance mode as an explicit opt-in, and notes that no one can delete the objects', () => {
      const { stack, archive } = newArchive({ ...NAMED, objectLockMode: 'COMPLIANCE', objectLockRetentionDays: 2557 });
      expect(resourceAt(synthJson(stack), 'aws_s3_bucket_object_lock_configuration', 'Archive/Storage/ObjectLock').rule).toEqual({
        default_retention: { mode: 'COMPLIANCE', days: 2557 },
      });
      expect(annotationsOf(archive, 'info')).toEqual([
        { path: 'Archive', message: `objectLockMode COMPLIANCE: no one, root included, can delete ${NAME}'s objects for 2557 days` },
        { path: 'Archive', message: retention('object lock (COMPLIANCE) protects every version for 2557 days after it is written') },
      ]);
      expect(annotationsOf(archive, 'warning')).toEqual([]);
    });

    it('can be turned off with disableObjectLock, which records a warning', () => {
      const { stack, archive } = newArchive({ ...NAMED, disableObjectLock: true, objectLockMode: 'COMPLIANCE' });
      const json = synthJson(stack);
      expect(json.resource.aws_s3_bucket_object_lock_configuration).toBeUndefined();
      expect(resourceAt(json, 'aws_s3_bucket', 'Archive/Storage/Bucket')).toMatchObject({ object_lock_enabled: false });
      expect(archive.objectLock).toBeUndefined();
      expect(annotationsOf(archive, 'warning')).toEqual([
        {
          path: 'Archive',
          message: `disableObjectLock: ${NAME} is created without object lock (object_lock_enabled forces a new bucket, so turning it on later replaces the bucket)`,
        },
      ]);
      expect(annotationsOf(archive, 'info')).toEqual([{ path: 'Archive', message: retention('no object lock') }]);
    });
  });

  describe('access logs', () => {
    it('creates its own access-log bucket named after the archive when none is given', () => {
      const { stack, archive } = newArchive();
      const json = synthJson(stack);
      expect(resourceAt(json, 'aws_s3_bucket', 'Archive/AccessLogs/Storage/Bucket')).toMatchObject({ bucket: `${NAME}-access-logs` });
      expect(resourceAt(json, 'aws_s3_bucket_logging', 'Archive/Storage/AccessLogging')).toMatchObject({
        target_bucket: `${NAME}-access-logs`,
        target_prefix: `${NAME}/`,
      });
      expect(archive.accessLogBucket.bucketName).toBe(`${NAME}-access-logs`);
    });

    it('logs into the access-log bucket it is given, creating no other', () => {
      const stack = testStack();
      const key = new LogEncryptionKey(stack, 'Key', {
        accountId: LOG_ARCHIVE,
        region: 'us-east-1',
        aliasName: 'alias/logs',
        ...KEY_ADMINS,
      });
      const accessLogBucket = new AccessLogBucket(stack, 'SharedAccessLogs', {
        ...NAMED,
        bucketName: 'shared-access-logs',
        accountId: LOG_ARCHIVE,
      });
      new LogArchiveBucket(stack, 'Archive', { bucketName: NAME, accountId: LOG_ARCHIVE, encryptionKey: key, accessLogBucket });
      const json = synthJson(stack);
      expect(
        Object.values(json.resource.aws_s3_bucket)
          .map((b) => b.bucket)
          .sort(),
      ).toEqual([NAME, 'shared-access-logs']);
      expect(resourceAt(json, 'aws_s3_bucket_logging', 'Archive/Storage/AccessLogging')).toMatchObject({
        target_bucket: 'shared-access-logs',
      });
      expect(
        statementWithSid(
          statementsOf(resourceAt(json, 'aws_s3_bucket_policy', 'SharedAccessLogs/Storage/Policy')),
          'AllowS3ServerAccessLogDelivery',
        ),
      ).toMatchObject({
        Resource: `arn:aws:s3:::shared-access-logs/${NAME}/*`,
        Condition: { ArnLike: { 'aws:SourceArn': ARN } },
      });
    });
  });

  describe('lifecycle', () => {
    it('archives log files of 128 KB or more under the key prefix by tier, expires smaller ones in STANDARD, and keeps the bucket tidy', () => {
      const { stack } = newArchive({ keyPrefix: 'cloudtrail' });
      const json = synthJson(stack);
      expect(resourceAt(json, 'aws_s3_bucket_lifecycle_configuration', 'Archive/Lifecycle')).toMatchObject({
        transition_default_minimum_object_size: 'all_storage_classes_128K',
        rule: [
          {
            id: 'archive-log-files',
            status: 'Enabled',
            filter: [{ and: [{ prefix: 'cloudtrail/AWSLogs/', object_size_greater_than: 131071 }] }],
            transition: [
              { days: 90, storage_class: 'GLACIER_IR' },
              { days: 365, storage_class: 'DEEP_ARCHIVE' },
            ],
            noncurrent_version_transition: [],
            expiration: [{ days: 2557 }],
            noncurrent_version_expiration: [{ noncurrent_days: 90 }],
          },
          {
            id: 'archive-log-files-small',
            status: 'Enabled',
            filter: [{ and: [{ prefix: 'cloudtrail/AWSLogs/', object_size_less_than: 131072 }] }],
            expiration: [{ days: 2557 }],
            noncurrent_version_expiration: [{ noncurrent_days: 90 }],
          },
          {
            id: 'bucket-hygiene',
            status: 'Enabled',
            filter: [{ prefix: '' }],
            abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
            expiration: [{ expired_object_delete_marker: true }],
          },
        ],
        depends_on: [addressAt(json, 'aws_s3_bucket_versioning', 'Archive/Storage/Versioning')],
      });
      const rules = resourceAt(json, 'aws_s3_bucket_lifecycle_configuration', 'Archive/Lifecycle').rule as Record<string, unknown>[];
      expect(rules[1]).not.toHaveProperty('transition');
    });

    it('archives AWSLogs/ at the bucket root without a key prefix', () => {
      const { stack } = newArchive();
      const rules = resourceAt(synthJson(stack), 'aws_s3_bucket_lifecycle_configuration', 'Archive/Lifecycle').rule as {
        filter: unknown;
      }[];
      expect(rules.map((r) => r.filter)).toEqual([
        [{ and: [{ prefix: 'AWSLogs/', object_size_greater_than: 131071 }] }],
        [{ and: [{ prefix: 'AWSLogs/', object_size_less_than: 131072 }] }],
        [{ prefix: '' }],
      ]);
    });

    it('overrides only the lifecycle settings given', () => {
      const { stack, archive } = newArchive({
        lifecycle: { expirationDays: 3650, transitionSmallObjects: true, abortIncompleteMultipartUploadDays: 3 },
      });
      const json = synthJson(stack);
      const lifecycle = resourceAt(json, 'aws_s3_bucket_lifecycle_configuration', 'Archive/Lifecycle');
      expect(lifecycle.transition_default_minimum_object_size).toBe('varies_by_storage_class');
      expect(lifecycle.rule).toMatchObject([
        {
          id: 'archive-log-files',
          filter: [{ prefix: 'AWSLogs/' }],
          expiration: [{ days: 3650 }],
          noncurrent_version_expiration: [{ noncurrent_days: 90 }],
        },
        { id: 'bucket-hygiene', abort_incomplete_multipart_upload: [{ days_after_initiation: 3 }] },
      ]);
      expect(archive.lifecycle.transitions).toEqual([
        { storageClass: 'GLACIER_IR', days: 90 },
        { storageClass: 'DEEP_ARCHIVE', days: 365 },
      ]);
    });

    it('notes for reviewers how long logs are kept, where, and how long object lock holds them', () => {
      const { archive } = newArchive({
        lifecycle: { expirationDays: 3650, noncurrentExpirationDays: 30, transitions: [{ storageClass: 'GLACIER', days: 30 }] },
        objectLockRetentionDays: 730,
      });
      expect(annotationsOf(archive, 'info')).toEqual([
        {
          path: 'Archive',
          message:
            `${NAME} retention: log files are current for 3650 days, then kept 30 days as noncurrent versions and deleted (3680 days, about 10.1 years, in all); ` +
            'objects of 128 KB or more move to GLACIER at 30 days; smaller ones (most CloudTrail files) stay in STANDARD; ' +
            'object lock (GOVERNANCE) protects every version for 730 days after it is written',
        },
      ]);
    });
  });

  describe('log buckets', () => {
    it('lists the archive and its access-log bucket, which trails must never record', () => {
      expect(newArchive().archive.logBucketNames).toEqual([NAME, `${NAME}-access-logs`]);
    });

    it('adds registered copies once each', () => {
      const { archive } = newArchive();
      archive.addLogBucket('org-logs-replica');
      archive.addLogBucket('org-logs-replica');
      archive.addLogBucket(NAME);
      expect(archive.logBucketNames).toEqual([NAME, `${NAME}-access-logs`, 'org-logs-replica']);
    });
  });

  describe('evidence protection', () => {
    it('lets only CloudTrail write, and nobody delete, log files under the key prefix', () => {
      const { archive } = newArchive({ keyPrefix: 'cloudtrail' });
      expect(archivePolicy(archive).slice(BASELINE_SIDS.length)).toEqual(evidence('cloudtrail/AWSLogs/*'));
    });

    it('lets only the log deletion principals delete log files', () => {
      const { archive } = newArchive({ logDeletionPrincipalArns: [BREAK_GLASS_ROLE] });
      expect(archivePolicy(archive).slice(BASELINE_SIDS.length)).toEqual(
        evidence('AWSLogs/*', { ArnNotLike: { 'aws:PrincipalArn': BREAK_GLASS_ROLE } }),
      );
      const two = newArchive({ logDeletionPrincipalArns: [BREAK_GLASS_ROLE, DEPLOYMENT_ROLE] }).archive;
      expect(statementWithSid(archivePolicy(two), 'DenyLogDeletion').Condition).toEqual({
        ArnNotLike: { 'aws:PrincipalArn': [BREAK_GLASS_ROLE, DEPLOYMENT_ROLE] },
      });
    });

    it('lets nobody delete log files for an empty deletion principal list', () => {
      const { archive } = newArchive({ logDeletionPrincipalArns: [] });
      expect(archivePolicy(archive).slice(BASELINE_SIDS.length)).toEqual(evidence('AWSLogs/*'));
    });

    it('denies bucket administration and governance bypass to everyone but the administrators, before the evidence denies', () => {
      const { stack, archive } = newArchive({ administratorArns: [DEPLOYMENT_ROLE, BREAK_GLASS_ROLE] });
      expect(archive.hardened.policyDocument().sids).toEqual([
        ...BASELINE_SIDS,
        'DenyBucketAdministrationExceptAdministrators',
        ...EVIDENCE_SIDS,
      ]);
      expect(
        statementWithSid(
          statementsOf(resourceAt(synthJson(stack), 'aws_s3_bucket_policy', 'Archive/Storage/Policy')),
          'DenyBucketAdministrationExceptAdministrators',
        ),
      ).toEqual({
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
        Resource: [ARN, `${ARN}/*`],
        Condition: { ArnNotLike: { 'aws:PrincipalArn': [DEPLOYMENT_ROLE, BREAK_GLASS_ROLE] } },
      });
    });
  });

  describe('administrators', () => {
    const administrationCondition = (archive: LogArchiveBucket, bucket: 'archive' | 'accessLogs') =>
      statementWithSid(
        (bucket === 'archive' ? archive.hardened : archive.accessLogBucket.hardened).policyDocument().toJSON().Statement,
        'DenyBucketAdministrationExceptAdministrators',
      ).Condition;

    it('default to the archive key administrators, for the archive and the access-log bucket it creates', () => {
      const { stack, archive } = newArchive({ allowAccountAdministration: undefined }, KEY_ADMINS);
      const both = { ArnNotLike: { 'aws:PrincipalArn': [DEPLOYMENT_ROLE, BREAK_GLASS_ROLE] } };
      expect(administrationCondition(archive, 'archive')).toEqual(both);
      expect(administrationCondition(archive, 'accessLogs')).toEqual(both);
      expect(validationErrors(stack)).toEqual([]);
      expect(annotationsOf(archive, 'warning')).toEqual([]);
    });

    it('given explicitly, replace the key administrators', () => {
      const { archive } = newArchive({ allowAccountAdministration: undefined, administratorArns: [DEPLOYMENT_ROLE] }, KEY_ADMINS);
      expect(administrationCondition(archive, 'archive')).toEqual({ ArnNotLike: { 'aws:PrincipalArn': DEPLOYMENT_ROLE } });
    });

    it('are required when the account root administers the key: synth fails for both buckets', () => {
      const { stack } = newArchive({ allowAccountAdministration: undefined });
      expect(validationErrors(stack).map((line) => line.slice(0, line.indexOf(' is required')))).toEqual([
        'test/Archive/Storage: administratorArns:',
        'test/Archive/AccessLogs/Storage: administratorArns:',
      ]);
    });

    it('with allowAccountAdministration are the whole account, with a warning for each bucket', () => {
      const { stack, archive } = newArchive();
      expect(validationErrors(stack)).toEqual([]);
      expect(annotationsOf(archive, 'warning').map((a) => a.path)).toEqual(['Archive/Storage', 'Archive/AccessLogs/Storage']);
      expect(annotationsOf(archive, 'warning')[0].message).toMatch(/^allowAccountAdministration: any principal of account 222222222222 /);
    });
  });

  describe('prop rules', () => {
    it('refuses a 5,000-day lock on a 30-day lifecycle at synth: the logs would be hidden while still locked', () => {
      const { stack } = newArchive({ objectLockRetentionDays: 5000, lifecycle: { transitions: [], expirationDays: 30 } });
      const line =
        'test/Archive: lifecycle.expirationDays: 30 is shorter than the object lock retention (5000 days): logs would be hidden while still locked. Fix: expire at 5000 days or later, or shorten objectLockRetentionDays';
      expect(validationErrors(stack)).toEqual([line]);
      expect(() => synthJson(stack)).toThrow(line);
    });

    it('reports the lock and the transitions the expiration comes before, all at once', () => {
      const { stack } = newArchive({ objectLockRetentionDays: 5000, lifecycle: { expirationDays: 30 } });
      expect(validationErrors(stack)).toEqual([
        'test/Archive: lifecycle.expirationDays: 30 expires objects before the last transition (transitions: DEEP_ARCHIVE at 365 days) plus its 180-day minimum storage duration. Fix: use 545 or more, or drop that transition',
        'test/Archive: lifecycle.expirationDays: 30 is shorter than the object lock retention (5000 days): logs would be hidden while still locked. Fix: expire at 5000 days or later, or shorten objectLockRetentionDays',
      ]);
    });

    it('compares expiration with the lock only when there is one', () => {
      expect(validationErrors(newArchive({ disableObjectLock: true, lifecycle: { transitions: [], expirationDays: 30 } }).stack)).toEqual(
        [],
      );
    });

    it.each([
      [
        'transitions out of waterfall order',
        {
          transitions: [
            { storageClass: 'DEEP_ARCHIVE', days: 90 },
            { storageClass: 'GLACIER_IR', days: 180 },
          ],
        },
        'test/Archive: lifecycle.transitions[1].storageClass: "GLACIER_IR" cannot follow DEEP_ARCHIVE: transitions only go down the waterfall STANDARD_IA > INTELLIGENT_TIERING > ONEZONE_IA > GLACIER_IR > GLACIER > DEEP_ARCHIVE. Fix: order transitions by that list',
      ],
      [
        'STANDARD_IA before 30 days',
        { transitions: [{ storageClass: 'STANDARD_IA', days: 7 }] },
        'test/Archive: lifecycle.transitions[0].days: 7 is too early for STANDARD_IA: objects must stay in STANDARD at least 30 days first. Fix: use 30 or more',
      ],
      [
        'GLACIER less than 30 days after STANDARD_IA',
        {
          transitions: [
            { storageClass: 'STANDARD_IA', days: 30 },
            { storageClass: 'GLACIER', days: 45 },
          ],
        },
        'test/Archive: lifecycle.transitions[1].days: 45 is only 15 days after the STANDARD_IA transition; S3 requires 30 days in STANDARD_IA before GLACIER. Fix: use 60 or more',
      ],
      [
        'a fractional expiration',
        { transitions: [], expirationDays: 400.5 },
        'test/Archive: lifecycle.expirationDays: 400.5 must be a whole number of days. Fix: write a number from 1 to 36500 without decimals',
      ],
    ])('refuses %s at synth', (_what, lifecycle, line) => {
      expect(validationErrors(newArchive({ lifecycle: lifecycle as LogArchiveBucketProps['lifecycle'] }).stack)).toEqual([line]);
    });

    it('refuses a key prefix CloudTrail does not allow', () => {
      expect(validationErrors(newArchive({ keyPrefix: 'AWSLogs' }).stack)).toEqual([
        'test/Archive: keyPrefix: "AWSLogs" is "AWSLogs", which CloudTrail does not allow as a prefix. Fix: choose another prefix or none',
      ]);
      expect(validationErrors(newArchive({ keyPrefix: '/trails/' }).stack)).toEqual([
        'test/Archive: keyPrefix: "/trails/" is not a usable S3 key prefix (letters, digits, ! _ . * \' ( ) - and single inner slashes). Fix: remove leading, trailing and doubled slashes and other characters',
      ]);
    });

    it('refuses the derived access-log bucket name when it is too long', () => {
      const name = 'a'.repeat(60);
      expect(validationErrors(newArchive({ bucketName: name }).stack)).toEqual([
        `test/Archive/AccessLogs/Storage: bucketName: "${name}-access-logs" is 72 characters; S3 bucket names have 3-63. Fix: choose a name of 3-63 lowercase letters, digits, dots and hyphens that starts and ends with a letter or digit`,
      ]);
    });
  });

  describe('policy', () => {
    it('holds only the baseline and evidence denies until something is granted', () => {
      const { archive } = newArchive();
      expect(archive.hardened.policyDocument().sids).toEqual(OWN_SIDS);
      expect(archivePolicy(archive).slice(BASELINE_SIDS.length)).toEqual(evidence('AWSLogs/*'));
    });

    it('lets an organization trail check the ACL and write the management account and organization paths', () => {
      const { archive } = newArchive({ keyPrefix: 'cloudtrail' });
      archive.grantTrailWrite(orgTrail);
      expect(archivePolicy(archive).slice(GRANTS)).toEqual([
        aclCheck(orgTrail.trailArn),
        write('AllowCloudTrailWriteManagementAccountPath', `cloudtrail/AWSLogs/${MANAGEMENT}/*`, orgTrail.trailArn),
        write('AllowCloudTrailWriteOrganizationPath', `cloudtrail/AWSLogs/${ORGANIZATION_ID}/*`, orgTrail.trailArn),
      ]);
    });

    it('lets each account trail write only its own account path', () => {
      const { archive } = newArchive();
      archive.grantTrailWrite(externalTrail, otherExternalTrail);
      expect(archivePolicy(archive).slice(GRANTS)).toEqual([
        aclCheck([externalTrail.trailArn, otherExternalTrail.trailArn]),
        write(`AllowCloudTrailWriteAccount${EXTERNAL}Path`, `AWSLogs/${EXTERNAL}/*`, externalTrail.trailArn),
        write('AllowCloudTrailWriteAccount555555555555Path', 'AWSLogs/555555555555/*', otherExternalTrail.trailArn),
      ]);
    });

    it('lists organization trails first and each trail once, however they were granted', () => {
      const { archive } = newArchive();
      archive.grantTrailWrite(externalTrail);
      archive.grantTrailWrite(orgTrail, externalTrail);
      expect(archive.grantedTrails).toEqual([orgTrail, externalTrail]);
      expect(archive.hardened.policyDocument().sids.slice(GRANTS)).toEqual([
        'AllowCloudTrailAclCheck',
        'AllowCloudTrailWriteManagementAccountPath',
        'AllowCloudTrailWriteOrganizationPath',
        `AllowCloudTrailWriteAccount${EXTERNAL}Path`,
      ]);
    });

    it('numbers the statements of a second organization trail', () => {
      const { archive } = newArchive();
      const second = trailReference({
        trailName: 'second',
        homeRegion: 'eu-west-1',
        ownerAccountId: MANAGEMENT,
        organizationId: ORGANIZATION_ID,
      });
      archive.grantTrailWrite(orgTrail, second);
      expect(archivePolicy(archive).slice(GRANTS + 3)).toEqual([
        write('AllowCloudTrailWriteManagementAccountPath2', `AWSLogs/${MANAGEMENT}/*`, second.trailArn),
        write('AllowCloudTrailWriteOrganizationPath2', `AWSLogs/${ORGANIZATION_ID}/*`, second.trailArn),
      ]);
    });

    it('adds the matching CloudTrail permissions to the archive key', () => {
      const { archive, key } = newArchive();
      archive.grantTrailWrite(orgTrail, externalTrail);
      expect(statementWithSid(key.policyDocument().toJSON().Statement, 'AllowCloudTrailEncryptLogs')).toEqual({
        Sid: 'AllowCloudTrailEncryptLogs',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'kms:GenerateDataKey*',
        Resource: '*',
        Condition: {
          StringLike: {
            'kms:EncryptionContext:aws:cloudtrail:arn': [
              `arn:aws:cloudtrail:*:${MANAGEMENT}:trail/*`,
              `arn:aws:cloudtrail:*:${EXTERNAL}:trail/*`,
            ],
          },
          StringEquals: { 'aws:SourceArn': [orgTrail.trailArn, externalTrail.trailArn] },
        },
      });
    });

    it('lets readers in the organization list the bucket and read log files, nothing else', () => {
      const { archive } = newArchive({ keyPrefix: 'cloudtrail' });
      archive.grantRead([AUDIT, EXTERNAL], ORGANIZATION_ID);
      const readers = { AWS: [`arn:aws:iam::${AUDIT}:root`, `arn:aws:iam::${EXTERNAL}:root`] };
      expect(archivePolicy(archive).slice(GRANTS)).toEqual([
        {
          Sid: 'AllowLogReadersListBucket',
          Effect: 'Allow',
          Principal: readers,
          Action: ['s3:ListBucket', 's3:GetBucketLocation'],
          Resource: ARN,
          Condition: { StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION_ID } },
        },
        {
          Sid: 'AllowLogReadersGetLogFiles',
          Effect: 'Allow',
          Principal: readers,
          Action: ['s3:GetObject', 's3:GetObjectVersion'],
          Resource: `${ARN}/cloudtrail/AWSLogs/*`,
          Condition: { StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION_ID } },
        },
      ]);
    });

    it('lets a log-files-only reader (the Athena querying account) read the log files, not the digests; a full grant wins', () => {
      const { archive } = newArchive({ keyPrefix: 'cloudtrail' });
      archive.grantRead([EXTERNAL], ORGANIZATION_ID);
      archive.grantRead([AUDIT, EXTERNAL], ORGANIZATION_ID, { logFilesOnly: true });
      const org = { StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION_ID } };
      expect(archivePolicy(archive).slice(GRANTS)).toEqual([
        {
          Sid: 'AllowLogReadersListBucket',
          Effect: 'Allow',
          Principal: { AWS: [`arn:aws:iam::${EXTERNAL}:root`, `arn:aws:iam::${AUDIT}:root`] },
          Action: ['s3:ListBucket', 's3:GetBucketLocation'],
          Resource: ARN,
          Condition: org,
        },
        {
          Sid: 'AllowLogReadersGetLogFiles',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${EXTERNAL}:root` },
          Action: ['s3:GetObject', 's3:GetObjectVersion'],
          Resource: `${ARN}/cloudtrail/AWSLogs/*`,
          Condition: org,
        },
        {
          Sid: 'AllowLogQueryAccountsGetLogFilesOnly',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${AUDIT}:root` },
          Action: ['s3:GetObject', 's3:GetObjectVersion'],
          Resource: `${ARN}/cloudtrail/AWSLogs/*/CloudTrail/*`,
          Condition: org,
        },
      ]);
    });

    it('lets readers decrypt through the archive key too', () => {
      const { archive, key } = newArchive();
      archive.grantTrailWrite(orgTrail);
      archive.grantRead([AUDIT], ORGANIZATION_ID);
      expect(key.policyDocument().sids).toEqual([
        'EnableKeyAdministrationByOwningAccount',
        'AllowCloudTrailEncryptLogs',
        'AllowCloudTrailDecryptForBucketKey',
        'AllowCloudTrailDescribeKey',
        'AllowLogReadersDecryptTrailLogs',
        'AllowLogReadersDecryptArchiveObjectsThroughS3',
      ]);
      expect(statementWithSid(key.policyDocument().toJSON().Statement, 'AllowLogReadersDecryptArchiveObjectsThroughS3').Condition).toEqual({
        StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION_ID, 'kms:ViaService': 's3.us-east-1.amazonaws.com' },
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': [ARN, `${ARN}/*`] },
      });
    });

    it('grants nothing, in bucket or key, for an empty reader list', () => {
      const { archive, key } = newArchive();
      archive.grantRead([], ORGANIZATION_ID);
      expect(archive.hardened.policyDocument().sids).toEqual(OWN_SIDS);
      expect(key.policyDocument().sids).toEqual(['EnableKeyAdministrationByOwningAccount']);
    });

    it('adds statements after the baseline and the grants', () => {
      const { archive } = newArchive();
      archive.addToResourcePolicy(
        new PolicyStatement({
          sid: 'AllowAuditInventory',
          principal: { AWS: `arn:aws:iam::${AUDIT}:root` },
          actions: ['s3:GetInventoryConfiguration'],
          resources: [ARN],
        }),
      );
      archive.grantTrailWrite(externalTrail);
      expect(archivePolicy(archive).slice(GRANTS)).toEqual([
        aclCheck(externalTrail.trailArn),
        write(`AllowCloudTrailWriteAccount${EXTERNAL}Path`, `AWSLogs/${EXTERNAL}/*`, externalTrail.trailArn),
        {
          Sid: 'AllowAuditInventory',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${AUDIT}:root` },
          Action: 's3:GetInventoryConfiguration',
          Resource: ARN,
        },
      ]);
    });

    it('renders the grants into the synthesized bucket policy as literal ARNs', () => {
      const { stack, archive } = newArchive();
      archive.grantTrailWrite(orgTrail);
      archive.grantRead([AUDIT], ORGANIZATION_ID);
      const policy = resourceAt(synthJson(stack), 'aws_s3_bucket_policy', 'Archive/Storage/Policy');
      expect(statementsOf(policy)).toEqual(archivePolicy(archive));
      expect(statementsOf(policy)).toHaveLength(10);
      expect(policy.policy).not.toContain('${');
    });

    it('allows nothing to the anonymous principal, whatever is granted', () => {
      const { archive } = newArchive({ keyPrefix: 'cloudtrail' });
      archive.grantTrailWrite(orgTrail, externalTrail);
      archive.grantRead([AUDIT], ORGANIZATION_ID);
      const statements = archivePolicy(archive);
      expect(statements).toHaveLength(11);
      expect(statements.filter((s) => s.Effect === 'Allow' && JSON.stringify(s.Principal).includes('"*"'))).toEqual([]);
      expect(statements.filter((s) => s.Principal === '*').map((s) => s.Sid)).toEqual(OWN_SIDS);
      expect(statements.filter((s) => s.Principal === '*').map((s) => s.Effect)).toEqual(OWN_SIDS.map(() => 'Deny'));
    });

    it('fails synth validation when the bucket policy outgrows 20 KB', () => {
      const { archive } = newArchive();
      for (let i = 0; i < 80; i++) {
        archive.grantTrailWrite(trailReference({ trailName: 'org', homeRegion: 'us-east-1', ownerAccountId: `${500000000000 + i}` }));
      }
      const size = archive.hardened.policyDocument().sizeBytes;
      expect(size).toBeGreaterThan(20480);
      expect(archive.hardened.node.validate()).toEqual([
        `test/Archive/Storage: policy is ${size} bytes; an S3 bucket policy holds at most 20480 bytes. Fix: grant fewer trails or readers on this bucket (each account trail adds a statement), or spread them over another bucket`,
      ]);
    });
  });

  describe('allowDestroy', () => {
    it('guards the archive and its access-log bucket by default, recording nothing', () => {
      const { stack, archive } = newArchive(NAMED);
      expect(preventDestroyFlags(synthJson(stack))).toEqual({
        'aws_kms_key.Key': true,
        'aws_s3_bucket.Archive_AccessLogs_Storage_Bucket': true,
        'aws_s3_bucket.Archive_Storage_Bucket': true,
      });
      expect(annotationsOf(archive, 'warning')).toEqual([]);
    });

    it('drops prevent_destroy on the archive and its access-log bucket and records a warning for each', () => {
      const { stack, archive } = newArchive({ ...NAMED, allowDestroy: true });
      expect(preventDestroyFlags(synthJson(stack))).toEqual({
        'aws_kms_key.Key': true,
        'aws_s3_bucket.Archive_AccessLogs_Storage_Bucket': false,
        'aws_s3_bucket.Archive_Storage_Bucket': false,
      });
      expect(annotationsOf(archive, 'warning')).toEqual([
        { path: 'Archive/Storage', message: `allowDestroy: bucket ${NAME} is not guarded by prevent_destroy` },
        { path: 'Archive/AccessLogs/Storage', message: `allowDestroy: bucket ${NAME}-access-logs is not guarded by prevent_destroy` },
      ]);
    });
  });
});
