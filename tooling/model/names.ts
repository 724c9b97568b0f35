/**
 * What a resource is called: the word for its type in labels, the argument that holds its own name,
 * and its ARN when config alone determines it (the account and region of its provider, its literal
 * name). Tables, so a new type is a row.
 */
import type { AppResource } from './app';
import { literalRegion } from './providers';
import { text } from './values';

/** Word for a resource type in labels. */
export const KIND: Readonly<Record<string, string>> = {
  aws_s3_bucket: 'bucket',
  aws_kms_key: 'key',
  aws_kms_alias: 'alias',
  aws_sns_topic: 'topic',
  aws_sqs_queue: 'queue',
  aws_kinesis_stream: 'stream',
  aws_lambda_function: 'Lambda',
  aws_iam_role: 'role',
  aws_iam_policy: 'IAM policy',
  aws_cloudwatch_log_group: 'log group',
  aws_cloudwatch_event_bus: 'event bus',
  aws_cloudwatch_event_rule: 'rule',
  aws_cloudwatch_event_archive: 'event archive',
  aws_cloudtrail: 'trail',
  aws_cloudformation_stack_set: 'StackSet',
  aws_cloudformation_stack: 'CloudFormation stack',
  aws_oam_sink: 'OAM sink',
  aws_organizations_policy: 'organization policy',
  aws_cloudwatch_metric_alarm: 'alarm',
  aws_ssm_parameter: 'parameter',
};

/** Words for the kinds of organization policy. */
export const ORGANIZATION_POLICY_KIND: Readonly<Record<string, string>> = {
  SERVICE_CONTROL_POLICY: 'SCP',
  RESOURCE_CONTROL_POLICY: 'RCP',
  TAG_POLICY: 'tag policy',
  BACKUP_POLICY: 'backup policy',
  AISERVICES_OPT_OUT_POLICY: 'AI services opt-out policy',
};

/** Types whose name, for people, is not in a `name`-like argument (a permission's `function_name` names its function). */
const TYPE_NAME_KEYS: Readonly<Record<string, readonly string[]>> = {
  aws_lambda_permission: ['statement_id'],
  aws_cloudwatch_event_target: ['target_id'],
  aws_cloudwatch_event_permission: ['statement_id'],
};

const NAME_KEYS = ['name', 'bucket', 'function_name', 'alarm_name', 'stack_set_name', 'name_prefix', 'bucket_prefix'];

/** The argument that holds a resource's own name, where it is not `name`. */
const OWN_NAME: Readonly<Record<string, string>> = { aws_s3_bucket: 'bucket', aws_lambda_function: 'function_name' };

/**
 * The literal name of a resource as people and references read it (bucket, function, alarm, ...
 * name; for a settings resource such as `aws_s3_bucket_versioning`, the bucket it configures, which
 * is also its id), if the config states it.
 */
export function literalName(r: AppResource): string | undefined {
  for (const key of TYPE_NAME_KEYS[r.type] ?? NAME_KEYS) {
    const value = text(r.config[key]);
    if (value && !value.includes('${')) return value;
  }
  return undefined;
}

/** The literal name that identifies the resource itself (its `bucket`, `function_name` or `name`), if any. */
export function ownName(r: AppResource): string | undefined {
  const value = r.config[OWN_NAME[r.type] ?? 'name'];
  return typeof value === 'string' && value !== '' && !value.includes('${') ? value : undefined;
}

/** ARNs by type, from the name and where the resource lives; `at` is `<region>:<account>`. */
const REGIONAL_ARNS: Readonly<Record<string, (at: string, name: string) => string>> = {
  aws_sns_topic: (at, name) => `arn:aws:sns:${at}:${name}`,
  aws_sqs_queue: (at, name) => `arn:aws:sqs:${at}:${name}`,
  aws_lambda_function: (at, name) => `arn:aws:lambda:${at}:function:${name}`,
  aws_cloudwatch_log_group: (at, name) => `arn:aws:logs:${at}:log-group:${name}`,
  aws_cloudwatch_event_bus: (at, name) => `arn:aws:events:${at}:event-bus/${name}`,
  aws_kinesis_stream: (at, name) => `arn:aws:kinesis:${at}:stream/${name}`,
  aws_cloudtrail: (at, name) => `arn:aws:cloudtrail:${at}:trail/${name}`,
  aws_kms_alias: (at, name) => `arn:aws:kms:${at}:${name}`,
};

/**
 * The ARN of a resource when config alone determines it (bucket, topic, queue, role, ...).
 * `eventBusName` gives the literal bus name of an event rule (`default` when unset).
 */
export function arnOf(r: AppResource, eventBusName?: string): string | undefined {
  const name = literalName(r);
  const account = r.provider.account;
  if (!name) return undefined;
  if (r.type === 'aws_s3_bucket') return `arn:aws:s3:::${name}`;
  if (r.type === 'aws_iam_role' || r.type === 'aws_iam_policy') {
    const kind = r.type === 'aws_iam_role' ? 'role' : 'policy';
    return account ? `arn:aws:iam::${account}:${kind}${text(r.config.path) ?? '/'}${name}` : undefined;
  }
  const region = literalRegion(r.provider);
  if (!region || !account) return undefined;
  const at = `${region}:${account}`;
  if (r.type === 'aws_cloudwatch_event_rule') {
    return `arn:aws:events:${at}:rule/${eventBusName && eventBusName !== 'default' ? `${eventBusName}/` : ''}${name}`;
  }
  return REGIONAL_ARNS[r.type]?.(at, name);
}
