/**
 * What the Cost section prices, read from the synthesized stacks: the trails and the archive they
 * write to, its lifecycle, versioning, object lock and encryption; its replica and access-log
 * buckets; the delivery topic and its subscriptions; the trail's CloudWatch Logs group; KMS keys.
 */

import { type AppResource, block, blocks, num, text, texts } from '../../model';
import type { ReviewContext } from '../context';
import { type BucketLifecycle, parseLifecycle } from './lifecycle';
import { STORAGE_CLASSES, type StorageClass } from './prices';

export interface BucketProfile {
  readonly resource: AppResource;
  readonly name: string;
  readonly region: string;
  readonly versioned: boolean;
  /** Object lock default retention in days, if any. */
  readonly lockDays?: number;
  readonly lifecycle?: BucketLifecycle;
  /** SSE-KMS with an S3 Bucket Key (few KMS requests), SSE-KMS per object, or no KMS. */
  readonly kms: 'bucket key' | 'per object' | 'none';
  /** Where its server access logs go. */
  readonly accessLogs?: BucketProfile;
}

export interface ReplicaProfile {
  readonly bucket: BucketProfile;
  /** The class replicas are written in (`destination.storage_class`, else STANDARD). */
  readonly storageClass: StorageClass;
  /** Whether source and replica are in different regions (transfer is charged). */
  readonly crossRegion: boolean;
}

export interface ArchiveTopology {
  readonly archive: BucketProfile;
  /** `<prefix>/AWSLogs/...`: where CloudTrail writes under the archive. */
  readonly keyPrefix: string;
  readonly organizationTrails: readonly AppResource[];
  /** Trails of single accounts (outside the organization) writing to the same archive. */
  readonly accountTrails: readonly AppResource[];
  readonly multiRegion: boolean;
  readonly digests: boolean;
  readonly replica?: ReplicaProfile;
  /** Protocols of the delivery topic's subscriptions: created by Terraform, and listed as commands for other accounts to run. */
  readonly subscriptions: readonly string[];
  readonly notifies: boolean;
  /** The trail's CloudWatch Logs group retention (0: never expires), if it delivers there. */
  readonly logGroupRetentionDays?: number;
  readonly insights: readonly string[];
  readonly recordsDataEvents: boolean;
  /** Which management events the organization trail records (both false: a data-events-only trail). */
  readonly management: ManagementScope;
  /** The same for each account trail (accounts outside the organization), in order. */
  readonly accountTrailManagement: readonly ManagementScope[];
}

/** The archive of the app's organization trail (else of any trail); undefined when no trail writes to a bucket of the app. */
export function archiveTopology(ctx: ReviewContext): ArchiveTopology | undefined {
  const { resolver } = ctx;
  const trails = resolver.ofType('aws_cloudtrail');
  const lead = trails.find((t) => t.config.is_organization_trail === true) ?? trails[0];
  const bucket = lead && resolver.refersTo(lead.stack, lead.config.s3_bucket_name, 'aws_s3_bucket');
  if (!lead || !bucket) return undefined;
  const sameBucket = trails.filter((t) => resolver.refersTo(t.stack, t.config.s3_bucket_name, 'aws_s3_bucket') === bucket);
  const archive = bucketProfile(ctx, bucket);
  const topic = resolver.refersTo(lead.stack, lead.config.sns_topic_name, 'aws_sns_topic');
  const logGroup = resolver.refersTo(
    lead.stack,
    text(lead.config.cloud_watch_logs_group_arn)?.replace(/:\*$/, ''),
    'aws_cloudwatch_log_group',
  );
  return {
    archive,
    keyPrefix: text(lead.config.s3_key_prefix) ? `${text(lead.config.s3_key_prefix)}/` : '',
    organizationTrails: sameBucket.filter((t) => t.config.is_organization_trail === true),
    accountTrails: sameBucket.filter((t) => t.config.is_organization_trail !== true),
    multiRegion: lead.config.is_multi_region_trail === true,
    digests: lead.config.enable_log_file_validation === true,
    ...replicaOf(ctx, bucket),
    subscriptions: topic ? subscriptionsOf(ctx, topic) : [],
    notifies: topic !== undefined || text(lead.config.sns_topic_name) !== undefined,
    ...(logGroup ? { logGroupRetentionDays: num(logGroup.config.retention_in_days) ?? 0 } : {}),
    insights: blocks(lead.config.insight_selector).flatMap((i) => texts(i.insight_type)),
    recordsDataEvents: recordsDataEvents(lead),
    management: managementScope(lead),
    accountTrailManagement: sameBucket.filter((t) => t.config.is_organization_trail !== true).map(managementScope),
  };
}

export interface ManagementScope {
  readonly read: boolean;
  readonly write: boolean;
}

/** Share of management events that are writes, from AWS's Insights cost example (30,000 of 300,000). */
export const WRITE_EVENT_SHARE = 0.1;

/** The share of all management events a scope records: writes are WRITE_EVENT_SHARE of them. */
export function managementShare(scope: ManagementScope): number {
  return (scope.read ? 1 - WRITE_EVENT_SHARE : 0) + (scope.write ? WRITE_EVENT_SHARE : 0);
}

/**
 * Which management events a trail records: all without selectors (CloudTrail's default) or with an
 * unnarrowed Management selector; reads or writes for a narrowed one; none without a Management
 * selector (a data-events-only trail).
 */
export function managementScope(trail: AppResource): ManagementScope {
  const advanced = blocks(trail.config.advanced_event_selector);
  const basic = blocks(trail.config.event_selector);
  if (advanced.length === 0 && basic.length === 0) return { read: true, write: true };
  const scopes =
    advanced.length > 0
      ? advanced.flatMap((s) => {
          const fields = blocks(s.field_selector);
          const category = fields.find((f) => f.field === 'eventCategory');
          if (!category || !texts(category.equals).includes('Management')) return [];
          const readOnly = texts(fields.find((f) => f.field === 'readOnly')?.equals);
          return [readOnly.length === 1 ? (readOnly[0] === 'true' ? 'ReadOnly' : 'WriteOnly') : 'All'];
        })
      : basic.filter((s) => s.include_management_events !== false).map((s) => text(s.read_write_type) ?? 'All');
  return { read: scopes.some((s) => s === 'All' || s === 'ReadOnly'), write: scopes.some((s) => s === 'All' || s === 'WriteOnly') };
}

/** What the cost model needs to know of a bucket. */
export function bucketProfile(ctx: ReviewContext, bucket: AppResource, seen = new Set<AppResource>()): BucketProfile {
  const { resolver } = ctx;
  seen.add(bucket);
  const related = (type: string, attr = 'bucket') =>
    resolver.ofType(type).filter((x) => resolver.refersTo(x.stack, x.config[attr], 'aws_s3_bucket') === bucket);
  const lock = block(block(related('aws_s3_bucket_object_lock_configuration')[0]?.config.rule).default_retention);
  const lockDays = num(lock.days) ?? (num(lock.years) !== undefined ? (num(lock.years) as number) * 365 : undefined);
  const lifecycle = related('aws_s3_bucket_lifecycle_configuration')[0]?.config;
  const sse = blocks(related('aws_s3_bucket_server_side_encryption_configuration')[0]?.config.rule)[0] ?? {};
  const kmsAlgorithm = text(block(sse.apply_server_side_encryption_by_default).sse_algorithm)?.startsWith('aws:kms') === true;
  const target = related('aws_s3_bucket_logging')
    .map((l) => resolver.refersTo(l.stack, l.config.target_bucket, 'aws_s3_bucket'))
    .find((b): b is AppResource => b !== undefined && !seen.has(b));
  return {
    resource: bucket,
    name: resolver.literalName(bucket) ?? bucket.name,
    region: bucket.provider.region ?? '?',
    versioned: text(block(related('aws_s3_bucket_versioning')[0]?.config.versioning_configuration).status) === 'Enabled',
    ...(lockDays ? { lockDays } : {}),
    ...(lifecycle ? { lifecycle: parseLifecycle(lifecycle) } : {}),
    kms: !kmsAlgorithm ? 'none' : sse.bucket_key_enabled === true ? 'bucket key' : 'per object',
    ...(target ? { accessLogs: bucketProfile(ctx, target, seen) } : {}),
  };
}

function replicaOf(ctx: ReviewContext, bucket: AppResource): { replica?: ReplicaProfile } {
  const { resolver } = ctx;
  for (const config of resolver.ofType('aws_s3_bucket_replication_configuration')) {
    if (resolver.refersTo(config.stack, config.config.bucket, 'aws_s3_bucket') !== bucket) continue;
    for (const rule of blocks(config.config.rule)) {
      if (rule.status !== 'Enabled') continue;
      const destination = block(rule.destination);
      const target = resolver.refersTo(config.stack, destination.bucket, 'aws_s3_bucket');
      if (!target) continue;
      const declared = text(destination.storage_class) ?? 'STANDARD';
      const storageClass = (STORAGE_CLASSES as readonly string[]).includes(declared) ? (declared as StorageClass) : 'STANDARD';
      const profile = bucketProfile(ctx, target);
      return { replica: { bucket: profile, storageClass, crossRegion: profile.region !== (bucket.provider.region ?? '?') } };
    }
  }
  return {};
}

/** Protocols of a topic's subscriptions: Terraform's, and those the app lists as `aws sns subscribe` commands in its outputs. */
function subscriptionsOf(ctx: ReviewContext, topic: AppResource): string[] {
  const { resolver } = ctx;
  const created = resolver
    .ofType('aws_sns_topic_subscription')
    .filter((s) => resolver.refersTo(s.stack, s.config.topic_arn, 'aws_sns_topic') === topic)
    .flatMap((s) => texts(s.config.protocol));
  const arn = resolver.arnOf(topic);
  const commands = ctx.app.stacks.flatMap((s) => Object.values(s.json.output ?? {}).flatMap((o) => strings(o.value)));
  const pending = arn
    ? commands.flatMap((c) => (c.includes(`sns subscribe --topic-arn ${arn} `) ? [/--protocol (\S+)/.exec(c)?.[1] ?? '?'] : []))
    : [];
  return [...created, ...pending];
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.flatMap(strings) : [];
}

function recordsDataEvents(trail: AppResource): boolean {
  const advanced = blocks(trail.config.advanced_event_selector).some((s) =>
    blocks(s.field_selector).some((f) => f.field === 'eventCategory' && texts(f.equals).includes('Data')),
  );
  const basic = blocks(trail.config.event_selector).some((s) => blocks(s.data_resource).length > 0);
  return advanced || basic;
}

/** Customer managed KMS keys of the app, and how many rotate. */
export function keyCounts(ctx: ReviewContext): { keys: number; rotating: number } {
  const keys = ctx.resolver.ofType('aws_kms_key');
  return { keys: keys.length, rotating: keys.filter((k) => k.config.enable_key_rotation === true).length };
}
