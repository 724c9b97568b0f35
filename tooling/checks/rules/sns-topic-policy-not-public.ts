import { policyOf } from '../facts';
import { unscopedPublicAllows } from '../policy';
import { compliant, nonCompliant, notApplicable, type Rule } from '../types';

/** SNS.4: no topic policy statement opens the topic to anyone. */
export const SnsTopicPolicyNotPublic: Rule = {
  id: 'SnsTopicPolicyNotPublic',
  level: 'error',
  controls: ['SNS.4', 'CKV_AWS_169'],
  finding: 'The topic policy allows any principal ("*") without a condition that limits who.',
  reason: 'Anyone could then publish forged alerts, or subscribe and read every notification.',
  resourceTypes: ['aws_sns_topic', 'aws_sns_topic_policy'],
  evaluate: (holder) => {
    const policy = policyOf(holder);
    if (!policy) return notApplicable('no policy argument');
    if (policy.problem) return nonCompliant(policy.problem);
    const open = unscopedPublicAllows(policy.statements ?? []);
    return open.length === 0
      ? compliant('no unscoped wildcard Allow')
      : nonCompliant(`${open.join(', ')} allow "*" without a scoping condition`);
  },
};
