import { Token } from 'cdktf';
import type { IConstruct } from 'constructs';
import { formatPath, type Problem, problemText } from './problem';

/**
 * Constructs check their props with the same rules as the config (this folder), at synth: every
 * problem of every construct at once (`npm run synth` prints all of them before writing anything),
 * one line each: `<construct path>: <prop>: <value> <rule>. Fix: <fix>`. A value that is, or holds,
 * an unresolved token (a Terraform reference, a variable) is skipped: synth cannot know it.
 */

/** One prop and the rule it must obey. */
export interface PropCheck {
  readonly prop: string;
  readonly value: unknown;
  readonly problems: () => readonly Problem[];
}

/** `value` of prop `name` checked with `rule`; no check when the value is absent. */
export function checkProp<T>(name: string, value: T | undefined, rule: (value: T) => readonly Problem[]): PropCheck[] {
  return value === undefined ? [] : [{ prop: name, value, problems: () => rule(value) }];
}

/** Each entry of a list prop checked with `rule`, at `name[i]`. */
export function checkEachProp<T>(name: string, values: readonly T[] | undefined, rule: (value: T) => readonly Problem[]): PropCheck[] {
  if (values === undefined || Token.isUnresolved(values)) return [];
  return values.flatMap((value, i) => checkProp(`${name}[${i}]`, value, rule));
}

/** Adds a synth-time validation of `checks` to `scope` (computed once, when synth validates). */
export function addPropValidation(scope: IConstruct, checks: () => readonly PropCheck[]): void {
  scope.node.addValidation({ validate: () => propProblems(scope.node.path, checks()) });
}

/** The problem lines of `checks`, as `node.validate()` returns them. */
export function propProblems(path: string, checks: readonly PropCheck[]): string[] {
  return checks.flatMap((c) => {
    if (hasToken(c.value)) return [];
    return c.problems().flatMap((p) => (hasToken(p.value) ? [] : [propProblemLine(path, c.prop, p)]));
  });
}

/** `<path>: <prop>[.<below>]: <value> <rule>. Fix: <fix>`; a problem about a missing value shows none. */
function propProblemLine(path: string, prop: string, p: Problem): string {
  const below = p.path.length > 0 ? formatPath(p.path) : '';
  const where = below === '' ? prop : below.startsWith('[') ? `${prop}${below}` : `${prop}.${below}`;
  return `${path}: ${where}: ${problemText(p)}`;
}

/** Whether a value is, or contains, an unresolved token. */
function hasToken(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string' || typeof value === 'number') return Token.isUnresolved(value);
  if (Array.isArray(value)) return Token.isUnresolved(value) || value.some(hasToken);
  if (typeof value === 'object') return Token.isUnresolved(value) || Object.values(value).some(hasToken);
  return false;
}
