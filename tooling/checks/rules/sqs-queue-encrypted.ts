import { isSet, isTrue } from '../../model';
import { compliant, nonCompliant, type Rule } from '../types';

/** CKV_AWS_27 / CKV2_AWS_73: messages at rest under a customer managed key. */
export const SqsQueueEncrypted: Rule = {
  id: 'SqsQueueEncrypted',
  level: 'error',
  controls: ['CKV_AWS_27', 'CKV2_AWS_73'],
  finding: 'The queue is not encrypted with a customer managed KMS key (kms_master_key_id).',
  reason: 'Deployment events carry account, instance and application details; SSE-SQS or no encryption leaves them outside any key policy.',
  resourceTypes: ['aws_sqs_queue'],
  evaluate: (queue) => {
    const key = queue.config.kms_master_key_id;
    if (isSet(key) && String(key) !== 'alias/aws/sqs') return compliant(`kms_master_key_id is ${String(key)}`);
    if (isSet(key)) return nonCompliant('kms_master_key_id is the AWS managed key alias/aws/sqs, whose policy nobody can restrict');
    return nonCompliant(
      isTrue(queue.config.sqs_managed_sse_enabled) ? 'SSE-SQS only (no customer managed key)' : 'kms_master_key_id is not set',
    );
  },
};
