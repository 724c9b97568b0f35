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

/** In the archive, only CloudTrail writes under `AWSLogs/` (`logs`), and nobody but `deleters` deletes there. */
export function archiveEvidenceStatements(logs: string, deleters: readonly string[]): PolicyStatement[] {
  return [
    new PolicyStatement({
      sid: 'DenyLogWritesExceptCloudTrail',
      effect: 'Deny',
      principal: '*',
      actions: ['s3:PutObject'],
      resources: [logs],
      conditions: { StringNotEqualsIfExists: { 'aws:PrincipalServiceName': 'cloudtrail.amazonaws.com' } },
    }),
    denyDeletion('DenyLogDeletion', logs, deleters),
  ];
}

/** In the replica, only the replication role writes copies, and nobody (but the configured principals) deletes them. */
export function replicaEvidenceStatements(objects: string, replicationRoleArn: string, deleters: readonly string[]): PolicyStatement[] {
  return [
    new PolicyStatement({
      sid: 'DenyWritesExceptReplication',
      effect: 'Deny',
      principal: '*',
      actions: ['s3:PutObject', 's3:ReplicateObject', 's3:ReplicateTags', 's3:ReplicateDelete'],
      resources: [objects],
      conditions: { ArnNotLike: { 'aws:PrincipalArn': replicationRoleArn } },
    }),
    denyDeletion('DenyReplicaDeletion', objects, deleters),
  ];
}
