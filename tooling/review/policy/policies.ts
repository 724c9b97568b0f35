/**
 * Every IAM policy an app defines, wherever it lives, in one normalized statement model: resource
 * policies (S3, KMS, SNS, SQS, Kinesis, EventBridge bus, OAM sink, others), Lambda and EventBridge
 * permissions, role trust and identity policies, SCPs and RCPs, `aws_iam_policy_document` data
 * sources, and policies inside CloudFormation (StackSet) templates. The review renders them; the
 * security diff compares them (`ResourcePolicy.id` and `statementKey` are stable between synths).
 */

import { parsePolicyDocument } from '../../../modules/policy';
import { type AppResource, blocks, parseJson, parseReference, type Resolver, templates, text, texts } from '../../model';
import { isJsonObject } from '../../terraform/plan-json';
import { eventPermission, fromPolicyDocumentData, kmsGrant, lambdaPermission, templatePolicies } from './converters';
import type { PolicyKind, ResourcePolicy } from './resource-policy';

/** Every policy of the app, stack by stack in apply order. */
export function extractPolicies(resolver: Resolver): ResourcePolicy[] {
  const fromTemplates = templates(resolver).flatMap((t) => templatePolicies(resolver, t));
  return resolver.app.stacks.flatMap((stack) => [
    ...stack.resources.flatMap((r) => resourcePolicies(resolver, r)),
    ...fromTemplates.filter((p) => p.stack === stack.name),
  ]);
}

/** Policy resources attached to another: [kind, the attribute naming it, its type, how a label names it]. */
const ATTACHED_POLICIES: Readonly<Record<string, readonly [PolicyKind, string, string, string]>> = {
  aws_s3_bucket_policy: ['bucket', 'bucket', 'aws_s3_bucket', 'bucket'],
  aws_sns_topic_policy: ['topic', 'arn', 'aws_sns_topic', 'topic'],
  aws_sqs_queue_policy: ['queue', 'queue_url', 'aws_sqs_queue', 'queue'],
  aws_kinesis_resource_policy: ['stream', 'resource_arn', 'aws_kinesis_stream', 'stream'],
  aws_cloudwatch_event_bus_policy: ['event-bus', 'event_bus_name', 'aws_cloudwatch_event_bus', 'event bus'],
  aws_oam_sink_policy: ['sink', 'sink_identifier', 'aws_oam_sink', 'OAM sink'],
};

/** Policies a resource holds; [] for resources without one. */
function resourcePolicies(resolver: Resolver, r: AppResource): ResourcePolicy[] {
  const c = r.config;
  const on = (attr: string, type: string) => resolver.refersTo(r.stack, c[attr], type);
  const labelOf = (governs: AppResource | undefined, attr: string, what: string) =>
    governs ? resolver.label(governs) : `${what} ${resolver.display(r.stack, c[attr] ?? 'default')}`;
  const make = (
    kind: PolicyKind,
    attribute: string,
    value: unknown,
    governs: AppResource | undefined,
    target: string,
    extra: Partial<ResourcePolicy> = {},
  ) => policy(resolver, r, kind, attribute, value, governs, target, extra);
  const attached = ATTACHED_POLICIES[r.type];
  if (attached) {
    const [kind, attr, governedType, what] = attached;
    const governs = on(attr, governedType);
    return [make(kind, 'policy', c.policy, governs, labelOf(governs, attr, what))];
  }
  switch (r.type) {
    case 'aws_iam_role_policy':
    case 'aws_iam_user_policy':
    case 'aws_iam_group_policy': {
      const holderAttr = r.type.split('_')[2];
      const holder = on(holderAttr, `aws_iam_${holderAttr}`);
      const subject = labelOf(holder, holderAttr, holderAttr);
      return [make('identity', 'policy', c.policy, holder, subject, { appliesTo: [subject] })];
    }
    case 'aws_iam_policy': {
      const appliesTo = attachments(
        resolver,
        r,
        ['aws_iam_role_policy_attachment', 'aws_iam_user_policy_attachment', 'aws_iam_group_policy_attachment'],
        'policy_arn',
        ['role', 'user', 'group'],
      );
      return [make('identity', 'policy', c.policy, r, resolver.label(r), { appliesTo })];
    }
    case 'aws_iam_role': {
      const label = resolver.label(r);
      const managed = [
        ...texts(c.managed_policy_arns).map((arn) => `managed policy ${arn}`),
        ...resolver
          .ofType('aws_iam_role_policy_attachment')
          .filter((a) => a.stack === r.stack && resolver.refersTo(a.stack, a.config.role, r.type)?.address === r.address)
          .map((a) => {
            const own = resolver.refersTo(a.stack, a.config.policy_arn);
            return own ? resolver.label(own) : `managed policy ${resolver.display(a.stack, a.config.policy_arn)}`;
          }),
      ];
      return [
        make('trust', 'assume_role_policy', c.assume_role_policy, r, label, { notes: managed.map((m) => `also has ${m}`) }),
        ...blocks(c.inline_policy)
          .filter((p) => p.policy !== undefined)
          .map((p) => make('identity', `inline_policy.${text(p.name) ?? '?'}`, p.policy, r, label, { appliesTo: [label] })),
      ];
    }
    case 'aws_organizations_policy': {
      const kind =
        c.type === 'RESOURCE_CONTROL_POLICY' ? 'rcp' : c.type === undefined || c.type === 'SERVICE_CONTROL_POLICY' ? 'scp' : undefined;
      if (!kind) return [];
      const appliesTo = attachments(resolver, r, ['aws_organizations_policy_attachment'], 'policy_id', ['target_id']);
      return [make(kind, 'content', c.content, r, resolver.label(r), { appliesTo })];
    }
    case 'aws_lambda_permission':
      return [lambdaPermission(resolver, r)];
    case 'aws_cloudwatch_event_permission':
      return [eventPermission(resolver, r)];
    case 'aws_kms_grant':
      return [kmsGrant(resolver, r)];
    default: {
      const self: Record<string, PolicyKind> = {
        aws_s3_bucket: 'bucket',
        aws_kms_key: 'key',
        aws_kms_replica_key: 'key',
        aws_sns_topic: 'topic',
        aws_sqs_queue: 'queue',
      };
      return ['policy', 'access_policies', 'policy_document']
        .filter((attr) => c[attr] !== undefined && (self[r.type] || hasStatements(resolver, r, c[attr])))
        .map((attr) => make(self[r.type] ?? 'other', attr, c[attr], r, resolver.label(r)));
    }
  }
}

function policy(
  resolver: Resolver,
  r: AppResource,
  kind: PolicyKind,
  attribute: string,
  value: unknown,
  governs: AppResource | undefined,
  target: string,
  extra: Partial<ResourcePolicy>,
): ResourcePolicy {
  const literal = typeof value === 'string' && !parseReference(value);
  const parsed = literal || isJsonObject(value) ? parsePolicyDocument(value) : fromPolicyDocumentData(resolver, r.stack, value);
  return {
    id: `${r.stack}/${r.address}#${attribute}`,
    stack: r.stack,
    address: r.address,
    attribute,
    kind,
    ...(governs ? { governs } : {}),
    target,
    appliesTo: [],
    statements: parsed.statements,
    ...(literal ? { size: Buffer.byteLength(value as string, 'utf8') } : {}),
    problems: parsed.problems,
    notes: [],
    ...extra,
  };
}

/** Labels of what attachment resources of `types` attach `policy` to. */
function attachments(resolver: Resolver, policy: AppResource, types: string[], refAttr: string, targetAttrs: string[]): string[] {
  return types
    .flatMap((t) => resolver.ofType(t))
    .filter((a) => a.stack === policy.stack && resolver.refersTo(a.stack, a.config[refAttr])?.address === policy.address)
    .flatMap((a) =>
      targetAttrs
        .filter((k) => a.config[k] !== undefined)
        .map((k) => {
          const target = resolver.refersTo(a.stack, a.config[k]);
          return target ? resolver.label(target) : resolver.display(a.stack, a.config[k]);
        }),
    );
}

function hasStatements(resolver: Resolver, r: AppResource, value: unknown): boolean {
  const ref = typeof value === 'string' ? parseReference(value) : undefined;
  if (ref)
    return ref.data && ref.type === 'aws_iam_policy_document' && resolver.resource(r.stack, `data.${ref.type}.${ref.name}`) !== undefined;
  const doc = typeof value === 'string' ? parseJson(value) : value;
  return isJsonObject(doc) && doc.Statement !== undefined;
}
