/**
 * A small EventBridge event-pattern matcher for tests, written from EventBridge's documented
 * semantics because no maintained matcher exists on npm (the one found is a serverless-offline
 * plugin pulling in express and mqtt). Source: EventBridge user guide, awsdocs mirror
 * awsdocs/amazon-eventbridge-user-guide, doc_source/eb-event-patterns.md,
 * eb-event-patterns-arrays.md, eb-event-patterns-null-values.md and
 * eb-event-patterns-content-based-filtering.md (test/cloudformation/event-pattern.spec.ts runs
 * their examples).
 *
 * Semantics implemented:
 * - A pattern is an object. Every field it names must match (AND); fields it does not name are
 *   ignored. A nested object matches the event's nested object of the same name.
 * - A leaf is a list of matchers; the field matches when any matcher matches (OR). When the
 *   event's value is a list, the field matches when any element matches any matcher (a non-empty
 *   intersection).
 * - Exact values follow JSON: strings character by character, `null` matches only null, `""`
 *   only the empty string. (EventBridge compares numbers by their text, so 300 and 300.0 differ;
 *   parsed JSON cannot tell them apart, so here they are equal.)
 * - `{"prefix": s}`, `{"suffix": s}`, `{"equals-ignore-case": s}` on strings.
 * - `{"anything-but": v | [v...] | {"prefix": s}}`: the field is present and is none of them.
 * - `{"exists": true|false}` on leaf fields: an object value is not a leaf, so it counts as absent.
 * - `{"numeric": [op, n, ...]}` with `=`, `<`, `<=`, `>`, `>=`.
 * - Any other operator throws, so a test never passes on semantics this file does not know.
 * A field missing from the event matches only `{"exists": false}`: "the event must contain all the
 * field names listed in the event pattern". When a nested pattern meets a missing or non-object
 * event value, its fields are treated as missing (not documented; an assumption).
 */

export type EventPatternMatcher = string | number | boolean | null | { readonly [operator: string]: unknown };

export interface EventPatternObject {
  readonly [field: string]: EventPatternObject | readonly EventPatternMatcher[];
}

/** True when EventBridge would deliver `event` to a rule with `pattern`. */
export function matchesEventPattern(pattern: unknown, event: unknown): boolean {
  if (!isObject(pattern)) throw new Error('an event pattern is a JSON object');
  return matchObject(pattern, isObject(event) ? event : undefined);
}

function matchObject(pattern: Record<string, unknown>, event: Record<string, unknown> | undefined): boolean {
  return Object.entries(pattern).every(([field, rule]) => {
    const value = event?.[field];
    if (Array.isArray(rule)) return matchField(rule, value);
    if (isObject(rule)) return matchObject(rule, isObject(value) ? value : undefined);
    throw new Error(`pattern field "${field}": a leaf must be a list of matchers, got ${JSON.stringify(rule)}`);
  });
}

function matchField(matchers: readonly unknown[], value: unknown): boolean {
  // An object is an intermediate node: for exists matching it is not there (content filtering, "Exists matching").
  const present = value !== undefined && !isObject(value);
  const values = !present ? [] : Array.isArray(value) ? value : [value];
  return matchers.some((matcher) => {
    if (isObject(matcher) && 'exists' in matcher) {
      if (typeof matcher.exists !== 'boolean') throw new Error('"exists" takes true or false');
      return matcher.exists === present;
    }
    return values.some((item) => matchValue(matcher, item));
  });
}

function matchValue(matcher: unknown, value: unknown): boolean {
  if (!isObject(matcher)) return matcher === value;
  const entries = Object.entries(matcher);
  if (entries.length !== 1) throw new Error(`a matcher has one operator, got ${JSON.stringify(matcher)}`);
  const [operator, argument] = entries[0];
  switch (operator) {
    case 'prefix':
      return typeof value === 'string' && value.startsWith(stringArgument(operator, argument));
    case 'suffix':
      return typeof value === 'string' && value.endsWith(stringArgument(operator, argument));
    case 'equals-ignore-case':
      return typeof value === 'string' && value.toLowerCase() === stringArgument(operator, argument).toLowerCase();
    case 'anything-but':
      return anythingBut(argument, value);
    case 'numeric':
      return typeof value === 'number' && numeric(argument, value);
    default:
      throw new Error(`matcher operator "${operator}" is not implemented by this test matcher`);
  }
}

function anythingBut(argument: unknown, value: unknown): boolean {
  if (Array.isArray(argument)) return !argument.includes(value);
  if (isObject(argument)) {
    if (typeof argument.prefix !== 'string' || Object.keys(argument).length !== 1) {
      throw new Error(`anything-but supports a value, a list or {"prefix": ...} here, got ${JSON.stringify(argument)}`);
    }
    return typeof value === 'string' && !value.startsWith(argument.prefix);
  }
  return argument !== value;
}

function numeric(argument: unknown, value: number): boolean {
  if (!Array.isArray(argument) || argument.length === 0 || argument.length % 2 !== 0) {
    throw new Error(`numeric takes [operator, number, ...], got ${JSON.stringify(argument)}`);
  }
  for (let i = 0; i < argument.length; i += 2) {
    const [operator, bound] = [argument[i], argument[i + 1]];
    if (typeof bound !== 'number') throw new Error(`numeric bound ${JSON.stringify(bound)} is not a number`);
    const ok = { '=': value === bound, '<': value < bound, '<=': value <= bound, '>': value > bound, '>=': value >= bound }[
      String(operator)
    ];
    if (ok === undefined) throw new Error(`numeric operator ${JSON.stringify(operator)} is not one of =, <, <=, >, >=`);
    if (!ok) return false;
  }
  return true;
}

function stringArgument(operator: string, argument: unknown): string {
  if (typeof argument !== 'string') throw new Error(`${operator} takes a string, got ${JSON.stringify(argument)}`);
  return argument;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
