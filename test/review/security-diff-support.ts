import { appFromStacks, loadApp, type StackSourceJson } from '../../tooling/model';
import { reviewContext } from '../../tooling/review';
import { type Finding, securityDiff } from '../../tooling/review/diff/security-diff';
import type { JsonObject, StackJson } from '../../tooling/terraform';
import { exampleOutput } from '../support/example-output';

let baseline: StackSourceJson[] = [];

/** The example's synthesized stacks, as loaded by useBaseline. */
export function baselineStacks(): StackSourceJson[] {
  return baseline;
}

/** Loads the example's synthesized stacks once (the first spec file of the tier that calls it). */
export function useBaseline(): void {
  beforeAll(() => {
    if (baseline.length === 0) baseline = loadApp(exampleOutput()).stacks.map((s) => ({ name: s.name, json: s.json }));
  }, 60_000);
}

export type Edit = (stacks: Map<string, StackJson>) => void;
let unchanged: ReturnType<typeof reviewContext> | undefined;

/** The diff of the baseline against a copy that `change` edits (stack JSON by name). */
export function diffAfter(change: Edit): Finding[] {
  unchanged ??= reviewContext(appFromStacks(baseline));
  return [...securityDiff(unchanged, copyOf(change), 'baseline').findings];
}

/**
 * The diff between two copies of the baseline, each edited first: crafted pairs, for strengthening
 * too. `only` keeps just those stacks on both sides (cheaper when one stack is under test).
 */
export function diffBetween(editBefore: Edit, editAfter: Edit, only?: readonly string[]): Finding[] {
  return [...securityDiff(copyOf(editBefore, only), copyOf(editAfter, only), 'baseline').findings];
}

export function copyOf(edit: Edit, only?: readonly string[]) {
  const stacks = new Map(baseline.filter((s) => !only || only.includes(s.name)).map((s) => [s.name, structuredClone(s.json)]));
  edit(stacks);
  return reviewContext(appFromStacks([...stacks].map(([name, json]) => ({ name, json }))));
}

/** The diff of the organization trail stack alone against a copy that `change` edits. */
export const trailDiff = (change: Edit) => diffBetween(() => {}, change, ['organization-trail']);

/** The one resource of a type in a stack whose logical name starts with `prefix`. */
export function resource(stacks: Map<string, StackJson>, stack: string, type: string, prefix: string): JsonObject {
  const all = stacks.get(stack)?.resource?.[type] ?? {};
  const name = Object.keys(all).find((n) => n.startsWith(prefix));
  if (!name) throw new Error(`${stack}: no ${type} ${prefix}*`);
  return all[name];
}

/** Edits the statements of a JSON policy attribute in place. */
export function editPolicy(r: JsonObject, attribute: string, edit: (statements: JsonObject[]) => JsonObject[]): void {
  const doc = JSON.parse(r[attribute] as string) as { Statement: JsonObject[] };
  doc.Statement = edit(doc.Statement);
  r[attribute] = JSON.stringify(doc);
}

export const brief = (findings: Finding[]) => findings.map((f) => [f.severity, f.subject, f.change]);

export const TRAIL = 'trail acme-organization-trail';
export const ARCHIVE = 'acme-cloudtrail-archive-345678901234';

/** The organization trail's arguments in a copy. */
export const orgTrail = (stacks: Map<string, StackJson>) => resource(stacks, 'organization-trail', 'aws_cloudtrail', 'Trail');

/** The organization trail's advanced selector whose name starts with `name`. */
export function selector(stacks: Map<string, StackJson>, name: string): JsonObject & { field_selector: JsonObject[] } {
  const found = (orgTrail(stacks).advanced_event_selector as JsonObject[]).find((s) => String(s.name).startsWith(name));
  if (!found) throw new Error(`no selector ${name}`);
  return found as JsonObject & { field_selector: JsonObject[] };
}

/** Replaces the organization trail's selectors with basic ones. */
export function basicSelectors(stacks: Map<string, StackJson>, selectors: JsonObject[]): void {
  const trail = orgTrail(stacks);
  delete trail.advanced_event_selector;
  trail.event_selector = selectors;
}

export const ALL_S3 = { type: 'AWS::S3::Object', values: ['arn:aws:s3'] };
