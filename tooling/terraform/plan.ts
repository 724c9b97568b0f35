/**
 * Validate and plan a combined root: `terraform validate` of the parts of the synthesized JSON the
 * offline rewrite changes (backend, providers, remote state; `rewrittenParts`) as synthesized, then
 * `terraform plan -refresh=false` + `show -json` on the offline rewrite of the same stacks, which
 * validates every resource, output and data source before planning it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type ModuleSet, moduleKey, type RootModule, writeCombinedRoot } from './combined-root';
import { EMPTY_STATE, offlineStack, rewrittenParts } from './offline-stack';
import type { Diagnostic, PlanJson, StackJson } from './plan-json';
import { unshareProviders } from './shared-providers';
import type { Terraform, Timing } from './terraform-cli';

/** Summary of the only diagnostic validate may report: a child module's backend block, ignored. */
const IGNORED_BACKEND_SUMMARY = 'Backend configuration ignored';

interface ValidateResult {
  readonly valid: boolean;
  /** Every diagnostic except the expected "Backend configuration ignored" warnings. */
  readonly unexpected: Diagnostic[];
  /** How many "Backend configuration ignored" warnings were filtered out. */
  readonly ignoredBackends: number;
}

interface PlanResult {
  /** The parsed `terraform show -json` of the saved plan; undefined when the plan failed. */
  readonly plan: PlanJson | undefined;
  /** Every warning and error the plan reported, each once. */
  readonly diagnostics: Diagnostic[];
  readonly exitCode: number;
  /** Terraform's stderr, for failures that bring no JSON diagnostic. */
  readonly stderr: string;
}

/** What `validateAndPlan` did. */
export interface CombinedResult {
  readonly modules: RootModule[];
  readonly validate: ValidateResult;
  readonly plan: PlanResult;
  /** The rewritten stacks the plan ran on, by module key. */
  readonly offline: ReadonlyMap<string, StackJson>;
  readonly timings: readonly Timing[];
}

/** `terraform init -backend=false` + `terraform validate -json` in a combined root. */
function validateRoot(tf: Terraform, dir: string): ValidateResult {
  tf.runOrThrow(dir, ['init', '-backend=false', '-input=false', '-no-color']);
  const result = tf.run(dir, ['validate', '-json', '-no-color']);
  let parsed: { valid: boolean; diagnostics?: Diagnostic[] };
  try {
    parsed = JSON.parse(result.stdout) as typeof parsed;
  } catch {
    throw new Error(`terraform validate -json printed no JSON (exit ${result.status}):\n${result.stderr}\n${result.stdout}`);
  }
  const diagnostics = parsed.diagnostics ?? [];
  const expected = (d: Diagnostic) => d.severity === 'warning' && d.summary === IGNORED_BACKEND_SUMMARY;
  return {
    valid: parsed.valid,
    unexpected: diagnostics.filter((d) => !expected(d)),
    ignoredBackends: diagnostics.filter(expected).length,
  };
}

/**
 * `terraform init`, `plan -refresh=false -out`, `show -json` in a combined root of offline stacks.
 * With `initialized` (the root already holds a `.terraform` for the same modules and providers) the
 * init is skipped, unless the plan then asks for one.
 */
function planRoot(tf: Terraform, dir: string, options: { initialized?: boolean } = {}): PlanResult {
  if (!options.initialized) tf.runOrThrow(dir, ['init', '-input=false', '-no-color']);
  const args = ['plan', '-refresh=false', '-input=false', '-lock=false', '-out=plan.bin', '-json', '-no-color'];
  let result = tf.run(dir, args);
  if (
    options.initialized &&
    result.status !== 0 &&
    /terraform init|not installed|initialization required/i.test(result.stdout + result.stderr)
  ) {
    tf.runOrThrow(dir, ['init', '-input=false', '-no-color']);
    result = tf.run(dir, args);
  }
  const diagnostics: Diagnostic[] = [];
  for (const line of result.stdout.split('\n')) {
    if (!line.trim()) continue;
    let message: { type?: string; diagnostic?: Diagnostic };
    try {
      message = JSON.parse(line) as typeof message;
    } catch {
      diagnostics.push({ severity: 'error', summary: 'terraform plan printed a line that is not JSON', detail: line });
      continue;
    }
    if (message.type === 'diagnostic' && message.diagnostic) diagnostics.push(message.diagnostic);
  }
  // Plan reports a configuration diagnostic once while validating and again while planning.
  const unique = [...new Map(diagnostics.map((d) => [JSON.stringify(d), d])).values()];
  if (result.status !== 0 && !unique.some((d) => d.severity === 'error')) {
    unique.push({ severity: 'error', summary: `terraform plan exited ${result.status}`, detail: result.stderr });
  }
  if (result.status !== 0) return { plan: undefined, diagnostics: unique, exitCode: result.status, stderr: result.stderr };
  const shown = tf.runOrThrow(dir, ['show', '-json', '-no-color', 'plan.bin']);
  return { plan: JSON.parse(shown.stdout) as PlanJson, diagnostics: unique, exitCode: 0, stderr: result.stderr };
}

/**
 * Validates the rewritten parts of every set's stacks as synthesized in `<workDir>/validate`, then plans their offline rewrite
 * (`offlineStack`) in `<workDir>/plan`: one init, one validate, one plan and one show for
 * everything. Remote state is traced within a set (its `remoteStateSources`, else its `stacks`).
 */
export function validateAndPlan(tf: Terraform, workDir: string, sets: readonly ModuleSet[]): CombinedResult {
  const validateDir = path.join(workDir, 'validate');
  const planDir = path.join(workDir, 'plan');
  fs.mkdirSync(validateDir, { recursive: true });
  fs.mkdirSync(planDir, { recursive: true });

  // Only what the offline rewrite changes, as synthesized: the plan below validates the rest (about
  // 9 s less for the example and its variant than validating every resource twice).
  const modules = writeCombinedRoot(validateDir, sets, { transform: (stack) => rewrittenParts(stack.json) });
  const validate = validateRoot(tf, validateDir);

  const emptyState = path.join(planDir, 'offline-empty.tfstate');
  fs.writeFileSync(emptyState, `${JSON.stringify(EMPTY_STATE)}\n`);
  const offline = new Map<string, StackJson>();
  // After the offline rewrite the stacks' blocks differ only by region and default tags: one plugin
  // process per distinct block instead of one per block (shared-providers.ts), mapped back below.
  const planModules = writeCombinedRoot(planDir, sets, {
    transform: (stack, set) => {
      const sources = set.remoteStateSources ?? new Map(set.stacks.map((s) => [s.name, s.json]));
      const rewritten = offlineStack(stack.json, sources, emptyState);
      offline.set(moduleKey(set.prefix, stack.name), rewritten);
      return rewritten;
    },
    shareProviders: true,
  });
  // Same modules, same providers: reuse the validate root's installation instead of a second init (~4 s).
  fs.cpSync(path.join(validateDir, '.terraform'), path.join(planDir, '.terraform'), { recursive: true, verbatimSymlinks: true });
  fs.copyFileSync(path.join(validateDir, '.terraform.lock.hcl'), path.join(planDir, '.terraform.lock.hcl'));
  const planned = planRoot(tf, planDir, { initialized: true });
  const routing = new Map(planModules.flatMap((m) => (m.providers ? [[m.key, m.providers] as const] : [])));
  const plan = planned.plan ? { ...planned, plan: unshareProviders(planned.plan, routing) } : planned;
  return { modules, validate, plan, offline, timings: [...tf.timings] };
}
