import { admitsAnyone, conditionKeyIs, grantsAction, wildcardMatch } from '../../../modules/policy';
import type { AppResource } from '../../model';
import { bucketPolicies } from '../facts';
import type { LabelledStatement } from '../policy';
import { compliant, nonCompliant, type ResourceFacts, type Rule } from '../types';

/** S3.5: a bucket policy denies every request made without TLS (`aws:SecureTransport` false). */
export const S3BucketTlsOnly: Rule = {
  id: 'S3BucketTlsOnly',
  level: 'error',
  controls: ['S3.5'],
  finding: 'The bucket policy does not deny requests without TLS (Deny s3:* when aws:SecureTransport is false).',
  reason: 'Without the deny, a client or SDK misconfigured to plain HTTP sends log files and credentials-bearing requests in clear text.',
  resourceTypes: ['aws_s3_bucket'],
  evaluate: (bucket, facts) => {
    const policies = bucketPolicies(bucket, facts);
    if (policies.length === 0) return nonCompliant('the bucket has no policy');
    const unreadable = policies.find((p) => p.problem);
    for (const policy of policies) {
      const deny = policy.statements?.find((st) => deniesInsecureTransport(st, bucket, policy.source, facts));
      if (deny) return compliant(`${deny.label} in ${policy.source.id}`);
    }
    return nonCompliant(
      unreadable
        ? `${unreadable.source.id}: ${unreadable.problem}`
        : 'no statement denies s3:* to every principal on the bucket and its objects when aws:SecureTransport is false',
    );
  },
};

function deniesInsecureTransport(st: LabelledStatement, bucket: AppResource, source: AppResource, facts: ResourceFacts): boolean {
  if (st.effect !== 'Deny' || !admitsAnyone(st) || st.notResources.length > 0) return false;
  if (!grantsAction(st, 's3:GetObject') || !grantsAction(st, 's3:PutObject') || !grantsAction(st, 's3:ListBucket')) return false;
  const insecure = st.conditions.some(
    (c) =>
      /^Bool(IfExists)?$/.test(c.operator) &&
      conditionKeyIs(c, 'aws:SecureTransport') &&
      c.values.map((v) => v.toLowerCase()).includes('false'),
  );
  if (!insecure) return false;
  const name = facts.identifiers(bucket)[0];
  if (!name) return true;
  const resources = st.resources.map((r) => facts.substitute(source, r));
  const arn = `arn:aws:s3:::${name}`;
  return resources.some((r) => wildcardMatch(r, arn)) && resources.some((r) => wildcardMatch(r, `${arn}/AWSLogs/object`));
}
