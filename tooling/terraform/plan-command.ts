/**
 * `npm run plan -- --out <dir> [--stack <name>]... [--online]`: real `terraform init`, `validate` and
 * `plan` for the synthesized stacks, offline by default (`planOffline`: provider from a mirror or the
 * registry, fake credentials, stubbed remote state) or against AWS with `--online`. Prints a summary
 * per stack, saves `<dir>/stacks/<stack>/plan.json`, exits 1 on any error.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { flagError } from '../../modules/suggest';
import { type CommandIo, columns, DEFAULT_OUT_DIR, processIo } from '../command-io';
import { loadApp, type SynthesizedApp } from '../model';
import { plural } from '../review/format';
import { describeOnlineSource, onlineProviderSource } from './online-cli-config';
import { formatDiagnostic } from './plan-json';
import { planOffline } from './plan-offline';
import { planOnline, removeSavedPlan } from './plan-online';
import { changesOf, destructiveChanges, type StackOutcome } from './plan-outcome';
import { offlineToolchain, onlineTerraform, pinnedAwsVersion } from './provider-source';
import { SynthesizedOutputError } from './synthesized-stacks';
import { findProviderMirror } from './toolchain';

export const PLAN_USAGE = `Usage: npm run plan -- [--out <dir>] [--stack <name>]... [--online]

Runs terraform init, validate and plan for every synthesized stack of <dir> (or the named ones), in
apply order, prints what each plan adds, changes, destroys and replaces, and saves the plan as JSON
in <dir>/stacks/<stack>/plan.json (for npm run review and your own checks).

  --out <dir>     synthesized output folder (default: cdktf.out in this package)
  --stack <name>  plan only this stack; repeat for several
  --online        plan against AWS: terraform runs in each stack folder as synthesized, with your
                  credentials and backend, and also saves plan.tfplan, which
                  "terraform apply plan.tfplan" applies exactly as reviewed. Providers come from
                  your terraform CLI configuration if you have one (TF_CLI_CONFIG_FILE or
                  ~/.terraformrc), else hashicorp/aws from the same mirror the offline plan finds,
                  else the registry
  --help          show this help

Offline (the default) needs no AWS access: the provider comes from a filesystem mirror
(TF_PROVIDER_MIRROR, /opt/tf-plugins, or one found on disk) or, with network, the registry; the
provider gets fake credentials and no role, remote state reads get placeholder outputs, and nothing
is refreshed. It proves the stacks validate and plan with the real provider and shows what they
create; what already exists in AWS only --online can compare.

Relative paths resolve against the folder you ran npm in.`;

const PLAN_FLAGS = {
  out: { type: 'string' },
  stack: { type: 'string', multiple: true },
  online: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

/** Runs the command; returns the exit code (0 planned, 1 errors, 2 bad usage). */
export function runPlanCommand(argv: readonly string[], io: CommandIo = processIo()): number {
  let values: { out?: string; stack?: string[]; online?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({ args: [...argv], options: PLAN_FLAGS, strict: true, allowPositionals: false }));
  } catch (error) {
    io.err(`${flagError(error, Object.keys(PLAN_FLAGS), 'npm run plan --')}\n${PLAN_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(PLAN_USAGE);
    return 0;
  }
  const outDir = values.out ? path.resolve(io.cwd, values.out) : DEFAULT_OUT_DIR;
  let app: SynthesizedApp;
  try {
    // The model's order: after every stack whose state a stack reads or that manifest.json lists as
    // its dependency (this app records its apply order so), as review and the synth summary show it.
    app = loadApp(outDir);
  } catch (error) {
    if (error instanceof SynthesizedOutputError) {
      // Nothing planned: a usage error, as for check (the folder named is not a synthesized one).
      io.err(error.problems.join('\n'));
      return 2;
    }
    throw error;
  }
  const order = app.stacks.map((s) => s.name);
  const names = values.stack ?? order;
  const unknown = names.filter((n) => !order.includes(n));
  if (unknown.length > 0) {
    io.err(`${unknown.map((n) => JSON.stringify(n)).join(', ')}: no such stack in ${outDir}. Fix: choose from ${order.join(', ')}`);
    return 2;
  }
  const selected = order.filter((n) => names.includes(n));
  const files = new Map(app.stacks.map((s) => [s.name, s.file]));
  const run = values.online ? runOnline(selected, files, io) : runOffline(outDir, app, selected, io);
  if (!run) return 1;
  for (const outcome of run.outcomes) {
    const target = path.join(path.dirname(outcome.file), 'plan.json');
    if (outcome.plan) fs.writeFileSync(target, `${JSON.stringify(outcome.plan, null, 2)}\n`);
    else fs.rmSync(target, { force: true });
  }
  io.out(report(run.header, run.outcomes, run.general, io.cwd));
  const ok = run.outcomes.every((o) => o.ok) && run.general.every((d) => !d.startsWith('error'));
  return ok ? 0 : 1;
}

interface Run {
  readonly header: string;
  readonly outcomes: StackOutcome[];
  /** Diagnostics of the run as a whole (not of one stack), formatted. */
  readonly general: string[];
}

function runOffline(outDir: string, app: SynthesizedApp, selected: string[], io: CommandIo): Run | undefined {
  const found = offlineToolchain(pinnedAwsVersion(app.stacks.filter((s) => selected.includes(s.name)).map((s) => s.json)));
  if ('problems' in found) {
    io.err(found.problems.join('\n'));
    return undefined;
  }
  let result: ReturnType<typeof planOffline>;
  try {
    result = planOffline({ outDir, stacks: selected, toolchain: found.toolchain });
  } catch (error) {
    io.err(`offline plan could not run: ${(error as Error).message}`);
    return undefined;
  }
  const byName = new Map(result.stacks.map((s) => [s.stack, s]));
  const outcomes = selected.map((name): StackOutcome => {
    const s = byName.get(name);
    if (!s)
      return {
        stack: name,
        file: '',
        ok: false,
        diagnostics: [{ severity: 'error', summary: 'terraform reported nothing for this stack' }],
      };
    return {
      stack: name,
      file: s.file,
      ok: s.ok,
      diagnostics: [...s.validateDiagnostics, ...s.planDiagnostics],
      ...(s.plan ? { plan: s.plan } : {}),
    };
  });
  const stale =
    result.stale.length > 0 ? [`note: not planned, not in manifest.json (left from an earlier synth): ${result.stale.join(', ')}`] : [];
  return {
    header: `Planned ${outcomes.length} of ${plural(app.stacks.length, 'stack')} offline (terraform ${found.toolchain.terraformVersion}, ${found.note}; fake credentials, placeholder remote state, no refresh):`,
    outcomes,
    general: [...result.diagnostics.map(formatDiagnostic), ...stale],
  };
}

function runOnline(selected: string[], files: ReadonlyMap<string, string>, io: CommandIo): Run | undefined {
  const found = onlineTerraform();
  if ('problems' in found) {
    io.err(found.problems.join('\n'));
    return undefined;
  }
  const stacks = selected.map((name) => ({ name, file: files.get(name) as string }));
  for (const s of stacks) removeSavedPlan(s.file);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-online-'));
  try {
    const source = onlineProviderSource(findProviderMirror, scratch);
    return {
      header: `Planned ${plural(stacks.length, 'stack')} against AWS (terraform in each stack folder, your credentials and backend; ${describeOnlineSource(source)}):`,
      outcomes: planOnline(found.terraform, stacks, source),
      general: [],
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** The printed summary: a table of counts, then destructive changes and diagnostics per stack. */
export function report(header: string, outcomes: readonly StackOutcome[], general: readonly string[], cwd: string): string {
  const rows = outcomes.map((o) => {
    const c = changesOf(o);
    const count = (n: number | undefined) => (n === undefined ? '-' : String(n));
    const warnings = o.diagnostics.filter((d) => d.severity === 'warning').length;
    const errors = o.diagnostics.filter((d) => d.severity === 'error').length;
    const shown = o.plan ? path.relative(cwd, path.join(path.dirname(o.file), 'plan.json')) || 'plan.json' : 'no plan';
    return [
      o.stack,
      count(c?.create),
      count(c?.update),
      count(c?.delete),
      count(c?.replace),
      String(warnings),
      String(errors),
      o.ok ? 'ok' : 'FAILED',
      shown,
    ];
  });
  const table = columns([['stack', 'add', 'change', 'destroy', 'replace', 'warnings', 'errors', 'result', 'plan'], ...rows]);
  const details = outcomes.flatMap((o) => {
    const loud = destructiveChanges(o).map((line) => `  ${line}`);
    const diagnostics = o.diagnostics.map((d) => `  ${formatDiagnostic(d).split('\n').join('\n  ')}`);
    const saved = o.savedPlan
      ? [`  saved plan: ${path.relative(cwd, o.savedPlan)} (terraform apply plan.tfplan in that folder applies exactly this)`]
      : [];
    return loud.length + diagnostics.length + saved.length > 0 ? [`${o.stack}:`, ...loud, ...diagnostics, ...saved] : [];
  });
  const failed = outcomes.filter((o) => !o.ok).map((o) => o.stack);
  const verdict =
    failed.length > 0 || general.some((g) => g.startsWith('error'))
      ? `FAILED: ${failed.join(', ') || 'see above'}`
      : 'All stacks validated and planned.';
  return [header, table, ...details, ...general, verdict].join('\n');
}
