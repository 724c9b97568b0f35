import { z } from 'zod';
import { ACCESS_LOG_DEFAULTS } from '../../modules/access-log-bucket';
import { STORAGE_CLASS_WATERFALL } from '../../modules/archive-lifecycle';
import { REPLICA_DEFAULTS } from '../../modules/archive-replica';
import { ARCHIVE_OBJECT_LOCK_DEFAULTS } from '../../modules/log-archive-bucket';
import { replicaRegionProblems } from '../../modules/rules/identifiers';
import { OBJECT_LOCK_MODE_RULE, OBJECT_LOCK_MODES, objectLockExpirationProblems } from '../../modules/rules/lifecycle';
import { problemMessage } from '../../modules/rules/problem';
import { bucketNameRule, KEY_PREFIX_RULES } from '../../modules/rules/s3';
import { DEFAULT_ARCHIVE_KEY_ALIAS, deriveArchiveBucketNames } from './derived-names';
import { accountId, bucketName, days, duplicates, type IssueFn, kmsAlias, region, sectionDefaults } from './fields';
import { lifecycle } from './lifecycle';
import type { ParsedConfig } from './parsed-config';

/** `archive`: the central bucket's key, prefix, lifecycle, object lock, access logs, replica and readers. */

const objectLock = z.strictObject({
  enabled: z.boolean({ error: 'must be true or false. Fix: write true or false without quotes' }).default(true),
  mode: z.enum(OBJECT_LOCK_MODES, { error: problemMessage(OBJECT_LOCK_MODE_RULE) }).default(ARCHIVE_OBJECT_LOCK_DEFAULTS.mode),
  retentionDays: days().default(ARCHIVE_OBJECT_LOCK_DEFAULTS.retentionDays),
});

const accessLogs = z.strictObject({
  bucketName: bucketName.optional(),
  expirationDays: days().default(ACCESS_LOG_DEFAULTS.expirationDays),
  noncurrentExpirationDays: days().default(ACCESS_LOG_DEFAULTS.noncurrentExpirationDays),
});

const replication = z.strictObject({
  region,
  bucketName,
  accessLogBucketName: bucketName.optional(),
  keyAlias: kmsAlias.default(REPLICA_DEFAULTS.keyAliasName),
  storageClass: z
    .enum(['STANDARD', ...STORAGE_CLASS_WATERFALL], {
      error: `is not a replication storage class. Fix: use STANDARD or one of ${STORAGE_CLASS_WATERFALL.join(', ')}`,
    })
    .default(REPLICA_DEFAULTS.storageClass),
});

/** The trails' S3 key prefix: the rule `LogArchiveBucket` checks its `keyPrefix` with. */
const P = KEY_PREFIX_RULES;
const keyPrefix = z
  .string()
  .min(1, { error: problemMessage(P.empty) })
  .max(P.tooLong.max, { error: problemMessage(P.tooLong) })
  .regex(P.pattern.pattern, { error: problemMessage(P.pattern) })
  .refine((p) => p !== 'AWSLogs', { error: problemMessage(P.awsLogs) });

export const archiveSection = z.strictObject({
  keyAlias: kmsAlias.default(DEFAULT_ARCHIVE_KEY_ALIAS),
  keyPrefix: keyPrefix.optional(),
  lifecycle: lifecycle.default(sectionDefaults(lifecycle)),
  objectLock: objectLock.default(sectionDefaults(objectLock)),
  accessLogs: accessLogs.default(sectionDefaults(accessLogs)),
  replication: replication.optional(),
  readerAccountIds: z.array(accountId).default([]),
});

/** Cross-field rules of `archive`: readers, derived and unique bucket names, lock vs. expiration, replica region. */
export function checkArchive(c: ParsedConfig, issue: IssueFn): void {
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
  checkBucketNames(c, issue);
  const lock = c.archive.objectLock;
  if (lock.enabled) {
    for (const p of objectLockExpirationProblems(
      lock.retentionDays,
      c.archive.lifecycle.expirationDays,
      'archive.objectLock.retentionDays',
    )) {
      issue(['archive', 'lifecycle', 'expirationDays'], p.value, problemMessage(p));
    }
  }
  if (c.archive.replication) {
    for (const p of replicaRegionProblems(c.archive.replication.region, c.homeRegion, 'the home region')) {
      issue(['archive', 'replication', 'region'], p.value, problemMessage(p));
    }
  }
}

/** Derived bucket names must be valid, and every bucket needs its own name. */
function checkBucketNames(c: ParsedConfig, issue: IssueFn): void {
  const buckets = deriveArchiveBucketNames(c);
  const derived = (path: (string | number)[], name: string, from: string, setting: string) => {
    const problem = bucketNameRule(name);
    if (problem) issue(path, name, `(derived from ${from} + "-access-logs") ${problem}. Fix: set ${setting}`);
  };
  if (!c.archive.accessLogs.bucketName) {
    derived(['archive', 'accessLogs', 'bucketName'], buckets.accessLogs, 'archiveBucketName', 'archive.accessLogs.bucketName');
  }
  const names: [string, (string | number)[]][] = [
    [c.archiveBucketName, ['archiveBucketName']],
    [buckets.accessLogs, ['archive', 'accessLogs', 'bucketName']],
  ];
  if (c.archive.replication && buckets.replica && buckets.replicaAccessLogs) {
    names.push([buckets.replica, ['archive', 'replication', 'bucketName']]);
    if (!c.archive.replication.accessLogBucketName) {
      derived(
        ['archive', 'replication', 'accessLogBucketName'],
        buckets.replicaAccessLogs,
        'archive.replication.bucketName',
        'archive.replication.accessLogBucketName',
      );
    }
    names.push([buckets.replicaAccessLogs, ['archive', 'replication', 'accessLogBucketName']]);
  }
  if (c.deployment.backend.type === 's3') names.push([c.deployment.backend.bucket, ['deployment', 'backend', 'bucket']]);
  names.forEach(([name, path], i) => {
    const first = names.findIndex(([other]) => other === name);
    if (first < i)
      issue(path, name, `is also used for ${names[first][1].join('.')}; each bucket needs its own name. Fix: choose another name`);
  });
}
