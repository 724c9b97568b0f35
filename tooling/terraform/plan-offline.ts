/**
 * `planOffline`: validate and plan the stacks of a synthesized output folder with the real terraform
 * CLI and provider, without AWS, and report per stack. What `npm run plan` calls.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ModuleSet } from './combined-root';
import { validateAndPlan } from './plan';
import type { Diagnostic, StackJson } from './plan-json';
import { type StackResult, splitByStack } from './stack-results';
import { readSynthesizedStacks } from './synthesized-stacks';
import { Terraform, type Timing } from './terraform-cli';
import type { Toolchain } from './toolchain';

interface PlanOfflineOptions {
  /** A synthesized output folder: `<outDir>/stacks/<stack>/cdk.tf.json` (see `readSynthesizedStacks`). */
  readonly outDir: string;
  /** Plan only these stacks; remote state they read is still traced to any stack of the folder. @default - every stack */
  readonly stacks?: readonly string[];
  /** terraform and the provider mirror, from `locateToolchain()`. */
  readonly toolchain: Toolchain;
  /** Folder in which the temporary work directory is created. @default - `os.tmpdir()` */
  readonly workDir?: string;
  /** Keep the work directory (its path is in the result) instead of removing it. @default false */
  readonly keepWorkDir?: boolean;
  /** Folder for terraform's CLI config and plugin cache, to reuse between runs. @default - inside the work directory */
  readonly cacheDir?: string;
}

/** One stack's share of the run (see `StackResult`), by stack name and file. */
interface StackPlanResult extends Omit<StackResult, 'module'> {
  readonly stack: string;
  /** Its synthesized `cdk.tf.json`. */
  readonly file: string;
}

interface OfflinePlanResult {
  /** Every stack validated and planned without errors (warnings are reported, not failed). */
  readonly ok: boolean;
  readonly stacks: readonly StackPlanResult[];
  /** Diagnostics that point into no particular stack (a failure of the run as a whole). */
  readonly diagnostics: readonly Diagnostic[];
  /** Stack folders of `outDir` that its manifest does not list; not planned. */
  readonly stale: readonly string[];
  readonly terraformVersion: string;
  readonly timings: readonly Timing[];
  /** The work directory, when `keepWorkDir` kept it. */
  readonly workDir?: string;
}

/**
 * Validates (`terraform validate`, synthesized JSON unchanged) and plans (`terraform plan
 * -refresh=false` of the offline rewrite, see `offlineStack`) the stacks of `outDir`. All stacks
 * share one combined root, so the run costs one init, validate, plan and show; results are split
 * per stack (`splitByStack`: an error in one stack leaves every stack without a plan, and the
 * diagnostics say which stack is at fault). Throws for an unreadable folder, an unknown
 * stack name, remote state that cannot be traced, or terraform that cannot run at all.
 */
export function planOffline(options: PlanOfflineOptions): OfflinePlanResult {
  const output = readSynthesizedStacks(options.outDir);
  const selected = selectStacks(
    output.stacks.map((s) => s.name),
    options.stacks,
  );
  const stacks = output.stacks.filter((s) => selected.has(s.name));
  const set: ModuleSet = {
    prefix: '',
    stacks: stacks.map((s) => ({ name: s.name, json: s.json })),
    remoteStateSources: new Map<string, StackJson>(output.stacks.map((s) => [s.name, s.json])),
  };

  const parent = options.workDir ?? os.tmpdir();
  fs.mkdirSync(parent, { recursive: true });
  const workDir = fs.mkdtempSync(path.join(parent, 'offline-plan-'));
  try {
    const tf = new Terraform(options.toolchain, options.cacheDir ?? path.join(workDir, 'terraform'));
    const run = validateAndPlan(tf, workDir, [set]);
    const split = splitByStack(run);
    const files = new Map(stacks.map((s) => [s.name, s.file]));
    const results = split.stacks.map(
      ({ module, ...result }): StackPlanResult => ({ stack: module.stack, file: files.get(module.stack) ?? '', ...result }),
    );
    return {
      ok: run.validate.valid && run.plan.exitCode === 0 && results.every((r) => r.ok),
      stacks: results,
      diagnostics: split.unattributed,
      stale: output.stale,
      terraformVersion: options.toolchain.terraformVersion,
      timings: run.timings,
      ...(options.keepWorkDir ? { workDir } : {}),
    };
  } finally {
    if (!options.keepWorkDir) fs.rmSync(workDir, { recursive: true, force: true });
  }
}

/** The stack names to plan: all of them, or the requested ones (each must exist). */
function selectStacks(available: readonly string[], requested: readonly string[] | undefined): Set<string> {
  if (requested === undefined) return new Set(available);
  if (requested.length === 0) throw new Error(`no stack selected; choose from: ${available.join(', ')}`);
  const unknown = requested.filter((name) => !available.includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `${unknown.map((n) => JSON.stringify(n)).join(', ')}: no such stack in this output folder; choose from: ${available.join(', ')}`,
    );
  }
  return new Set(requested);
}
