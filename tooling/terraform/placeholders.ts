/**
 * Placeholder values for what only an apply can know (ARNs, key ids), shaped like the real thing so
 * the provider's own validation (ARN formats, for instance) still applies in an offline plan.
 */
import type { StackJson } from './plan-json';

/** The key id placeholders use: a version 4 UUID, like a real KMS key id. */
export const PLACEHOLDER_UUID = '00000000-0000-4000-8000-000000000000';
/** The account placeholders use when the provider names none. */
export const PLACEHOLDER_ACCOUNT = '123456789012';

const REFERENCE = /\$\{(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)\}/g;

/**
 * A value for every output of a stack, as its remote state would return after apply: literals as
 * they are, and each `${type.name.attribute}` reference replaced by a realistic placeholder (ARNs
 * in the account and region of the resource's provider, key ids as UUIDs, names from the config).
 */
export function placeholderOutputs(stack: StackJson): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, output] of Object.entries(stack.output ?? {})) {
    values[name] = mapStrings(output.value, (text) => placeholderText(stack, name, text));
  }
  return values;
}

/** An ARN of the shape AWS gives resources of `type`. */
export function arnPlaceholder(type: string, region: string, account: string, name: string): string {
  switch (type) {
    case 'aws_kms_key':
      return `arn:aws:kms:${region}:${account}:key/${PLACEHOLDER_UUID}`;
    case 'aws_kms_alias':
      return `arn:aws:kms:${region}:${account}:${name.startsWith('alias/') ? name : `alias/${name}`}`;
    case 'aws_s3_bucket':
      return `arn:aws:s3:::${name}`;
    case 'aws_iam_role':
      return `arn:aws:iam::${account}:role/${name}`;
    case 'aws_iam_policy':
      return `arn:aws:iam::${account}:policy/${name}`;
    case 'aws_sns_topic':
      return `arn:aws:sns:${region}:${account}:${name}`;
    case 'aws_sqs_queue':
      return `arn:aws:sqs:${region}:${account}:${name}`;
    case 'aws_cloudtrail':
      return `arn:aws:cloudtrail:${region}:${account}:trail/${name}`;
    case 'aws_cloudwatch_log_group':
      return `arn:aws:logs:${region}:${account}:log-group:${name}`;
    case 'aws_cloudwatch_event_rule':
      return `arn:aws:events:${region}:${account}:rule/${name}`;
    case 'aws_lambda_function':
      return `arn:aws:lambda:${region}:${account}:function:${name}`;
    default: {
      // aws_<service>_<resource...>: arn:aws:<service>:<region>:<account>:<resource>/<name>
      const [, service = 'placeholder', ...rest] = type.split('_');
      return `arn:aws:${service}:${region}:${account}:${rest.join('-') || 'resource'}/${name}`;
    }
  }
}

function placeholderText(stack: StackJson, outputName: string, text: string): string {
  if (!text.includes('${')) return text;
  const replaced = text.replace(REFERENCE, (_match, data: string | undefined, type: string, name: string, attribute: string) =>
    data ? dataPlaceholder(stack, type, attribute) : resourcePlaceholder(stack, type, name, attribute),
  );
  if (!replaced.includes('${')) return replaced;
  // An expression we do not understand: keep the shape the output name promises.
  const { account, region } = providerContext(stack, undefined);
  return outputName.endsWith('_arn') ? `arn:aws:placeholder:${region}:${account}:${outputName}` : `placeholder-${outputName}`;
}

function resourcePlaceholder(stack: StackJson, type: string, name: string, attribute: string): string {
  const config = stack.resource?.[type]?.[name] ?? {};
  const { account, region } = providerContext(stack, config.provider);
  const literal = (key: string) => {
    const value = config[key];
    return typeof value === 'string' && !value.includes('${') ? value : undefined;
  };
  const label = literal('name') ?? literal('bucket') ?? `placeholder-${name.toLowerCase().replace(/[^a-z0-9-]/g, '-')}`;
  if (attribute === 'arn') return arnPlaceholder(type, region, account, label);
  if (type === 'aws_kms_key' && (attribute === 'id' || attribute === 'key_id')) return PLACEHOLDER_UUID;
  if (type === 'aws_s3_bucket' && (attribute === 'id' || attribute === 'bucket')) return label;
  if (attribute === 'region') return region;
  if (attribute === 'account_id') return account;
  return literal(attribute) ?? (attribute === 'name' || attribute === 'id' ? label : `placeholder-${type}-${attribute}`);
}

function dataPlaceholder(stack: StackJson, type: string, attribute: string): string {
  const { account, region } = providerContext(stack, undefined);
  if (type === 'aws_caller_identity' && attribute === 'account_id') return account;
  if (type === 'aws_region' && (attribute === 'name' || attribute === 'id' || attribute === 'region')) return region;
  if (type === 'aws_partition' && attribute === 'partition') return 'aws';
  return `placeholder-${type}-${attribute}`;
}

/** Account and region of the aws provider a resource uses (`provider: "aws.<alias>"`, else the default one). */
function providerContext(stack: StackJson, provider: unknown): { account: string; region: string } {
  const aws = stack.provider?.aws;
  const blocks = aws === undefined ? [] : Array.isArray(aws) ? aws : [aws];
  const alias = typeof provider === 'string' && provider.startsWith('aws.') ? provider.slice(4) : undefined;
  const block = blocks.find((b) => b.alias === alias) ?? blocks.find((b) => b.alias === undefined) ?? {};
  const allowed = block.allowed_account_ids;
  const roleArn = (block.assume_role as { role_arn?: string }[] | undefined)?.[0]?.role_arn;
  const account =
    (Array.isArray(allowed) && typeof allowed[0] === 'string' ? allowed[0] : undefined) ??
    /^arn:aws:iam::(\d{12}):/.exec(roleArn ?? '')?.[1] ??
    PLACEHOLDER_ACCOUNT;
  return { account, region: typeof block.region === 'string' ? block.region : 'us-east-1' };
}

function mapStrings(value: unknown, fn: (text: string) => string): unknown {
  if (typeof value === 'string') return fn(value);
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, fn));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, fn)]));
  }
  return value;
}
