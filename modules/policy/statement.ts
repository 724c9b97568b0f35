/**
 * The one reading of an IAM policy statement: what the coherence checks evaluate at synth, what the
 * rule pack (`npm run check`) inspects and what the review renders and diffs. A statement is
 * normalized: single values become lists, lists are sorted and deduplicated, the service prefix of
 * an action is lowercase (`SNS:Publish` is `sns:Publish`), condition values are strings. Terraform
 * and cdktf tokens stay as written. Identity policies have no principals. `policy-document.ts`
 * builds policies; this reads them back.
 */
import { actionMatches } from './wildcard';

export type Effect = 'Allow' | 'Deny';

/** `{"Service": "x"}` is `{ type: 'Service', id: 'x' }`; `"Principal": "*"` is `{ type: '*', id: '*' }`. */
export interface PolicyPrincipal {
  readonly type: 'AWS' | 'Service' | 'Federated' | 'CanonicalUser' | '*';
  readonly id: string;
}

/** One condition key under one operator: `{ operator: 'StringEquals', key: 'aws:SourceArn', values: [...] }`. */
export interface PolicyCondition {
  readonly operator: string;
  /** As written; IAM compares condition keys case-insensitively (see `conditionKeyIs`). */
  readonly key: string;
  readonly values: readonly string[];
}

/** A statement, normalized (see the file header). */
export interface Statement {
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

/** A JSON object as read from a policy document. */
type RawObject = Readonly<Record<string, unknown>>;

/** Parses a policy document (object or JSON text) into normalized statements, with what IAM would refuse. */
export function parsePolicyDocument(document: unknown): { statements: Statement[]; problems: string[] } {
  const doc = typeof document === 'string' ? parseJson(document) : document;
  if (!isObject(doc)) return { statements: [], problems: ['not a JSON policy document'] };
  const raw = Array.isArray(doc.Statement) ? doc.Statement : isObject(doc.Statement) ? [doc.Statement] : undefined;
  if (!raw) return { statements: [], problems: ['has no Statement'] };
  const problems = raw.flatMap((s, i) =>
    isObject(s) && (s.Effect === 'Allow' || s.Effect === 'Deny') ? [] : [`statement ${i + 1} has no Effect Allow or Deny`],
  );
  return { statements: raw.filter(isObject).map(normalizeStatement), problems };
}

/** Normalizes one IAM JSON statement. */
export function normalizeStatement(s: RawObject): Statement {
  const conditions = Object.entries(isObject(s.Condition) ? s.Condition : {}).flatMap(([operator, keys]) =>
    Object.entries(isObject(keys) ? keys : {}).map(([key, v]) => ({
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

/** A statement's identity within its policy: its Sid, else its canonical JSON. */
export function statementKey(s: Statement): string {
  return s.sid ?? JSON.stringify(s);
}

/** Whether a statement's actions (or the complement of its NotAction) include `action` (`s3:PutBucketPolicy`). */
export function grantsAction(s: Statement, action: string): boolean {
  if (s.notActions.length > 0) return !s.notActions.some((pattern) => actionMatches(pattern, action));
  return s.actions.some((pattern) => actionMatches(pattern, action));
}

/** Whether a statement applies to anyone: `"*"` or `{"AWS": "*"}` among its principals. */
export function admitsAnyone(s: Statement): boolean {
  return s.principals.some((p) => p.type === '*' || (p.type === 'AWS' && p.id === '*'));
}

/** The ids of one type of principal (`Service`: `cloudtrail.amazonaws.com`, ...). */
export function principalIds(s: Statement, type: PolicyPrincipal['type']): string[] {
  return s.principals.filter((p) => p.type === type).map((p) => p.id);
}

/** Account ids that AWS principals name (`arn:aws:iam::123456789012:...` or a bare id). */
export function principalAccounts(ids: readonly string[]): string[] {
  const accounts = ids.map((p) => /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(p)?.[1] ?? (/^\d{12}$/.test(p) ? p : undefined));
  return [...new Set(accounts.filter((id): id is string => id !== undefined))];
}

function principals(value: unknown): PolicyPrincipal[] {
  if (value === undefined) return [];
  if (value === '*') return [{ type: '*', id: '*' }];
  if (!isObject(value)) return [];
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

function texts(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function isObject(value: unknown): value is RawObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
