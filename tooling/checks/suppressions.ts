/**
 * Suppressions: a rule id, the resource it excuses and a reason of at least a sentence. They live
 * next to the construct (`suppressCheck` in modules/check-suppressions.ts, synthesized under the
 * resource's `//.checkSuppressions` comment key, which Terraform ignores) or in a file passed with
 * `--suppressions` (JSON: `[{ "rule", "resource", "reason" }]`, `resource` an address or a glob).
 * Suppressed findings are reported with their reason, never dropped.
 */
import * as fs from 'node:fs';
import { suppressionReasonProblem } from '../../modules/check-suppressions';
import { wildcardMatch } from '../../modules/policy';
import { closest } from '../../modules/suggest';
import type { AppResource } from '../model';
import { isJsonObject } from '../terraform';

export interface Suppression {
  readonly rule: string;
  /** The suppressed resource's address (construct) or the pattern as written (file). */
  readonly resource: string;
  readonly reason: string;
  /** `construct` (recorded by suppressCheck) or the suppressions file path. */
  readonly source: 'construct' | 'file';
  /** Where it is written: `<address> //.checkSuppressions[i]` or `<file>: suppressions[i]`. */
  readonly where: string;
}

/** Problems with suppressions, one line each: field, value, rule, fix. Nothing runs until they are fixed. */
export class SuppressionError extends Error {
  constructor(public readonly problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'SuppressionError';
  }
}

/** A resource pattern: `*` matches within one path segment, `**` across segments, `?` one character. */
export function patternMatches(pattern: string, resource: AppResource): boolean {
  const candidates = [resource.id, resource.address, resource.constructPath].filter((c): c is string => !!c);
  return candidates.some((c) => wildcardMatch(pattern, c, { segments: true }));
}

/** Suppressions recorded next to the construct (`//.checkSuppressions`), as written; shape checks happen below. */
function recordedSuppressions(resource: AppResource): unknown[] {
  const recorded = resource.comment.checkSuppressions;
  if (recorded === undefined) return [];
  return Array.isArray(recorded) ? recorded : [recorded];
}

/** Suppressions recorded on a resource by `suppressCheck`, with problems (unknown rule, short reason, bad shape). */
export function constructSuppressions(
  resource: AppResource,
  ruleIds: ReadonlySet<string>,
): { suppressions: Suppression[]; problems: string[] } {
  const suppressions: Suppression[] = [];
  const problems: string[] = [];
  recordedSuppressions(resource).forEach((entry, i) => {
    const where = `${resource.id} //.checkSuppressions[${i}]`;
    if (!isJsonObject(entry)) {
      problems.push(
        `${where}: ${JSON.stringify(entry)} is not an object. Fix: record suppressions with suppressCheck(resource, ruleId, reason)`,
      );
      return;
    }
    const ruleProblem = ruleIdProblem(entry.rule, ruleIds);
    if (ruleProblem) problems.push(`${where}.rule: ${ruleProblem}`);
    const reason = suppressionReasonProblem(entry.reason);
    if (reason) problems.push(`${where}.reason: ${reason}`);
    if (!ruleProblem && !reason) {
      suppressions.push({
        rule: String(entry.rule),
        resource: resource.id,
        reason: String(entry.reason).trim(),
        source: 'construct',
        where,
      });
    }
  });
  return { suppressions, problems };
}

/** Reads and checks a suppressions file; throws SuppressionError with every problem at once. */
export function readSuppressionsFile(file: string, ruleIds: ReadonlySet<string>): Suppression[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new SuppressionError([
      `${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}). Fix: pass an existing suppressions file`,
    ]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SuppressionError([
      `${file}: is not valid JSON (${(error as Error).message}). Fix: write a JSON array of { "rule", "resource", "reason" }`,
    ]);
  }
  const { suppressions, problems } = parseSuppressions(json, file, ruleIds);
  if (problems.length > 0) throw new SuppressionError(problems);
  return suppressions;
}

const FIELDS = ['rule', 'resource', 'reason'];

/** The entries of a suppressions file (already parsed), with every problem. */
export function parseSuppressions(
  json: unknown,
  file: string,
  ruleIds: ReadonlySet<string>,
): { suppressions: Suppression[]; problems: string[] } {
  if (!Array.isArray(json)) {
    return {
      suppressions: [],
      problems: [
        `${file}: is not a JSON array. Fix: write [{ "rule": "<rule id>", "resource": "<stack>/<type>.<name> or a glob", "reason": "<a sentence>" }]`,
      ],
    };
  }
  const suppressions: Suppression[] = [];
  const problems: string[] = [];
  json.forEach((entry, i) => {
    const at = `${file}: suppressions[${i}]`;
    if (!isJsonObject(entry)) {
      problems.push(`${at}: ${JSON.stringify(entry)} is not an object. Fix: write { "rule", "resource", "reason" }`);
      return;
    }
    const before = problems.length;
    for (const key of Object.keys(entry).filter((k) => !FIELDS.includes(k))) {
      const near = closest(key, FIELDS);
      problems.push(
        `${at}.${key}: is not a suppression field (only rule, resource and reason). Fix: ${near ? `did you mean "${near}"?` : 'remove it or correct its name'}`,
      );
    }
    const ruleProblem = ruleIdProblem(entry.rule, ruleIds);
    if (ruleProblem) problems.push(`${at}.rule: ${ruleProblem}`);
    if (typeof entry.resource !== 'string' || entry.resource.trim() === '') {
      problems.push(
        `${at}.resource: ${entry.resource === undefined ? 'is required' : `${JSON.stringify(entry.resource)} is not a resource`}. Fix: write <stack>/<type>.<name>, a construct path, or a glob such as external-account-*/aws_cloudtrail.*`,
      );
    }
    const reason = suppressionReasonProblem(entry.reason);
    if (reason) problems.push(`${at}.reason: ${reason}`);
    if (problems.length === before) {
      suppressions.push({
        rule: String(entry.rule),
        resource: String(entry.resource).trim(),
        reason: String(entry.reason).trim(),
        source: 'file',
        where: at,
      });
    }
  });
  return { suppressions, problems };
}

function ruleIdProblem(rule: unknown, ruleIds: ReadonlySet<string>): string | undefined {
  if (typeof rule === 'string' && ruleIds.has(rule)) return undefined;
  const near =
    typeof rule === 'string' ? [...ruleIds].filter((id) => id.toLowerCase().includes(rule.toLowerCase().slice(0, 12))).slice(0, 3) : [];
  if (rule === undefined) return 'is required. Fix: name the rule it suppresses, an id from `npm run check -- --list`';
  return `${JSON.stringify(rule)} is not a rule of the pack. Fix: use a rule id from \`npm run check -- --list\`${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}`;
}
