import { block } from '../../model';
import { bucketSettings } from '../facts';
import { compliant, nonCompliant, type Rule } from '../types';

/** S3.12: BucketOwnerEnforced turns ACLs off, so only policies grant access. */
export const S3BucketAclsDisabled: Rule = {
  id: 'S3BucketAclsDisabled',
  level: 'error',
  controls: ['S3.12', 'CKV2_AWS_65'],
  finding: 'The bucket still honours ACLs (no aws_s3_bucket_ownership_controls with BucketOwnerEnforced).',
  reason: 'An object ACL can grant another account read access to a log file without any bucket policy showing it.',
  resourceTypes: ['aws_s3_bucket'],
  evaluate: (bucket, facts) => {
    const settings = bucketSettings(bucket, facts, 'aws_s3_bucket_ownership_controls');
    const enforced = settings.find((s) => block(s.config.rule).object_ownership === 'BucketOwnerEnforced');
    if (enforced) return compliant(`BucketOwnerEnforced in ${enforced.id}`);
    return nonCompliant(
      settings.length === 0
        ? 'no aws_s3_bucket_ownership_controls names this bucket'
        : `object_ownership is ${String(block(settings[0]!.config.rule).object_ownership)} in ${settings[0]!.id}`,
    );
  },
};
