/**
 * Suppressing a finding of the security rule pack (`npm run check`) next to the construct it
 * excuses: the suppression is written into the synthesized resource under its `//` comment key
 * (`"//": { "checkSuppressions": [{ "rule", "reason" }] }`), which Terraform ignores in JSON
 * configuration and which cdktf keeps beside its own `//.metadata`. The rule pack reads it there,
 * reports the finding as suppressed with the reason, and refuses an unknown rule id.
 */
import type { TerraformResource } from 'cdktf';

/** One suppression as synthesized. */
export interface CheckSuppression {
  /** A rule id of the pack, `IamRoleTrustHasConfusedDeputyCondition`. */
  readonly rule: string;
  /** Why the finding does not apply here: at least one full sentence. */
  readonly reason: string;
}

/** Rule ids are Resource + Property + Expectation in PascalCase. */
const RULE_ID = /^[A-Z][A-Za-z0-9]+$/;

/** Suppressions recorded per resource: an override replaces the whole list, so each call writes all of them. */
const recorded = new WeakMap<TerraformResource, CheckSuppression[]>();

/**
 * Records that `ruleId` does not apply to `resource`, with the reason a reviewer will read in the
 * check and review reports. The reason must be at least one sentence (four or more words, twenty
 * or more characters, ending with a period); cite the AWS documentation when AWS is the reason.
 *
 * @example suppressCheck(this.role, 'IamRoleTrustHasConfusedDeputyCondition',
 *   'AWS documents confused-deputy conditions as not applicable to the CloudTrail to CloudWatch Logs role (cw_role_policy).');
 */
export function suppressCheck(resource: TerraformResource, ruleId: string, reason: string): void {
  const where = `${resource.node.path}: suppressCheck`;
  if (!RULE_ID.test(ruleId)) {
    throw new Error(
      `${where}: rule "${ruleId}" is not a rule id (PascalCase, such as S3BucketAccessLogging). Fix: copy the id from \`npm run check -- --list\``,
    );
  }
  const problem = suppressionReasonProblem(reason);
  if (problem) throw new Error(`${where}(${ruleId}): reason ${problem}`);
  const list = recorded.get(resource) ?? [];
  if (list.some((s) => s.rule === ruleId)) {
    throw new Error(`${where}: ${ruleId} is already suppressed on this resource. Fix: give one reason per rule and resource`);
  }
  const next = [...list, { rule: ruleId, reason: reason.trim() }];
  recorded.set(resource, next);
  resource.addOverride('//.checkSuppressions', next);
}

/** The suppressions recorded on a resource, in the order they were added. */
export function checkSuppressionsOf(resource: TerraformResource): readonly CheckSuppression[] {
  return recorded.get(resource) ?? [];
}

/**
 * Why a suppression reason is refused, or undefined: at least one sentence, four or more words and
 * twenty or more characters, ending with `.`, `!` or `?` (a closing quote or parenthesis may
 * follow). The one rule for reasons: `suppressCheck` applies it here, and the rule pack
 * (tooling/checks/suppressions.ts) to the suppressions it reads back and to suppressions files.
 */
export function suppressionReasonProblem(reason: unknown): string | undefined {
  const example = 'e.g. "AWS documents that CloudTrail sends no source keys when it assumes this role (cw_role_policy)."';
  if (typeof reason !== 'string')
    return `is ${JSON.stringify(reason) ?? 'missing'}, not a sentence. Fix: explain in at least one sentence why the finding does not apply, ${example}`;
  const text = reason.trim();
  const words = text.split(/\s+/).filter(Boolean).length;
  if (words >= 4 && text.length >= 20 && /[.!?]["')\]]*$/.test(text)) return undefined;
  return `"${text}" is not a sentence (at least 4 words and 20 characters, ending with a period). Fix: explain why the finding does not apply, citing AWS where AWS is the reason, ${example}`;
}
