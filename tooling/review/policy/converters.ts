/**
 * Policies that are not a JSON document on a resource: Lambda and EventBridge permissions (one
 * statement each), `aws_iam_policy_document` data sources, and policies inside CloudFormation
 * (StackSet) templates. Part of the policy extraction in `policies.ts`.
 */

import { normalizeStatement, parsePolicyDocument, type Statement } from '../../../modules/policy';
import type { Template } from '../../model';
import { type AppResource, block, blocks, parseReference, type Resolver, text, texts } from '../../model';
import type { JsonObject } from '../../terraform/plan-json';
import type { PolicyKind, ResourcePolicy } from './resource-policy';

/** Statements of `${data.aws_iam_policy_document.X.json}`, from the data source's blocks. */
export function fromPolicyDocumentData(resolver: Resolver, stack: string, value: unknown): { statements: Statement[]; problems: string[] } {
  const ref = typeof value === 'string' ? parseReference(value) : undefined;
  const data = ref?.data && ref.type === 'aws_iam_policy_document' ? resolver.resource(stack, `data.${ref.type}.${ref.name}`) : undefined;
  if (!data) return { statements: [], problems: [`is computed (${resolver.display(stack, value)}): not shown`] };
  const merged = ['source_policy_documents', 'override_policy_documents', 'source_json', 'override_json'].filter(
    (k) => data.config[k] !== undefined,
  );
  // Blocks of one principal type, or one condition test and variable, add up: the provider merges
  // their identifiers and values into one list (terraform-provider-aws internal/service/iam/policy_model.go, MarshalJSON).
  const statements = blocks(data.config.statement).map((s) => {
    const who = (key: string) => {
      const byType: Record<string, string[]> = {};
      for (const p of blocks(s[key])) byType[text(p.type) ?? 'AWS'] = [...(byType[text(p.type) ?? 'AWS'] ?? []), ...texts(p.identifiers)];
      return byType;
    };
    const condition: Record<string, Record<string, string[]>> = {};
    for (const c of blocks(s.condition)) {
      const [test, variable] = [text(c.test) ?? '?', text(c.variable) ?? '?'];
      condition[test] = { ...condition[test], [variable]: [...(condition[test]?.[variable] ?? []), ...texts(c.values)] };
    }
    return normalizeStatement({
      Sid: s.sid,
      Effect: s.effect ?? 'Allow',
      ...(s.principals ? { Principal: who('principals') } : {}),
      ...(s.not_principals ? { NotPrincipal: who('not_principals') } : {}),
      Action: s.actions,
      NotAction: s.not_actions,
      Resource: s.resources,
      NotResource: s.not_resources,
      Condition: condition,
    });
  });
  return { statements, problems: merged.map((k) => `${data.address} also merges ${k}: not shown`) };
}

/** An `aws_lambda_permission` as the statement Lambda adds to the function policy. */
export function lambdaPermission(resolver: Resolver, r: AppResource): ResourcePolicy {
  const c = r.config;
  const fn = resolver.refersTo(r.stack, c.function_name, 'aws_lambda_function');
  const target = fn ? resolver.label(fn) : `Lambda ${resolver.display(r.stack, c.function_name)}`;
  const principal = text(c.principal) ?? '?';
  const condition: JsonObject = {};
  const add = (op: string, key: string, v: unknown) => {
    if (v !== undefined) condition[op] = { ...block(condition[op]), [key]: v };
  };
  add('ArnLike', 'aws:SourceArn', c.source_arn);
  add('StringEquals', 'aws:SourceAccount', c.source_account);
  add('StringEquals', 'aws:PrincipalOrgID', c.principal_org_id);
  add('StringEquals', 'lambda:EventSourceToken', c.event_source_token);
  add('StringEquals', 'lambda:FunctionUrlAuthType', c.function_url_auth_type);
  const statement = normalizeStatement({
    Sid: c.statement_id,
    Effect: 'Allow',
    Principal: principal === '*' ? '*' : /^\d{12}$|^arn:/.test(principal) ? { AWS: principal } : { Service: principal },
    Action: c.action,
    Resource: fn ? (resolver.arnOf(fn) ?? target) : resolver.display(r.stack, c.function_name),
    Condition: condition,
  });
  return {
    id: `${r.stack}/${r.address}#permission`,
    stack: r.stack,
    address: r.address,
    attribute: 'permission',
    kind: 'lambda',
    ...(fn ? { governs: fn } : {}),
    target,
    appliesTo: [],
    statements: [statement],
    problems: [],
    notes: text(c.qualifier) ? [`for qualifier ${c.qualifier}`] : [],
  };
}

/** An `aws_cloudwatch_event_permission` as the statement EventBridge adds to the bus policy. */
export function eventPermission(resolver: Resolver, r: AppResource): ResourcePolicy {
  const c = r.config;
  const bus = resolver.refersTo(r.stack, c.event_bus_name, 'aws_cloudwatch_event_bus');
  const cond = block(c.condition);
  const principal = text(c.principal) ?? '?';
  const statement = normalizeStatement({
    Sid: c.statement_id,
    Effect: 'Allow',
    Principal: principal === '*' ? '*' : { AWS: principal },
    Action: c.action ?? 'events:PutEvents',
    Resource: bus ? (resolver.arnOf(bus) ?? resolver.label(bus)) : `event bus ${resolver.display(r.stack, c.event_bus_name ?? 'default')}`,
    Condition: cond.key ? { [text(cond.type) ?? 'StringEquals']: { [String(cond.key)]: cond.value } } : {},
  });
  const target = bus ? resolver.label(bus) : `event bus ${resolver.display(r.stack, c.event_bus_name ?? 'default')}`;
  return {
    id: `${r.stack}/${r.address}#permission`,
    stack: r.stack,
    address: r.address,
    attribute: 'permission',
    kind: 'event-bus',
    ...(bus ? { governs: bus } : {}),
    target,
    appliesTo: [],
    statements: [statement],
    problems: [],
    notes: [],
  };
}

/**
 * An `aws_kms_grant` as the access it gives: the grantee may call the grant's operations on the key
 * (with `encryption_context_equals`/`_subset` as `kms:EncryptionContext:` conditions; they do not
 * apply to DescribeKey or RetireGrant), in addition to what the key policy allows (KMS developer
 * guide, grants.html; KMS API reference, API_GrantConstraints.html).
 */
export function kmsGrant(resolver: Resolver, r: AppResource): ResourcePolicy {
  const c = r.config;
  const key = resolver.refersTo(r.stack, c.key_id, 'aws_kms_key') ?? resolver.refersTo(r.stack, c.key_id, 'aws_kms_replica_key');
  const target = key ? resolver.label(key) : `key ${resolver.display(r.stack, c.key_id)}`;
  const constraints = block(c.constraints);
  const context = (op: string, v: unknown) =>
    Object.keys(block(v)).length === 0
      ? {}
      : { [op]: Object.fromEntries(Object.entries(block(v)).map(([k, value]) => [`kms:EncryptionContext:${k}`, value])) };
  const statement = normalizeStatement({
    Sid: c.name,
    Effect: 'Allow',
    Principal: { AWS: c.grantee_principal },
    Action: texts(c.operations).map((op) => `kms:${op}`),
    Resource: '*',
    Condition: {
      // Either constraint makes each pair required; `_equals` also refuses other pairs (read here as the wider `_subset`).
      ...context('StringEquals', { ...block(constraints.encryption_context_subset), ...block(constraints.encryption_context_equals) }),
    },
  });
  return {
    id: `${r.stack}/${r.address}#grant`,
    stack: r.stack,
    address: r.address,
    attribute: 'grant',
    kind: 'grant',
    ...(key ? { governs: key } : {}),
    target,
    appliesTo: [],
    statements: [statement],
    problems: [],
    notes: ['allows in addition to the key policy'],
  };
}

/** How to read CloudFormation pseudo parameters in a template's policies. */
const PSEUDO_PARAMETERS = `\`\${AWS::AccountId}\` and \`\${AWS::Region}\` are the account and region each stack of the template is deployed to`;

/** Policies in a CloudFormation template: role trust and inline policies, resource policies, permissions. */
export function templatePolicies(resolver: Resolver, t: Template): ResourcePolicy[] {
  const holder = t.holder;
  const where = holder.type === 'aws_cloudformation_stack' ? `in ${resolver.label(holder)}` : `in every stack of ${resolver.label(holder)}`;
  const make = (
    logicalId: string,
    property: string,
    kind: PolicyKind,
    doc: unknown,
    target: string,
    appliesTo: string[] = [],
  ): ResourcePolicy => {
    const parsed = parsePolicyDocument(doc);
    const pseudo = /\$\{AWS::/.test(JSON.stringify(parsed.statements)) ? [PSEUDO_PARAMETERS] : [];
    return {
      id: `${holder.stack}/${holder.address}#template:${logicalId}.${property}`,
      stack: holder.stack,
      address: holder.address,
      attribute: `template:${logicalId}.${property}`,
      kind,
      target,
      appliesTo,
      statements: parsed.statements,
      problems: parsed.problems,
      notes: pseudo,
    };
  };
  const kinds: Record<string, PolicyKind> = {
    'AWS::SQS::QueuePolicy': 'queue',
    'AWS::SQS::QueueInlinePolicy': 'queue',
    'AWS::SNS::TopicPolicy': 'topic',
    'AWS::SNS::TopicInlinePolicy': 'topic',
    'AWS::S3::BucketPolicy': 'bucket',
    'AWS::Logs::ResourcePolicy': 'other',
  };
  return t.resources.flatMap(({ logicalId, type, properties: p }) => {
    const label = `${text(p.RoleName) ?? text(p.UserName) ?? text(p.GroupName) ?? text(p.Name) ?? logicalId} (${type}) ${where}`;
    const inline = () =>
      blocks(p.Policies).map((ip) =>
        make(logicalId, `Policies.${text(ip.PolicyName) ?? '?'}`, 'identity', ip.PolicyDocument, label, [label]),
      );
    if (type === 'AWS::IAM::Role')
      return [make(logicalId, 'AssumeRolePolicyDocument', 'trust', p.AssumeRolePolicyDocument, label), ...inline()];
    if (type === 'AWS::IAM::User' || type === 'AWS::IAM::Group') return inline();
    if (type === 'AWS::IAM::Policy' || type === 'AWS::IAM::ManagedPolicy')
      return [
        make(
          logicalId,
          'PolicyDocument',
          'identity',
          p.PolicyDocument,
          label,
          texts(p.Roles).map((x) => `role ${x}`),
        ),
      ];
    if (kinds[type]) return [make(logicalId, 'PolicyDocument', kinds[type], p.PolicyDocument, label)];
    if (type === 'AWS::KMS::Key') return [make(logicalId, 'KeyPolicy', 'key', p.KeyPolicy, label)];
    if (type === 'AWS::Events::EventBusPolicy') {
      const statement = p.Statement ?? {
        Sid: p.StatementId,
        Effect: 'Allow',
        Principal: p.Principal === '*' ? '*' : { AWS: p.Principal },
        Action: p.Action,
        Resource: '*',
        Condition: p.Condition,
      };
      return [make(logicalId, 'Statement', 'event-bus', { Statement: [statement] }, label)];
    }
    if (type === 'AWS::Lambda::Permission') {
      const condition = {
        ...(p.SourceArn ? { ArnLike: { 'aws:SourceArn': p.SourceArn } } : {}),
        ...(p.SourceAccount ? { StringEquals: { 'aws:SourceAccount': p.SourceAccount } } : {}),
      };
      const principal = String(p.Principal);
      const statement = {
        Effect: 'Allow',
        Principal: /^\d{12}$|^arn:/.test(principal) ? { AWS: principal } : { Service: principal },
        Action: p.Action,
        Resource: p.FunctionName,
        Condition: condition,
      };
      return [make(logicalId, 'Permission', 'lambda', { Statement: [statement] }, label)];
    }
    return [];
  });
}
