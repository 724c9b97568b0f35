/**
 * The vocabulary of the rule pack: what a rule is and what evaluating one gives. Rules are pure
 * functions of a resource of the one model (tooling/model `AppResource`: its config, its provider's
 * account and region, `id` `<stack>/<type>.<name>`) and the read-only facts about its neighbours
 * (`ResourceFacts`), so each can be tested with a few lines of hand-written JSON.
 */
import type { AppResource } from '../model';

/** Error-level findings fail `npm run check`; warnings are printed and fail only with `--fail-on warning`. */
export type Level = 'error' | 'warning';

export type Outcome = 'compliant' | 'non-compliant' | 'not-applicable';

/** What a rule says about one resource; `detail` names the attribute, statement or neighbour that decided. */
export interface RuleResult {
  readonly outcome: Outcome;
  readonly detail: string;
}

/** A suppression recorded next to the construct (`suppressCheck`), as synthesized under `//.checkSuppressions`. */
export interface RecordedSuppression {
  readonly rule: string;
  readonly reason: string;
}

/** Read-only facts about other resources of the same output folder (see resource-index.ts). */
export interface ResourceFacts {
  /** Every managed resource of the output folder, in manifest order. */
  readonly all: readonly AppResource[];
  ofType(type: string): readonly AppResource[];
  /**
   * Resources of `type` whose `attribute` points at `target`: a `${<type>.<name>.<attr>}` reference
   * in the same stack, or a literal name or ARN that identifies it (see `identifiers`).
   */
  referencing(target: AppResource, type: string, attribute: string): readonly AppResource[];
  /** The resources a value points at (references in `from`'s stack, literal names and ARNs anywhere). */
  resolve(from: AppResource, value: unknown): readonly AppResource[];
  /** Literal names and ARNs that identify a resource: its own name first (bucket name), then its ARN. */
  identifiers(resource: AppResource): readonly string[];
  /** `value` with every `${<type>.<name>.<attr>}` of `from`'s stack replaced by its literal value where known. */
  substitute(from: AppResource, value: string): string;
}

/** A rule of the pack. `evaluate` is pure: same resource and facts, same result. */
export interface Rule {
  /** Resource + Property + Expectation, `CloudTrailLogFileValidationEnabled`; what suppressions name. */
  readonly id: string;
  readonly level: Level;
  /** CIS AWS Foundations v3 ids (`CIS 3.2`), Security Hub control ids (`CloudTrail.4`), checkov ids (`CKV_AWS_36`). */
  readonly controls: readonly string[];
  /** The finding, one line, as a reviewer reads it. */
  readonly finding: string;
  /** Why it matters for an evidence archive and its monitoring. */
  readonly reason: string;
  /** Terraform resource types the rule looks at; every other resource is not applicable. */
  readonly resourceTypes: readonly string[];
  evaluate(resource: AppResource, facts: ResourceFacts): RuleResult;
}

export const compliant = (detail: string): RuleResult => ({ outcome: 'compliant', detail });
export const nonCompliant = (detail: string): RuleResult => ({ outcome: 'non-compliant', detail });
export const notApplicable = (detail: string): RuleResult => ({ outcome: 'not-applicable', detail });
