import { accountRootArn } from './arns';
import type { LogReaderGrant, ServiceKeyGrant } from './key-grants';
import { PolicyStatement } from './policy-document';

/* The statements of a LogEncryptionKey's policy, rendered from its grants at synth. */

/** EventBridge's service principal. */
export const EVENTBRIDGE_SERVICE = 'events.amazonaws.com';

/** The confused-deputy keys of a service request (IAM user guide, confused-deputy.html). */
export const SOURCE_CONDITION_KEYS = ['aws:SourceArn', 'aws:SourceAccount', 'aws:SourceOrgID'] as const;

/**
 * The encryption context a target service binds its data keys to when EventBridge writes to it: an
 * SNS topic's ARN (`aws:sns:topicArn`) or an SQS queue's ARN (`aws:sqs:arn`). KMS sees these calls
 * without `aws:SourceArn`, `aws:SourceAccount` or `aws:SourceOrgID`: the SNS guide says adding them
 * to a key policy "is not supported for EventBridge-to-encrypted topics"
 * (sns/latest/dg/sns-key-management.html), and neither the SQS guide
 * (sqs-key-management.html#compatibility-with-aws-services) nor the EventBridge guide
 * (eb-targets.html, "Permissions") puts them on a queue key: both grant `events.amazonaws.com`
 * `kms:GenerateDataKey` and `kms:Decrypt` with no condition at all. The encryption context is what
 * scopes such a grant to one resource. SQS's `aws:sqs:arn` context is the one every SQS data key is
 * bound to, but the SQS guide read does not name it: the README lists it for a sandbox check.
 */
export const EVENTBRIDGE_TARGET_CONTEXTS = { topic: 'aws:sns:topicArn', queue: 'aws:sqs:arn' } as const;

const TARGET_CONTEXT_KEYS = new Set<string>(Object.values(EVENTBRIDGE_TARGET_CONTEXTS));
const SOURCE_KEY = new RegExp(`^(${SOURCE_CONDITION_KEYS.join('|')})$`, 'i');
const CONTEXT_KEY = /^kms:EncryptionContext:/i;

/**
 * Why an EventBridge key grant would refuse what it is for, or undefined. EventBridge grants are
 * scoped by encryption context: KMS does not see aws:SourceArn, aws:SourceAccount or
 * aws:SourceOrgID when EventBridge delivers to an encrypted topic or queue, so a grant conditioned on
 * them (alone, or together with a topic or queue context) refuses every delivery. Only
 * kms:DescribeKey, which carries no encryption context, may be scoped by source.
 */
export function eventBridgeGrantProblem(grant: ServiceKeyGrant, conditionKeys: readonly string[]): string | undefined {
  if (grant.service !== EVENTBRIDGE_SERVICE) return undefined;
  const contextKeys = [
    ...Object.keys(grant.encryptionContext ?? {}).map((key) => `kms:EncryptionContext:${key}`),
    ...conditionKeys.filter((key) => CONTEXT_KEY.test(key)),
  ];
  const sourceKeys = [
    ...((grant.sourceArns?.length ?? 0) > 0 ? ['aws:SourceArn'] : []),
    ...((grant.sourceAccounts?.length ?? 0) > 0 ? ['aws:SourceAccount'] : []),
    ...conditionKeys.filter((key) => SOURCE_KEY.test(key)),
  ];
  const actions = grant.actions ?? ['kms:GenerateDataKey*', 'kms:Decrypt'];
  const describeOnly = actions.every((action) => action.toLowerCase() === 'kms:describekey');
  const onTarget = contextKeys.some((key) => TARGET_CONTEXT_KEYS.has(key.replace(CONTEXT_KEY, '')));
  const problem =
    contextKeys.length === 0 && !describeOnly
      ? `scopes ${EVENTBRIDGE_SERVICE} ${actions.join(', ')} by ${sourceKeys.join(', ') || 'kms:ViaService'} only`
      : onTarget && sourceKeys.length > 0
        ? `adds ${sourceKeys.join(', ')} to an encrypted topic's or queue's encryption context`
        : undefined;
  if (!problem) return undefined;
  return `${problem}; KMS does not see aws:SourceArn, aws:SourceAccount or aws:SourceOrgID when EventBridge writes to an encrypted topic or queue ("not supported for EventBridge-to-encrypted topics", SNS developer guide, sns-key-management), so the grant would refuse every delivery. Fix: scope it by the target's encryption context instead: key.grantEventBridgeTarget(sid, 'topic' | 'queue', [arn]) (kms:EncryptionContext:aws:sns:topicArn or kms:EncryptionContext:aws:sqs:arn = the target ARN)`;
}

/**
 * What the deployment role may do on a key it administers: keep the key and its policy up to date
 * (so it can never be locked out: it keeps kms:PutKeyPolicy, as the KMS lockout safety check
 * requires), but not disable it, schedule its deletion or create grants that bypass the policy.
 */
export const DEPLOYMENT_ROLE_KEY_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListAliases',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListKeyRotations',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:RotateKeyOnDemand',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
] as const;

/** Who administers a key, instead of the whole account (`root` `kms:*`). */
export interface KeyAdministrators {
  /** The role Terraform runs as: keeps the key and its policy up to date (DEPLOYMENT_ROLE_KEY_ACTIONS). */
  readonly deploymentRoleArn: string;
  /** A break-glass role with every key permission, deletion included. @default - none */
  readonly breakGlassRoleArn?: string;
}

/** The key's administration: named roles, or (by default) the account root. */
export function administrationStatements(accountId: string, admins: KeyAdministrators | undefined): PolicyStatement[] {
  if (!admins) {
    return [
      new PolicyStatement({
        sid: 'EnableKeyAdministrationByOwningAccount',
        principal: { AWS: accountRootArn(accountId) },
        actions: ['kms:*'],
        resources: ['*'],
      }),
    ];
  }
  const statements = [
    new PolicyStatement({
      sid: 'AllowKeyAdministrationByDeploymentRole',
      principal: { AWS: admins.deploymentRoleArn },
      actions: DEPLOYMENT_ROLE_KEY_ACTIONS,
      resources: ['*'],
    }),
  ];
  if (admins.breakGlassRoleArn) {
    statements.push(
      new PolicyStatement({
        sid: 'AllowKeyRecoveryByBreakGlassRole',
        principal: { AWS: admins.breakGlassRoleArn },
        actions: ['kms:*'],
        resources: ['*'],
      }),
    );
  }
  return statements;
}

/**
 * Readers decrypt only through S3 in the key's region (`kms:ViaService`): objects CloudTrail wrote
 * (the `aws:cloudtrail:arn` encryption context), or with S3 Bucket Keys the bucket ARN as context.
 * The reads go through S3, and this key encrypts only the archive, so any trail's context pattern
 * is as tight as listing each trail account, and the statement does not grow with external accounts.
 */
export function readerStatements(
  region: string,
  readerGrants: readonly LogReaderGrant[],
  trailContexts: readonly string[],
): PolicyStatement[] {
  const readerAccounts = [...new Set(readerGrants.flatMap((g) => g.accountIds))];
  if (readerAccounts.length === 0) return [];
  const grant = readerGrants[0];
  const principals = readerAccounts.map(accountRootArn);
  const statements: PolicyStatement[] = [];
  if (trailContexts.length > 0) {
    const anyTrail = 'arn:aws:cloudtrail:*:*:trail/*';
    statements.push(
      new PolicyStatement({
        sid: 'AllowLogReadersDecryptTrailLogs',
        principal: { AWS: principals },
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:PrincipalOrgID': grant.organizationId, 'kms:ViaService': `s3.${region}.amazonaws.com` },
          StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': anyTrail },
        },
      }),
    );
  }
  statements.push(
    new PolicyStatement({
      sid: 'AllowLogReadersDecryptArchiveObjectsThroughS3',
      principal: { AWS: principals },
      actions: ['kms:Decrypt'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'aws:PrincipalOrgID': grant.organizationId, 'kms:ViaService': `s3.${region}.amazonaws.com` },
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': [grant.bucketArn, `${grant.bucketArn}/*`] },
      },
    }),
  );
  return statements;
}

/** CloudTrail's statements for the trails a key encrypts logs for (aws-facts.md §2). */
export function cloudTrailStatements(sourceArns: readonly string[], contexts: readonly string[]): PolicyStatement[] {
  const principal = { Service: 'cloudtrail.amazonaws.com' };
  const bySource = { StringEquals: { 'aws:SourceArn': [...sourceArns] } };
  return [
    new PolicyStatement({
      sid: 'AllowCloudTrailEncryptLogs',
      principal,
      actions: ['kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': [...contexts] }, ...bySource },
    }),
    new PolicyStatement({
      sid: 'AllowCloudTrailDecryptForBucketKey',
      principal,
      actions: ['kms:Decrypt'],
      resources: ['*'],
      conditions: bySource,
    }),
    new PolicyStatement({
      sid: 'AllowCloudTrailDescribeKey',
      principal,
      actions: ['kms:DescribeKey'],
      resources: ['*'],
      conditions: bySource,
    }),
  ];
}

export function serviceStatement(grant: ServiceKeyGrant): PolicyStatement {
  const conditions: Record<string, Record<string, string | boolean | readonly string[]>> = {};
  const add = (operator: string, key: string, value: string | readonly string[]) => {
    conditions[operator] = { ...(conditions[operator] ?? {}), [key]: value };
  };
  const sourceArns = grant.sourceArns ?? [];
  if (sourceArns.length > 0) add(sourceArns.some((a) => a.includes('*')) ? 'ArnLike' : 'StringEquals', 'aws:SourceArn', [...sourceArns]);
  if ((grant.sourceAccounts ?? []).length > 0) add('StringEquals', 'aws:SourceAccount', [...(grant.sourceAccounts ?? [])]);
  for (const [key, values] of Object.entries(grant.encryptionContext ?? {})) {
    add('StringEquals', `kms:EncryptionContext:${key}`, values.length === 1 ? values[0] : [...values]);
  }
  for (const [operator, entries] of Object.entries(grant.conditions ?? {})) {
    for (const [key, value] of Object.entries(entries)) add(operator, key, value as string | readonly string[]);
  }
  return new PolicyStatement({
    sid: grant.sid,
    principal: { Service: grant.service },
    actions: grant.actions ?? ['kms:GenerateDataKey*', 'kms:Decrypt'],
    resources: ['*'],
    conditions,
  });
}
