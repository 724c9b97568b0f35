/**
 * The security diff: what changes between two synthesized folders (`--against <baseline>` and
 * `--out <proposed>`) that a reviewer must not miss, each change rated dangerous, notable or info
 * (see `Severity`). Compares the normalized policies of `policies.ts`, the resources, and the
 * data-protection, trail and routing settings the review reports.
 */

import { loadApp } from '../../model';
import { type ReviewContext, reviewContext } from '../context';
import { diffComputed } from './computed';
import { diffExecution } from './execution';
import { type Finding, type Severity, sortFindings } from './findings';
import { diffGrants } from './grants';
import { diffOutputs } from './outputs';
import { diffPolicies } from './policies';
import { diffResources, diffStacks } from './resources';
import { diffSettings } from './settings';
import { diffSuppressions } from './suppressions';

export type { Finding } from './findings';

export interface SecurityDiff {
  /** The baseline folder, for the report. */
  readonly against: string;
  readonly findings: readonly Finding[];
  readonly counts: Readonly<Record<Severity, number>>;
}

/** Compares a baseline (`before`) with the proposed stacks (`after`). */
export function securityDiff(before: ReviewContext, after: ReviewContext, against = before.app.outDir): SecurityDiff {
  const findings = sortFindings([
    ...diffStacks(before, after),
    ...diffResources(before, after),
    ...diffPolicies(
      before.policies,
      after.policies,
      before.app.stacks.flatMap((s) => s.accounts),
    ),
    ...diffSettings(before, after),
    ...diffSuppressions(before, after),
    ...diffOutputs(before, after),
    ...diffExecution(before.app.stacks, after.app.stacks),
    ...diffGrants(before, after),
    ...diffComputed(before.app.stacks, after.app.stacks),
  ]);
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  return { against, findings, counts: { dangerous: count('dangerous'), notable: count('notable'), info: count('info') } };
}

/** Reads the baseline folder and compares it with `after`. */
export function securityDiffAgainst(againstDir: string, after: ReviewContext): SecurityDiff {
  return securityDiff(reviewContext(loadApp(againstDir)), after, againstDir);
}
