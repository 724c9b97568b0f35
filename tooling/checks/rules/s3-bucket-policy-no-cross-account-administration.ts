import { admitsAnyone, grantsAction, principalAccounts, principalIds } from '../../../modules/policy';
import { bucketPolicies } from '../facts';
import { compliant, nonCompliant, notApplicable, type Rule } from '../types';

/** The bucket administration actions Security Hub S3.6 checks for other accounts. */
const ADMINISTRATION = [
  's3:DeleteBucketPolicy',
  's3:PutBucketAcl',
  's3:PutBucketPolicy',
  's3:PutEncryptionConfiguration',
  's3:PutObjectAcl',
];

/** S3.6: no other account may change the bucket's policy, ACLs or encryption. */
export const S3BucketPolicyNoCrossAccountAdministration: Rule = {
  id: 'S3BucketPolicyNoCrossAccountAdministration',
  level: 'error',
  controls: ['S3.6'],
  finding: 'The bucket policy lets another account (or anyone) change its policy, ACLs or encryption.',
  reason: 'Whoever can rewrite the archive policy can open it, or stop CloudTrail from delivering, from outside the log-archive account.',
  resourceTypes: ['aws_s3_bucket'],
  evaluate: (bucket, facts) => {
    const policies = bucketPolicies(bucket, facts);
    if (policies.length === 0) return notApplicable('the bucket has no policy');
    const problems: string[] = [];
    for (const policy of policies) {
      if (policy.problem) problems.push(`${policy.source.id}: ${policy.problem}`);
      for (const st of policy.statements ?? []) {
        if (st.effect !== 'Allow') continue;
        // Without the bucket's account (no allowed_account_ids or assume_role in its provider) only "*" is known to be another.
        const named = bucket.provider.account
          ? principalAccounts(principalIds(st, 'AWS')).filter((a) => a !== bucket.provider.account)
          : [];
        const others = admitsAnyone(st) || st.notPrincipals.length > 0 ? ['*'] : named;
        if (others.length === 0) continue;
        const granted = ADMINISTRATION.filter((action) => grantsAction(st, action));
        if (granted.length > 0) problems.push(`${st.label} allows ${others.join(', ')} ${granted.join(', ')}`);
      }
    }
    if (problems.length > 0) return nonCompliant(problems.join('; '));
    return compliant(
      bucket.provider.account
        ? 'no other account is allowed bucket administration'
        : "no wildcard principal is allowed bucket administration (the bucket's account is not known offline)",
    );
  },
};
