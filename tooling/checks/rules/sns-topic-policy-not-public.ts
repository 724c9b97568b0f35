import { noUnscopedPublicAllow } from '../facts';
import { notApplicable, type Rule } from '../types';

/** SNS.4: no topic policy statement opens the topic to anyone. */
export const SnsTopicPolicyNotPublic: Rule = {
  id: 'SnsTopicPolicyNotPublic',
  level: 'error',
  controls: ['SNS.4', 'CKV_AWS_169'],
  finding: 'The topic policy allows any principal ("*") without a condition that limits who.',
  reason: 'Anyone could then publish forged alerts, or subscribe and read every notification.',
  resourceTypes: ['aws_sns_topic', 'aws_sns_topic_policy'],
  evaluate: (holder) => noUnscopedPublicAllow(holder, notApplicable('no policy argument')),
};
