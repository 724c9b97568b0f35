/**
 * Policy documents as rules read them: the one IAM policy model (modules/policy) with each statement
 * labelled for details, and what counts as a condition that scopes a grant (IAM user guide, "IAM
 * JSON policy elements" and "AWS global condition context keys").
 */
import { admitsAnyone, normalizeStatement, restrictingConditions, type Statement } from '../../modules/policy';
import { isJsonObject } from '../terraform';

/** A statement and how details name it: its Sid, or `statement <n>` when there is none. */
export interface LabelledStatement extends Statement {
  readonly label: string;
}

export type ParsedPolicy =
  | { readonly ok: true; readonly statements: readonly LabelledStatement[] }
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
  const statements: LabelledStatement[] = [];
  for (const [i, entry] of list.entries()) {
    if (!isJsonObject(entry)) return { ok: false, problem: `statement ${i + 1} is not a JSON object` };
    const statement = normalizeStatement(entry);
    statements.push({ ...statement, label: statement.sid ?? `statement ${i + 1}` });
  }
  return { ok: true, statements };
}

/** `aws:SourceArn` and friends: what a service principal's grant is scoped by (confused-deputy prevention). */
export const SOURCE_KEYS = ['aws:SourceArn', 'aws:SourceAccount', 'aws:SourceOrgID', 'aws:SourceOrgPaths'] as const;

/** Keys that limit who can use a grant to known accounts, an organization, named principals or a network path. */
const SCOPING_KEYS = [
  ...SOURCE_KEYS,
  'aws:PrincipalOrgID',
  'aws:PrincipalOrgPaths',
  'aws:PrincipalAccount',
  'aws:PrincipalArn',
  'aws:SourceVpce',
  'aws:SourceVpc',
  'kms:CallerAccount',
] as const;

/**
 * A wildcard `Allow` nobody scoped: anyone (`*`, or everyone but a NotPrincipal) with no condition
 * from `SCOPING_KEYS`. Returns the statement labels.
 */
export function unscopedPublicAllows(statements: readonly LabelledStatement[]): string[] {
  return statements
    .filter((st) => st.effect === 'Allow' && (admitsAnyone(st) || st.notPrincipals.length > 0))
    .filter((st) => restrictingConditions(st, SCOPING_KEYS).length === 0)
    .map((st) => st.label);
}
