import { Token } from 'cdktf';
import {
  conditionValueMatches,
  isNegatedOperator,
  missingKeyHolds,
  normalizeStatement,
  type PolicyPrincipal,
  type Statement,
  wildcardMatch,
} from '../policy';
import type { PolicyDocumentJson } from '../policy-document';

/*
 * A deliberately small reading of IAM policy evaluation, enough to tell at synth whether a
 * resource policy this library rendered admits one request an AWS service will make (CloudTrail
 * writing a log file, EventBridge sending to a queue). It answers in three values: a statement that
 * needs something this reading does not model (a Terraform token, an unmodelled condition key or
 * operator, NotAction...) is "unknown", and only a request that is certainly refused is reported.
 * The real evaluator (@cloud-copilot/iam-simulate) runs in the policy-simulation tests only.
 *
 * Rules followed (IAM user guide, reference_policies_evaluation-logic.html and
 * reference_policies_elements_condition_operators.html): an explicit Deny wins over any Allow; every
 * condition operator of a statement must hold, every key of an operator must hold, and a key holds
 * when any of its values matches (none may match for the negated operators); action names are
 * case-insensitive; `*` and `?` are wildcards in actions, resources, String*Like and Arn* values;
 * `...IfExists` holds when the key is absent. Statements are read with the one policy model
 * (modules/policy), operators and wildcards compared by it.
 */

/** A request an AWS service principal makes against a resource. */
export interface ServiceRequest {
  /** Service principal, e.g. `cloudtrail.amazonaws.com`. */
  readonly service: string;
  /** e.g. `s3:PutObject`. */
  readonly action: string;
  /** Resource ARN; undefined when it is only known after apply (a KMS key ARN): then only `*` matches for sure. */
  readonly resource?: string;
  /** The condition keys the service sends, with their values. Keys not listed are unknown, not absent. */
  readonly context: Readonly<Record<string, string>>;
  /**
   * Keys the service certainly does not send (for example `aws:SourceArn` on the KMS calls behind
   * an EventBridge delivery to an encrypted topic). A condition on one of them is read as IAM reads
   * a missing key instead of "unknown".
   * @default - none
   */
  readonly absent?: readonly string[];
}

export type Decision =
  | { readonly outcome: 'allowed' }
  /** An Allow might match, but it depends on something only known after apply or not modelled. */
  | { readonly outcome: 'unknown' }
  | { readonly outcome: 'denied'; readonly sid: string }
  | { readonly outcome: 'not-allowed' };

/** true, false, or undefined for "cannot tell at synth". */
type Tri = boolean | undefined;

/**
 * Normalized statements by rendered statement list: a coherence check evaluates one rendered policy
 * for several actions and folders, and normalizing it again for each was most of a synth's
 * coherence time. Keyed by the array: every caller passes a fresh `toJSON()` rendering and none
 * changes it afterwards (the length is compared all the same).
 */
const normalized = new WeakMap<object, { readonly length: number; readonly statements: readonly Statement[] }>();

function statementsOf(policy: PolicyDocumentJson): readonly Statement[] {
  const known = normalized.get(policy.Statement);
  if (known && known.length === policy.Statement.length) return known.statements;
  const statements = policy.Statement.map((s) => normalizeStatement(s as unknown as Readonly<Record<string, unknown>>));
  normalized.set(policy.Statement, { length: policy.Statement.length, statements });
  return statements;
}

export function evaluate(policy: PolicyDocumentJson, request: ServiceRequest): Decision {
  const statements = statementsOf(policy);
  const deny = statements.find((s) => s.effect === 'Deny' && matches(s, request) === true);
  if (deny) return { outcome: 'denied', sid: deny.sid ?? '' };
  const allows = statements.filter((s) => s.effect === 'Allow').map((s) => matches(s, request));
  if (allows.includes(true)) return { outcome: 'allowed' };
  if (allows.includes(undefined)) return { outcome: 'unknown' };
  return { outcome: 'not-allowed' };
}

/** Whether a statement applies to the request (its effect aside). */
function matches(statement: Statement, request: ServiceRequest): Tri {
  if (statement.notPrincipals.length > 0 || statement.notActions.length > 0 || statement.notResources.length > 0) return undefined;
  return and(
    principalMatches(statement.principals, request.service),
    anyOf(statement.actions, (action) => wildcardMatch(action, request.action, { ignoreCase: true })),
    statement.resources.length === 0 ? true : resourceMatches(statement.resources, request.resource),
    conditionsHold(statement, request.context, request.absent ?? []),
  );
}

function principalMatches(principals: readonly PolicyPrincipal[], service: string): Tri {
  return principals.some((p) => p.type === '*' || (p.type === 'Service' && p.id === service) || (p.type === 'AWS' && p.id === '*'));
}

function resourceMatches(patterns: readonly string[], resource: string | undefined): Tri {
  if (patterns.includes('*')) return true;
  if (resource === undefined || Token.isUnresolved(resource)) return undefined;
  return anyOf(patterns, (pattern) => (Token.isUnresolved(pattern) ? undefined : wildcardMatch(pattern, resource)));
}

function conditionsHold(statement: Statement, context: Readonly<Record<string, string>>, absent: readonly string[]): Tri {
  const lookup = new Map(Object.entries(context).map(([key, value]) => [key.toLowerCase(), value]));
  const missing = new Set(absent.map((key) => key.toLowerCase()));
  return and(
    ...statement.conditions.map(({ operator, key, values }) => {
      const name = key.toLowerCase();
      return missing.has(name) && !lookup.has(name)
        ? missingKeyHolds(operator, values)
        : conditionHolds(operator, lookup.get(name), values);
    }),
  );
}

/** One key of one condition operator. `actual` is undefined when the key is not in the modelled context. */
function conditionHolds(operator: string, actual: string | undefined, expected: readonly string[]): Tri {
  // Set operators (ForAnyValue:, ForAllValues:) and keys outside the modelled context: cannot tell.
  if (operator.includes(':') || actual === undefined) return undefined;
  const base = operator.replace(/IfExists$/, '');
  if (base === 'Null') return anyOf(expected, (value) => (value === 'false' ? true : value === 'true' ? false : undefined));
  const any = anyOf(expected, (value) => (Token.isUnresolved(value) ? undefined : conditionValueMatches(base, value, actual)));
  return isNegatedOperator(base) ? not(any) : any;
}

function anyOf<T>(values: readonly T[], test: (value: T) => Tri): Tri {
  const results = values.map(test);
  if (results.includes(true)) return true;
  return results.includes(undefined) ? undefined : false;
}

function and(...values: Tri[]): Tri {
  if (values.includes(false)) return false;
  return values.includes(undefined) ? undefined : true;
}

function not(value: Tri): Tri {
  return value === undefined ? undefined : !value;
}
