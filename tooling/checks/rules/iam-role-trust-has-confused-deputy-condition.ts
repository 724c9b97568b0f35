import { principalIds, restrictingConditions } from '../../../modules/policy';
import { policyOf } from '../facts';
import { SOURCE_KEYS } from '../policy';
import { compliant, nonCompliant, notApplicable, type Rule } from '../types';

/**
 * A service trusted to assume the role only on behalf of our own resources (IAM user guide,
 * "The confused deputy problem"). Where AWS documents that the service sends no source keys for this
 * role, suppress next to the construct with that reason.
 */
export const IamRoleTrustHasConfusedDeputyCondition: Rule = {
  id: 'IamRoleTrustHasConfusedDeputyCondition',
  level: 'error',
  controls: [],
  finding: 'The role trusts an AWS service without an aws:SourceArn / aws:SourceAccount / aws:SourceOrgID condition.',
  reason: "Without it, the service can be made to assume this role on behalf of another customer's resource: the confused deputy problem.",
  resourceTypes: ['aws_iam_role'],
  evaluate: (role) => {
    const policy = policyOf(role, 'assume_role_policy');
    if (!policy) return notApplicable('no assume_role_policy');
    if (policy.problem) return nonCompliant(policy.problem);
    const services = (policy.statements ?? []).filter((st) => st.effect === 'Allow' && principalIds(st, 'Service').length > 0);
    if (services.length === 0) return notApplicable('the role trusts no AWS service');
    const open = services.filter((st) => restrictingConditions(st, SOURCE_KEYS).length === 0);
    return open.length === 0
      ? compliant(`${services.map((st) => principalIds(st, 'Service').join(', ')).join('; ')} scoped by source conditions`)
      : nonCompliant(
          open.map((st) => `${st.label} trusts ${principalIds(st, 'Service').join(', ')} without a source condition`).join('; '),
        );
  },
};
