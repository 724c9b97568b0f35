/**
 * IAM policy documents as rules read them: statements normalized (single values as lists, principals
 * by kind, conditions flattened), wildcard matching of actions and resources, and what counts as a
 * condition that scopes a grant (IAM user guide, "IAM JSON policy elements" and "AWS global
 * condition context keys").
 */
import { isJsonObject, type JsonObject } from '../terraform';
import { strings } from './values';

export interface Principals {
  /** `"*"` or `{"AWS": "*"}`: anyone. */
  readonly anyone: boolean;
  readonly aws: readonly string[];
  readonly service: readonly string[];
  readonly federated: readonly string[];
}

export interface Condition {
  /** As written, `StringEquals`, `ForAnyValue:StringLike`. */
  readonly operator: string;
  /** Lower-cased key, `aws:sourcearn`. */
  readonly key: string;
  readonly values: readonly string[];
}

export interface Statement {
  /** The Sid, or `statement <n>` when there is none: how details name it. */
  readonly label: string;
  readonly effect: 'Allow' | 'Deny';
  readonly principals: Principals;
  /** Written with `NotPrincipal`. */
  readonly notPrincipal: boolean;
  readonly actions: readonly string[];
  readonly notAction: boolean;
  readonly resources: readonly string[];
  readonly notResource: boolean;
  readonly conditions: readonly Condition[];
}

export type ParsedPolicy =
  | { readonly ok: true; readonly statements: readonly Statement[] }
  | { readonly ok: false; readonly problem: string };

/**
 * A policy attribute (a JSON string, as every policy of this project is synthesized, or an object),
 * parsed; undefined when the attribute is absent. A policy that is not literal JSON (a data source's
 * `.json`, a function call) cannot be verified offline, and says so.
 */
export function parsePolicy(value: unknown): ParsedPolicy | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  let document: unknown = value;
  if (typeof value === 'string') {
    try {
      document = JSON.parse(value);
    } catch {
      return { ok: false, problem: `the policy is not literal JSON (${value.slice(0, 60)}), so it cannot be verified offline` };
    }
  }
  if (!isJsonObject(document)) return { ok: false, problem: 'the policy is not a JSON object' };
  const raw = document.Statement;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const statements: Statement[] = [];
  for (const [i, entry] of list.entries()) {
    if (!isJsonObject(entry)) return { ok: false, problem: `statement ${i + 1} is not a JSON object` };
    statements.push(statement(entry, i));
  }
  return { ok: true, statements };
}

function statement(raw: JsonObject, index: number): Statement {
  const notPrincipal = raw.NotPrincipal !== undefined;
  return {
    label: typeof raw.Sid === 'string' && raw.Sid ? raw.Sid : `statement ${index + 1}`,
    effect: raw.Effect === 'Deny' ? 'Deny' : 'Allow',
    principals: principals(notPrincipal ? raw.NotPrincipal : raw.Principal),
    notPrincipal,
    actions: strings(raw.Action ?? raw.NotAction),
    notAction: raw.NotAction !== undefined,
    resources: strings(raw.Resource ?? raw.NotResource),
    notResource: raw.NotResource !== undefined,
    conditions: conditions(raw.Condition),
  };
}

function principals(raw: unknown): Principals {
  if (raw === '*') return { anyone: true, aws: ['*'], service: [], federated: [] };
  if (!isJsonObject(raw)) return { anyone: false, aws: [], service: [], federated: [] };
  const aws = strings(raw.AWS);
  return { anyone: aws.includes('*'), aws, service: strings(raw.Service), federated: strings(raw.Federated) };
}

function conditions(raw: unknown): Condition[] {
  if (!isJsonObject(raw)) return [];
  const out: Condition[] = [];
  for (const [operator, entries] of Object.entries(raw)) {
    if (!isJsonObject(entries)) continue;
    for (const [key, values] of Object.entries(entries)) {
      out.push({ operator, key: key.toLowerCase(), values: (Array.isArray(values) ? values : [values]).map(String) });
    }
  }
  return out;
}

/** `aws:SourceArn` and friends: what a service principal's grant is scoped by (confused-deputy prevention). */
export const SOURCE_KEYS = ['aws:sourcearn', 'aws:sourceaccount', 'aws:sourceorgid', 'aws:sourceorgpaths'] as const;

/** Keys that limit who can use a grant to known accounts, an organization, named principals or a network path. */
export const SCOPING_KEYS = [
  ...SOURCE_KEYS,
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:sourcevpce',
  'aws:sourcevpc',
  'kms:calleraccount',
] as const;

/**
 * Conditions that really restrict: a positive operator (`StringEquals`, `StringLike`, `ArnEquals`,
 * `ArnLike`, also `ForAnyValue:`), not `...IfExists` (passes when the key is missing), not
 * `ForAllValues:` (passes on an empty set), and not only `*` as the value. `keys` are lower-case;
 * a key ending in `*` matches by prefix (`kms:encryptioncontext:*`).
 */
export function restrictingConditions(st: Statement, keys: readonly string[]): Condition[] {
  return st.conditions.filter((c) => {
    const operator = c.operator.replace(/^ForAnyValue:/, '');
    if (!/^(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike)$/.test(operator)) return false;
    if (c.values.length === 0 || c.values.every((v) => v.trim() === '*')) return false;
    return keys.some((k) => (k.endsWith('*') ? c.key.startsWith(k.slice(0, -1)) : c.key === k));
  });
}

/** Whether an IAM pattern (`*` any run, `?` one character) matches a value; IAM actions compare case-insensitively. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const body = pattern
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, ignoreCase ? 'i' : '').test(value);
}

/** Whether a statement's actions (or NotAction) grant `action` (`s3:PutBucketPolicy`). */
export function grantsAction(st: Statement, action: string): boolean {
  const listed = st.actions.some((pattern) => wildcardMatch(pattern, action, true));
  return st.notAction ? !listed : listed;
}

/** Account ids an AWS principal list names (`arn:aws:iam::123456789012:...` or a bare id). */
export function principalAccounts(aws: readonly string[]): string[] {
  const ids = aws.map((p) => /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(p)?.[1] ?? (/^\d{12}$/.test(p) ? p : undefined));
  return [...new Set(ids.filter((id): id is string => id !== undefined))];
}

/**
 * A wildcard `Allow` nobody scoped: anyone (`*`) with no condition from `SCOPING_KEYS` (and, for
 * services, none at all is enough to be public). Returns the statement labels.
 */
export function unscopedPublicAllows(statements: readonly Statement[]): string[] {
  return statements
    .filter((st) => st.effect === 'Allow' && (st.principals.anyone || st.notPrincipal))
    .filter((st) => restrictingConditions(st, SCOPING_KEYS).length === 0)
    .map((st) => st.label);
}
