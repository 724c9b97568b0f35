import { isTrue } from '../../model';
import { bucketSettings } from '../facts';
import { compliant, nonCompliant, type Rule } from '../types';

const SETTINGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'] as const;

/** S3.8 / CloudTrail.6: all four bucket-level Block Public Access settings. */
export const S3BucketPublicAccessBlocked: Rule = {
  id: 'S3BucketPublicAccessBlocked',
  level: 'error',
  controls: ['S3.8', 'CloudTrail.6', 'CKV2_AWS_6', 'CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56'],
  finding: 'The bucket does not block public access with all four settings (aws_s3_bucket_public_access_block).',
  reason: 'One mistaken policy or ACL would publish the logs, which map the whole organization for an attacker.',
  resourceTypes: ['aws_s3_bucket'],
  evaluate: (bucket, facts) => {
    const blocks = bucketSettings(bucket, facts, 'aws_s3_bucket_public_access_block');
    if (blocks.length === 0) return nonCompliant('no aws_s3_bucket_public_access_block names this bucket');
    const best = blocks
      .map((b) => ({ b, off: SETTINGS.filter((s) => !isTrue(b.config[s])) }))
      .sort((x, y) => x.off.length - y.off.length)[0]!;
    return best.off.length === 0
      ? compliant(`all four settings are true in ${best.b.id}`)
      : nonCompliant(`${best.off.join(', ')} not true in ${best.b.id}`);
  },
};
