/**
 * Condition operators and keys as IAM reads them (IAM user guide,
 * reference_policies_elements_condition_operators.html and
 * reference_policies_condition-single-vs-multi-valued-context-keys.html): which conditions really
 * narrow a grant, and how one operator compares one expected value with the value a request carries.
 */
import type { PolicyCondition, Statement } from './statement';
import { wildcardMatch } from './wildcard';

/**
 * Whether a condition is on `key`; IAM compares condition keys case-insensitively. A key ending in
 * `*` matches by prefix (`kms:EncryptionContext:*`).
 */
export function conditionKeyIs(condition: PolicyCondition, key: string): boolean {
  const actual = condition.key.toLowerCase();
  const wanted = key.toLowerCase();
  return wanted.endsWith('*') ? actual.startsWith(wanted.slice(0, -1)) : actual === wanted;
}

/**
 * Conditions on `keys` that really restrict: a positive operator (`StringEquals`, `StringLike`,
 * `ArnEquals`, `ArnLike`, also `ForAnyValue:`), not `...IfExists` (passes when the key is missing),
 * not `ForAllValues:` (passes on an empty set), and not only `*` as the value (nor, for `...Like`,
 * only wildcards such as `**` or `?*`).
 */
export function restrictingConditions(s: Statement, keys: readonly string[]): PolicyCondition[] {
  return s.conditions.filter((c) => {
    const operator = c.operator.replace(/^ForAnyValue:/, '');
    if (!/^(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike)$/.test(operator)) return false;
    // `*`, and for a `...Like` operator any pattern of only wildcards (`**`, `?*`), matches (nearly) every value.
    const matchesAll = (v: string) => v.trim() === '*' || (/Like$/.test(operator) && /^[*?]*\*[*?]*$/.test(v.trim()));
    if (c.values.length === 0 || c.values.every(matchesAll)) return false;
    return keys.some((k) => conditionKeyIs(c, k));
  });
}

/** Whether an operator is negated (`StringNotEquals`, `ArnNotLike`, `NumericNotEquals`, ...). */
export function isNegatedOperator(operator: string): boolean {
  return /^(String|Arn|Numeric|Date)Not/.test(operator);
}

/**
 * Whether one expected value of a single-valued operator (its `IfExists` suffix removed, negation
 * included: `StringNotLike` compares as `StringLike`) matches the value a request carries; undefined
 * for an operator this reading does not model or a value that is not a number where one is needed.
 */
export function conditionValueMatches(operator: string, expected: string, actual: string): boolean | undefined {
  const compare = COMPARISONS[operator.replace(/IfExists$/, '').replace(/^(String|Arn|Numeric)Not/, '$1')];
  return compare ? compare(expected, actual) : undefined;
}

/**
 * Whether a condition holds for a request that does not carry its key: `...IfExists` holds; `Null`
 * holds for `true`; `ForAllValues:` holds (an empty set); `ForAnyValue:` fails; the negated
 * operators hold; every other operator fails. Undefined for a `Null` value that is neither.
 */
export function missingKeyHolds(operator: string, expected: readonly string[]): boolean | undefined {
  if (operator.endsWith('IfExists')) return true;
  if (operator === 'Null') {
    const results = expected.map((value) => (value === 'true' ? true : value === 'false' ? false : undefined));
    return results.includes(true) ? true : results.includes(undefined) ? undefined : false;
  }
  if (operator.startsWith('ForAllValues:')) return true;
  if (operator.startsWith('ForAnyValue:')) return false;
  return isNegatedOperator(operator);
}

const COMPARISONS: Readonly<Record<string, (expected: string, actual: string) => boolean | undefined>> = {
  StringEquals: (expected, actual) => expected === actual,
  StringEqualsIgnoreCase: (expected, actual) => expected.toLowerCase() === actual.toLowerCase(),
  StringLike: (expected, actual) => wildcardMatch(expected, actual),
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

function numeric(expected: string, actual: string, compare: (actual: number, expected: number) => boolean): boolean | undefined {
  const a = Number(actual);
  const e = Number(expected);
  return Number.isNaN(a) || Number.isNaN(e) ? undefined : compare(a, e);
}

function arnMatches(pattern: string, arn: string): boolean {
  const p = pattern.split(':');
  const a = arn.split(':');
  if (p.length < 6 || a.length < 6) return wildcardMatch(pattern, arn);
  const head = (parts: string[]) => [...parts.slice(0, 5), parts.slice(5).join(':')];
  const [ph, ah] = [head(p), head(a)];
  return ph.every((part, i) => wildcardMatch(part, ah[i]));
}
