import { z } from 'zod';
import {
  ACCOUNT_ID,
  bucketNameProblem,
  COMMERCIAL_REGIONS,
  IAM_ROLE_NAME,
  KMS_ALIAS,
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

export const configSchema = z
  .strictObject({
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
    deployment: deployment.default(deployment.parse({})),
  })
  .superRefine((c, ctx) => {
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
    for (const i of duplicates(readers))
      issue(['archive', 'readerAccountIds', i], readers[i], 'is listed twice. Fix: remove the duplicate');
    readers.forEach((id, i) => {
      if (c.externalAccountIds.includes(id)) {
        issue(
          ['archive', 'readerAccountIds', i],
          id,
          'is an external account; readers must belong to the organization (access is conditioned on aws:PrincipalOrgID). Fix: remove it',
        );
      }
    });

    const accessLogBucket = c.archive.accessLogs.bucketName ?? `${c.archiveBucketName}-access-logs`;
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
    if (c.archive.replication) names.push([c.archive.replication.bucketName, ['archive', 'replication', 'bucketName']]);
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
    if (c.archive.replication && c.archive.replication.region === c.homeRegion) {
      issue(
        ['archive', 'replication', 'region'],
        c.archive.replication.region,
        'is the home region; a replica protects against a regional outage only in another region. Fix: choose another region',
      );
    }
  });

/** The config file as written (optional fields may be absent). */
export type OrganizationConfigInput = z.input<typeof configSchema>;
/** The validated config with every default applied. */
export type OrganizationConfig = z.output<typeof configSchema>;

function duplicates(values: readonly string[]): number[] {
  return values.flatMap((v, i) => (values.indexOf(v) < i ? [i] : []));
}
