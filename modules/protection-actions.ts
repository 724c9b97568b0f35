/*
 * Actions that weaken evidence protection, shared by the resource policies (bucket and key denies)
 * and the organization guardrails (service control policies), so both lists stay the same.
 */

/** Bucket settings whose change weakens evidence protection. */
export const BUCKET_PROTECTION_ACTIONS = [
  's3:DeleteBucket',
  's3:DeleteBucketPolicy',
  's3:PutBucketAcl',
  's3:PutBucketLogging',
  's3:PutBucketObjectLockConfiguration',
  's3:PutBucketOwnershipControls',
  's3:PutBucketPolicy',
  's3:PutBucketPublicAccessBlock',
  's3:PutBucketVersioning',
  's3:PutEncryptionConfiguration',
  's3:PutLifecycleConfiguration',
  's3:PutReplicationConfiguration',
] as const;

/** Object actions that destroy evidence or lift its protection. */
export const OBJECT_PROTECTION_ACTIONS = ['s3:BypassGovernanceRetention', 's3:DeleteObject', 's3:DeleteObjectVersion'] as const;

/** Key actions that make evidence unreadable or hand it out. */
export const KEY_PROTECTION_ACTIONS = [
  'kms:CreateGrant',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:PutKeyPolicy',
  'kms:ScheduleKeyDeletion',
] as const;
