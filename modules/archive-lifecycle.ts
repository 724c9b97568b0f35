import type { S3BucketLifecycleConfigurationRule } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';

export type StorageClass = 'STANDARD_IA' | 'INTELLIGENT_TIERING' | 'ONEZONE_IA' | 'GLACIER_IR' | 'GLACIER' | 'DEEP_ARCHIVE';

export interface LifecycleTransition {
  readonly storageClass: StorageClass;
  /** Days after creation (current versions) or after becoming noncurrent (noncurrent versions). */
  readonly days: number;
}

/**
 * Lifecycle of the log files (and their digests, which share the `AWSLogs/` prefix and so the same
 * rules). Most CloudTrail files are small gzip objects: S3 does not move objects under 128 KB to
 * most classes, bills small objects in IA/Glacier IR as 128 KB, adds about 40 KB of index overhead
 * per archived object and charges each transition per object. So by default transitions apply only
 * to objects of 128 KB or more (an explicit size filter); smaller files stay in STANDARD until they
 * expire.
 */
export interface ArchiveLifecycle {
  /** @default - GLACIER_IR at 90 days, DEEP_ARCHIVE at 365 days (objects of 128 KB or more) */
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
   * Lets objects under 128 KB transition too (`varies_by_storage_class`: to GLACIER and DEEP_ARCHIVE
   * only; S3 ignores the other classes for them). Usually not worth it: each small object pays a
   * transition request and 40 KB of archive overhead for a few KB saved.
   * @default false - transitions apply to objects of 128 KB or more; smaller ones stay in STANDARD
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
  transitionSmallObjects: false,
};

/** Objects smaller than this (128 KiB) are "small" to S3 lifecycle transitions. */
export const SMALL_OBJECT_BYTES = 128 * 1024;

/** The classes S3 moves objects under 128 KB to (with `varies_by_storage_class`). */
export const SMALL_OBJECT_CLASSES: readonly StorageClass[] = ['GLACIER', 'DEEP_ARCHIVE'];

/** The waterfall order of storage classes (a transition only goes further down). */
export const STORAGE_CLASS_WATERFALL: readonly StorageClass[] = [
  'STANDARD_IA',
  'INTELLIGENT_TIERING',
  'ONEZONE_IA',
  'GLACIER_IR',
  'GLACIER',
  'DEEP_ARCHIVE',
];

/**
 * The lifecycle rules archiving current and noncurrent versions under `prefix`: one rule for
 * objects of 128 KB or more with the transitions, and one for smaller objects that only expires
 * them (unless small objects transition too; then one rule for all sizes).
 */
export function archivalRules(id: string, prefix: string, lifecycle: Required<ArchiveLifecycle>): S3BucketLifecycleConfigurationRule[] {
  const expiry = {
    expiration: [{ days: lifecycle.expirationDays }],
    noncurrentVersionExpiration: [{ noncurrentDays: lifecycle.noncurrentExpirationDays }],
  };
  const transitions = {
    transition: lifecycle.transitions.map((t) => ({ days: t.days, storageClass: t.storageClass })),
    noncurrentVersionTransition: lifecycle.noncurrentTransitions.map((t) => ({ noncurrentDays: t.days, storageClass: t.storageClass })),
  };
  if (lifecycle.transitionSmallObjects) {
    return [{ id, status: 'Enabled', filter: [{ prefix }], ...transitions, ...expiry }];
  }
  // An And filter needs two predicates: with no prefix, the size is the whole filter.
  const sized = (size: { objectSizeGreaterThan: number } | { objectSizeLessThan: number }) =>
    prefix === '' ? [size] : [{ and: [{ prefix, ...size }] }];
  return [
    { id, status: 'Enabled', filter: sized({ objectSizeGreaterThan: SMALL_OBJECT_BYTES - 1 }), ...transitions, ...expiry },
    { id: `${id}-small`, status: 'Enabled', filter: sized({ objectSizeLessThan: SMALL_OBJECT_BYTES }), ...expiry },
  ];
}

/** The bucket-level `transition_default_minimum_object_size` a lifecycle asks for. */
export function transitionMinimumObjectSize(lifecycle: Required<ArchiveLifecycle>): string {
  return lifecycle.transitionSmallObjects ? 'varies_by_storage_class' : 'all_storage_classes_128K';
}

/** Where a current version is when it becomes noncurrent (at expiration): the last transition before it. */
export function classAtExpiration(lifecycle: Required<ArchiveLifecycle>, smallObject: boolean): StorageClass | 'STANDARD' {
  const applicable = lifecycle.transitions.filter(
    (t) =>
      t.days < lifecycle.expirationDays &&
      (!smallObject || (lifecycle.transitionSmallObjects && SMALL_OBJECT_CLASSES.includes(t.storageClass))),
  );
  return applicable.length > 0 ? applicable[applicable.length - 1].storageClass : 'STANDARD';
}

/** One line for reviewers: how long logs are kept, where, how long object lock holds them, when they are deleted. */
export function describeRetention(
  lifecycle: Required<ArchiveLifecycle>,
  objectLock: { readonly mode: string; readonly retentionDays: number } | undefined,
): string {
  const tiers = lifecycle.transitions.map((t) => `${t.storageClass} at ${t.days} days`).join(', ');
  const large = tiers ? `objects of 128 KB or more move to ${tiers}` : 'objects stay in STANDARD';
  const small = lifecycle.transitionSmallObjects
    ? `smaller ones move only to ${
        lifecycle.transitions
          .filter((t) => SMALL_OBJECT_CLASSES.includes(t.storageClass))
          .map((t) => `${t.storageClass} at ${t.days} days`)
          .join(', ') || 'nothing (no GLACIER or DEEP_ARCHIVE tier)'
      }`
    : 'smaller ones (most CloudTrail files) stay in STANDARD';
  const lock = objectLock
    ? `object lock (${objectLock.mode}) protects every version for ${objectLock.retentionDays} days after it is written`
    : 'no object lock';
  const total = lifecycle.expirationDays + lifecycle.noncurrentExpirationDays;
  return `retention: log files are current for ${lifecycle.expirationDays} days, then kept ${lifecycle.noncurrentExpirationDays} days as noncurrent versions and deleted (${total} days, about ${(total / 365).toFixed(1)} years, in all); ${large}; ${small}; ${lock}`;
}
