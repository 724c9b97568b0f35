import { isSet } from '../../model';
import { compliant, nonCompliant, type Rule } from '../types';

/** CKV_AWS_158: log events at rest under a customer managed key. */
export const CloudWatchLogGroupEncrypted: Rule = {
  id: 'CloudWatchLogGroupEncrypted',
  level: 'error',
  controls: ['CKV_AWS_158'],
  finding: 'The log group is not encrypted with a customer managed KMS key (kms_key_id is not set).',
  reason: 'Log events (CloudTrail records, deployment details) then rest under a key whose policy nobody here controls or audits.',
  resourceTypes: ['aws_cloudwatch_log_group'],
  evaluate: (group) =>
    isSet(group.config.kms_key_id) ? compliant(`kms_key_id is ${String(group.config.kms_key_id)}`) : nonCompliant('kms_key_id is not set'),
};
