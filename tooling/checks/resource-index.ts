/**
 * The cross-resource facts rules need: every managed resource of an output folder with the account
 * and region of its provider, and how resources point at each other. Settings of one AWS resource
 * often live in separate Terraform resources (`aws_s3_bucket_versioning` for a bucket), joined by a
 * reference in the same stack (`${aws_s3_bucket.Bucket.id}`) or by a literal name or ARN, which may
 * cross stacks (a trail in one account writing to a bucket named in another).
 */
import { isJsonObject, type JsonObject, type SynthesizedStackJson } from '../terraform';
import type { CheckedResource, ResourceFacts } from './types';
import { blocks, RESOURCE_REFERENCE, strings } from './values';

/** Every managed resource of the stacks, with its provider's account and region. */
export function collectResources(stacks: readonly SynthesizedStackJson[]): CheckedResource[] {
  const out: CheckedResource[] = [];
  for (const stack of stacks) {
    for (const [type, byName] of Object.entries(stack.json.resource ?? {})) {
      for (const [name, attributes] of Object.entries(byName)) {
        if (!isJsonObject(attributes)) continue;
        const comment = isJsonObject(attributes['//']) ? attributes['//'] : {};
        const metadata = isJsonObject(comment.metadata) ? comment.metadata : {};
        const { account, region } = providerContext(stack.json, attributes.provider);
        out.push({
          stack: stack.name,
          type,
          name,
          address: `${stack.name}/${type}.${name}`,
          ...(typeof metadata.path === 'string' ? { constructPath: metadata.path } : {}),
          attributes,
          ...(account ? { account } : {}),
          ...(region ? { region } : {}),
        });
      }
    }
  }
  return out;
}

/** Suppressions recorded next to the construct (`//.checkSuppressions`), as written; shape checks happen in suppressions.ts. */
export function recordedSuppressions(resource: CheckedResource): unknown[] {
  const comment = resource.attributes['//'];
  if (!isJsonObject(comment) || comment.checkSuppressions === undefined) return [];
  return Array.isArray(comment.checkSuppressions) ? comment.checkSuppressions : [comment.checkSuppressions];
}

/** Account and region of the aws provider a resource uses (`provider: "aws.<alias>"`, else the default one). */
function providerContext(stack: SynthesizedStackJson['json'], provider: unknown): { account?: string; region?: string } {
  const aws = stack.provider?.aws;
  const list = aws === undefined ? [] : Array.isArray(aws) ? aws : [aws];
  const alias = typeof provider === 'string' && provider.startsWith('aws.') ? provider.slice(4) : undefined;
  const chosen = list.find((b) => b.alias === alias) ?? (alias ? undefined : list.find((b) => b.alias === undefined));
  if (!chosen) return {};
  const allowed = strings(chosen.allowed_account_ids);
  const roleArn = blocks(chosen.assume_role)[0]?.role_arn;
  const account =
    allowed.length === 1 ? allowed[0] : /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(typeof roleArn === 'string' ? roleArn : '')?.[1];
  const region = typeof chosen.region === 'string' && !chosen.region.includes('${') ? chosen.region : undefined;
  return { ...(account ? { account } : {}), ...(region ? { region } : {}) };
}

/** The attribute holding a resource's name, by type (`bucket` for buckets, `function_name` for functions). */
const NAME_ATTRIBUTE: Record<string, string> = { aws_s3_bucket: 'bucket', aws_lambda_function: 'function_name' };

/** The ARN of a resource of `type` named `name`, when account and region are known. */
function arnOf(r: CheckedResource, name: string): string[] {
  const { account: a, region: g } = r;
  switch (r.type) {
    case 'aws_s3_bucket':
      return [`arn:aws:s3:::${name}`];
    case 'aws_iam_role':
      return a ? [`arn:aws:iam::${a}:role/${name}`] : [];
    case 'aws_iam_policy':
      return a ? [`arn:aws:iam::${a}:policy/${name}`] : [];
  }
  if (!a || !g) return [];
  switch (r.type) {
    case 'aws_sqs_queue':
      return [`arn:aws:sqs:${g}:${a}:${name}`];
    case 'aws_sns_topic':
      return [`arn:aws:sns:${g}:${a}:${name}`];
    case 'aws_cloudwatch_log_group':
      return [`arn:aws:logs:${g}:${a}:log-group:${name}`, `arn:aws:logs:${g}:${a}:log-group:${name}:*`];
    case 'aws_lambda_function':
      return [`arn:aws:lambda:${g}:${a}:function:${name}`];
    case 'aws_kinesis_stream':
      return [`arn:aws:kinesis:${g}:${a}:stream/${name}`];
    case 'aws_cloudwatch_event_bus':
      return [`arn:aws:events:${g}:${a}:event-bus/${name}`];
    case 'aws_cloudtrail':
      return [`arn:aws:cloudtrail:${g}:${a}:trail/${name}`];
    default:
      return [];
  }
}

/** Values at a dotted path through nested blocks (`dead_letter_config.arn`), flattened. */
export function valuesAt(attributes: JsonObject, path: string): unknown[] {
  let current: unknown[] = [attributes];
  for (const part of path.split('.')) {
    current = current.flatMap((v) => (isJsonObject(v) ? [v[part]] : blocks(v).map((b) => b[part])));
    current = current.flatMap((v) => (Array.isArray(v) && !v.every(isJsonObject) ? v : [v]));
  }
  return current.filter((v) => v !== undefined && v !== null);
}

/** The facts of one output folder. */
export class ResourceIndex implements ResourceFacts {
  private readonly byType = new Map<string, CheckedResource[]>();
  private readonly byAddress = new Map<string, CheckedResource>();
  /** Literal identifiers to the resources they name; `bare` for a bare name (not an ARN). */
  private readonly byIdentifier = new Map<string, { resource: CheckedResource; bare: boolean }[]>();

  constructor(public readonly all: readonly CheckedResource[]) {
    for (const r of all) {
      this.byType.set(r.type, [...(this.byType.get(r.type) ?? []), r]);
      this.byAddress.set(r.address, r);
      this.identifiers(r).forEach((id, i) => {
        this.byIdentifier.set(id, [...(this.byIdentifier.get(id) ?? []), { resource: r, bare: i === 0 }]);
      });
    }
  }

  ofType(type: string): readonly CheckedResource[] {
    return this.byType.get(type) ?? [];
  }

  /** The literal name of a resource (`bucket`, `function_name`, else `name`), when it is literal. */
  nameOf(r: CheckedResource): string | undefined {
    const value = r.attributes[NAME_ATTRIBUTE[r.type] ?? 'name'];
    return typeof value === 'string' && value !== '' && !value.includes('${') ? value : undefined;
  }

  identifiers(r: CheckedResource): readonly string[] {
    const name = this.nameOf(r);
    return name ? [name, ...arnOf(r, name)] : [];
  }

  resolve(from: CheckedResource, value: unknown): readonly CheckedResource[] {
    const found = new Set<CheckedResource>();
    for (const text of strings(value)) {
      for (const match of text.matchAll(RESOURCE_REFERENCE)) {
        const target = this.byAddress.get(`${from.stack}/${match[1]}.${match[2]}`);
        if (target) found.add(target);
      }
      if (text.includes('${')) continue;
      // ARNs are unique everywhere; bare names only inside a stack, except bucket names (global).
      for (const { resource, bare } of this.byIdentifier.get(text) ?? []) {
        if (!bare || resource.type === 'aws_s3_bucket' || resource.stack === from.stack) found.add(resource);
      }
    }
    return [...found];
  }

  referencing(target: CheckedResource, type: string, attribute: string): readonly CheckedResource[] {
    return this.ofType(type).filter((r) => valuesAt(r.attributes, attribute).some((v) => this.resolve(r, v).includes(target)));
  }

  literal(from: CheckedResource, value: string): string {
    return value.replace(RESOURCE_REFERENCE, (whole, type: string, name: string, attribute: string) => {
      const target = this.byAddress.get(`${from.stack}/${type}.${name}`);
      if (!target) return whole;
      const ids = this.identifiers(target);
      if (attribute === 'arn' && ids[1]) return ids[1];
      if (['id', 'bucket', 'name', 'function_name'].includes(attribute) && ids[0] && target.type !== 'aws_sns_topic') return ids[0];
      const own = target.attributes[attribute];
      return typeof own === 'string' && !own.includes('${') ? own : whole;
    });
  }
}
