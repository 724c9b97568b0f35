import { principalAccounts, principalIds } from '../../../modules/policy';
import { policyOf } from '../facts';
import { compliant, nonCompliant, notApplicable, type Rule } from '../types';

/** CKV_AWS_385: another account's principals only with a condition (protocol and endpoint, source...). */
export const SnsTopicPolicyNoUnconditionedCrossAccount: Rule = {
  id: 'SnsTopicPolicyNoUnconditionedCrossAccount',
  level: 'error',
  controls: ['CKV_AWS_385'],
  finding: 'The topic policy allows principals of another account without any condition.',
  reason:
    'An unconditioned cross-account grant lets that account subscribe any endpoint or publish anything, not just what the grant was meant for.',
  resourceTypes: ['aws_sns_topic', 'aws_sns_topic_policy'],
  evaluate: (holder) => {
    const policy = policyOf(holder);
    if (!policy) return notApplicable('no policy argument');
    if (policy.problem) return nonCompliant(policy.problem);
    if (!holder.provider.account)
      return notApplicable("the topic's account is not known offline (no allowed_account_ids or assume_role in its provider)");
    const open = (policy.statements ?? [])
      .filter((st) => st.effect === 'Allow' && st.conditions.length === 0)
      .map((st) => ({ st, others: principalAccounts(principalIds(st, 'AWS')).filter((a) => a !== holder.provider.account) }))
      .filter(({ others }) => others.length > 0);
    return open.length === 0
      ? compliant('every cross-account grant carries a condition')
      : nonCompliant(open.map(({ st, others }) => `${st.label} allows ${others.join(', ')} without a condition`).join('; '));
  },
};
