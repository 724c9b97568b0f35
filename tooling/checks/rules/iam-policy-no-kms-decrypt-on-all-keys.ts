import { grantsAction } from '../../../modules/policy';
import { blocks } from '../../model';
import { type FoundPolicy, policyOf } from '../facts';
import { compliant, nonCompliant, notApplicable, type Rule } from '../types';

const DECRYPT = ['kms:Decrypt', 'kms:ReEncryptFrom'];
/** `*`, or a KMS ARN whose key part is a wildcard (every key of an account, a region, or everywhere). */
const ALL_KEYS = /^(\*|arn:aws[a-z-]*:kms:\*|arn:aws[a-z-]*:kms:[^:]*:[^:]*:\*|arn:aws[a-z-]*:kms:[^:]*:[^:]*:key\/\*)$/;

/** KMS.1 / KMS.2: identity policies name the keys they may decrypt with. */
export const IamPolicyNoKmsDecryptOnAllKeys: Rule = {
  id: 'IamPolicyNoKmsDecryptOnAllKeys',
  level: 'error',
  controls: ['KMS.1', 'KMS.2'],
  finding: 'An IAM policy allows kms:Decrypt or kms:ReEncryptFrom on all keys.',
  reason:
    'Decrypt on every key reads everything any key policy lets this account use, including the archive, instead of the one key the job needs.',
  resourceTypes: ['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy', 'aws_iam_role'],
  evaluate: (holder) => {
    const policies: FoundPolicy[] =
      holder.type === 'aws_iam_role'
        ? blocks(holder.config.inline_policy)
            .map((inline) => policyOf({ ...holder, config: inline }))
            .filter((p): p is FoundPolicy => p !== undefined)
        : [policyOf(holder)].filter((p): p is FoundPolicy => p !== undefined);
    if (policies.length === 0) return notApplicable(holder.type === 'aws_iam_role' ? 'no inline_policy blocks' : 'no policy argument');
    const problems: string[] = [];
    for (const policy of policies) {
      if (policy.problem) problems.push(policy.problem);
      for (const st of policy.statements ?? []) {
        if (st.effect !== 'Allow') continue;
        const actions = DECRYPT.filter((a) => grantsAction(st, a));
        const allKeys = st.notResources.length > 0 || st.resources.some((r) => ALL_KEYS.test(r));
        if (actions.length > 0 && allKeys)
          problems.push(`${st.label} allows ${actions.join(', ')} on ${st.resources.join(', ') || 'everything but NotResource'}`);
      }
    }
    return problems.length === 0 ? compliant('decrypt is limited to named keys') : nonCompliant(problems.join('; '));
  },
};
