/**
 * The evidence statements of the archive and of its replica: who may write log files or their
 * copies, and that nobody but the named principals deletes them (log-archive-bucket.ts and
 * archive-replica.ts add them to their bucket policies).
 */
import { PolicyStatement } from './policy-document';

/** Nobody deletes `objects` (any version) but `deleters` (ARN patterns of `aws:PrincipalArn`; none: nobody). */
function denyDeletion(sid: string, objects: string, deleters: readonly string[]): PolicyStatement {
  return new PolicyStatement({
    sid,
    effect: 'Deny',
    principal: '*',
    actions: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
    resources: [objects],
    ...(deleters.length > 0 ? { conditions: { ArnNotLike: { 'aws:PrincipalArn': [...deleters] } } } : {}),
  });
}

/**
 * Writing an object, directly or as a replication role does on a destination bucket: S3 writes and
 * deletes replicas with `s3:ReplicateObject`, `s3:ReplicateTags` and `s3:ReplicateDelete` (the
 * destination permissions of a replication role: S3 user guide, setting-repl-config-perm-overview;
 * API reference, PutBucketReplication example). Denying `s3:PutObject` alone would leave a bucket of
 * the same account free to replicate forged files, or delete markers over real ones, into the evidence.
 */
const OBJECT_WRITE_ACTIONS = ['s3:PutObject', 's3:ReplicateObject', 's3:ReplicateTags', 's3:ReplicateDelete'];

/**
 * Nobody but the service principal `service` writes `objects`, directly or by replication. The
 * service is recognised by `aws:PrincipalServiceName`, which AWS sets only when a service principal
 * makes the request (IAM user guide, reference_policies_condition-keys), hence `...IfExists`.
 */
function denyWritesExceptService(sid: string, objects: string, service: string): PolicyStatement {
  return new PolicyStatement({
    sid,
    effect: 'Deny',
    principal: '*',
    actions: OBJECT_WRITE_ACTIONS,
    resources: [objects],
    conditions: { StringNotEqualsIfExists: { 'aws:PrincipalServiceName': service } },
  });
}

/**
 * In the archive, only CloudTrail writes under `AWSLogs/` (`logs`), directly (CloudTrail never
 * replicates, so no replication role writes there either), and nobody but `deleters` deletes there.
 */
export function archiveEvidenceStatements(logs: string, deleters: readonly string[]): PolicyStatement[] {
  return [
    denyWritesExceptService('DenyLogWritesExceptCloudTrail', logs, 'cloudtrail.amazonaws.com'),
    denyDeletion('DenyLogDeletion', logs, deleters),
  ];
}

/**
 * In an access-log bucket, no principal but an AWS service writes `objects`, and the bucket policy
 * allows only S3 server access logging (`logging.s3.amazonaws.com`, for its source buckets): an
 * overwrite by anyone else would make the real log a noncurrent version, which the bucket's
 * lifecycle then deletes, and a replicated delete marker would hide it. Keyed on
 * `aws:PrincipalIsAWSService`, which AWS puts in every signed request (IAM user guide,
 * reference_policies_condition-keys; the data-perimeter pattern the RCP uses too), rather than on the
 * service's name: no AWS page shows log delivery with `aws:PrincipalServiceName`, and a Deny that
 * missed it would silently stop the access logs.
 */
export function accessLogEvidenceStatements(objects: string): PolicyStatement[] {
  return [
    new PolicyStatement({
      sid: 'DenyWritesExceptAccessLogDelivery',
      effect: 'Deny',
      principal: '*',
      actions: OBJECT_WRITE_ACTIONS,
      resources: [objects],
      conditions: { BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } },
    }),
  ];
}

/** In the replica, only the replication role writes copies, and nobody (but the configured principals) deletes them. */
export function replicaEvidenceStatements(objects: string, replicationRoleArn: string, deleters: readonly string[]): PolicyStatement[] {
  return [
    new PolicyStatement({
      sid: 'DenyWritesExceptReplication',
      effect: 'Deny',
      principal: '*',
      actions: OBJECT_WRITE_ACTIONS,
      resources: [objects],
      conditions: { ArnNotLike: { 'aws:PrincipalArn': replicationRoleArn } },
    }),
    denyDeletion('DenyReplicaDeletion', objects, deleters),
  ];
}
