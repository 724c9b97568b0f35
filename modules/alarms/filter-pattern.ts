/*
 * CloudWatch Logs JSON filter pattern builders for the alarm groups: every value quoted, every
 * comparison parenthesized (AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html).
 */

/** `{ a && b && c }` */
export function jsonPattern(...clauses: string[]): string {
  return `{ ${clauses.join(' && ')} }`;
}

/** `($.field = "value")`; `*` in the value is a wildcard. */
export function equals(field: string, value: string): string {
  return compare(field, '=', value);
}

/** One value: `($.field = "a")`; several: `(($.field = "a") || ($.field = "b"))`. */
export function anyOf(field: string, values: readonly string[]): string {
  return or(...values.map((value) => equals(field, value)));
}

export function or(...clauses: string[]): string {
  return clauses.length === 1 ? clauses[0] : `(${clauses.join(' || ')})`;
}

/** `($.field != "value")`; pair it with `notExists` to also match events without the field. */
export function notEquals(field: string, value: string): string {
  return compare(field, '!=', value);
}

/** `($.field NOT EXISTS)`. */
export function notExists(field: string): string {
  return `($.${field} NOT EXISTS)`;
}

/** `($.field IS FALSE)`: a JSON boolean that is false. */
export function isFalse(field: string): string {
  return `($.${field} IS FALSE)`;
}

function compare(field: string, operator: '=' | '!=', value: string): string {
  if (/["\\]/.test(value))
    throw new Error(`filter value ${JSON.stringify(value)} holds a quote or backslash, which a filter pattern cannot match`);
  return `($.${field} ${operator} "${value}")`;
}
