import { block, isSet, isTrue, valuesAt } from '../../model';
import { ACCESS_LOG_TARGET_LIMITS, bucketSettings, loggedBuckets } from '../facts';
import { compliant, nonCompliant, notApplicable, type Rule } from '../types';

/** S3.15: object lock with a default retention locks every new version when it is written. */
export const S3BucketObjectLockEnabled: Rule = {
  id: 'S3BucketObjectLockEnabled',
  level: 'warning',
  controls: ['S3.15', 'CKV_AWS_143'],
  finding: 'The bucket does not lock new object versions (object lock with a default retention).',
  reason:
    'Object lock is the one control that stops a privileged insider, or a stolen deployment role, from deleting log versions before their retention ends.',
  resourceTypes: ['aws_s3_bucket'],
  evaluate: (bucket, facts) => {
    const logged = loggedBuckets(bucket, facts);
    if (logged.length > 0)
      return notApplicable(`server access log target of ${logged.map((b) => b.id).join(', ')}: ${ACCESS_LOG_TARGET_LIMITS}`);
    const legacy = block(bucket.config.object_lock_configuration);
    if (!isTrue(bucket.config.object_lock_enabled) && legacy.object_lock_enabled !== 'Enabled') {
      return nonCompliant('object_lock_enabled is not true');
    }
    const retention = [
      ...bucketSettings(bucket, facts, 'aws_s3_bucket_object_lock_configuration').flatMap((c) =>
        valuesAt(c.config, 'rule.default_retention'),
      ),
      ...valuesAt(legacy, 'rule.default_retention'),
    ].map(block);
    const set = retention.find((r) => isSet(r.mode) && (isSet(r.days) || isSet(r.years)));
    return set
      ? compliant(
          `object lock ${String(set.mode)} for ${set.days !== undefined ? `${String(set.days)} days` : `${String(set.years)} years`}`,
        )
      : nonCompliant('object lock is enabled without a default retention: versions are locked only when a writer asks for it');
  },
};
