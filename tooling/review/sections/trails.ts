/** Report section: every CloudTrail trail of a stack with its scope, integrity, destinations, selectors and insights. */

import { type AppResource, type AppStack, blocks, flag, isFalse, isTrue, text } from '../../model';
import type { JsonObject } from '../../terraform/plan-json';
import type { ReviewContext } from '../context';
import { keyText, preventsDestroy, scopeText, trailRecording } from '../facts';
import { blocksOf, cell, code, heading, table } from '../format';

/** One table of settings per trail; empty when the stack has no trail. */
export function trailsSection(ctx: ReviewContext, stack: AppStack): string {
  const trails = stack.resources.filter((r) => r.type === 'aws_cloudtrail');
  if (trails.length === 0) return '';
  return blocksOf(heading(3, 'Trails'), ...trails.map((t) => trailBlock(ctx, t)));
}

/** The settings of one trail, as a two-column table. */
function trailBlock(ctx: ReviewContext, trail: AppResource): string {
  const c = trail.config;
  const { resolver } = ctx;
  const yes = (v: unknown, byDefault: boolean) => ((flag(v) ?? (v === undefined && byDefault)) ? 'yes' : '**no**');
  const label = (value: unknown, type: string) => {
    const r = resolver.refersTo(trail.stack, value, type);
    return r ? resolver.label(r) : code(resolver.display(trail.stack, value));
  };
  const bucket = label(c.s3_bucket_name, 'aws_s3_bucket');
  const prefix = text(c.s3_key_prefix);
  const rows: [string, string][] = [
    ['account, region', `${trail.provider.accountIds.join(', ') || '?'}, home region ${trail.provider.region ?? '?'}`],
    ['scope', isTrue(c.is_organization_trail) ? 'organization trail: every account of the organization' : 'this account only'],
    ['multi-region', yes(c.is_multi_region_trail, false)],
    ['global service events (IAM, STS, ...)', yes(c.include_global_service_events, true)],
    ['logging', isFalse(c.enable_logging) ? '**stopped** (`enable_logging = false`)' : 'on'],
    ['log file validation (digests)', yes(c.enable_log_file_validation, false)],
    ['delivers to', `${bucket}${prefix ? ` under ${code(`${prefix}/AWSLogs/`)}` : ` under ${code('AWSLogs/')}`}`],
    ['encryption', c.kms_key_id === undefined ? '**SSE-S3 only** (no KMS key)' : `SSE-KMS, ${keyText(ctx, trail.stack, c.kms_key_id)}`],
    ['notifications', c.sns_topic_name === undefined ? 'none' : label(c.sns_topic_name, 'aws_sns_topic')],
    [
      'CloudWatch Logs',
      c.cloud_watch_logs_group_arn === undefined
        ? 'none'
        : `${label(c.cloud_watch_logs_group_arn, 'aws_cloudwatch_log_group')}, as ${label(c.cloud_watch_logs_role_arn, 'aws_iam_role')}`,
    ],
    ...selectorRows(c),
    ['insights', trailRecording(c).insights.join(', ') || 'none'],
    ['prevent_destroy', preventsDestroy(trail) ? 'yes' : '**no**'],
  ];
  return blocksOf(
    heading(4, `trail ${code(resolver.literalName(trail) ?? trail.name)}`),
    table(
      ['setting', 'value'],
      rows.map(([k, v]) => [k, cell(v)]),
    ),
  );
}

/** One row per selector: what it records, in words (trail-recording.ts). */
function selectorRows(c: JsonObject): [string, string][] {
  const { scopes } = trailRecording(c);
  const selectors = blocks(c.advanced_event_selector).length + blocks(c.event_selector).length;
  if (selectors === 0) return [['records', `${scopeText(scopes[0])} (CloudTrail's default without selectors)`]];
  return scopes.map((s) => [`records${s.name ? `: ${s.name}` : ''}`, scopeText(s, code)]);
}
