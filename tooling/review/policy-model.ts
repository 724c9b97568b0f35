/**
 * The normalized policy model: statements with lists for principals, actions, resources and
 * conditions, and the policy documents that hold them. `policies.ts` re-exports all of it; import
 * from there.
 */
import { isJsonObject, type JsonObject } from '../terraform/plan-json';
import type { ReviewResource } from './app-model';
import { parseJson, texts } from './values';

export type Effect = 'Allow' | 'Deny';

/** `{"Service": "x"}` is `{ type: 'Service', id: 'x' }`; `"Principal": "*"` is `{ type: '*', id: '*' }`. */
export interface PolicyPrincipal {
  readonly type: 'AWS' | 'Service' | 'Federated' | 'CanonicalUser' | '*';
  readonly id: string;
}

/** One condition key under one operator: `{ operator: 'StringEquals', key: 'aws:SourceArn', values: [...] }`. */
export interface PolicyCondition {
  readonly operator: string;
  readonly key: string;
  readonly values: readonly string[];
}

/**
 * A statement, normalized: single values become lists; lists are sorted and deduplicated; service
 * prefixes of actions are lowercase (`SNS:Publish` is `sns:Publish`); condition values are strings.
 * Terraform tokens (`${...}`) stay as written. Identity policies have no principals.
 */
export interface PolicyStatement {
  readonly sid?: string;
  readonly effect: Effect;
  readonly principals: readonly PolicyPrincipal[];
  readonly notPrincipals: readonly PolicyPrincipal[];
  readonly actions: readonly string[];
  readonly notActions: readonly string[];
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
  readonly conditions: readonly PolicyCondition[];
}

export type PolicyKind =
  | 'bucket'
  | 'key'
  | 'topic'
  | 'queue'
  | 'stream'
  | 'event-bus'
  | 'lambda'
  | 'trust'
  | 'identity'
  | 'scp'
  | 'rcp'
  | 'sink'
  | 'other';

/** Title of each kind, and the size AWS allows a whole policy of that kind, where documented. */
export const POLICY_KINDS: Record<PolicyKind, { readonly title: string; readonly limit?: number }> = {
  bucket: { title: 'S3 bucket policy', limit: 20_480 },
  key: { title: 'KMS key policy', limit: 32_768 },
  topic: { title: 'SNS topic policy', limit: 30_720 },
  queue: { title: 'SQS queue policy', limit: 8_192 },
  stream: { title: 'Kinesis resource policy' },
  'event-bus': { title: 'EventBridge bus policy', limit: 10_240 },
  lambda: { title: 'Lambda permission' },
  trust: { title: 'IAM role trust policy', limit: 2_048 },
  identity: { title: 'IAM identity policy' },
  scp: { title: 'Service control policy', limit: 5_120 },
  rcp: { title: 'Resource control policy', limit: 5_120 },
  sink: { title: 'OAM sink policy' },
  other: { title: 'Resource policy' },
};

/** One policy document and what it governs. */
export interface ResourcePolicy {
  /** Stable identity for diffs: `<stack>/<address>#<attribute>`. */
  readonly id: string;
  readonly stack: string;
  /** The Terraform resource that holds the policy. */
  readonly address: string;
  /** Where in it: `policy`, `assume_role_policy`, `inline_policy.<name>`, `template:<logicalId>.<property>`, ... */
  readonly attribute: string;
  readonly kind: PolicyKind;
  /** The resource the policy is on (the bucket of a bucket policy, the role of a trust policy), when in the app. */
  readonly governs?: ReviewResource;
  /** What the policy is on, for people. */
  readonly target: string;
  /** Who an identity policy, SCP or RCP applies to (roles, OUs, accounts), for people. */
  readonly appliesTo: readonly string[];
  readonly statements: readonly PolicyStatement[];
  /** Bytes of the policy text as synthesized (tokens not yet resolved), when it is literal JSON. */
  readonly size?: number;
  readonly problems: readonly string[];
  readonly notes: readonly string[];
}

/** Parses a policy document (object or JSON text) into normalized statements. */
export function parsePolicyDocument(document: unknown): { statements: PolicyStatement[]; problems: string[] } {
  const doc = typeof document === 'string' ? parseJson(document) : document;
  if (!isJsonObject(doc)) return { statements: [], problems: ['not a JSON policy document'] };
  const raw = Array.isArray(doc.Statement) ? doc.Statement : isJsonObject(doc.Statement) ? [doc.Statement] : undefined;
  if (!raw) return { statements: [], problems: ['has no Statement'] };
  const problems = raw.flatMap((s, i) =>
    isJsonObject(s) && (s.Effect === 'Allow' || s.Effect === 'Deny') ? [] : [`statement ${i + 1} has no Effect Allow or Deny`],
  );
  return { statements: raw.filter(isJsonObject).map(normalizeStatement), problems };
}

/** Normalizes one IAM JSON statement. */
export function normalizeStatement(s: JsonObject): PolicyStatement {
  const conditions = Object.entries(isJsonObject(s.Condition) ? s.Condition : {}).flatMap(([operator, keys]) =>
    Object.entries(isJsonObject(keys) ? keys : {}).map(([key, v]) => ({
      operator,
      key,
      values: sorted((Array.isArray(v) ? v : [v]).map(String)),
    })),
  );
  return {
    ...(typeof s.Sid === 'string' && s.Sid ? { sid: s.Sid } : {}),
    effect: s.Effect === 'Deny' ? 'Deny' : 'Allow',
    principals: principals(s.Principal),
    notPrincipals: principals(s.NotPrincipal),
    actions: sorted(texts(s.Action).map(normalizeAction)),
    notActions: sorted(texts(s.NotAction).map(normalizeAction)),
    resources: sorted(texts(s.Resource)),
    notResources: sorted(texts(s.NotResource)),
    conditions: conditions.sort((a, b) => `${a.operator} ${a.key}`.localeCompare(`${b.operator} ${b.key}`)),
  };
}

/** Whether an IAM action pattern (`s3:Get*`, `*`) matches an action, case-insensitively. */
export function actionMatches(pattern: string, action: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    'i',
  );
  return re.test(action);
}

/** A statement's identity within its policy: its Sid, else its canonical JSON. */
export function statementKey(s: PolicyStatement): string {
  return s.sid ?? JSON.stringify(s);
}

function principals(value: unknown): PolicyPrincipal[] {
  if (value === undefined) return [];
  if (value === '*') return [{ type: '*', id: '*' }];
  if (!isJsonObject(value)) return [];
  const list = Object.entries(value).flatMap(([type, ids]) => texts(ids).map((id) => ({ type: type as PolicyPrincipal['type'], id })));
  return [...new Map(list.map((p) => [`${p.type} ${p.id}`, p])).values()].sort((a, b) =>
    `${a.type} ${a.id}`.localeCompare(`${b.type} ${b.id}`),
  );
}

function normalizeAction(action: string): string {
  const at = action.indexOf(':');
  return at > 0 ? `${action.slice(0, at).toLowerCase()}${action.slice(at)}` : action;
}

function sorted(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
