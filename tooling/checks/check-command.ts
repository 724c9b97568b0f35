/**
 * `check`: the security rule pack over a synthesized output folder: `--out <dir> [--suppressions
 * <file>] [--format text|json] [--fail-on error|warning]`, or `--list` for the rules.
 *
 * Exit codes: 0 when no unsuppressed error (and, with `--fail-on warning`, no unsuppressed warning)
 * remains; 1 when one does; 2 when the flags, the output folder or a suppression are wrong (one line
 * per problem, nothing checked). Relative paths resolve against `io.cwd`. Run through the one CLI
 * (bin/run-cli.ts): `npm run check` here, `cdktf-org-logging check` installed.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { flagError } from '../../modules/suggest';
import { type CommandIo, DEFAULT_OUT_DIR } from '../command-io';
import { SynthesizedOutputError } from '../terraform/synthesized-stacks';
import { formatJson, formatRuleTable, formatText } from './format';
import { PACK } from './pack';
import { failingFindings, runChecks } from './run-checks';
import { SuppressionError } from './suppressions';
import type { Level } from './types';

function checkUsage(defaultOut: string): string {
  return `Usage: npm run check -- [--out <dir>] [--suppressions <file>] [--format text|json] [--fail-on error|warning]
       npm run check -- --list [--format text|markdown]

  --out <dir>            synthesized output folder (default: ${defaultOut})
  --suppressions <file>  JSON [{ "rule", "resource", "reason" }]; resource is <stack>/<type>.<name>,
                         a construct path or a glob (* within a segment, ** across)
  --format <format>      text (default) or json (the review report reads json)
  --fail-on <level>      error (default): warnings are printed but do not fail; warning: they fail too
  --list                 print the rules (id, level, controls, finding, reason) and exit
  --help                 show this help

Exit 0: no unsuppressed finding at the --fail-on level; 1: some; 2: bad flags, output or suppressions.`;
}

interface CheckDefaults {
  readonly outDir: string;
  /** How `outDir` reads in the usage text. */
  readonly outDirText: string;
}

/** This repo's defaults: its own cdktf.out. */
const REPO_DEFAULTS: CheckDefaults = { outDir: DEFAULT_OUT_DIR, outDirText: 'cdktf.out in this package' };

const CHECK_FLAGS = {
  out: { type: 'string' },
  suppressions: { type: 'string' },
  format: { type: 'string' },
  'fail-on': { type: 'string', default: 'error' },
  list: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

/** Runs the command; returns the exit code (see the file header). */
export function runCheckCommand(argv: readonly string[], io: CommandIo, defaults: CheckDefaults = REPO_DEFAULTS): number {
  const usage = checkUsage(defaults.outDirText);
  const usageError = (message: string): number => {
    io.err(`${message}\n${usage}`);
    return 2;
  };
  let values: { out?: string; suppressions?: string; format?: string; 'fail-on'?: string; list?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({ args: [...argv], options: CHECK_FLAGS, strict: true, allowPositionals: false }));
  } catch (error) {
    return usageError(flagError(error, Object.keys(CHECK_FLAGS), 'npm run check --'));
  }
  if (values.help) {
    io.out(usage);
    return 0;
  }
  if (values.list) {
    const format = values.format ?? 'text';
    if (format !== 'text' && format !== 'markdown')
      return usageError(`--format ${format}: --list prints text or markdown. Fix: use --format text or --format markdown`);
    io.out(formatRuleTable(PACK, format));
    return 0;
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json')
    return usageError(`--format ${format}: not one of text, json. Fix: use --format text or --format json`);
  const failOn = values['fail-on'];
  if (failOn !== 'error' && failOn !== 'warning')
    return usageError(`--fail-on ${failOn}: not a level (error or warning). Fix: use --fail-on error or --fail-on warning`);

  const outDir = values.out ? path.resolve(io.cwd, values.out) : defaults.outDir;
  const suppressionsFile = values.suppressions ? path.resolve(io.cwd, values.suppressions) : undefined;
  try {
    const report = runChecks(outDir, suppressionsFile ? { suppressionsFile } : {});
    io.out(format === 'json' ? formatJson(report, failOn as Level) : formatText(report, failOn as Level));
    return failingFindings(report, failOn as Level).length > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof SynthesizedOutputError || error instanceof SuppressionError) {
      io.err(error.problems.join('\n'));
      return 2;
    }
    throw error;
  }
}
