import { isSet } from '../../model';
import { compliant, nonCompliant, type Rule } from '../types';

/** CIS 3.5: SSE-KMS with a customer managed key adds a key policy between readers and the logs. */
export const CloudTrailEncryptedWithKms: Rule = {
  id: 'CloudTrailEncryptedWithKms',
  level: 'error',
  controls: ['CIS 3.5', 'CloudTrail.2', 'CKV_AWS_35'],
  finding: 'The trail does not encrypt its log files with a KMS key (kms_key_id is not set).',
  reason: 'With SSE-KMS, reading a log file also needs the key policy to allow it, so bucket access alone does not expose the logs.',
  resourceTypes: ['aws_cloudtrail'],
  evaluate: (trail) =>
    isSet(trail.config.kms_key_id)
      ? compliant(`kms_key_id is ${String(trail.config.kms_key_id)}`)
      : nonCompliant('kms_key_id is not set; name the archive key (its ARN)'),
};
