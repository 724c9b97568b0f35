import { principalIds, restrictingConditions } from '../../../modules/policy';
import { isSet } from '../../model';
import { policyOf } from '../facts';
import { SOURCE_KEYS } from '../policy';
import { compliant, nonCompliant, notApplicable, type Rule, type RuleResult } from '../types';

/** Resource types whose policy argument (by name) this rule reads. */
const POLICY_ATTRIBUTE: Record<string, string> = {
  aws_kms_key: 'policy',
  aws_s3_bucket: 'policy',
  aws_s3_bucket_policy: 'policy',
  aws_sns_topic: 'policy',
  aws_sns_topic_policy: 'policy',
  aws_sqs_queue: 'policy',
  aws_sqs_queue_policy: 'policy',
  aws_cloudwatch_event_bus_policy: 'policy',
  aws_cloudwatch_log_resource_policy: 'policy_document',
};

/** Key policies may scope a service by encryption context instead (AWS's pattern for CloudWatch Logs and SNS). */
const KMS_KEYS = [...SOURCE_KEYS, 'kms:EncryptionContext:*'];

/** Every grant to a service principal names the source resource, account or organization (DESIGN.md, Secure by default). */
export const ResourcePolicyServiceGrantScopedToSource: Rule = {
  id: 'ResourcePolicyServiceGrantScopedToSource',
  level: 'error',
  controls: [],
  finding: 'A resource policy grants an AWS service access without naming the source (aws:SourceArn, aws:SourceAccount, aws:SourceOrgID).',
  reason:
    "An unscoped service grant lets that service act on the resource for any customer's trail, rule or bucket: another account could write into, or read through, ours.",
  resourceTypes: [...Object.keys(POLICY_ATTRIBUTE), 'aws_lambda_permission'],
  evaluate: (holder): RuleResult => {
    if (holder.type === 'aws_lambda_permission') {
      const principal = String(holder.config.principal ?? '');
      if (!principal.endsWith('.amazonaws.com')) return notApplicable(`principal ${principal} is not an AWS service`);
      return isSet(holder.config.source_arn) || isSet(holder.config.source_account)
        ? compliant(`${principal} scoped by ${isSet(holder.config.source_arn) ? 'source_arn' : 'source_account'}`)
        : nonCompliant(`${principal} may invoke the function without source_arn or source_account`);
    }
    const policy = policyOf(holder, POLICY_ATTRIBUTE[holder.type]);
    if (!policy) return notApplicable('no policy argument');
    if (policy.problem) return nonCompliant(policy.problem);
    const keys = holder.type === 'aws_kms_key' ? KMS_KEYS : SOURCE_KEYS;
    const grants = (policy.statements ?? []).filter((st) => st.effect === 'Allow' && principalIds(st, 'Service').length > 0);
    if (grants.length === 0) return notApplicable('no statement grants an AWS service');
    const open = grants.filter((st) => restrictingConditions(st, keys).length === 0);
    return open.length === 0
      ? compliant(`${grants.length} service grant(s), each scoped to its source`)
      : nonCompliant(
          open.map((st) => `${st.label} grants ${principalIds(st, 'Service').join(', ')} without a source condition`).join('; '),
        );
  },
};
