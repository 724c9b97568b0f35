/**
 * The one resolver of references between the resources of a synthesized app, built once per model:
 * `${type.name.attr}` tokens (whole or embedded) in the stack that holds them, remote-state outputs
 * traced into the stack that owns them, and literal names, ARNs and queue URLs of resources the app
 * creates. The review asks what one value names (`refersTo`, `literal`, `display`, `label`); the
 * rule pack asks every resource a value mentions (`resolve`, `identifiers`, `substitute`).
 */
import type { AppResource, AppStack, SynthesizedApp } from './app';
import { arnOf, KIND, literalName, ORGANIZATION_POLICY_KIND, ownName } from './names';
import { parseExpression, parseReference, type Reference, referencesIn, TOKEN } from './references';
import { text, texts } from './values';

export class Resolver {
  private readonly stacks: Map<string, AppStack>;
  private readonly byAddress = new Map<string, AppResource>();
  private readonly byArn = new Map<string, AppResource>();
  private readonly byTypeName = new Map<string, AppResource>();
  /** Bare own names (`ownName`) to the resources they name. */
  private readonly byOwnName = new Map<string, AppResource[]>();
  private readonly aliases = new Map<string, string>();

  constructor(public readonly app: SynthesizedApp) {
    this.stacks = new Map(app.stacks.map((s) => [s.name, s]));
    for (const stack of app.stacks) {
      for (const r of [...stack.resources, ...stack.dataSources]) this.byAddress.set(r.id, r);
    }
    for (const stack of app.stacks) {
      for (const r of stack.resources) {
        const name = literalName(r);
        if (name) this.byTypeName.set(`${r.type}/${name}`, r);
        const arn = this.arnOf(r);
        if (arn) this.byArn.set(arn, r);
        const own = ownName(r);
        if (own) this.byOwnName.set(own, [...(this.byOwnName.get(own) ?? []), r]);
        if (r.type === 'aws_kms_alias') {
          const target = this.refersTo(stack.name, r.config.target_key_id);
          const alias = text(r.config.name);
          if (target && alias && !this.aliases.has(target.id)) this.aliases.set(target.id, alias);
        }
      }
    }
  }

  /** A resource or data source of a stack by address. */
  resource(stack: string, address: string): AppResource | undefined {
    return this.byAddress.get(`${stack}/${address}`);
  }

  /** Every resource of the app of one type, in apply order. */
  ofType(type: string): AppResource[] {
    return this.app.stacks.flatMap((s) => s.resources.filter((r) => r.type === type));
  }

  /** A resource of the app by type and literal name (bucket name, topic name, ...). */
  byName(type: string, name: string): AppResource | undefined {
    return this.byTypeName.get(`${type}/${name}`);
  }

  /**
   * The resource a whole value points at: a `${type.name.attr}` token in `stack`, a remote-state
   * output traced into the stack that owns it, or a literal ARN, queue URL or name of a resource of
   * the app (a name only with its `type`).
   */
  refersTo(stack: string, value: unknown, type?: string): AppResource | undefined {
    if (typeof value !== 'string') return undefined;
    const ref = parseReference(value);
    if (ref) {
      if (!ref.data) return this.resource(stack, `${ref.type}.${ref.name}`);
      const output = this.remoteOutput(stack, ref);
      return output ? this.refersTo(output.stack, output.value, type) : undefined;
    }
    if (value.includes('${')) return undefined;
    const found = this.fromLiteralArn(value);
    if (found) return found;
    if (type) return this.byName(type, value);
    return undefined;
  }

  /**
   * Every resource a value (a string or a list of them) mentions from `from`'s stack: each
   * `${type.name.attr}` token in it, or, for literal text, the resource with that ARN or queue URL
   * anywhere, or with that own name (bucket names anywhere, other names in the same stack).
   */
  resolve(from: AppResource, value: unknown): AppResource[] {
    const found = new Set<AppResource>();
    for (const item of texts(value)) {
      for (const ref of referencesIn(item)) {
        const target = ref.data ? undefined : this.resource(from.stack, `${ref.type}.${ref.name}`);
        if (target) found.add(target);
      }
      if (item.includes('${')) continue;
      const byArn = this.fromLiteralArn(item);
      if (byArn) found.add(byArn);
      for (const r of this.byOwnName.get(item) ?? []) if (r.type === 'aws_s3_bucket' || r.stack === from.stack) found.add(r);
    }
    return [...found];
  }

  /** Literal names and ARNs that identify a resource: its own name first, then its ARN when config determines it. */
  identifiers(r: AppResource): string[] {
    const own = ownName(r);
    const arn = own ? this.arnOf(r) : undefined;
    return [...(own ? [own] : []), ...(arn ? [arn] : [])];
  }

  /** Short human label: "bucket acme-archive", "key alias/org-log-archive", "Lambda notifier". */
  label(r: AppResource): string {
    const kind = KIND[r.type] ?? r.type.replace(/^aws_/, '').replace(/_/g, ' ');
    if (r.type === 'aws_kms_key') return `key ${this.aliases.get(r.id) ?? pathTail(r)}`;
    const orgKind =
      r.type === 'aws_organizations_policy' ? ORGANIZATION_POLICY_KIND[text(r.config.type) ?? 'SERVICE_CONTROL_POLICY'] : undefined;
    return `${orgKind ?? kind} ${literalName(r) ?? pathTail(r)}`;
  }

  /** The literal name of a resource (bucket, function, alarm, ... name), if the config states it. */
  literalName(r: AppResource): string | undefined {
    return literalName(r);
  }

  /** The ARN of a resource when config alone determines it (bucket, topic, queue, role, ...). */
  arnOf(r: AppResource): string | undefined {
    return arnOf(r, r.type === 'aws_cloudwatch_event_rule' ? this.literal(r.stack, r.config.event_bus_name) : undefined);
  }

  /**
   * A whole value as literal text when it is one or when its token points at something config knows
   * (a bucket's id is its name; a topic's arn is computed); undefined otherwise.
   */
  literal(stack: string, value: unknown): string | undefined {
    if (typeof value !== 'string') return undefined;
    if (!value.includes('${')) return value;
    const ref = parseReference(value);
    return ref ? this.tokenValue(stack, ref) : undefined;
  }

  /** `value` with every reference of `from`'s stack replaced by its literal value where config knows it; other tokens stay. */
  substitute(from: AppResource, value: string): string {
    return value.replace(TOKEN, (token, expression: string) => {
      const ref = parseExpression(expression);
      return (ref && this.tokenValue(from.stack, ref)) ?? token;
    });
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

  /** What one reference gives, when config knows it. */
  private tokenValue(stack: string, ref: Reference): string | undefined {
    if (ref.data) {
      const output = this.remoteOutput(stack, ref);
      return output ? this.literal(output.stack, output.value) : undefined;
    }
    const r = this.resource(stack, `${ref.type}.${ref.name}`);
    if (!r) return undefined;
    if (ref.attribute === 'arn') return this.arnOf(r);
    if (['id', 'name', 'bucket', 'function_name'].includes(ref.attribute)) {
      if (r.type === 'aws_sqs_queue' && ref.attribute === 'id') return undefined; // a queue's id is its URL
      if (r.type === 'aws_sns_topic' && ref.attribute === 'id') return this.arnOf(r); // a topic's id is its ARN
      return literalName(r);
    }
    return text(r.config[ref.attribute]);
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

  /** A resource by literal ARN (a trailing `:*` or `/*` ignored) or SQS queue URL. */
  private fromLiteralArn(value: string): AppResource | undefined {
    const found = this.byArn.get(value.replace(/(:\*|\/\*)$/, '')) ?? this.byArn.get(value);
    if (found) return found;
    const m = /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com\/(\d{12})\/(.+)$/.exec(value);
    return m ? this.byArn.get(`arn:aws:sqs:${m[1]}:${m[2]}:${m[3]}`) : undefined;
  }
}

function pathTail(r: AppResource): string {
  const parts = r.constructPath?.split('/') ?? [];
  return parts.length > 1 ? parts.slice(1).join('/') : r.name;
}
