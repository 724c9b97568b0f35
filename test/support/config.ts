import * as fs from 'node:fs';
import * as path from 'node:path';
import { configSchema, type OrganizationConfig, type OrganizationConfigInput } from '../../stacks/config';
import { validateConfig } from '../../stacks/validate';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const EXAMPLE_CONFIG_FILE = path.join(REPO_ROOT, 'examples', 'organization.json');

/** The example config as written (a fresh deep copy each call). */
export function exampleInput(): OrganizationConfigInput & Record<string, unknown> {
  return JSON.parse(fs.readFileSync(EXAMPLE_CONFIG_FILE, 'utf8'));
}

/** The example config, validated, with optional overrides of the input applied first. */
export function exampleConfig(mutate?: (input: ReturnType<typeof exampleInput>) => void): OrganizationConfig {
  const input = exampleInput();
  mutate?.(input);
  return configSchema.parse(input);
}

/** A minimal valid config: only required fields, every default in force. */
export function minimalInput(): Record<string, unknown> {
  return {
    organizationId: 'o-abcdefghij',
    managementAccountId: '111111111111',
    logArchiveAccountId: '222222222222',
    auditAccountId: '333333333333',
    homeRegion: 'us-east-1',
    regions: ['us-east-1'],
    trailName: 'org-trail',
    archiveBucketName: 'example-org-cloudtrail-222222222222',
    // Required since the management account got its own role, and guardrails need a target.
    deployment: { managementAccountRoleName: 'platform-terraform' },
    guardrails: { targetIds: ['r-abcd'] },
  };
}

/*
 * Helpers of the config tests (test/config/): change one field of a config, validate it, and
 * expect a problem line for a field.
 */

export type Mutable = Record<string, unknown>;

/** A field path as the validator prints it: `archive.lifecycle.transitions[1].days`, `deployment.defaultTags["aws:x"]`. */
const FIELD_PATH = String.raw`[A-Za-z$][\w$]*(?:\[(?:\d+|"(?:[^"\\]|\\.)*")\]|\.[A-Za-z$][\w$]*)*`;

/**
 * Every problem line: where (a field path, `(config)` for the file as a whole, `--config` for the
 * file itself), then the value and the rule, then `Fix:` and what to do. One line, nothing after.
 */
export const PROBLEM_LINE = new RegExp(String.raw`^(?:\(config\)|--config|${FIELD_PATH}): .* Fix: .+$`);

/** The problem lines of a config, none when it is valid. */
export function problemsOf(input: unknown): string[] {
  const result = validateConfig(input);
  return result.ok ? [] : result.problems;
}

/** Sets a value at a dotted path (numbers index arrays), creating objects on the way. */
export function setPath(target: Mutable, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let current: Mutable = target;
  for (const key of keys.slice(0, -1)) {
    if (current[key] === undefined) current[key] = {};
    current = current[key] as Mutable;
  }
  current[keys[keys.length - 1]] = value;
}

/** Removes the field at a dotted path (an array entry is spliced out). */
export function deletePath(target: Mutable, dotted: string): void {
  const keys = dotted.split('.');
  const parent = keys.slice(0, -1).reduce<Mutable>((current, key) => current[key] as Mutable, target);
  const last = keys[keys.length - 1];
  if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else delete parent[last];
}

/** The value at a dotted path, or undefined. */
export function getPath(target: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((current, key) => (current as Mutable | undefined)?.[key], target);
}

/** The example config with one field changed. */
export function withChange(dotted: string, value: unknown): Mutable {
  const input = exampleInput() as Mutable;
  setPath(input, dotted, value);
  return input;
}

/** `archive.lifecycle.transitions.1.days` as the validator prints it: `archive.lifecycle.transitions[1].days`. */
export function fieldPath(dotted: string): string {
  return dotted.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
}

/**
 * Expects a problem line for `field` (printed path) that contains every fragment, and that every
 * line printed follows the problem line shape. Returns the field's first line.
 */
export function expectProblem(input: unknown, field: string, ...fragments: string[]): string {
  const problems = problemsOf(input);
  const matching = problems.filter((p) => p.startsWith(`${field}: `));
  expect({ field, problems }).toEqual({ field, problems: expect.arrayContaining([expect.stringMatching(`^${escapeRegExp(field)}: `)]) });
  for (const fragment of fragments) expect(matching.join('\n')).toContain(fragment);
  for (const line of problems) expect(line).toMatch(PROBLEM_LINE);
  return matching[0];
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Dotted paths of every leaf and object in a JSON value (arrays indexed). */
export function collectPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return prefix ? [prefix] : [];
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  const own = prefix ? [prefix] : [];
  return [...own, ...entries.flatMap(([key, v]) => collectPaths(v, prefix ? `${prefix}.${key}` : key))];
}

/** `count` distinct 12-digit account IDs outside the example organization. */
export function manyAccounts(count: number, first = 900000000000): string[] {
  return Array.from({ length: count }, (_, i) => `${first + i}`);
}
