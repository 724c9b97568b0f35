/**
 * `npm run check -- --out <dir> [--suppressions <file>] [--format text|json] [--fail-on error|warning]`,
 * or `--list` for the rules: the security rule pack over a synthesized output folder.
 *
 * Exit codes: 0 when no unsuppressed error (and, with `--fail-on warning`, no unsuppressed warning)
 * remains; 1 when one does; 2 when the flags, the output folder or a suppression are wrong (one line
 * per problem, nothing checked). Relative paths resolve against the folder `npm run` was started in.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { type CommandIo, DEFAULT_OUT_DIR, processIo } from '../command-io';
import { SynthesizedOutputError } from '../terraform/synthesized-stacks';
import { formatJson, formatRuleTable, formatText } from './format';
import { PACK } from './pack';
import { failingFindings, runChecks } from './run-checks';
import { SuppressionError } from './suppressions';
import type { Level } from './types';

export const CHECK_USAGE = `Usage: npm run check -- [--out <dir>] [--suppressions <file>] [--format text|json] [--fail-on error|warning]
       npm run check -- --list [--format text|markdown]

  --out <dir>            synthesized output folder (default: cdktf.out in this package)
  --suppressions <file>  JSON [{ "rule", "resource", "reason" }]; resource is <stack>/<type>.<name>,
                         a construct path or a glob (* within a segment, ** across)
  --format <format>      text (default) or json (the review report reads json)
  --fail-on <level>      error (default): warnings are printed but do not fail; warning: they fail too
  --list                 print the rules (id, level, controls, finding, reason) and exit
  --help                 show this help

Exit 0: no unsuppressed finding at the --fail-on level; 1: some; 2: bad flags, output or suppressions.`;

/** Runs the command; returns the exit code (see the file header). */
export function runCheckCommand(argv: readonly string[], io: CommandIo = processIo()): number {
  let values: { out?: string; suppressions?: string; format?: string; 'fail-on'?: string; list?: boolean; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        out: { type: 'string' },
        suppressions: { type: 'string' },
        format: { type: 'string' },
        'fail-on': { type: 'string', default: 'error' },
        list: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return usageError(io, (error as Error).message);
  }
  if (values.help) {
    io.out(CHECK_USAGE);
    return 0;
  }
  const format = values.format ?? 'text';
  if (values.list) {
    if (format !== 'text' && format !== 'markdown') return usageError(io, `--format ${format}: --list prints text or markdown`);
    io.out(formatRuleTable(PACK, format));
    return 0;
  }
  if (format !== 'text' && format !== 'json') return usageError(io, `--format ${format}: use text or json`);
  const failOn = values['fail-on'];
  if (failOn !== 'error' && failOn !== 'warning') return usageError(io, `--fail-on ${failOn}: use error or warning`);

  const outDir = values.out ? path.resolve(io.cwd, values.out) : DEFAULT_OUT_DIR;
  const suppressionsFile = values.suppressions ? path.resolve(io.cwd, values.suppressions) : undefined;
  try {
    const report = runChecks(outDir, suppressionsFile ? { suppressionsFile } : {});
    io.out(format === 'json' ? formatJson(report, failOn) : formatText(report, failOn as Level));
    return failingFindings(report, failOn).length > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof SynthesizedOutputError || error instanceof SuppressionError) {
      io.err(error.problems.join('\n'));
      return 2;
    }
    throw error;
  }
}

function usageError(io: CommandIo, message: string): number {
  io.err(`${message}\n${CHECK_USAGE}`);
  return 2;
}
