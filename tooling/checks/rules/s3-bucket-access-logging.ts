import { blocks, isSet } from '../../model';
import { ACCESS_LOG_TARGET_LIMITS, bucketSettings, loggedBuckets } from '../facts';
import { compliant, nonCompliant, notApplicable, type Rule } from '../types';

/** CIS 3.4 / CloudTrail.7 (the trail bucket), S3.9 (any bucket): server access logs of every request. */
export const S3BucketAccessLogging: Rule = {
  id: 'S3BucketAccessLogging',
  level: 'error',
  controls: ['CIS 3.4', 'CloudTrail.7', 'S3.9', 'CKV_AWS_18'],
  finding: 'The bucket has no server access logging (no aws_s3_bucket_logging with a target bucket).',
  reason: 'Access logs record who read or tried to change the evidence, including denied requests that data events may not show.',
  resourceTypes: ['aws_s3_bucket'],
  evaluate: (bucket, facts) => {
    const logged = loggedBuckets(bucket, facts);
    if (logged.length > 0)
      return notApplicable(`server access log target of ${logged.map((b) => b.id).join(', ')}: ${ACCESS_LOG_TARGET_LIMITS}`);
    const logging = bucketSettings(bucket, facts, 'aws_s3_bucket_logging').find((l) => isSet(l.config.target_bucket));
    if (logging) return compliant(`logs to ${String(logging.config.target_bucket)} (${logging.id})`);
    if (blocks(bucket.config.logging).some((l) => isSet(l.target_bucket))) return compliant('logging block on the bucket');
    return nonCompliant('no aws_s3_bucket_logging names this bucket');
  },
};
