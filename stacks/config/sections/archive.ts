// The `archive` section's schema, apart from its cross-field checks (../archive.ts), which read ParsedConfig.

import { z } from 'zod';
import { ACCESS_LOG_DEFAULTS } from '../../../modules/access-log-bucket';
import { STORAGE_CLASS_WATERFALL } from '../../../modules/archive-lifecycle';
import { REPLICA_DEFAULTS } from '../../../modules/archive-replica';
import { ARCHIVE_OBJECT_LOCK_DEFAULTS } from '../../../modules/log-archive-bucket';
import { OBJECT_LOCK_MODE_RULE, OBJECT_LOCK_MODES } from '../../../modules/rules/lifecycle';
import { problemMessage } from '../../../modules/rules/problem';
import { KEY_PREFIX_RULES } from '../../../modules/rules/s3';
import { accountId, bool, bucketName, days, kmsAlias, region } from '../fields';
import { lifecycle } from '../lifecycle';

/** Alias of the archive key. */
export const DEFAULT_ARCHIVE_KEY_ALIAS = 'alias/org-log-archive';

/** `archive`: the central bucket's key, prefix, lifecycle, object lock, access logs, replica and readers. */

const objectLock = z.strictObject({
  enabled: bool.default(true),
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
  lifecycle: lifecycle.default(lifecycle.parse({})),
  objectLock: objectLock.default(objectLock.parse({})),
  accessLogs: accessLogs.default(accessLogs.parse({})),
  replication: replication.optional(),
  readerAccountIds: z.array(accountId).default([]),
});
