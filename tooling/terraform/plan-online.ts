/**
 * `npm run plan -- --online`: terraform run in each stack folder as synthesized, with the user's own
 * environment (credentials, CLI configuration, backend access): init, plan against AWS (which
 * validates the configuration first), show. The saved plan (`plan.tfplan`) can be applied as reviewed.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type OnlineProviderSource, onlineInitFix } from './online-cli-config';
import type { Diagnostic, PlanJson } from './plan-json';
import type { StackOutcome } from './plan-outcome';

/**
 * Plans `stacks` (name and `cdk.tf.json` path, in apply order) one by one; a failure stops only its
 * stack. `source` says where providers come from: a generated CLI configuration (the mirror) is
 * passed as `TF_CLI_CONFIG_FILE`; the user's own is left alone.
 */
export function planOnline(
  terraform: string,
  stacks: readonly { name: string; file: string }[],
  source: OnlineProviderSource = { kind: 'registry' },
): StackOutcome[] {
  const env = {
    ...process.env,
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    ...(source.kind === 'mirror' ? { TF_CLI_CONFIG_FILE: source.cliConfig } : {}),
  };
  const run = (cwd: string, args: string[]) => {
    const result = spawnSync(terraform, args, { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, timeout: 1_800_000 });
    if (result.error) throw new Error(`terraform ${args.join(' ')} in ${cwd} could not run: ${result.error.message}`);
    return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  };
  return stacks.map(({ name, file }): StackOutcome => {
    const dir = path.dirname(file);
    const failed = (step: string, r: { status: number; stderr: string; stdout: string }, diagnostics: Diagnostic[] = []): StackOutcome => {
      removeSavedPlan(file); // terraform saves an errored plan too: leave nothing that looks appliable
      const fix = step === 'init' ? `\n${onlineInitFix(source)}` : '';
      const summary: Diagnostic = {
        severity: 'error',
        summary: `terraform ${step} failed (exit ${r.status})`,
        detail: `${r.stderr}\n${r.stdout}`.trim() + fix,
      };
      return {
        stack: name,
        file,
        ok: false,
        diagnostics: diagnostics.some((d) => d.severity === 'error') ? diagnostics : [...diagnostics, summary],
      };
    };
    const init = run(dir, ['init', '-input=false', '-no-color']);
    if (init.status !== 0) return failed('init', init);
    // No separate `terraform validate`: plan validates the same configuration first and reports
    // validate's diagnostics itself ("an implied validation check", Terraform's validate command page,
    // developer.hashicorp.com/terraform/cli/commands/validate): one provider schema load per stack less.
    const plan = run(dir, ['plan', '-input=false', '-no-color', '-json', '-out=plan.tfplan']);
    const diagnostics = parseJsonLines(plan.stdout);
    if (plan.status !== 0) return failed('plan', plan, diagnostics);
    const shown = run(dir, ['show', '-json', '-no-color', 'plan.tfplan']);
    if (shown.status !== 0) return failed('show', shown, diagnostics);
    return {
      stack: name,
      file,
      ok: !diagnostics.some((d) => d.severity === 'error'),
      diagnostics,
      plan: JSON.parse(shown.stdout) as PlanJson,
      savedPlan: path.join(dir, 'plan.tfplan'),
    };
  });
}

/** Diagnostics of a `-json` terraform run's machine-readable lines, each once. */
function parseJsonLines(stdout: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.trim()) continue;
    try {
      const message = JSON.parse(line) as { type?: string; diagnostic?: Diagnostic };
      if (message.type === 'diagnostic' && message.diagnostic) found.push(message.diagnostic);
    } catch {
      // not a JSON line (terraform prints none in -json mode, but a wrapper might)
    }
  }
  return [...new Map(found.map((d) => [JSON.stringify(d), d])).values()];
}

/** Removes a saved plan left by an earlier run, so a failed run leaves nothing to apply by mistake. */
export function removeSavedPlan(file: string): void {
  fs.rmSync(path.join(path.dirname(file), 'plan.tfplan'), { force: true });
}
