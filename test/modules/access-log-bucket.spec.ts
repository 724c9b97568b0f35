import { ACCESS_LOG_DEFAULTS, AccessLogBucket, type AccessLogBucketProps } from '../../modules/access-log-bucket';
import { HardenedBucket } from '../../modules/hardened-bucket';
import { addressAt, annotationsOf, LOG_ARCHIVE, preventDestroyFlags, resourceAt, statementsOf } from '../support/modules';
import { synthJson, testStack, validationErrors } from '../support/synth';

const NAME = 'org-logs-access-logs';

const ADMINS = [`arn:aws:iam::${LOG_ARCHIVE}:role/deployment`];

/** A bucket the whole account administers (the baseline policy), unless the test names administrators. */
function newAccessLogs(props: Partial<AccessLogBucketProps> = {}) {
  const stack = testStack();
  const accessLogs = new AccessLogBucket(stack, 'AccessLogs', {
    bucketName: NAME,
    accountId: LOG_ARCHIVE,
    allowAccountAdministration: true,
    ...props,
  });
  return { stack, accessLogs };
}

const sids = (accessLogs: AccessLogBucket) => accessLogs.hardened.policyDocument().sids;

describe('AccessLogBucket', () => {
  describe('storage', () => {
    it('is a hardened bucket with SSE-S3 and no object lock, because S3 access logging can deliver to neither', () => {
      const { stack, accessLogs } = newAccessLogs();
      const json = synthJson(stack);
      expect(resourceAt(json, 'aws_s3_bucket', 'AccessLogs/Storage/Bucket')).toMatchObject({
        bucket: NAME,
        object_lock_enabled: false,
        lifecycle: { prevent_destroy: true },
      });
      expect(resourceAt(json, 'aws_s3_bucket_server_side_encryption_configuration', 'AccessLogs/Storage/Encryption').rule).toEqual([
        { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } },
      ]);
      expect(json.resource.aws_s3_bucket_object_lock_configuration).toBeUndefined();
      expect(resourceAt(json, 'aws_s3_bucket_public_access_block', 'AccessLogs/Storage/PublicAccessBlock')).toMatchObject({
        restrict_public_buckets: true,
      });
      expect(accessLogs.bucketArn).toBe(`arn:aws:s3:::${NAME}`);
    });
  });

  describe('lifecycle', () => {
    it('expires access logs after a year, old versions after 30 days and stale uploads after 7, by default', () => {
      const { stack } = newAccessLogs();
      const json = synthJson(stack);
      expect(resourceAt(json, 'aws_s3_bucket_lifecycle_configuration', 'AccessLogs/Lifecycle')).toMatchObject({
        rule: [
          {
            id: 'expire-access-logs',
            status: 'Enabled',
            filter: [{ prefix: '' }],
            expiration: [{ days: 365 }],
            noncurrent_version_expiration: [{ noncurrent_days: 30 }],
            abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
          },
        ],
        depends_on: [addressAt(json, 'aws_s3_bucket_versioning', 'AccessLogs/Storage/Versioning')],
      });
      expect(ACCESS_LOG_DEFAULTS).toEqual({ expirationDays: 365, noncurrentExpirationDays: 30, abortIncompleteMultipartUploadDays: 7 });
    });

    it('takes its own expirations', () => {
      const { stack } = newAccessLogs({ expirationDays: 90, noncurrentExpirationDays: 10, abortIncompleteMultipartUploadDays: 2 });
      expect(resourceAt(synthJson(stack), 'aws_s3_bucket_lifecycle_configuration', 'AccessLogs/Lifecycle').rule).toEqual([
        {
          id: 'expire-access-logs',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ days: 90 }],
          noncurrent_version_expiration: [{ noncurrent_days: 10 }],
          abort_incomplete_multipart_upload: [{ days_after_initiation: 2 }],
        },
      ]);
    });
  });

  describe('delivery', () => {
    it('admits no one until a source bucket is registered', () => {
      expect(sids(newAccessLogs().accessLogs)).toEqual([
        'DenyInsecureTransport',
        'DenyTlsOlderThan12',
        'DenyBucketAdministrationFromOtherAccounts',
      ]);
    });

    it('turns on date-partitioned access logging of a source bucket into its own prefix, once the target bucket admits it', () => {
      const { stack, accessLogs } = newAccessLogs();
      const source = new HardenedBucket(stack, 'Source', { bucketName: 'org-logs', accountId: LOG_ARCHIVE, administratorArns: ADMINS });
      accessLogs.logAccessOf(source);
      const json = synthJson(stack);
      expect(resourceAt(json, 'aws_s3_bucket_logging', 'Source/AccessLogging')).toEqual({
        bucket: `\${${addressAt(json, 'aws_s3_bucket', 'Source/Bucket')}.id}`,
        target_bucket: NAME,
        target_prefix: 'org-logs/',
        target_object_key_format: { partitioned_prefix: { partition_date_source: 'EventTime' } },
        depends_on: [
          addressAt(json, 'aws_s3_bucket', 'AccessLogs/Storage/Bucket'),
          addressAt(json, 'aws_s3_bucket_ownership_controls', 'AccessLogs/Storage/OwnershipControls'),
          addressAt(json, 'aws_s3_bucket_policy', 'AccessLogs/Storage/Policy'),
        ],
      });
    });

    it('admits only the S3 logging service, for the registered source and this account, under its prefix', () => {
      const { stack, accessLogs } = newAccessLogs();
      accessLogs.logAccessOf(
        new HardenedBucket(stack, 'Source', { bucketName: 'org-logs', accountId: LOG_ARCHIVE, administratorArns: ADMINS }),
      );
      const statements = statementsOf(resourceAt(synthJson(stack), 'aws_s3_bucket_policy', 'AccessLogs/Storage/Policy'));
      expect(statements).toHaveLength(5);
      // Nobody else writes there: an overwrite would turn a real log into a noncurrent version, which the lifecycle deletes.
      expect(statements[3]).toEqual({
        Sid: 'DenyWritesExceptAccessLogDelivery',
        Effect: 'Deny',
        Principal: '*',
        Action: ['s3:PutObject', 's3:ReplicateObject', 's3:ReplicateTags', 's3:ReplicateDelete'],
        Resource: `arn:aws:s3:::${NAME}/*`,
        Condition: { BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } },
      });
      expect(statements[4]).toEqual({
        Sid: 'AllowS3ServerAccessLogDelivery',
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${NAME}/org-logs/*`,
        Condition: {
          ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::org-logs' },
          StringEquals: { 'aws:SourceAccount': LOG_ARCHIVE },
        },
      });
    });

    it('admits several sources in one statement, each under its own prefix', () => {
      const { accessLogs } = newAccessLogs();
      accessLogs.grantAccessLogDelivery('arn:aws:s3:::org-logs', 'org-logs/');
      accessLogs.grantAccessLogDelivery('arn:aws:s3:::org-logs-replica', 'replica/');
      expect(accessLogs.hardened.policyDocument().toJSON().Statement[4]).toEqual({
        Sid: 'AllowS3ServerAccessLogDelivery',
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: [`arn:aws:s3:::${NAME}/org-logs/*`, `arn:aws:s3:::${NAME}/replica/*`],
        Condition: {
          ArnLike: { 'aws:SourceArn': ['arn:aws:s3:::org-logs', 'arn:aws:s3:::org-logs-replica'] },
          StringEquals: { 'aws:SourceAccount': LOG_ARCHIVE },
        },
      });
    });
  });

  describe('prop rules', () => {
    it('refuses expirations S3 does not accept, every one at once', () => {
      const { stack } = newAccessLogs({ expirationDays: 0, noncurrentExpirationDays: 2.5, abortIncompleteMultipartUploadDays: 400 });
      expect(validationErrors(stack)).toEqual([
        'test/AccessLogs: expirationDays: 0 must be at least 1 day. Fix: use 1 or more',
        'test/AccessLogs: noncurrentExpirationDays: 2.5 must be a whole number of days. Fix: write a number from 1 to 36500 without decimals',
        'test/AccessLogs: abortIncompleteMultipartUploadDays: 400 must be at most 365 days. Fix: use 365 or fewer',
      ]);
    });

    it('needs administrators, or allowAccountAdministration with a warning', () => {
      expect(validationErrors(newAccessLogs({ allowAccountAdministration: undefined }).stack)).toEqual([
        expect.stringMatching(/^test\/AccessLogs\/Storage: administratorArns: is required: /),
      ]);
      const { stack, accessLogs } = newAccessLogs();
      expect(validationErrors(stack)).toEqual([]);
      expect(annotationsOf(accessLogs, 'warning').map((a) => a.message)).toEqual([
        expect.stringMatching(/^allowAccountAdministration: any principal of account 222222222222 /),
      ]);
    });
  });

  describe('allowDestroy', () => {
    it('is guarded and records nothing by default', () => {
      const { stack, accessLogs } = newAccessLogs({ administratorArns: ADMINS });
      expect(preventDestroyFlags(synthJson(stack))).toEqual({ 'aws_s3_bucket.AccessLogs_Storage_Bucket': true });
      expect(annotationsOf(accessLogs, 'warning')).toEqual([]);
    });

    it('drops prevent_destroy and records a warning naming the bucket', () => {
      const { stack, accessLogs } = newAccessLogs({ allowDestroy: true, administratorArns: ADMINS });
      expect(preventDestroyFlags(synthJson(stack))).toEqual({ 'aws_s3_bucket.AccessLogs_Storage_Bucket': false });
      expect(annotationsOf(accessLogs, 'warning')).toEqual([
        { path: 'AccessLogs/Storage', message: `allowDestroy: bucket ${NAME} is not guarded by prevent_destroy` },
      ]);
    });
  });
});
