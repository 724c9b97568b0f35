import { block, blocks, isTrue } from '../../model';
import { bucketSettings } from '../facts';
import { compliant, nonCompliant, type Rule } from '../types';

/** S3.14: versions keep every overwritten or deleted object recoverable. */
export const S3BucketVersioningEnabled: Rule = {
  id: 'S3BucketVersioningEnabled',
  level: 'error',
  controls: ['S3.14', 'CKV_AWS_21'],
  finding: 'The bucket is not versioned (no aws_s3_bucket_versioning with status Enabled).',
  reason: 'Without versions an overwrite or delete of a log file is final, and object lock and replication cannot be used.',
  resourceTypes: ['aws_s3_bucket'],
  evaluate: (bucket, facts) => {
    if (blocks(bucket.config.versioning).some((v) => isTrue(v.enabled))) return compliant('versioning block enabled on the bucket');
    const settings = bucketSettings(bucket, facts, 'aws_s3_bucket_versioning');
    const enabled = settings.find((s) => block(s.config.versioning_configuration).status === 'Enabled');
    if (enabled) return compliant(`status Enabled in ${enabled.id}`);
    return nonCompliant(
      settings.length === 0
        ? 'no aws_s3_bucket_versioning names this bucket'
        : `status is ${String(block(settings[0]!.config.versioning_configuration).status)} in ${settings[0]!.id}`,
    );
  },
};
