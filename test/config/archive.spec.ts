import { exampleInput, expectProblem, type Mutable, minimalInput, problemsOf, setPath, withChange } from '../support/config';

describe('config', () => {
  describe('archive', () => {
    describe('bucket names', () => {
      it.each([
        ['Logs_Bucket', 'is not a valid S3 bucket name'],
        ['ab', '3-63'],
        ['a'.repeat(64), '3-63'],
        ['my..bucket', 'adjacent dots'],
        ['192.168.5.4', 'IP address'],
        ['xn--bucket', 'reserved prefix "xn--"'],
        ['sthree-logs', 'reserved prefix "sthree-"'],
        ['amzn-s3-demo-logs', 'reserved prefix'],
        ['logs-s3alias', 'reserved suffix "-s3alias"'],
        ['logs--ol-s3', 'reserved suffix'],
        ['logs.mrap', 'reserved suffix'],
        ['logs--x-s3', 'reserved suffix'],
        ['logs--table-s3', 'reserved suffix'],
        ['-logs', 'is not a valid S3 bucket name'],
      ])('fails when archiveBucketName is %j', (value, fragment) => {
        expectProblem(withChange('archiveBucketName', value), 'archiveBucketName', fragment);
      });

      it('fails when two buckets share a name', () => {
        const input = exampleInput() as Mutable;
        setPath(input, 'archive.replication.bucketName', input.archiveBucketName);
        expectProblem(input, 'archive.replication.bucketName', 'is also used for archiveBucketName');
      });

      it('fails when the state bucket is one of the archive buckets', () => {
        const input = exampleInput() as Mutable;
        setPath(input, 'deployment.backend.bucket', input.archiveBucketName);
        expectProblem(input, 'deployment.backend.bucket', 'is also used for archiveBucketName');
      });
    });

    describe('derived bucket names', () => {
      it('shows the derived access-log bucket name when it would be too long', () => {
        const input = minimalInput();
        const name = 'a'.repeat(60);
        input.archiveBucketName = name;
        const line = expectProblem(input, 'archive.accessLogs.bucketName', 'set archive.accessLogs.bucketName');
        expect(line).toBe(
          `archive.accessLogs.bucketName: "${name}-access-logs" (derived from archiveBucketName + "-access-logs") is 72 characters; S3 bucket names have 3-63. Fix: set archive.accessLogs.bucketName`,
        );
        expect(problemsOf(input)).toEqual([line]);
      });

      it('shows the derived replica access-log bucket name when it would be too long', () => {
        const input = exampleInput() as Mutable;
        const name = 'r'.repeat(60);
        setPath(input, 'archive.replication', { region: 'eu-central-1', bucketName: name });
        const line = expectProblem(input, 'archive.replication.accessLogBucketName', 'set archive.replication.accessLogBucketName');
        expect(line).toBe(
          `archive.replication.accessLogBucketName: "${name}-access-logs" (derived from archive.replication.bucketName + "-access-logs") is 72 characters; S3 bucket names have 3-63. Fix: set archive.replication.accessLogBucketName`,
        );
      });

      it('accepts a long archive bucket name when the access-log bucket is named', () => {
        const input = minimalInput();
        input.archiveBucketName = 'a'.repeat(60);
        setPath(input, 'archive.accessLogs.bucketName', 'short-access-logs');
        expect(problemsOf(input)).toEqual([]);
      });
    });

    describe('settings', () => {
      it.each([
        ['archive.keyAlias', 'alias/aws/cloudtrail', 'reserved for AWS'],
        ['archive.keyAlias', 'cloudtrail-key', 'is not a valid KMS alias'],
        ['archive.keyAlias', `alias/${'k'.repeat(251)}`, '256 characters'],
        ['archive.keyPrefix', '/leading', 'Fix: remove leading, trailing and doubled slashes'],
        ['archive.keyPrefix', 'trailing/', 'Fix: remove leading, trailing and doubled slashes'],
        ['archive.keyPrefix', 'AWSLogs', 'does not allow'],
        ['archive.keyPrefix', 'p'.repeat(201), '200 characters'],
        ['archive.objectLock.mode', 'LEGAL_HOLD', 'Fix: use "GOVERNANCE" or "COMPLIANCE"'],
        ['archive.objectLock.retentionDays', 0, 'at least 1 day'],
        ['archive.objectLock.retentionDays', 1.5, 'whole number of days'],
        ['archive.objectLock.enabled', 'yes', 'must be true or false'],
        ['archive.accessLogs.bucketName', 'Access_Logs', 'is not a valid S3 bucket name'],
        ['archive.accessLogs.expirationDays', 0, 'at least 1 day'],
      ])('fails when %s is %j', (field, value, fragment) => {
        expectProblem(withChange(field, value), field, fragment);
      });

      it('fails when log files expire before their object lock retention ends', () => {
        const input = exampleInput() as Mutable;
        setPath(input, 'archive.objectLock.retentionDays', 3000);
        expectProblem(input, 'archive.lifecycle.expirationDays', 'object lock retention (3000 days)');
      });

      it('accepts compliance mode as an explicit opt-in', () => {
        expect(problemsOf(withChange('archive.objectLock.mode', 'COMPLIANCE'))).toEqual([]);
      });
    });

    describe('replication', () => {
      it.each([
        ['archive.replication.region', 'eu-west-1', 'is the home region'],
        ['archive.replication.region', 'eu-west-9', 'is not a commercial AWS region'],
        ['archive.replication.storageClass', 'REDUCED_REDUNDANCY', 'is not a replication storage class'],
        ['archive.replication.keyAlias', 'alias/aws/s3', 'reserved for AWS'],
        ['archive.replication.accessLogBucketName', 'a..b', 'adjacent dots'],
      ])('fails when %s is %j', (field, value, fragment) => {
        expectProblem(withChange(field, value), field, fragment);
      });

      it('names a replica without a region and lists the regions it may be', () => {
        const input = exampleInput() as Mutable;
        setPath(input, 'archive.replication', { bucketName: 'replica-bucket-345678901234' });
        expectProblem(input, 'archive.replication.region', 'is required. Fix: add it; use one of');
      });
    });

    describe('readers', () => {
      it('fails when a reader is an external account', () => {
        expectProblem(withChange('archive.readerAccountIds', ['567890123456']), 'archive.readerAccountIds[0]', 'is an external account');
      });

      it('fails on a duplicate reader', () => {
        expectProblem(
          withChange('archive.readerAccountIds', ['456789012345', '456789012345']),
          'archive.readerAccountIds[1]',
          'is listed twice',
        );
      });

      it('fails on a reader that is not an account ID', () => {
        expectProblem(withChange('archive.readerAccountIds', ['4567']), 'archive.readerAccountIds[0]', 'exactly 12 digits');
      });
    });
  });
});
