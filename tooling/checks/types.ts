/**
 * The vocabulary of the rule pack: a synthesized resource as rules see it, what a rule is, and what
 * evaluating one gives. Rules are pure functions of a resource and the read-only facts about its
 * neighbours (`ResourceFacts`), so each can be tested with a few lines of hand-written JSON.
 */
import type { JsonObject } from '../terraform';

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

/** One managed resource of a synthesized stack. */
export interface CheckedResource {
  readonly stack: string;
  /** Terraform resource type, `aws_s3_bucket`. */
  readonly type: string;
  /** Logical id inside the stack, `Archive_Storage_Bucket_849FA8FD`. */
  readonly name: string;
  /** `<stack>/<type>.<name>`: unique across the output folder; what suppression files match. */
  readonly address: string;
  /** The construct path cdktf records (`log-archive/Archive/Storage/Bucket`), when it does. */
  readonly constructPath?: string;
  /** The resource's arguments as synthesized (the `//` comment key included). */
  readonly attributes: JsonObject;
  /** Account and region of the aws provider the resource uses, when the provider block names them. */
  readonly account?: string;
  readonly region?: string;
}

/** Read-only facts about other resources of the same output folder (see resource-index.ts). */
export interface ResourceFacts {
  /** Every resource of the output folder. */
  readonly all: readonly CheckedResource[];
  ofType(type: string): readonly CheckedResource[];
  /**
   * Resources of `type` whose `attribute` points at `target`: a `${<type>.<name>.<attr>}` reference
   * in the same stack, or a literal name or ARN that identifies it (see `identifiers`).
   */
  referencing(target: CheckedResource, type: string, attribute: string): readonly CheckedResource[];
  /** The resources a value points at (references in `from`'s stack, literal names and ARNs anywhere). */
  resolve(from: CheckedResource, value: unknown): readonly CheckedResource[];
  /** Literal names and ARNs that identify a resource (bucket name and ARN, queue ARN, log group ARN...). */
  identifiers(resource: CheckedResource): readonly string[];
  /** `value` with every `${<type>.<name>.<attr>}` of `from`'s stack replaced by its literal value where known. */
  literal(from: CheckedResource, value: string): string;
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
  evaluate(resource: CheckedResource, facts: ResourceFacts): RuleResult;
}

export const compliant = (detail: string): RuleResult => ({ outcome: 'compliant', detail });
export const nonCompliant = (detail: string): RuleResult => ({ outcome: 'non-compliant', detail });
export const notApplicable = (detail: string): RuleResult => ({ outcome: 'not-applicable', detail });
