/** One stack's result of `npm run plan`, offline or online, and how it is counted and printed. */

import type { Diagnostic, PlanJson } from './plan-json';
import type { ChangeCounts } from './stack-results';
import { countChanges } from './stack-results';

export interface StackOutcome {
  readonly stack: string;
  /** Its `cdk.tf.json`. */
  readonly file: string;
  /** Validated and planned with no error. */
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  /** `terraform show -json` of the plan, when there is one. */
  readonly plan?: PlanJson;
  /** The binary plan terraform saved (online only), which `terraform apply <file>` applies as reviewed. */
  readonly savedPlan?: string;
}

/** Change counts of an outcome's plan (undefined without a plan). */
export function changesOf(outcome: StackOutcome): ChangeCounts | undefined {
  return outcome.plan ? countChanges(outcome.plan.resource_changes ?? []) : undefined;
}

/** Addresses a plan replaces or destroys, with the action, for the loud part of the summary. */
export function destructiveChanges(outcome: StackOutcome): string[] {
  return (outcome.plan?.resource_changes ?? [])
    .filter((c) => c.mode === 'managed' && c.change.actions.includes('delete'))
    .map((c) => `${c.change.actions.includes('create') ? 'replace' : 'destroy'} ${c.address}`);
}
