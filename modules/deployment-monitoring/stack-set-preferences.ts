import { type Problem, problem } from '../rules/problem';
/**
 * How a StackSet operation fans out across accounts and Regions (CloudFormation API,
 * StackSetOperationPreferences), with defaults for an organization of hundreds of accounts.
 *
 * The rules AWS states (API_StackSetOperationPreferences.html):
 * - `MaxConcurrentCount` (at least 1) or `MaxConcurrentPercentage` (1-100), not both; by default 1.
 * - `FailureToleranceCount` (at least 0) or `FailureTolerancePercentage` (0-100), not both; by
 *   default 0. Both count per Region; a percentage is rounded down to whole accounts.
 * - `ConcurrencyMode`: `STRICT_FAILURE_TOLERANCE` (the API default) starts at the lower of the
 *   concurrency and the tolerance + 1 and lowers concurrency as accounts fail;
 *   `SOFT_FAILURE_TOLERANCE` keeps the concurrency whatever fails, the tolerance only decides when
 *   the operation stops in a Region.
 * - They do not apply to automatic deployments to accounts that join later.
 *
 * An operation that exceeds the tolerance in a Region fails, and so does the `terraform apply`
 * waiting for it. Suspended accounts are not failures: their instances are
 * `SKIPPED_SUSPENDED_ACCOUNT` (API_StackInstanceComprehensiveStatus.html). An account where a
 * governed Region is not enabled (opt-in Regions, stacksets-opt-in-regions.html) or denied by an
 * SCP fails, and counts.
 */
export interface StackSetOperationPreferences {
  /** Accounts worked on at once per Region, as a percentage (1-100). @default 25, unless `maxConcurrentCount` is set */
  readonly maxConcurrentPercentage?: number;
  /** Accounts worked on at once per Region, as a count (at least 1). @default - `maxConcurrentPercentage` */
  readonly maxConcurrentCount?: number;
  /** Accounts that may fail per Region before the operation stops there, as a percentage (0-100). @default 25, unless `failureToleranceCount` is set */
  readonly failureTolerancePercentage?: number;
  /** Accounts that may fail per Region before the operation stops there, as a count (at least 0). @default - `failureTolerancePercentage` */
  readonly failureToleranceCount?: number;
  /** @default 'SOFT_FAILURE_TOLERANCE' - failures do not slow the rollout down; the tolerance decides when it stops */
  readonly concurrencyMode?: StackSetConcurrencyMode;
  /** @default 'PARALLEL' - every Region at once */
  readonly regionConcurrencyType?: 'SEQUENTIAL' | 'PARALLEL';
}

export type StackSetConcurrencyMode = 'STRICT_FAILURE_TOLERANCE' | 'SOFT_FAILURE_TOLERANCE';

export const STACK_SET_CONCURRENCY_MODES: readonly StackSetConcurrencyMode[] = ['SOFT_FAILURE_TOLERANCE', 'STRICT_FAILURE_TOLERANCE'];

/**
 * The defaults, applied once here (the config section imports them). A quarter of the accounts at
 * once per Region, all Regions in parallel: a few minutes for hundreds of accounts. A quarter may
 * fail per Region before the operation (and the apply) fails: a handful of accounts that cannot take
 * the stacks (a Region not enabled, an SCP denying it, an account being closed) do not stop the
 * rollout, while a broken template, which fails everywhere, still does. Failed instances stay
 * visible (the `failed_stack_instances` output of the rollout stack) and are retried at the next
 * operation.
 */
export const DEFAULT_OPERATION_PREFERENCES = {
  maxConcurrentPercentage: 25,
  failureTolerancePercentage: 25,
  concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
  regionConcurrencyType: 'PARALLEL',
} as const satisfies StackSetOperationPreferences;

/** Preferences with the defaults applied: exactly one of each count/percentage pair. */
export type ResolvedOperationPreferences = Omit<StackSetOperationPreferences, 'concurrencyMode' | 'regionConcurrencyType'> & {
  readonly concurrencyMode: StackSetConcurrencyMode;
  readonly regionConcurrencyType: 'SEQUENTIAL' | 'PARALLEL';
};

/** The preferences as sent: a pair's default applies only when neither its count nor its percentage is given. */
export function resolveOperationPreferences(p: StackSetOperationPreferences = {}): ResolvedOperationPreferences {
  const d = DEFAULT_OPERATION_PREFERENCES;
  return {
    ...(p.maxConcurrentCount !== undefined
      ? { maxConcurrentCount: p.maxConcurrentCount }
      : { maxConcurrentPercentage: p.maxConcurrentPercentage ?? d.maxConcurrentPercentage }),
    ...(p.failureToleranceCount !== undefined
      ? { failureToleranceCount: p.failureToleranceCount }
      : { failureTolerancePercentage: p.failureTolerancePercentage ?? d.failureTolerancePercentage }),
    concurrencyMode: p.concurrencyMode ?? d.concurrencyMode,
    regionConcurrencyType: p.regionConcurrencyType ?? d.regionConcurrencyType,
  };
}

/** Every problem of the preferences at once, each with its field (the path in the preferences), value, AWS's rule and a fix. */
export function operationPreferenceProblems(p: StackSetOperationPreferences): Problem[] {
  const problems: Problem[] = [];
  const check = (name: keyof StackSetOperationPreferences, value: number | undefined, min: number, max?: number) => {
    if (value === undefined || (Number.isInteger(value) && value >= min && (max === undefined || value <= max))) return;
    const range = max === undefined ? `of at least ${min}` : `from ${min} to ${max}`;
    problems.push(problem(value, `is not an integer ${range}`, `write a whole number ${range}`, [name]));
  };
  check('maxConcurrentPercentage', p.maxConcurrentPercentage, 1, 100);
  check('maxConcurrentCount', p.maxConcurrentCount, 1);
  check('failureTolerancePercentage', p.failureTolerancePercentage, 0, 100);
  check('failureToleranceCount', p.failureToleranceCount, 0);
  for (const [count, percentage] of [
    ['maxConcurrentCount', 'maxConcurrentPercentage'],
    ['failureToleranceCount', 'failureTolerancePercentage'],
  ] as const) {
    if (p[count] !== undefined && p[percentage] !== undefined) {
      problems.push(
        problem(p[count], `is set and so is ${percentage}; CloudFormation takes one or the other`, `leave out ${count} or ${percentage}`, [
          count,
        ]),
      );
    }
  }
  if (p.concurrencyMode !== undefined && !STACK_SET_CONCURRENCY_MODES.includes(p.concurrencyMode)) {
    problems.push(
      problem(p.concurrencyMode, 'is not a concurrency mode', `use ${STACK_SET_CONCURRENCY_MODES.join(' or ')}`, ['concurrencyMode']),
    );
  }
  if (p.regionConcurrencyType !== undefined && !['SEQUENTIAL', 'PARALLEL'].includes(p.regionConcurrencyType)) {
    problems.push(
      problem(p.regionConcurrencyType, 'is not a Region concurrency type', 'use SEQUENTIAL or PARALLEL', ['regionConcurrencyType']),
    );
  }
  return problems;
}
