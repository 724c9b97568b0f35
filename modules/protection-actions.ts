/*
 * Actions that weaken evidence protection, shared by the resource policies (bucket and key denies)
 * and the organization guardrails (service control policies), so both lists stay the same.
 */

/**
 * Bucket settings whose change weakens evidence protection. `s3:PutBucketRequestPayment` too:
 * "Requester Pays buckets do not support ... using a Requester Pays bucket as the target bucket for
 * end-user logging" (S3 user guide, RequesterPaysBuckets), so turning it on silently stops server
 * access logging, and every reader of another account must then send `x-amz-request-payer`.
 */
export const BUCKET_PROTECTION_ACTIONS = [
  's3:DeleteBucket',
  's3:DeleteBucketPolicy',
  's3:PutBucketAcl',
  's3:PutBucketLogging',
  's3:PutBucketObjectLockConfiguration',
  's3:PutBucketOwnershipControls',
  's3:PutBucketPolicy',
  's3:PutBucketPublicAccessBlock',
  's3:PutBucketRequestPayment',
  's3:PutBucketVersioning',
  's3:PutEncryptionConfiguration',
  's3:PutLifecycleConfiguration',
  's3:PutReplicationConfiguration',
] as const;

/**
 * Object actions that destroy evidence or lift its protection; `s3:ReplicateDelete` is how a
 * replication configuration of another bucket would lay delete markers over it (S3 user guide,
 * setting-repl-config-perm-overview). No replication of this module replicates delete markers.
 */
export const OBJECT_PROTECTION_ACTIONS = [
  's3:BypassGovernanceRetention',
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:ReplicateDelete',
] as const;

/** Key actions that make evidence unreadable or hand it out. */
export const KEY_PROTECTION_ACTIONS = [
  'kms:CreateGrant',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:PutKeyPolicy',
  'kms:ScheduleKeyDeletion',
] as const;

/**
 * Role changes that hand a role to someone else (trust, permissions, boundary) or strip it, the list
 * Control Tower's mandatory control GRIAMROLEPOLICY denies on its own roles (controltower/latest/
 * userguide/mandatory-controls.html) without `iam:CreateRole`, which `ROLE_CREATION_ACTION` adds where
 * a squatted name matters. Action names: Service Authorization Reference, list_awsidentityandaccessmanagementiam.html.
 */
export const ROLE_PROTECTION_ACTIONS = [
  'iam:AttachRolePolicy',
  'iam:DeleteRole',
  'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteRolePolicy',
  'iam:DetachRolePolicy',
  'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy',
  'iam:UpdateAssumeRolePolicy',
  'iam:UpdateRole',
  'iam:UpdateRoleDescription',
] as const;

/**
 * Handing a service role to a resource of one's choosing: whoever may pass the archive's replication
 * role can name it in a replication configuration of another bucket, and S3 then writes into the
 * replica as that role, which the replica admits. Setting a replication configuration needs
 * `iam:PassRole` on its role (S3 user guide, setting-repl-config-perm-overview). Only the exempt
 * deployment role passes the delivery roles (when it writes the replication configuration or the trail).
 * Denied on service roles only: the instance-action roles of deployment monitoring pass their
 * runbook roles to Systems Manager at run time.
 */
export const ROLE_HANDOVER_ACTION = 'iam:PassRole';

/** Creating a role: denied on name patterns, so nobody pre-creates a role under a protected name. */
export const ROLE_CREATION_ACTION = 'iam:CreateRole';

/** EventBridge rule changes that stop a rule forwarding or acting (list_amazoneventbridge.html). */
export const EVENT_RULE_PROTECTION_ACTIONS = [
  'events:DeleteRule',
  'events:DisableRule',
  'events:PutRule',
  'events:PutTargets',
  'events:RemoveTargets',
] as const;

/** CloudFormation stack changes that remove or rewrite what a stack deployed (list_awscloudformation.html). */
export const STACK_PROTECTION_ACTIONS = [
  'cloudformation:DeleteStack',
  'cloudformation:ExecuteChangeSet',
  'cloudformation:SetStackPolicy',
  'cloudformation:UpdateStack',
] as const;

/** Queue changes that delete a dead-letter queue or stop EventBridge writing to it (list_amazonsqs.html). */
export const QUEUE_PROTECTION_ACTIONS = ['sqs:DeleteQueue', 'sqs:RemovePermission', 'sqs:SetQueueAttributes'] as const;

/**
 * Name prefix of the execution role service-managed StackSets create in every target account and
 * act through ("StackSets with service-managed permissions creates an execution role named
 * stacksets-exec-* in each target account", AWSCloudFormation/latest/UserGuide/stacksets-custom-execution-role.html);
 * only the StackSets service-linked role creates and changes it (CloudFormationStackSetsOrgMemberServiceRolePolicy).
 */
export const STACKSETS_EXECUTION_ROLE_PREFIX = 'stacksets-exec-';
