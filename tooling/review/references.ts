/**
 * Following references in synthesized JSON: `${type.name.attribute}` tokens, remote-state outputs of
 * another stack, and literal names and ARNs of resources the app creates. Gives every resource a
 * short human label ("bucket acme-archive", "key alias/org-log-archive") and renders values with
 * their tokens replaced by what they point at.
 */
import { isJsonObject } from '../terraform/plan-json';
import type { ReviewApp, ReviewResource, ReviewStack } from './app-model';
import { text } from './values';

/** A parsed `${...}` reference to a resource or data source attribute. */
export interface Reference {
  readonly data: boolean;
  readonly type: string;
  readonly name: string;
  /** The attribute path after `type.name.`, e.g. `arn` or `outputs.archive_key_arn`. */
  readonly attribute: string;
}

const TOKEN = /\$\{([^{}]*)\}/g;
const SIMPLE = /^(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_.[\]"-]+)$/;

/** The reference a whole-value token holds (`"${aws_kms_key.K.arn}"`), else undefined. */
export function parseReference(value: string): Reference | undefined {
  const whole = /^\$\{([^{}]*)\}$/.exec(value.trim());
  return whole ? parseExpression(whole[1]) : undefined;
}

function parseExpression(expression: string): Reference | undefined {
  const m = SIMPLE.exec(expression.trim());
  return m ? { data: Boolean(m[1]), type: m[2], name: m[3], attribute: m[4] } : undefined;
}

/** Word for a resource type in labels. */
const KIND: Record<string, string> = {
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

const ORGANIZATION_POLICY_KIND: Record<string, string> = {
  SERVICE_CONTROL_POLICY: 'SCP',
  RESOURCE_CONTROL_POLICY: 'RCP',
  TAG_POLICY: 'tag policy',
  BACKUP_POLICY: 'backup policy',
  AISERVICES_OPT_OUT_POLICY: 'AI services opt-out policy',
};

/** Types whose name is not in a `name`-like argument (a permission's `function_name` names its function). */
const TYPE_NAME_KEYS: Record<string, readonly string[]> = {
  aws_lambda_permission: ['statement_id'],
  aws_cloudwatch_event_target: ['target_id'],
  aws_cloudwatch_event_permission: ['statement_id'],
};

const NAME_KEYS = ['name', 'bucket', 'function_name', 'alarm_name', 'stack_set_name', 'name_prefix', 'bucket_prefix'];

/** Resolves references and names resources; built once per review. */
export class Resolver {
  private readonly stacks: Map<string, ReviewStack>;
  private readonly byAddress = new Map<string, ReviewResource>();
  private readonly byArn = new Map<string, ReviewResource>();
  private readonly byTypeName = new Map<string, ReviewResource>();
  private readonly aliases = new Map<string, string>();

  constructor(public readonly app: ReviewApp) {
    this.stacks = new Map(app.stacks.map((s) => [s.name, s]));
    for (const stack of app.stacks) {
      for (const r of [...stack.resources, ...stack.dataSources]) this.byAddress.set(`${stack.name}/${r.address}`, r);
    }
    for (const stack of app.stacks) {
      for (const r of stack.resources) {
        const name = this.literalName(r);
        if (name) this.byTypeName.set(`${r.type}/${name}`, r);
        const arn = this.arnOf(r);
        if (arn) this.byArn.set(arn, r);
        if (r.type === 'aws_kms_alias') {
          const target = this.refersTo(stack.name, r.config.target_key_id);
          const alias = text(r.config.name);
          if (target && alias && !this.aliases.has(`${target.stack}/${target.address}`))
            this.aliases.set(`${target.stack}/${target.address}`, alias);
        }
      }
    }
  }

  /** A resource or data source of a stack by address. */
  resource(stack: string, address: string): ReviewResource | undefined {
    return this.byAddress.get(`${stack}/${address}`);
  }

  /** Every resource of the app of one type. */
  ofType(type: string): ReviewResource[] {
    return this.app.stacks.flatMap((s) => s.resources.filter((r) => r.type === type));
  }

  /** A resource of the app by type and literal name (bucket name, topic name, ...). */
  byName(type: string, name: string): ReviewResource | undefined {
    return this.byTypeName.get(`${type}/${name}`);
  }

  /**
   * The resource a value points at: a `${type.name.attr}` token in `stack`, a remote-state output
   * traced into the stack that owns it, or a literal ARN, queue URL or name of a resource of the app.
   */
  refersTo(stack: string, value: unknown, type?: string): ReviewResource | undefined {
    if (typeof value !== 'string') return undefined;
    const ref = parseReference(value);
    if (ref) {
      if (!ref.data) return this.resource(stack, `${ref.type}.${ref.name}`);
      const output = this.remoteOutput(stack, ref);
      return output ? this.refersTo(output.stack, output.value, type) : undefined;
    }
    if (value.includes('${')) return undefined;
    const arn = value.replace(/(:\*|\/\*)$/, '');
    const found = this.byArn.get(arn) ?? this.byArn.get(value) ?? this.fromQueueUrl(value);
    if (found) return found;
    if (type) return this.byName(type, value);
    return undefined;
  }

  /** Short human label: "bucket acme-archive", "key alias/org-log-archive", "Lambda notifier". */
  label(r: ReviewResource): string {
    const kind = KIND[r.type] ?? r.type.replace(/^aws_/, '').replace(/_/g, ' ');
    if (r.type === 'aws_kms_key') {
      const alias = this.aliases.get(`${r.stack}/${r.address}`);
      return `key ${alias ?? this.pathTail(r)}`;
    }
    const orgKind =
      r.type === 'aws_organizations_policy' ? ORGANIZATION_POLICY_KIND[text(r.config.type) ?? 'SERVICE_CONTROL_POLICY'] : undefined;
    return `${orgKind ?? kind} ${this.literalName(r) ?? this.pathTail(r)}`;
  }

  /** The literal name of a resource (bucket, function, alarm, ... name), if the config states it. */
  literalName(r: ReviewResource): string | undefined {
    for (const key of TYPE_NAME_KEYS[r.type] ?? NAME_KEYS) {
      const value = text(r.config[key]);
      if (value && !value.includes('${')) return value;
    }
    return undefined;
  }

  /** The ARN of a resource when config alone determines it (bucket, topic, queue, role, ...). */
  arnOf(r: ReviewResource): string | undefined {
    const name = this.literalName(r);
    const region = r.provider.region;
    const account = r.provider.accountIds.length === 1 ? r.provider.accountIds[0] : undefined;
    if (!name) return undefined;
    if (r.type === 'aws_s3_bucket') return `arn:aws:s3:::${name}`;
    if (r.type === 'aws_iam_role') return account ? `arn:aws:iam::${account}:role${text(r.config.path) ?? '/'}${name}` : undefined;
    if (!region || !account) return undefined;
    const at = `${region}:${account}`;
    const arns: Record<string, string> = {
      aws_sns_topic: `arn:aws:sns:${at}:${name}`,
      aws_sqs_queue: `arn:aws:sqs:${at}:${name}`,
      aws_lambda_function: `arn:aws:lambda:${at}:function:${name}`,
      aws_cloudwatch_log_group: `arn:aws:logs:${at}:log-group:${name}`,
      aws_cloudwatch_event_bus: `arn:aws:events:${at}:event-bus/${name}`,
      aws_kinesis_stream: `arn:aws:kinesis:${at}:stream/${name}`,
      aws_cloudtrail: `arn:aws:cloudtrail:${at}:trail/${name}`,
      aws_kms_alias: `arn:aws:kms:${at}:${name}`,
    };
    if (r.type === 'aws_cloudwatch_event_rule') {
      const bus = this.literal(r.stack, r.config.event_bus_name);
      return `arn:aws:events:${at}:rule/${bus && bus !== 'default' ? `${bus}/` : ''}${name}`;
    }
    return arns[r.type];
  }

  /**
   * A value as literal text when it is one or when its token points at something config knows
   * (a bucket's id is its name; a topic's arn is computed); undefined otherwise.
   */
  literal(stack: string, value: unknown): string | undefined {
    if (typeof value !== 'string') return undefined;
    if (!value.includes('${')) return value;
    const ref = parseReference(value);
    if (!ref) return undefined;
    if (ref.data) {
      const output = this.remoteOutput(stack, ref);
      return output ? this.literal(output.stack, output.value) : undefined;
    }
    const r = this.resource(stack, `${ref.type}.${ref.name}`);
    if (!r) return undefined;
    if (ref.attribute === 'arn') return this.arnOf(r);
    if (['id', 'name', 'bucket', 'function_name'].includes(ref.attribute)) {
      if (r.type === 'aws_sqs_queue' && ref.attribute === 'id') return undefined; // a queue's id is its URL
      return this.literalName(r);
    }
    return text(r.config[ref.attribute]);
  }

  /** A value for people: literal text as is, each `${...}` token replaced by `‹what it points at›`. */
  display(stack: string, value: unknown): string {
    if (typeof value !== 'string') return JSON.stringify(value);
    const known = this.literal(stack, value);
    if (known !== undefined) return known;
    return value.replace(TOKEN, (token, expression: string) => {
      const ref = parseExpression(expression);
      if (!ref) return token;
      if (ref.data) {
        const output = this.remoteOutput(stack, ref);
        if (!output) return token;
        const inner = this.display(output.stack, output.value);
        return inner.startsWith('‹') ? inner.replace(/›$/, ` from stack ${output.stack}›`) : inner;
      }
      const r = this.resource(stack, `${ref.type}.${ref.name}`);
      if (!r) return token;
      const known = this.literal(stack, token);
      if (known !== undefined) return known;
      const attribute = ref.attribute === 'arn' ? 'ARN' : ref.attribute.replace(/_/g, ' ');
      return `‹${attribute} of ${this.label(r)}›`;
    });
  }

  /** The value of `outputs.<name>` that a remote-state data source reads, in the stack that owns it. */
  private remoteOutput(stack: string, ref: Reference): { stack: string; value: unknown } | undefined {
    if (ref.type !== 'terraform_remote_state') return undefined;
    const output = /^outputs\.([A-Za-z0-9_-]+)$/.exec(ref.attribute)?.[1];
    const read = this.stacks.get(stack)?.reads.find((r) => r.name === ref.name);
    const source = read?.stack ? this.stacks.get(read.stack) : undefined;
    const value = output && source ? source.json.output?.[output]?.value : undefined;
    return source && value !== undefined ? { stack: source.name, value } : undefined;
  }

  private fromQueueUrl(value: string): ReviewResource | undefined {
    const m = /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com\/(\d{12})\/(.+)$/.exec(value);
    return m ? this.byArn.get(`arn:aws:sqs:${m[1]}:${m[2]}:${m[3]}`) : undefined;
  }

  private pathTail(r: ReviewResource): string {
    const parts = r.constructPath?.split('/') ?? [];
    return parts.length > 1 ? parts.slice(1).join('/') : r.name;
  }
}

/** Whether a JSON value mentions a token anywhere. */
export function mentionsToken(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('${');
  if (Array.isArray(value)) return value.some(mentionsToken);
  return isJsonObject(value) && Object.values(value).some(mentionsToken);
}
