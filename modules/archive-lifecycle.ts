import type { S3BucketLifecycleConfigurationRule } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';

export type StorageClass = 'STANDARD_IA' | 'INTELLIGENT_TIERING' | 'ONEZONE_IA' | 'GLACIER_IR' | 'GLACIER' | 'DEEP_ARCHIVE';

export interface LifecycleTransition {
  readonly storageClass: StorageClass;
  /** Days after creation (current versions) or after becoming noncurrent (noncurrent versions). */
  readonly days: number;
}

/** Lifecycle of the log files (and their digests, which share the `AWSLogs/` prefix and so the same rule). */
export interface ArchiveLifecycle {
  /** @default - GLACIER_IR at 90 days, DEEP_ARCHIVE at 365 days */
  readonly transitions?: readonly LifecycleTransition[];
  /** @default 2557 (7 years) - days after which current versions expire (become noncurrent) */
  readonly expirationDays?: number;
  /** @default - none */
  readonly noncurrentTransitions?: readonly LifecycleTransition[];
  /** @default 90 - days a noncurrent version is kept before deletion */
  readonly noncurrentExpirationDays?: number;
  /** @default 7 */
  readonly abortIncompleteMultipartUploadDays?: number;
  /**
   * Lets objects under 128 KB transition (`varies_by_storage_class`). Most CloudTrail files are
   * small gzip objects, so with S3's default (`all_storage_classes_128K`) they never move.
   * @default true
   */
  readonly transitionSmallObjects?: boolean;
}

/** The archive's default lifecycle (the config schema reuses it). */
export const DEFAULT_ARCHIVE_LIFECYCLE: Required<ArchiveLifecycle> = {
  transitions: [
    { storageClass: 'GLACIER_IR', days: 90 },
    { storageClass: 'DEEP_ARCHIVE', days: 365 },
  ],
  expirationDays: 2557,
  noncurrentTransitions: [],
  noncurrentExpirationDays: 90,
  abortIncompleteMultipartUploadDays: 7,
  transitionSmallObjects: true,
};

/** A lifecycle rule archiving current and noncurrent versions under `prefix` by tier. */
export function archivalRule(id: string, prefix: string, lifecycle: Required<ArchiveLifecycle>): S3BucketLifecycleConfigurationRule {
  return {
    id,
    status: 'Enabled',
    filter: [{ prefix }],
    transition: lifecycle.transitions.map((t) => ({ days: t.days, storageClass: t.storageClass })),
    expiration: [{ days: lifecycle.expirationDays }],
    noncurrentVersionTransition: lifecycle.noncurrentTransitions.map((t) => ({ noncurrentDays: t.days, storageClass: t.storageClass })),
    noncurrentVersionExpiration: [{ noncurrentDays: lifecycle.noncurrentExpirationDays }],
  };
}

/** The bucket-level `transition_default_minimum_object_size` a lifecycle asks for. */
export function transitionMinimumObjectSize(lifecycle: Required<ArchiveLifecycle>): string {
  return lifecycle.transitionSmallObjects ? 'varies_by_storage_class' : 'all_storage_classes_128K';
}
