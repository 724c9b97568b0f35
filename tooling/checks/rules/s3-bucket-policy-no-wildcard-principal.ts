import { bucketPolicies } from '../facts';
import { unscopedPublicAllows } from '../policy';
import { compliant, nonCompliant, notApplicable, type Rule } from '../types';

/** CKV_AWS_70: no Allow to `*` unless a condition limits it to known accounts, an organization or a network path. */
export const S3BucketPolicyNoWildcardPrincipal: Rule = {
  id: 'S3BucketPolicyNoWildcardPrincipal',
  level: 'error',
  controls: ['CKV_AWS_70'],
  finding: 'The bucket policy allows any principal ("*") without a condition that limits who.',
  reason: 'An unscoped wildcard Allow is public access that only Block Public Access still stands in front of.',
  resourceTypes: ['aws_s3_bucket'],
  evaluate: (bucket, facts) => {
    const policies = bucketPolicies(bucket, facts);
    if (policies.length === 0) return notApplicable('the bucket has no policy');
    const problems = policies.flatMap((p) =>
      p.problem ? [`${p.source.id}: ${p.problem}`] : unscopedPublicAllows(p.statements ?? []).map((l) => `${l} in ${p.source.id}`),
    );
    return problems.length === 0 ? compliant('no unscoped wildcard Allow') : nonCompliant(problems.join('; '));
  },
};
