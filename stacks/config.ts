import { z } from 'zod';
import { defaultAccessLogBucketName } from '../modules/arns';
import {
  ACCOUNT_ID,
  bucketNameProblem,
  COMMERCIAL_REGIONS,
  IAM_ROLE_NAME,
  KMS_ALIAS,
  LOG_RETENTION_DAYS,
  MINIMUM_STORAGE_DAYS,
  ORGANIZATION_ID,
  STORAGE_CLASS_ORDER,
  trailNameProblem,
} from './rules';

/*
 * The config file's schema. Messages follow one shape: after the field path and the value
 * (added by the reporter) comes the rule, then the fix.
 */

const accountId = z
  .string()
  .regex(ACCOUNT_ID, { error: 'is not an AWS account ID (exactly 12 digits, keep leading zeros; write it as a string)' });
const region = z.enum(COMMERCIAL_REGIONS, {
  error: `is not a commercial AWS region this module supports (one of ${COMMERCIAL_REGIONS.join(', ')})`,
});
const bucketName = z.string().superRefine((name, ctx) => {
  const problem = bucketNameProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, input: name });
});
const kmsAlias = z
  .string()
  .max(256, { error: 'is longer than 256 characters, the KMS alias limit' })
  .regex(KMS_ALIAS, { error: 'is not a valid KMS alias ("alias/" then letters, digits, / _ -; "alias/aws/" is reserved for AWS)' });
const positiveDays = (max = 36500) =>
  z
    .number({ error: 'must be a whole number of days' })
    .int({ error: 'must be a whole number of days' })
    .min(1, { error: 'must be at least 1 day' })
    .max(max, { error: `must be at most ${max} days` });

const storageClass = z.enum(STORAGE_CLASS_ORDER, {
  error: `is not a lifecycle storage class (one of ${STORAGE_CLASS_ORDER.join(', ')}; STANDARD is where objects start)`,
});
const transition = z.strictObject({
  storageClass,
  days: z
    .number({ error: 'must be a whole number of days' })
    .int({ error: 'must be a whole number of days' })
    .min(0, { error: 'must be 0 or more days' })
    .max(36500, { error: 'must be at most 36500 days' }),
});

/** Checks a transition list against S3's waterfall and minimum-day rules (S3-TR, S3-LC). */
function checkTransitions(
  transitions: readonly z.infer<typeof transition>[],
  noncurrent: boolean,
  ctx: z.RefinementCtx,
  key: string,
): void {
  const seen = new Set<string>();
  transitions.forEach((t, i) => {
    const path = [key, i];
    if (seen.has(t.storageClass)) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'storageClass'],
        input: t.storageClass,
        message: 'appears twice; each storage class may be a transition target once. Fix: remove the duplicate',
      });
    }
    seen.add(t.storageClass);
    if ((t.storageClass === 'STANDARD_IA' || t.storageClass === 'ONEZONE_IA') && t.days < 30) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'days'],
        input: t.days,
        message: `is too early for ${t.storageClass}: objects must stay ${noncurrent ? 'noncurrent' : 'in STANDARD'} at least 30 days first. Fix: use 30 or more`,
      });
    }
    if (i === 0) return;
    const previous = transitions[i - 1];
    const from = STORAGE_CLASS_ORDER.indexOf(previous.storageClass);
    const to = STORAGE_CLASS_ORDER.indexOf(t.storageClass);
    if (to <= from) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'storageClass'],
        input: t.storageClass,
        message: `cannot follow ${previous.storageClass}: transitions only go down the waterfall ${STORAGE_CLASS_ORDER.join(' > ')}. Fix: order transitions by that list`,
      });
    }
    if (t.days <= previous.days) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'days'],
        input: t.days,
        message: `comes before or with the previous transition (${previous.storageClass} at ${previous.days} days). Fix: use more than ${previous.days} days`,
      });
    }
    const fromIa = previous.storageClass === 'STANDARD_IA' || previous.storageClass === 'ONEZONE_IA';
    const gapApplies =
      t.storageClass === 'GLACIER' ||
      t.storageClass === 'DEEP_ARCHIVE' ||
      (previous.storageClass === 'STANDARD_IA' && t.storageClass === 'ONEZONE_IA');
    if (fromIa && gapApplies && t.days - previous.days < 30) {
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'days'],
        input: t.days,
        message: `is only ${t.days - previous.days} days after the ${previous.storageClass} transition; S3 requires 30 days in ${previous.storageClass} before ${t.storageClass}. Fix: use ${previous.days + 30} or more`,
      });
    }
  });
}

/** Expiration must come after the last transition plus that class's minimum storage duration. */
function checkExpiration(
  transitions: readonly z.infer<typeof transition>[],
  expiration: number | undefined,
  ctx: z.RefinementCtx,
  key: string,
  transitionsKey: string,
): void {
  if (expiration === undefined || transitions.length === 0) return;
  const last = transitions[transitions.length - 1];
  const minimum = last.days + Math.max(1, MINIMUM_STORAGE_DAYS[last.storageClass] ?? 0);
  if (expiration < minimum) {
    ctx.addIssue({
      code: 'custom',
      path: [key],
      input: expiration,
      message: `expires objects before the last transition (${transitionsKey}: ${last.storageClass} at ${last.days} days) plus its ${MINIMUM_STORAGE_DAYS[last.storageClass]}-day minimum storage duration. Fix: use ${minimum} or more, or drop that transition`,
    });
  }
}

const lifecycle = z
  .strictObject({
    transitions: z
      .array(transition)
      .max(6)
      .default([
        { storageClass: 'GLACIER_IR', days: 90 },
        { storageClass: 'DEEP_ARCHIVE', days: 365 },
      ]),
    expirationDays: positiveDays().default(2557),
    noncurrentTransitions: z.array(transition).max(6).default([]),
    noncurrentExpirationDays: positiveDays().default(90),
    abortIncompleteMultipartUploadDays: positiveDays(365).default(7),
    transitionSmallObjects: z.boolean().default(true),
  })
  .superRefine((l, ctx) => {
    checkTransitions(l.transitions, false, ctx, 'transitions');
    checkTransitions(l.noncurrentTransitions, true, ctx, 'noncurrentTransitions');
    checkExpiration(l.transitions, l.expirationDays, ctx, 'expirationDays', 'transitions');
    checkExpiration(l.noncurrentTransitions, l.noncurrentExpirationDays, ctx, 'noncurrentExpirationDays', 'noncurrentTransitions');
  });

const objectLock = z.strictObject({
  enabled: z.boolean().default(true),
  mode: z.enum(['GOVERNANCE', 'COMPLIANCE'], { error: 'is not an object lock mode (GOVERNANCE or COMPLIANCE)' }).default('GOVERNANCE'),
  retentionDays: positiveDays().default(365),
});

const accessLogs = z.strictObject({
  bucketName: bucketName.optional(),
  expirationDays: positiveDays().default(365),
  noncurrentExpirationDays: positiveDays().default(30),
});

const replication = z.strictObject({
  region,
  bucketName,
  accessLogBucketName: bucketName.optional(),
  keyAlias: kmsAlias.default('alias/org-log-archive-replica'),
  storageClass: z
    .enum(['STANDARD', ...STORAGE_CLASS_ORDER], { error: 'is not a replication storage class (STANDARD or a lifecycle class)' })
    .default('STANDARD'),
});

const archive = z.strictObject({
  keyAlias: kmsAlias.default('alias/org-log-archive'),
  keyPrefix: z
    .string()
    .min(1, { error: 'is empty; leave the field out for no prefix' })
    .max(200, { error: 'is longer than 200 characters, the CloudTrail S3KeyPrefix limit' })
    .regex(/^(?!\/)(?!.*\/$)(?!.*\/\/)[A-Za-z0-9!_.*'()/-]+$/, {
      error: "is not a usable S3 key prefix (letters, digits, ! _ . * ' ( ) - and single inner slashes; no leading or trailing slash)",
    })
    .refine((p) => p !== 'AWSLogs', {
      error: 'is "AWSLogs", which CloudTrail does not allow as a prefix. Fix: choose another prefix or none',
    })
    .optional(),
  lifecycle: lifecycle.default(lifecycle.parse({})),
  objectLock: objectLock.default({ enabled: true, mode: 'GOVERNANCE', retentionDays: 365 }),
  accessLogs: accessLogs.default({ expirationDays: 365, noncurrentExpirationDays: 30 }),
  replication: replication.optional(),
  readerAccountIds: z.array(accountId).default([]),
});

const trail = z.strictObject({
  delegatedAdministratorAccountId: accountId.optional(),
  additionalDelegatedAdministratorAccountIds: z.array(accountId).default([]),
  managementEvents: z
    .enum(['All', 'ReadOnly', 'WriteOnly'], { error: 'is not a management event scope (All, ReadOnly or WriteOnly)' })
    .default('All'),
  excludeManagementEventSources: z
    .array(
      z.enum(['kms.amazonaws.com', 'rdsdata.amazonaws.com'], {
        error: 'is not an excludable event source (CloudTrail can exclude only kms.amazonaws.com and rdsdata.amazonaws.com)',
      }),
    )
    .default([]),
  dataEvents: z
    .strictObject({
      s3Objects: z
        .enum(['None', 'All', 'ReadOnly', 'WriteOnly'], { error: 'is not a data event scope (None, All, ReadOnly or WriteOnly)' })
        .default('None'),
      lambdaInvocations: z.boolean().default(false),
      dynamodbItems: z.boolean().default(false),
    })
    .default({ s3Objects: 'None', lambdaInvocations: false, dynamodbItems: false }),
  insights: z
    .array(
      z.enum(['ApiCallRateInsight', 'ApiErrorRateInsight'], {
        error: 'is not an Insights type (ApiCallRateInsight or ApiErrorRateInsight)',
      }),
    )
    .default([]),
});

const email = z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, { error: 'is not an email address' });
const sqsArn = z.string().regex(/^arn:aws:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}$/, {
  error: 'is not a standard SQS queue ARN (arn:aws:sqs:<region>:<account>:<name>; FIFO queues cannot subscribe to a standard topic)',
});
const lambdaArn = z.string().regex(/^arn:aws:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]{1,128})?$/, {
  error: 'is not a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>[:<alias>])',
});
const httpsUrl = z
  .string()
  .regex(/^https:\/\/[^\s/$.?#][^\s]*$/, { error: 'is not an HTTPS URL (CloudTrail notifications must not travel unencrypted)' });
const subscription = z.discriminatedUnion(
  'protocol',
  [
    z.strictObject({ protocol: z.literal('email'), endpoint: email }),
    z.strictObject({ protocol: z.literal('sqs'), endpoint: sqsArn, rawMessageDelivery: z.boolean().default(false) }),
    z.strictObject({ protocol: z.literal('lambda'), endpoint: lambdaArn }),
    z.strictObject({ protocol: z.literal('https'), endpoint: httpsUrl, rawMessageDelivery: z.boolean().default(false) }),
  ],
  { error: 'must have "protocol": "email", "sqs", "lambda" or "https" (plain http and SMS are not offered)' },
);
const snsTopicName = z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, { error: 'is not an SNS topic name (1-256 of letters, digits, _ and -)' });

const notifications = z.strictObject({
  topicName: snsTopicName.optional(),
  keyAlias: kmsAlias.default('alias/org-trail-notifications'),
  subscriptions: z.array(subscription).max(100, { error: 'lists more than 100 subscriptions' }).default([]),
});

const cloudWatchLogs = z.strictObject({
  logGroupName: z
    .string()
    .regex(/^[A-Za-z0-9_\-/.#]{1,512}$/, { error: 'is not a log group name (1-512 of letters, digits and _ - / . #)' })
    .optional(),
  retentionDays: z
    .number()
    .refine((d) => d === 0 || (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
      error: `is not a retention CloudWatch Logs accepts (0 for never expire, or one of ${LOG_RETENTION_DAYS.join(', ')})`,
    })
    .default(365),
  keyAlias: kmsAlias.default('alias/org-trail-cloudwatch-logs'),
  roleName: z.string().regex(IAM_ROLE_NAME, { error: 'is not an IAM role name (1-64 of letters, digits and + = , . @ _ -)' }).optional(),
});

const tags = z.record(
  z
    .string()
    .min(1, { error: 'is an empty tag key' })
    .max(128, { error: 'is longer than 128 characters, the tag key limit' })
    .regex(/^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, {
      error: 'is not a valid tag key (letters, digits, spaces, _ . : / = + - @; "aws:" is reserved)',
    }),
  z
    .string()
    .max(256, { error: 'is longer than 256 characters, the tag value limit' })
    .regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, { error: 'is not a valid tag value (letters, digits, spaces, _ . : / = + - @)' }),
);

const localBackend = z.strictObject({
  type: z.literal('local'),
  /** Folder for the state files, relative to where synth runs. */
  directory: z.string().min(1).default('terraform-state'),
});
const s3Backend = z.strictObject({
  type: z.literal('s3'),
  bucket: bucketName,
  region,
  keyPrefix: z
    .string()
    .regex(/^[A-Za-z0-9!_.*'()/-]+$/, { error: 'is not a usable S3 key prefix' })
    .default('org-logging'),
  kmsKeyId: z
    .string()
    .regex(/^arn:aws:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/, { error: 'is not a KMS key or alias ARN' })
    .optional(),
  roleArn: z
    .string()
    .regex(/^arn:aws:iam::\d{12}:role\/.+$/, { error: 'is not an IAM role ARN' })
    .optional(),
});

const deployment = z.strictObject({
  roleName: z
    .string()
    .regex(IAM_ROLE_NAME, { error: 'is not an IAM role name (1-64 of letters, digits and + = , . @ _ -)' })
    .default('OrganizationAccountAccessRole'),
  defaultTags: tags.default({}),
  backend: z
    .discriminatedUnion('type', [localBackend, s3Backend], { error: 'must have "type": "local" or "s3"' })
    .default({ type: 'local', directory: 'terraform-state' }),
});

const baseSchema = z.strictObject({
  $schema: z.string().optional(),
  organizationId: z.string().regex(ORGANIZATION_ID, { error: 'is not an organization ID ("o-" then 10-32 lowercase letters or digits)' }),
  managementAccountId: accountId,
  logArchiveAccountId: accountId,
  auditAccountId: accountId,
  homeRegion: region,
  regions: z.array(region).min(1, { error: 'is empty; list every governed region, the home region included' }),
  trailName: z.string().superRefine((name, ctx) => {
    const problem = trailNameProblem(name);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: name });
  }),
  archiveBucketName: bucketName,
  externalAccountIds: z.array(accountId).default([]),
  archive: archive.default(archive.parse({})),
  trail: trail.default(trail.parse({})),
  notifications: notifications.default(notifications.parse({})),
  cloudWatchLogs: cloudWatchLogs.default(cloudWatchLogs.parse({})),
  deployment: deployment.default(deployment.parse({})),
});

export const configSchema = baseSchema.superRefine((c, ctx) => {
  const issue = (path: (string | number)[], input: unknown, message: string) => ctx.addIssue({ code: 'custom', path, input, message });
  if (!c.regions.includes(c.homeRegion)) {
    issue(['regions'], c.regions, `does not include the home region ${c.homeRegion}. Fix: add "${c.homeRegion}"`);
  }
  for (const i of duplicates(c.regions)) issue(['regions', i], c.regions[i], 'is listed twice. Fix: remove the duplicate');
  if (c.logArchiveAccountId === c.managementAccountId) {
    issue(
      ['logArchiveAccountId'],
      c.logArchiveAccountId,
      'is the management account; the archive must live in a separate log-archive account so management-account admins cannot alter evidence. Fix: use a dedicated account',
    );
  }
  const organizationAccounts = new Map<string, string>([
    [c.managementAccountId, 'managementAccountId'],
    [c.logArchiveAccountId, 'logArchiveAccountId'],
    [c.auditAccountId, 'auditAccountId'],
  ]);
  for (const i of duplicates(c.externalAccountIds)) {
    issue(['externalAccountIds', i], c.externalAccountIds[i], 'is listed twice. Fix: remove the duplicate');
  }
  c.externalAccountIds.forEach((id, i) => {
    const field = organizationAccounts.get(id);
    if (field)
      issue(
        ['externalAccountIds', i],
        id,
        `is the organization's ${field}; externalAccountIds are accounts outside the organization. Fix: remove it`,
      );
  });
  const readers = c.archive.readerAccountIds;
  for (const i of duplicates(readers)) issue(['archive', 'readerAccountIds', i], readers[i], 'is listed twice. Fix: remove the duplicate');
  readers.forEach((id, i) => {
    if (c.externalAccountIds.includes(id)) {
      issue(
        ['archive', 'readerAccountIds', i],
        id,
        'is an external account; readers must belong to the organization (access is conditioned on aws:PrincipalOrgID). Fix: remove it',
      );
    }
  });

  const buckets = archiveBucketNames(c);
  const accessLogBucket = buckets.accessLogs;
  if (!c.archive.accessLogs.bucketName) {
    const problem = bucketNameProblem(accessLogBucket);
    if (problem) {
      issue(
        ['archive', 'accessLogs', 'bucketName'],
        accessLogBucket,
        `(derived from archiveBucketName + "-access-logs") ${problem}. Fix: set archive.accessLogs.bucketName`,
      );
    }
  }
  const names: [string, (string | number)[]][] = [
    [c.archiveBucketName, ['archiveBucketName']],
    [accessLogBucket, ['archive', 'accessLogs', 'bucketName']],
  ];
  if (c.archive.replication) {
    names.push([c.archive.replication.bucketName, ['archive', 'replication', 'bucketName']]);
    const replicaLogs = buckets.replicaAccessLogs as string;
    const problem = c.archive.replication.accessLogBucketName ? undefined : bucketNameProblem(replicaLogs);
    if (problem) {
      issue(
        ['archive', 'replication', 'accessLogBucketName'],
        replicaLogs,
        `(derived from archive.replication.bucketName + "-access-logs") ${problem}. Fix: set archive.replication.accessLogBucketName`,
      );
    }
    names.push([replicaLogs, ['archive', 'replication', 'accessLogBucketName']]);
  }
  if (c.deployment.backend.type === 's3') names.push([c.deployment.backend.bucket, ['deployment', 'backend', 'bucket']]);
  names.forEach(([name, path], i) => {
    const first = names.findIndex(([other]) => other === name);
    if (first < i)
      issue(path, name, `is also used for ${names[first][1].join('.')}; each bucket needs its own name. Fix: choose another name`);
  });

  const lock = c.archive.objectLock;
  if (lock.enabled && c.archive.lifecycle.expirationDays < lock.retentionDays) {
    issue(
      ['archive', 'lifecycle', 'expirationDays'],
      c.archive.lifecycle.expirationDays,
      `is shorter than the object lock retention (${lock.retentionDays} days): logs would be hidden while still locked. Fix: expire at ${lock.retentionDays} days or later, or shorten archive.objectLock.retentionDays`,
    );
  }
  checkTrail(c, issue);
  checkDerivedNames(c, issue);
  if (c.archive.replication && c.archive.replication.region === c.homeRegion) {
    issue(
      ['archive', 'replication', 'region'],
      c.archive.replication.region,
      'is the home region; a replica protects against a regional outage only in another region. Fix: choose another region',
    );
  }
});

type IssueFn = (path: (string | number)[], input: unknown, message: string) => void;
type ParsedConfig = z.output<typeof baseSchema>;

function checkTrail(c: ParsedConfig, issue: IssueFn): void {
  const t = c.trail;
  const delegated = [
    ...(t.delegatedAdministratorAccountId ? [t.delegatedAdministratorAccountId] : []),
    ...t.additionalDelegatedAdministratorAccountIds,
  ];
  const pathOf = (i: number): (string | number)[] =>
    t.delegatedAdministratorAccountId && i === 0
      ? ['trail', 'delegatedAdministratorAccountId']
      : ['trail', 'additionalDelegatedAdministratorAccountIds', t.delegatedAdministratorAccountId ? i - 1 : i];
  delegated.forEach((id, i) => {
    if (id === c.managementAccountId) {
      issue(
        pathOf(i),
        id,
        'is the management account; a delegated administrator must be a member account. Fix: leave it out to create the trail from the management account',
      );
    } else if (c.externalAccountIds.includes(id)) {
      issue(
        pathOf(i),
        id,
        'is an external account; a delegated administrator must be a member of the organization. Fix: choose an organization account',
      );
    } else if (delegated.indexOf(id) < i) {
      issue(pathOf(i), id, 'is listed twice. Fix: remove the duplicate');
    }
  });
  if (delegated.length > 3) {
    issue(
      ['trail', 'additionalDelegatedAdministratorAccountIds'],
      t.additionalDelegatedAdministratorAccountIds,
      `makes ${delegated.length} CloudTrail delegated administrators; an organization can have at most 3. Fix: list at most ${t.delegatedAdministratorAccountId ? 2 : 3}`,
    );
  }
  if (t.insights.length > 0 && t.managementEvents === 'ReadOnly') {
    issue(
      ['trail', 'insights'],
      t.insights,
      'needs write management events (Insights analyse write API activity), but trail.managementEvents is "ReadOnly". Fix: use "All" or "WriteOnly", or drop insights',
    );
  }
  for (const i of duplicates(t.insights)) issue(['trail', 'insights', i], t.insights[i], 'is listed twice. Fix: remove the duplicate');
  for (const i of duplicates(t.excludeManagementEventSources)) {
    issue(['trail', 'excludeManagementEventSources', i], t.excludeManagementEventSources[i], 'is listed twice. Fix: remove the duplicate');
  }
  const subscriptions = c.notifications.subscriptions;
  subscriptions.forEach((s, i) => {
    if (subscriptions.findIndex((o) => o.protocol === s.protocol && o.endpoint === s.endpoint) < i) {
      issue(['notifications', 'subscriptions', i, 'endpoint'], s.endpoint, 'is subscribed twice. Fix: remove the duplicate');
    }
    if (s.protocol === 'sqs' || s.protocol === 'lambda') {
      const account = s.endpoint.split(':')[4];
      if (c.externalAccountIds.includes(account)) {
        issue(
          ['notifications', 'subscriptions', i, 'endpoint'],
          s.endpoint,
          `belongs to external account ${account}; subscribers must be in the organization. Fix: use a queue or function in an organization account`,
        );
      }
    }
  });
}

/** Names derived from trailName must themselves be valid. */
function checkDerivedNames(c: ParsedConfig, issue: IssueFn): void {
  if (!c.notifications.topicName) {
    const topic = defaultTopicName(c.trailName);
    if (!/^[A-Za-z0-9_-]{1,256}$/.test(topic)) {
      issue(
        ['notifications', 'topicName'],
        topic,
        '(derived from trailName + "-log-delivery") is not an SNS topic name (letters, digits, _ and -; no dots). Fix: set notifications.topicName',
      );
    }
  }
  if (!c.cloudWatchLogs.roleName) {
    const role = defaultDeliveryRoleName(c.trailName);
    if (!IAM_ROLE_NAME.test(role)) {
      issue(
        ['cloudWatchLogs', 'roleName'],
        role,
        '(derived from trailName + "-cloudwatch-logs") is longer than 64 characters, the IAM role name limit. Fix: set cloudWatchLogs.roleName',
      );
    }
  }
}

/** Every bucket of the log archive, by role, with derived names filled in. */
export interface ArchiveBucketNames {
  readonly archive: string;
  readonly accessLogs: string;
  readonly replica?: string;
  readonly replicaAccessLogs?: string;
}

export function archiveBucketNames(c: Pick<ParsedConfig, 'archiveBucketName' | 'archive'>): ArchiveBucketNames {
  const replication = c.archive.replication;
  return {
    archive: c.archiveBucketName,
    accessLogs: c.archive.accessLogs.bucketName ?? defaultAccessLogBucketName(c.archiveBucketName),
    replica: replication?.bucketName,
    replicaAccessLogs: replication ? (replication.accessLogBucketName ?? defaultAccessLogBucketName(replication.bucketName)) : undefined,
  };
}

export const defaultTopicName = (trailName: string): string => `${trailName}-log-delivery`;
export const defaultDeliveryRoleName = (trailName: string): string => `${trailName}-cloudwatch-logs`;
export const defaultLogGroupName = (trailName: string): string => `cloudtrail/${trailName}`;

/** The config file as written (optional fields may be absent). */
export type OrganizationConfigInput = z.input<typeof configSchema>;
/** The validated config with every default applied. */
export type OrganizationConfig = z.output<typeof configSchema>;

function duplicates(values: readonly string[]): number[] {
  return values.flatMap((v, i) => (values.indexOf(v) < i ? [i] : []));
}
