import { Token } from 'cdktf';
import type { PolicyDocumentJson, PolicyStatementJson } from '../policy-document';

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
 * `...IfExists` holds when the key is absent.
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

export function evaluate(policy: PolicyDocumentJson, request: ServiceRequest): Decision {
  const statements = policy.Statement;
  const deny = statements.find((s) => s.Effect === 'Deny' && matches(s, request) === true);
  if (deny) return { outcome: 'denied', sid: deny.Sid };
  const allows = statements.filter((s) => s.Effect === 'Allow').map((s) => matches(s, request));
  if (allows.includes(true)) return { outcome: 'allowed' };
  if (allows.includes(undefined)) return { outcome: 'unknown' };
  return { outcome: 'not-allowed' };
}

/** Whether a statement applies to the request (its effect aside). */
export function matches(statement: PolicyStatementJson, request: ServiceRequest): Tri {
  const raw = statement as PolicyStatementJson & Record<string, unknown>;
  if ('NotPrincipal' in raw || 'NotAction' in raw || 'NotResource' in raw) return undefined;
  return and(
    principalMatches(statement.Principal, request.service),
    anyOf(strings(statement.Action), (action) => glob(action, request.action, true)),
    statement.Resource === undefined ? true : resourceMatches(strings(statement.Resource), request.resource),
    conditionsHold(statement.Condition ?? {}, request.context, request.absent ?? []),
  );
}

function principalMatches(principal: unknown, service: string): Tri {
  if (principal === undefined) return false;
  if (principal === '*') return true;
  if (typeof principal !== 'object' || principal === null) return undefined;
  const p = principal as Record<string, unknown>;
  if (p.Service !== undefined && list(p.Service).includes(service)) return true;
  if (p.AWS !== undefined && list(p.AWS).includes('*')) return true;
  return false;
}

function resourceMatches(patterns: readonly string[], resource: string | undefined): Tri {
  if (patterns.includes('*')) return true;
  if (resource === undefined || Token.isUnresolved(resource)) return undefined;
  return anyOf(patterns, (pattern) => (Token.isUnresolved(pattern) ? undefined : glob(pattern, resource, false)));
}

function conditionsHold(
  conditions: Record<string, Record<string, unknown>>,
  context: Readonly<Record<string, string>>,
  absent: readonly string[],
): Tri {
  const lookup = new Map(Object.entries(context).map(([key, value]) => [key.toLowerCase(), value]));
  const missing = new Set(absent.map((key) => key.toLowerCase()));
  const results: Tri[] = [];
  for (const [operator, entries] of Object.entries(conditions)) {
    for (const [key, expected] of Object.entries(entries)) {
      const name = key.toLowerCase();
      results.push(
        missing.has(name) && !lookup.has(name)
          ? missingKeyHolds(operator, strings(expected))
          : conditionHolds(operator, lookup.get(name), strings(expected)),
      );
    }
  }
  return and(...results);
}

/**
 * A condition on a key the request does not carry (IAM user guide,
 * reference_policies_elements_condition_operators.html and reference_policies_condition-single-vs-multi-valued-context-keys.html):
 * `...IfExists` holds; `Null` holds for `true`; `ForAllValues:` holds (an empty set); the negated
 * operators (`StringNotEquals`, `ArnNotLike`, ...) hold; every other operator fails.
 */
function missingKeyHolds(operator: string, expected: readonly string[]): Tri {
  if (operator.endsWith('IfExists')) return true;
  if (operator === 'Null') return anyOf(expected, (value) => (value === 'true' ? true : value === 'false' ? false : undefined));
  if (operator.startsWith('ForAllValues:')) return true;
  if (operator.startsWith('ForAnyValue:')) return false;
  return /^(String|Arn|Numeric|Date)Not/.test(operator);
}

/** One key of one condition operator. `actual` is undefined when the key is not in the modelled context. */
function conditionHolds(operator: string, actual: string | undefined, expected: readonly string[]): Tri {
  // Set operators (ForAnyValue:, ForAllValues:) and keys outside the modelled context: cannot tell.
  if (operator.includes(':') || actual === undefined) return undefined;
  const base = operator.replace(/IfExists$/, '');
  if (base === 'Null') return anyOf(expected, (value) => (value === 'false' ? true : value === 'true' ? false : undefined));
  const compare = COMPARISONS[base.replace(/^(String|Arn|Numeric)Not/, '$1')];
  if (!compare) return undefined;
  const negated = /^(String|Arn|Numeric)Not/.test(base);
  const any = anyOf(expected, (value) => (Token.isUnresolved(value) ? undefined : compare(value, actual)));
  return negated ? not(any) : any;
}

const COMPARISONS: Readonly<Record<string, (expected: string, actual: string) => Tri>> = {
  StringEquals: (expected, actual) => expected === actual,
  StringEqualsIgnoreCase: (expected, actual) => expected.toLowerCase() === actual.toLowerCase(),
  StringLike: (expected, actual) => glob(expected, actual, false),
  // ArnEquals and ArnLike both allow wildcards, matched per colon-separated ARN component.
  ArnEquals: (expected, actual) => arnMatches(expected, actual),
  ArnLike: (expected, actual) => arnMatches(expected, actual),
  Bool: (expected, actual) => expected.toLowerCase() === actual.toLowerCase(),
  NumericEquals: (expected, actual) => numeric(expected, actual, (a, b) => a === b),
  NumericLessThan: (expected, actual) => numeric(expected, actual, (a, b) => a < b),
  NumericLessThanEquals: (expected, actual) => numeric(expected, actual, (a, b) => a <= b),
  NumericGreaterThan: (expected, actual) => numeric(expected, actual, (a, b) => a > b),
  NumericGreaterThanEquals: (expected, actual) => numeric(expected, actual, (a, b) => a >= b),
};

function numeric(expected: string, actual: string, compare: (actual: number, expected: number) => boolean): Tri {
  const a = Number(actual);
  const e = Number(expected);
  return Number.isNaN(a) || Number.isNaN(e) ? undefined : compare(a, e);
}

function arnMatches(pattern: string, arn: string): boolean {
  const p = pattern.split(':');
  const a = arn.split(':');
  if (p.length < 6 || a.length < 6) return glob(pattern, arn, false);
  const head = (parts: string[]) => [...parts.slice(0, 5), parts.slice(5).join(':')];
  const [ph, ah] = [head(p), head(a)];
  return ph.every((part, i) => glob(part, ah[i], false));
}

/** Compiled patterns: the checks match the same few patterns against many requests. */
const GLOBS = new Map<string, RegExp>();

/** `*` and `?` wildcards, whole-string match. */
export function glob(pattern: string, value: string, ignoreCase: boolean): boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) {
    return ignoreCase ? pattern.toLowerCase() === value.toLowerCase() : pattern === value;
  }
  const key = `${ignoreCase ? 'i' : 's'}${pattern}`;
  let compiled = GLOBS.get(key);
  if (!compiled) {
    const source = pattern
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('');
    compiled = new RegExp(`^${source}$`, ignoreCase ? 'is' : 's');
    GLOBS.set(key, compiled);
  }
  return compiled.test(value);
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

function strings(value: unknown): string[] {
  return value === undefined ? [] : list(value).map(String);
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
