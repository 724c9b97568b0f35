/** How the review names a resource a fact refers to: the app's own label when it is ours, the value as written otherwise. */

import type { AppResource } from '../../model';
import type { ReviewContext } from '../context';

/** A resource named after what it configures: an `aws_s3_bucket_*` setting is "bucket X (server side encryption configuration)". */
export function ownerLabel(ctx: ReviewContext, r: AppResource): string {
  const bucket = r.type.startsWith('aws_s3_bucket_') ? ctx.resolver.refersTo(r.stack, r.config.bucket, 'aws_s3_bucket') : undefined;
  return bucket ? `${ctx.resolver.label(bucket)} (${r.type.slice('aws_s3_bucket_'.length).replace(/_/g, ' ')})` : ctx.resolver.label(r);
}

/** "key alias/x" for a key of the app, the alias or ARN as written otherwise. */
export function keyText(ctx: ReviewContext, stack: string, value: unknown): string {
  const key = ctx.resolver.refersTo(stack, value, 'aws_kms_key');
  if (key) return ctx.resolver.label(key);
  const shown = ctx.resolver.display(stack, value);
  return shown.startsWith('alias/aws/') ? `AWS managed key ${shown.slice(6)}` : `key ${shown}`;
}

export function labelOf(ctx: ReviewContext, stack: string, value: unknown, type: string): string {
  const r = ctx.resolver.refersTo(stack, value, type);
  return r ? ctx.resolver.label(r) : `\`${ctx.resolver.display(stack, value)}\``;
}
