import { noUnscopedPublicAllow } from '../facts';
import { notApplicable, type Rule } from '../types';

/** CKV_AWS_168: no queue policy statement opens the queue to anyone. */
export const SqsQueuePolicyNotPublic: Rule = {
  id: 'SqsQueuePolicyNotPublic',
  level: 'error',
  controls: ['CKV_AWS_168'],
  finding: 'The queue policy allows any principal ("*") without a condition that limits who.',
  reason: 'Anyone could then inject forged deployment events or read and delete the real ones.',
  resourceTypes: ['aws_sqs_queue', 'aws_sqs_queue_policy'],
  evaluate: (holder) => noUnscopedPublicAllow(holder, notApplicable('no policy argument')),
};
