/**
 * The engine: evaluates every rule on every resource of the types it looks at, over the one model
 * of a synthesized app (tooling/model; read from a folder, or the review's own), applies
 * suppressions (next to the construct first, then the suppressions file) and returns the findings,
 * suppressed ones included with their reason.
 */
import { type AppResource, appFromResources, loadApp, Resolver, stacksInManifestOrder } from '../model';
import { AppFacts } from './app-facts';
import { PACK } from './pack';
import { constructSuppressions, patternMatches, readSuppressionsFile, type Suppression, SuppressionError } from './suppressions';
import { type Level, notApplicable, type ResourceFacts, type Rule, type RuleResult } from './types';

/** A non-compliant result, open or suppressed. */
export interface Finding {
  readonly rule: string;
  readonly level: Level;
  readonly controls: readonly string[];
  /** The rule's one-line finding. */
  readonly finding: string;
  /** Why the rule matters. */
  readonly reason: string;
  /** What decided, for this resource (attribute, statement, neighbour). */
  readonly detail: string;
  readonly stack: string;
  /** `<stack>/<type>.<name>`. */
  readonly address: string;
  readonly resourceType: string;
  readonly constructPath?: string;
  /** Present when the finding is suppressed: by whom, why, and where the suppression is written. */
  readonly suppression?: { readonly reason: string; readonly source: 'construct' | 'file'; readonly where: string };
}

export interface CheckCounts {
  readonly error: number;
  readonly warning: number;
  readonly suppressed: number;
  readonly compliant: number;
  readonly notApplicable: number;
}

export interface CheckReport {
  /** Absolute output folder (empty when checking resources directly). */
  readonly outDir: string;
  readonly stacks: readonly string[];
  /** Stack folders the manifest does not list (left from another config); not checked. */
  readonly staleStacks: readonly string[];
  readonly resources: number;
  readonly rules: number;
  /** Open findings first (errors, then warnings), then suppressed ones; each group by rule, then address. */
  readonly findings: readonly Finding[];
  /** Suppressions that matched no finding: the resource is compliant now, or the pattern is wrong. */
  readonly unusedSuppressions: readonly Suppression[];
  readonly counts: CheckCounts;
}

export interface CheckOptions {
  /** A suppressions file (JSON). */
  readonly suppressionsFile?: string;
  /** @default PACK */
  readonly rules?: readonly Rule[];
}

/**
 * Checks a synthesized output folder. Throws `SynthesizedOutputError` when it cannot be read and
 * `SuppressionError` when a suppression (file or construct) is malformed or its reason too short.
 */
export function runChecks(outDir: string, options: CheckOptions = {}): CheckReport {
  return checkApp(new Resolver(loadApp(outDir)), options);
}

/** Checks a model already read (the review passes its own); throws `SuppressionError` like `runChecks`. */
export function checkApp(resolver: Resolver, options: CheckOptions = {}): CheckReport {
  const rules = options.rules ?? PACK;
  const fileSuppressions = options.suppressionsFile ? readSuppressionsFile(options.suppressionsFile, ruleIdsOf(rules)) : [];
  const { app } = resolver;
  const resources = stacksInManifestOrder(app).flatMap((s) => s.resources);
  const report = evaluate(new AppFacts(resolver, resources), rules, fileSuppressions);
  return { ...report, outDir: app.outDir, stacks: app.manifestOrder, staleStacks: app.stale };
}

/** The pure core of `runChecks`: resources in, findings out. Throws SuppressionError for bad construct suppressions. */
export function checkResources(
  resources: readonly AppResource[],
  rules: readonly Rule[] = PACK,
  fileSuppressions: readonly Suppression[] = [],
): CheckReport {
  return evaluate(new AppFacts(new Resolver(appFromResources(resources)), resources), rules, fileSuppressions);
}

function evaluate(facts: AppFacts, rules: readonly Rule[], fileSuppressions: readonly Suppression[]): CheckReport {
  const resources = facts.all;
  const ids = ruleIdsOf(rules);
  const problems: string[] = [];
  const onResource = new Map<AppResource, Suppression[]>();
  for (const resource of resources) {
    const found = constructSuppressions(resource, ids);
    problems.push(...found.problems);
    if (found.suppressions.length > 0) onResource.set(resource, found.suppressions);
  }
  if (problems.length > 0) throw new SuppressionError(problems);

  const used = new Set<Suppression>();
  const findings: Finding[] = [];
  let compliant = 0;
  let notApplicable = 0;
  for (const rule of rules) {
    for (const resource of resources) {
      if (!rule.resourceTypes.includes(resource.type)) continue;
      const result = evaluateRule(rule, resource, facts);
      if (result.outcome === 'compliant') compliant++;
      if (result.outcome === 'not-applicable') notApplicable++;
      if (result.outcome !== 'non-compliant') continue;
      const suppression =
        (onResource.get(resource) ?? []).find((s) => s.rule === rule.id) ??
        fileSuppressions.find((s) => s.rule === rule.id && patternMatches(s.resource, resource));
      if (suppression) used.add(suppression);
      findings.push({
        rule: rule.id,
        level: rule.level,
        controls: rule.controls,
        finding: rule.finding,
        reason: rule.reason,
        detail: result.detail,
        stack: resource.stack,
        address: resource.id,
        resourceType: resource.type,
        ...(resource.constructPath ? { constructPath: resource.constructPath } : {}),
        ...(suppression ? { suppression: { reason: suppression.reason, source: suppression.source, where: suppression.where } } : {}),
      });
    }
  }
  const allSuppressions = [...[...onResource.values()].flat(), ...fileSuppressions];
  const open = findings.filter((f) => !f.suppression);
  return {
    outDir: '',
    stacks: [...new Set(resources.map((r) => r.stack))],
    staleStacks: [],
    resources: resources.length,
    rules: rules.length,
    findings: sortFindings(findings),
    unusedSuppressions: allSuppressions.filter((s) => !used.has(s)),
    counts: {
      error: open.filter((f) => f.level === 'error').length,
      warning: open.filter((f) => f.level === 'warning').length,
      suppressed: findings.length - open.length,
      compliant,
      notApplicable,
    },
  };
}

/** Open findings whose level fails the run: errors, and warnings too with `failOn: 'warning'`. */
export function failingFindings(report: CheckReport, failOn: Level = 'error'): Finding[] {
  return report.findings.filter((f) => !f.suppression && (f.level === 'error' || failOn === 'warning'));
}

/**
 * One rule on one resource, as the engine runs it: not applicable outside the rule's resource types;
 * a rule that throws names itself and the resource.
 */
export function evaluateRule(rule: Rule, resource: AppResource, facts: ResourceFacts): RuleResult {
  if (!rule.resourceTypes.includes(resource.type))
    return notApplicable(`${rule.id} looks at ${rule.resourceTypes.join(', ')}, not ${resource.type}`);
  try {
    return rule.evaluate(resource, facts);
  } catch (error) {
    throw new Error(`rule ${rule.id} failed on ${resource.id}: ${(error as Error).message}`);
  }
}

function ruleIdsOf(rules: readonly Rule[]): ReadonlySet<string> {
  return new Set(rules.map((r) => r.id));
}

function sortFindings(findings: Finding[]): Finding[] {
  const rank = (f: Finding) => (f.suppression ? 2 : f.level === 'error' ? 0 : 1);
  return [...findings].sort((a, b) => rank(a) - rank(b) || a.rule.localeCompare(b.rule) || a.address.localeCompare(b.address));
}
