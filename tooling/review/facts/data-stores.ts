/**
 * Data-protection facts of every place data rests: S3 buckets (encryption, versioning, object lock,
 * lifecycle tiers, replication, access logs, public access), KMS keys (rotation, deletion window,
 * users), and topics, queues, streams, log groups, event buses and archives, parameters, tables.
 */

import { type AppResource, type AppStack, block, blocks, flag, isFalse, isTrue, num, parseJson, text } from '../../model';
import type { JsonObject } from '../../terraform/plan-json';
import { type ReviewContext, usersOf } from '../context';
import { days, plural } from '../format';
import { keyText, labelOf, ownerLabel } from './labels';
import { lifecycleTexts, s3Filter } from './s3-lifecycle';

export interface BucketFacts {
  readonly resource: AppResource;
  readonly name: string;
  readonly encryption: string;
  readonly versioning: string;
  readonly objectLock: string;
  /** Object lock's default retention: undefined when lock is off; mode and days (years x 365) when set. */
  readonly lockRetention?: { readonly mode?: string; readonly days?: number };
  readonly publicAccess: string;
  readonly replication: readonly string[];
  readonly accessLogs: readonly string[];
  readonly lifecycle: readonly string[];
  /** The lifecycle configuration's arguments, for the security diff. */
  readonly lifecycleConfig?: JsonObject;
  readonly preventDestroy: boolean;
  readonly forceDestroy: boolean;
}

interface StoreFacts {
  readonly resource: AppResource;
  /** "SNS topic", "SQS queue", ... */
  readonly kind: string;
  readonly name: string;
  readonly encryption: string;
  readonly retention: string;
  /** How long data is kept, in seconds (Infinity: until deleted); undefined where nothing is kept. */
  readonly retentionSeconds?: number;
  readonly other: string;
  /** False for stores that pass data on without keeping it (topics, buses). */
  readonly keepsData: boolean;
  readonly preventDestroy: boolean;
}

interface KeyFacts {
  readonly resource: AppResource;
  readonly name: string;
  readonly rotation: string;
  /** `enabled`, `disabled`, or the `is_enabled` expression when it is not literal. */
  readonly state: string;
  readonly deletionWindow: string;
  readonly usedBy: readonly string[];
  readonly preventDestroy: boolean;
}

/** Whether a resource has `lifecycle { prevent_destroy = true }`. */
export function preventsDestroy(r: AppResource): boolean {
  return isTrue(block(r.config.lifecycle).prevent_destroy);
}

/** Facts of every bucket of a stack. */
export function bucketFacts(ctx: ReviewContext, stack: AppStack): BucketFacts[] {
  const { resolver } = ctx;
  const related = (type: string, bucket: AppResource, attr = 'bucket') =>
    resolver.ofType(type).filter((x) => resolver.refersTo(x.stack, x.config[attr], 'aws_s3_bucket') === bucket);
  return stack.resources
    .filter((r) => r.type === 'aws_s3_bucket')
    .map((b) => {
      const sse =
        related('aws_s3_bucket_server_side_encryption_configuration', b)[0]?.config ?? block(b.config.server_side_encryption_configuration);
      const versioning = block(related('aws_s3_bucket_versioning', b)[0]?.config.versioning_configuration);
      const legacyVersioning = flag(block(b.config.versioning).enabled);
      const lock = block(block(related('aws_s3_bucket_object_lock_configuration', b)[0]?.config.rule).default_retention);
      const pab = related('aws_s3_bucket_public_access_block', b)[0]?.config;
      const ownership = text(block(related('aws_s3_bucket_ownership_controls', b)[0]?.config.rule).object_ownership);
      const lifecycle = related('aws_s3_bucket_lifecycle_configuration', b)[0]?.config;
      const replication = related('aws_s3_bucket_replication_configuration', b).flatMap((c) =>
        blocks(c.config.rule).map((rule) => replicationText(ctx, c, rule)),
      );
      const replicaOf = resolver
        .ofType('aws_s3_bucket_replication_configuration')
        .filter((c) =>
          blocks(c.config.rule).some((rule) => resolver.refersTo(c.stack, block(rule.destination).bucket, 'aws_s3_bucket') === b),
        )
        .map((c) => `replica of ${labelOf(ctx, c.stack, c.config.bucket, 'aws_s3_bucket')}`);
      const logsTo = related('aws_s3_bucket_logging', b).map(
        (l) =>
          `access logs to ${labelOf(ctx, l.stack, l.config.target_bucket, 'aws_s3_bucket')} under \`${text(l.config.target_prefix) ?? ''}\``,
      );
      const logsFrom = related('aws_s3_bucket_logging', b, 'target_bucket').map(
        (l) => `receives the access logs of ${labelOf(ctx, l.stack, l.config.bucket, 'aws_s3_bucket')}`,
      );
      const lockEnabled = isTrue(b.config.object_lock_enabled) || Object.keys(block(b.config.object_lock_configuration)).length > 0;
      return {
        resource: b,
        name: resolver.literalName(b) ?? b.name,
        encryption: bucketEncryption(ctx, b.stack, sse),
        versioning:
          text(versioning.status) ?? (legacyVersioning === undefined ? 'not enabled' : legacyVersioning ? 'Enabled' : 'not enabled'),
        objectLock: !lockEnabled
          ? 'off'
          : text(lock.mode)
            ? `${lock.mode}, ${num(lock.days) !== undefined ? days(num(lock.days) as number) : `${num(lock.years)} years`} default retention`
            : 'enabled, no default retention',
        ...(lockEnabled ? { lockRetention: { mode: text(lock.mode), days: num(lock.days) ?? yearsInDays(num(lock.years)) } } : {}),
        publicAccess: publicAccessText(pab, ownership),
        replication: [...replication, ...replicaOf],
        accessLogs: [...logsTo, ...logsFrom],
        lifecycle: lifecycle ? lifecycleTexts(lifecycle) : [],
        ...(lifecycle ? { lifecycleConfig: lifecycle } : {}),
        preventDestroy: preventsDestroy(b),
        forceDestroy: isTrue(b.config.force_destroy),
      };
    });
}

/** KMS keys of a stack with their rotation, deletion window and the resources that use them. */
export function keyFacts(ctx: ReviewContext, stack: AppStack): KeyFacts[] {
  return stack.resources
    .filter((r) => r.type === 'aws_kms_key' || r.type === 'aws_kms_replica_key')
    .map((k) => {
      const c = k.config;
      const period = num(c.rotation_period_in_days);
      return {
        resource: k,
        name: ctx.resolver.label(k).replace(/^key /, ''),
        // rotation_period_in_days defaults to 365 (KMS API reference, EnableKeyRotation RotationPeriodInDays).
        rotation: !isTrue(c.enable_key_rotation) ? 'off' : (period ?? 365) === 365 ? 'yearly' : `every ${plural(period as number, 'day')}`,
        state:
          c.is_enabled === undefined || isTrue(c.is_enabled)
            ? 'enabled'
            : isFalse(c.is_enabled)
              ? 'disabled'
              : `is_enabled = ${String(c.is_enabled)}`,
        deletionWindow: plural(num(c.deletion_window_in_days) ?? 30, 'day'),
        usedBy: [
          ...new Set(
            usersOf(ctx, k)
              .filter((u) => u.type !== 'aws_kms_alias')
              .map((u) => ownerLabel(ctx, u) + (u.stack === k.stack ? '' : ` (stack ${u.stack})`)),
          ),
        ],
        preventDestroy: preventsDestroy(k),
      };
    });
}

/** Stores that pass data on without keeping it. */
const PASS_THROUGH = ['SNS topic', 'event bus'];

/** Topics, queues, streams, log groups, buses, archives, parameters and tables of a stack. */
export function storeFacts(ctx: ReviewContext, stack: AppStack): StoreFacts[] {
  const key = (value: unknown, fallback: string) => (value === undefined ? fallback : `SSE-KMS, ${keyText(ctx, stack.name, value)}`);
  return stack.resources.flatMap((r): StoreFacts[] => {
    const c = r.config;
    const name = ctx.resolver.literalName(r) ?? r.name;
    const fact = (kind: string, encryption: string, retention: string, other = '', retentionSeconds?: number) => [
      {
        resource: r,
        kind,
        name,
        encryption,
        retention,
        ...(retentionSeconds === undefined ? {} : { retentionSeconds }),
        other,
        keepsData: !PASS_THROUGH.includes(kind),
        preventDestroy: preventsDestroy(r),
      },
    ];
    switch (r.type) {
      case 'aws_sns_topic':
        return fact(
          'SNS topic',
          key(c.kms_master_key_id, 'not encrypted'),
          'delivers, does not keep messages',
          isTrue(c.fifo_topic) ? 'FIFO' : '',
        );
      case 'aws_sqs_queue': {
        const redrive = parseJson(c.redrive_policy) as JsonObject | undefined;
        const dlq = redrive
          ? `dead-letter ${labelOf(ctx, stack.name, redrive.deadLetterTargetArn, 'aws_sqs_queue')} after ${redrive.maxReceiveCount} receives`
          : '';
        const sse = isFalse(c.sqs_managed_sse_enabled) ? 'not encrypted' : 'SQS-managed SSE';
        const kept = num(c.message_retention_seconds) ?? 345_600;
        return fact('SQS queue', key(c.kms_master_key_id, sse), `messages kept ${durationText(kept)}`, dlq, kept);
      }
      case 'aws_kinesis_stream':
        return fact(
          'Kinesis stream',
          c.encryption_type === 'KMS' ? key(c.kms_key_id ?? 'alias/aws/kinesis', '') : 'not encrypted',
          `records kept ${plural(num(c.retention_period) ?? 24, 'hour')}`,
          text(block(c.stream_mode_details).stream_mode) ?? '',
          (num(c.retention_period) ?? 24) * 3_600,
        );
      case 'aws_cloudwatch_log_group': {
        const retention = num(c.retention_in_days);
        return fact(
          'log group',
          key(c.kms_key_id, 'CloudWatch Logs default encryption'),
          retention ? `events kept ${days(retention)}` : 'never expire',
          text(c.log_group_class) ?? '',
          retention ? retention * 86_400 : Number.POSITIVE_INFINITY,
        );
      }
      case 'aws_cloudwatch_event_bus':
        return fact('event bus', key(c.kms_key_identifier, 'AWS owned key'), 'routes, does not keep events');
      case 'aws_cloudwatch_event_archive': {
        const retention = num(c.retention_days);
        return fact(
          'event archive',
          key(c.kms_key_identifier, 'AWS owned key'),
          retention ? `events kept ${days(retention)}` : 'kept indefinitely',
          `archives ${labelOf(ctx, stack.name, c.event_source_arn, 'aws_cloudwatch_event_bus')}`,
          retention ? retention * 86_400 : Number.POSITIVE_INFINITY,
        );
      }
      case 'aws_cloudtrail_event_data_store': {
        const retention = num(c.retention_period) ?? 2_557;
        const protection = isFalse(c.termination_protection_enabled) ? 'termination protection off' : 'termination protection';
        return fact(
          'event data store',
          key(c.kms_key_id, 'AWS owned key'),
          `events kept ${days(retention)}`,
          protection,
          retention * 86_400,
        );
      }
      case 'aws_ssm_parameter':
        return fact(
          'SSM parameter',
          c.type === 'SecureString' ? key(c.key_id ?? 'alias/aws/ssm', '') : `${text(c.type) ?? 'String'} (not encrypted)`,
          'until changed',
        );
      case 'aws_dynamodb_table': {
        const sse = block(c.server_side_encryption);
        const pitr = isTrue(block(c.point_in_time_recovery).enabled) ? 'point-in-time recovery' : 'no point-in-time recovery';
        return fact(
          'DynamoDB table',
          isTrue(sse.enabled) ? key(sse.kms_key_arn ?? 'alias/aws/dynamodb', '') : 'AWS owned key',
          'until deleted',
          `${pitr}${isTrue(c.deletion_protection_enabled) ? ', deletion protection' : ''}`,
        );
      }
      default:
        return [];
    }
  });
}

const yearsInDays = (years: number | undefined) => (years === undefined ? undefined : 365 * years);

function bucketEncryption(ctx: ReviewContext, stack: string, sse: JsonObject): string {
  const rule = blocks(sse.rule)[0];
  const spec = block(rule?.apply_server_side_encryption_by_default);
  if (!rule || !spec.sse_algorithm) return 'not declared (S3 applies SSE-S3 by default)';
  const algorithm = text(spec.sse_algorithm);
  const bucketKey = isTrue(rule.bucket_key_enabled) ? ', bucket key' : '';
  if (algorithm === 'AES256') return 'SSE-S3 (AES256)';
  const name = algorithm === 'aws:kms:dsse' ? 'DSSE-KMS' : 'SSE-KMS';
  return `${name}, ${spec.kms_master_key_id === undefined ? 'AWS managed key aws/s3' : keyText(ctx, stack, spec.kms_master_key_id)}${bucketKey}`;
}

function replicationText(ctx: ReviewContext, config: AppResource, rule: JsonObject): string {
  const d = block(rule.destination);
  const key = block(d.encryption_configuration).replica_kms_key_id;
  const markers =
    text(block(rule.delete_marker_replication).status) === 'Enabled' ? 'delete markers replicated' : 'delete markers not replicated';
  // A filter replicates only the objects it matches (S3 user guide, replication-add-config.html).
  const { prefix, tags } = s3Filter(rule);
  const details = [
    prefix ? `only prefix \`${prefix}\`` : '',
    tags.length > 0 ? `only objects tagged ${tags.join(', ')}` : '',
    text(d.storage_class),
    key !== undefined ? keyText(ctx, config.stack, key) : '',
    markers,
    rule.status === 'Enabled' ? '' : 'rule disabled',
  ].filter(Boolean);
  return `to ${labelOf(ctx, config.stack, d.bucket, 'aws_s3_bucket')} (${details.join(', ')})`;
}

function publicAccessText(pab: JsonObject | undefined, ownership: string | undefined): string {
  const acl = ownership === 'BucketOwnerEnforced' ? ', ACLs disabled' : ownership ? `, ownership ${ownership}` : '';
  if (!pab) return `no bucket-level block (the account setting applies)${acl}`;
  const settings = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'];
  const off = settings.filter((s) => !isTrue(pab[s]));
  return `${off.length === 0 ? 'all public access blocked' : `NOT blocked: ${off.join(', ')}`}${acl}`;
}

function durationText(seconds: number): string {
  return seconds % 86_400 === 0
    ? plural(seconds / 86_400, 'day')
    : seconds % 3600 === 0
      ? plural(seconds / 3600, 'hour')
      : plural(seconds, 'second');
}
