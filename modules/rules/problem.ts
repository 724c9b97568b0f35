/**
 * A broken AWS rule, in the one shape both callers print: the config validator as
 * `<field>: <value> <rule>. Fix: <fix>` and the constructs at synth as
 * `<construct path>: <prop>: <value> <rule>. Fix: <fix>`. The rules in this folder are pure
 * functions from a value to its problems (none when it is valid); each cites the AWS source of
 * its rule.
 */

/** A key or index below the value checked. */
export type PathPart = string | number;

export interface Problem {
  /** Where, below the value checked: `[]` for the value itself, `['transitions', 1, 'days']` inside it. */
  readonly path: readonly PathPart[];
  /** The offending value. */
  readonly value: unknown;
  /** What is wrong and the rule, phrased to follow the value: `is not a valid S3 bucket name (...)`. */
  readonly rule: string;
  /** What to do about it. */
  readonly fix: string;
}

/** A rule that is one pattern (and the message for a value that does not match it). */
export interface PatternRule {
  readonly pattern: RegExp;
  readonly rule: string;
  readonly fix: string;
}

export function problem(value: unknown, rule: string, fix: string, path: readonly PathPart[] = []): Problem {
  return { path, value, rule, fix };
}

/** `<rule>. Fix: <fix>`: what follows the value in a problem line. */
export function problemMessage(p: Pick<Problem, 'rule' | 'fix'>): string {
  return `${p.rule}. Fix: ${p.fix}`;
}

/** `<value> <rule>. Fix: <fix>`; a problem about a missing value (undefined) shows none. */
export function problemText(p: Problem): string {
  return `${p.value === undefined ? '' : `${JSON.stringify(p.value)} `}${problemMessage(p)}`;
}

/** `<path>: <value> <rule>. Fix: <fix>`, the path below `prefix` (`settings.agentLogs.regions[1]`). */
export function problemLine(p: Problem, prefix: readonly PathPart[] = []): string {
  return `${formatPath([...prefix, ...p.path])}: ${problemText(p)}`;
}

/** The problem of a value that does not match a pattern rule, if any. */
export function patternProblems(rule: PatternRule, value: string): Problem[] {
  return rule.pattern.test(value) ? [] : [problem(value, rule.rule, rule.fix)];
}

/** The indexes of the entries that repeat an earlier one (the config and the constructs report them). */
export function duplicates(values: readonly unknown[]): number[] {
  return values.flatMap((v, i) => (values.indexOf(v) < i ? [i] : []));
}

/** Each entry of a list that repeats an earlier one, at its index: lists that name things name each once. */
export function repeatProblems(values: readonly unknown[]): Problem[] {
  return duplicates(values).map((i) => problem(values[i], `repeats entry [${values.indexOf(values[i])}]`, 'list each entry once', [i]));
}

/** The same problems, one level further down (`['transitions', ...]`). */
export function problemsUnder(prefix: readonly PathPart[], problems: readonly Problem[]): Problem[] {
  return problems.map((p) => ({ ...p, path: [...prefix, ...p.path] }));
}

/** The messages of a whole number of days in [min, max]; the config's zod fields use the same ones. */
export function daysRule(min: number, max: number) {
  return {
    notWhole: { rule: 'must be a whole number of days', fix: `write a number from ${min} to ${max} without decimals` },
    tooFew: { rule: `must be at least ${min} day${min === 1 ? '' : 's'}`, fix: `use ${min} or more` },
    tooMany: { rule: `must be at most ${max} days`, fix: `use ${max} or fewer` },
  } as const;
}

/** A whole number of days in [min, max]. */
export function daysProblems(value: number, min = 1, max = 36500): Problem[] {
  const r = daysRule(min, max);
  if (typeof value !== 'number' || !Number.isInteger(value)) return [problem(value, r.notWhole.rule, r.notWhole.fix)];
  if (value < min) return [problem(value, r.tooFew.rule, r.tooFew.fix)];
  if (value > max) return [problem(value, r.tooMany.rule, r.tooMany.fix)];
  return [];
}

/** `archive.lifecycle.transitions[1].days`; keys that are not identifiers are quoted. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(config)';
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    const name = String(key);
    if (!/^[A-Za-z$][\w$]*$/.test(name)) return `${out}[${JSON.stringify(name)}]`;
    return out ? `${out}.${name}` : name;
  }, '');
}
