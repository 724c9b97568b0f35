import type { AppResource } from '../../model';
import { isTrue } from '../../model';
import { isJsonObject } from '../../terraform';
import { bucketHoldsEvidence, trailsDeliveringTo } from '../facts';
import { compliant, nonCompliant, notApplicable, type ResourceFacts, type Rule } from '../types';

/** Why a resource is evidence (`is a trail`, `holds trail logs (...)`), or undefined when it is not. */
function evidence(resource: AppResource, facts: ResourceFacts): string | undefined {
  switch (resource.type) {
    case 'aws_cloudtrail':
      return 'is a trail';
    case 'aws_kms_key':
      return 'is a KMS key (what it encrypted becomes unreadable once it is deleted)';
    case 'aws_s3_bucket': {
      const holds = bucketHoldsEvidence(resource, facts);
      return holds ? `holds ${holds}` : undefined;
    }
    case 'aws_cloudwatch_log_group': {
      const trails = trailsDeliveringTo(resource, facts);
      return trails.length > 0 ? `holds the events of ${trails.map((t) => t.id).join(', ')}` : undefined;
    }
    default:
      return undefined;
  }
}

/** Lose nothing (DESIGN.md): `terraform destroy` or a replacing change must fail on evidence. */
export const EvidenceResourcesPreventDestroy: Rule = {
  id: 'EvidenceResourcesPreventDestroy',
  level: 'error',
  controls: [],
  finding: 'A resource that holds evidence can be destroyed by Terraform (no lifecycle.prevent_destroy, or force_destroy on a bucket).',
  reason:
    'A destroy, or a change that replaces the resource, would delete the trail, its logs or the key they are encrypted with, and no later review can bring them back.',
  resourceTypes: ['aws_cloudtrail', 'aws_kms_key', 'aws_s3_bucket', 'aws_cloudwatch_log_group'],
  evaluate: (resource, facts) => {
    const holds = evidence(resource, facts);
    if (!holds) return notApplicable('holds no evidence (no trail writes to it, nothing logs or replicates into it)');
    const lifecycle = isJsonObject(resource.config.lifecycle) ? resource.config.lifecycle : {};
    if (!isTrue(lifecycle.prevent_destroy)) return nonCompliant(`${holds}, and lifecycle.prevent_destroy is not true`);
    if (isTrue(resource.config.force_destroy)) return nonCompliant(`${holds}, and force_destroy deletes every object with the bucket`);
    return compliant(`${holds}; prevent_destroy is true`);
  },
};
