/**
 * Facts several rules share, computed from neighbours: the settings resources of an S3 bucket, what
 * a bucket is used for (server access log target, trail destination, replica), the policies that
 * apply to a resource, and which log groups receive a trail.
 */

import type { AppResource } from '../model';
import { isTrue } from '../model';
import { type LabelledStatement, parsePolicy } from './policy';
import type { ResourceFacts } from './types';

/** `aws_s3_bucket_<setting>` resources that configure `bucket` (by reference or literal name). */
export function bucketSettings(bucket: AppResource, facts: ResourceFacts, type: string): readonly AppResource[] {
  return facts.referencing(bucket, type, 'bucket');
}

/** Buckets whose server access logs `bucket` receives (itself excluded). */
export function loggedBuckets(bucket: AppResource, facts: ResourceFacts): AppResource[] {
  return facts
    .referencing(bucket, 'aws_s3_bucket_logging', 'target_bucket')
    .flatMap((logging) => facts.resolve(logging, logging.config.bucket))
    .filter((source) => source !== bucket);
}

/** What the AWS S3 user guide allows a server access log target (enable-server-access-logging.html), for details. */
export const ACCESS_LOG_TARGET_LIMITS =
  'AWS supports only SSE-S3 default encryption and no Object Lock on a server access log target, and says the target should not log itself (S3 user guide, enable-server-access-logging)';

/** Trails (any stack) that write to `bucket`. */
export function trailsWritingTo(bucket: AppResource, facts: ResourceFacts): readonly AppResource[] {
  return facts.referencing(bucket, 'aws_cloudtrail', 's3_bucket_name');
}

/** Whether `bucket` holds evidence: trail logs, another bucket's access logs, a replica, or locked objects. */
export function bucketHoldsEvidence(bucket: AppResource, facts: ResourceFacts): string | undefined {
  const trails = trailsWritingTo(bucket, facts);
  if (trails.length > 0) return `trail logs (${trails.map((t) => t.id).join(', ')})`;
  const logged = loggedBuckets(bucket, facts);
  if (logged.length > 0) return `server access logs of ${logged.map((b) => facts.identifiers(b)[0] ?? b.id).join(', ')}`;
  const replicating = facts.referencing(bucket, 'aws_s3_bucket_replication_configuration', 'rule.destination.bucket');
  if (replicating.length > 0) return 'a replica of an evidence bucket';
  if (isTrue(bucket.config.object_lock_enabled)) return 'locked objects (object lock is enabled)';
  return undefined;
}

/** Trails (any stack) delivering to the log group `group`. */
export function trailsDeliveringTo(group: AppResource, facts: ResourceFacts): readonly AppResource[] {
  return facts.referencing(group, 'aws_cloudtrail', 'cloud_watch_logs_group_arn');
}

/** A policy found for a resource: where it came from and its statements, or why it cannot be read. */
export interface FoundPolicy {
  /** The resource holding the policy (the bucket itself, or its `aws_s3_bucket_policy`). */
  readonly source: AppResource;
  readonly statements?: readonly LabelledStatement[];
  readonly problem?: string;
}

/** The policy in `attribute` of `holder`, if any. */
export function policyOf(holder: AppResource, attribute = 'policy'): FoundPolicy | undefined {
  const parsed = parsePolicy(holder.config[attribute]);
  if (!parsed) return undefined;
  return parsed.ok ? { source: holder, statements: parsed.statements } : { source: holder, problem: parsed.problem };
}

/** The bucket's policies: the inline `policy` argument and every `aws_s3_bucket_policy` attached to it. */
export function bucketPolicies(bucket: AppResource, facts: ResourceFacts): FoundPolicy[] {
  const attached = bucketSettings(bucket, facts, 'aws_s3_bucket_policy').map((p) => policyOf(p));
  return [policyOf(bucket), ...attached].filter((p): p is FoundPolicy => p !== undefined);
}
