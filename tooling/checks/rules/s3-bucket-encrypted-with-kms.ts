import { blocks, isSet, valuesAt } from '../../model';
import { ACCESS_LOG_TARGET_LIMITS, bucketSettings, loggedBuckets } from '../facts';
import { compliant, nonCompliant, notApplicable, type Rule } from '../types';

const KMS_ALGORITHMS = ['aws:kms', 'aws:kms:dsse'];

/** S3.17: SSE-KMS with a customer managed key, so reads also need the key policy. */
export const S3BucketEncryptedWithKms: Rule = {
  id: 'S3BucketEncryptedWithKms',
  level: 'error',
  controls: ['S3.17', 'CKV_AWS_145'],
  finding: 'The bucket does not encrypt objects by default with a customer managed KMS key.',
  reason:
    'SSE-S3 lets anyone the bucket policy admits read the logs; a customer managed key adds a second policy, its own audit trail and the option to cut access.',
  resourceTypes: ['aws_s3_bucket'],
  evaluate: (bucket, facts) => {
    const logged = loggedBuckets(bucket, facts);
    if (logged.length > 0)
      return notApplicable(`server access log target of ${logged.map((b) => b.id).join(', ')}: ${ACCESS_LOG_TARGET_LIMITS}`);
    const settings = bucketSettings(bucket, facts, 'aws_s3_bucket_server_side_encryption_configuration');
    const defaults = [
      ...settings.flatMap((s) => valuesAt(s.config, 'rule.apply_server_side_encryption_by_default')),
      ...valuesAt(bucket.config, 'server_side_encryption_configuration.rule.apply_server_side_encryption_by_default'),
    ].flatMap(blocks);
    if (defaults.length === 0) return nonCompliant('no default encryption is configured: S3 applies SSE-S3');
    const kms = defaults.find((d) => KMS_ALGORITHMS.includes(String(d.sse_algorithm)));
    if (!kms) return nonCompliant(`sse_algorithm is ${String(defaults[0]!.sse_algorithm)}; use aws:kms with the bucket's own key`);
    const key = kms.kms_master_key_id;
    if (!isSet(key) || String(key) === 'alias/aws/s3') {
      return nonCompliant(
        'aws:kms with the AWS managed key (aws/s3), whose policy nobody can restrict; set kms_master_key_id to a customer managed key',
      );
    }
    return compliant(`${String(kms.sse_algorithm)} with ${String(key)}`);
  },
};
