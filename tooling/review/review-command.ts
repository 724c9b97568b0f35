/**
 * `npm run review -- --out <dir> [--against <dir>] [--fail-on dangerous]`: writes `<dir>/review.md`
 * from the synthesized stacks alone and prints a short summary.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { flagError } from '../../modules/suggest';
import { type CommandIo, DEFAULT_OUT_DIR, processIo } from '../command-io';
import { SynthesizedOutputError } from '../terraform/synthesized-stacks';
import { COST_INPUT_NAMES, type CostInputName, parseCostFlag } from './cost';
import { costSummaryLine, type Review, reviewFolder, summaryLines } from './report';
import { checksSummaryLine, securityDiffLines } from './sections';

const REVIEW_USAGE = `Usage: npm run review -- [--out <dir>] [--against <dir>] [--fail-on dangerous] [--cost <name>=<value>]...

Writes <dir>/review.md, in the order a reviewer decides: the security diff (with --against) and
the open findings of the security checks; the stacks, accounts and apply order; per stack, every
policy as a table of who may do what on which resource under which conditions, then data
protection, trail settings, event routes, alarms and resources; a Mermaid diagram of the topology;
and what it costs a month and a year for the event volume the app recorded at synth (config
costEstimate). Long tables fold into <details>.
Reads the synthesized stacks only (cdk.tf.json, manifest.json), so it works for any cdktf AWS app.

  --out <dir>          synthesized output folder (default: cdktf.out in this package)
  --against <dir>      another synthesized folder (e.g. the main branch's) to compare with
  --fail-on dangerous  with --against: exit 1 when the comparison finds a dangerous change or the
                       security checks (npm run check) have an open error finding
  --cost name=value    price another volume than the app recorded (repeatable); names:
                       ${COST_INPUT_NAMES.join(', ')}
  --help               show this help

Relative paths resolve against the folder you ran npm in.`;

const REVIEW_FLAGS = {
  out: { type: 'string' },
  against: { type: 'string' },
  'fail-on': { type: 'string' },
  cost: { type: 'string', multiple: true },
  help: { type: 'boolean', default: false },
} as const;

/**
 * Runs the command; returns the exit code: 0 written, 1 with --fail-on dangerous a dangerous change
 * or an open error finding of the security checks (or checks that could not run), 2 bad usage: a
 * flag, or an --out or --against folder that holds no readable synthesized stacks (nothing written).
 */
export function runReviewCommand(argv: readonly string[], io: CommandIo = processIo()): number {
  let values: { out?: string; against?: string; 'fail-on'?: string; cost?: string[]; help?: boolean };
  try {
    ({ values } = parseArgs({ args: [...argv], options: REVIEW_FLAGS, strict: true, allowPositionals: false }));
  } catch (error) {
    io.err(`${flagError(error, Object.keys(REVIEW_FLAGS), 'npm run review --')}\n${REVIEW_USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(REVIEW_USAGE);
    return 0;
  }
  if (values['fail-on'] !== undefined && values['fail-on'] !== 'dangerous') {
    io.err(
      `--fail-on: "${values['fail-on']}" is not a level; the only one is "dangerous". Fix: --fail-on dangerous --against <dir>\n${REVIEW_USAGE}`,
    );
    return 2;
  }
  if (values['fail-on'] !== undefined && values.against === undefined) {
    io.err(
      `--fail-on dangerous needs --against <dir>: the baseline to compare with. Fix: add --against <the main branch's synthesized folder>\n${REVIEW_USAGE}`,
    );
    return 2;
  }
  const cost: Partial<Record<CostInputName, number>> = {};
  const costProblems: string[] = [];
  for (const flag of values.cost ?? []) {
    const parsed = parseCostFlag(flag);
    if ('problem' in parsed) costProblems.push(parsed.problem);
    else cost[parsed.name] = parsed.value;
  }
  if (costProblems.length > 0) {
    io.err(`${costProblems.join('\n')}\n${REVIEW_USAGE}`);
    return 2;
  }
  const outDir = values.out ? path.resolve(io.cwd, values.out) : DEFAULT_OUT_DIR;
  const against = values.against === undefined ? undefined : path.resolve(io.cwd, values.against);
  let review: Review;
  try {
    review = reviewFolder(outDir, { ...(against === undefined ? {} : { against }), cost });
  } catch (error) {
    if (error instanceof SynthesizedOutputError) {
      io.err(error.problems.join('\n'));
      return 2;
    }
    throw error;
  }
  const file = path.join(outDir, 'review.md');
  fs.writeFileSync(file, review.markdown);
  const diff = review.diff ? securityDiffLines(review.diff).map((l) => `  ${l}`) : [];
  io.out(
    [
      `Wrote ${path.relative(io.cwd, file) || file}:`,
      ...summaryLines(review.summary).map((l) => `  ${l}`),
      `  ${costSummaryLine(review.cost)}`,
      `  ${checksSummaryLine(review.checks)}`,
      ...diff,
    ].join('\n'),
  );
  if (values['fail-on'] === 'dangerous') {
    const reasons = failReasons(review, values.against ?? '', file);
    for (const reason of reasons) io.err(`--fail-on dangerous: ${reason}`);
    if (reasons.length > 0) return 1;
  }
  return 0;
}

/** Why a gate with --fail-on dangerous fails: dangerous changes, open error findings, checks that did not run. */
export function failReasons(review: Review, against: string, file: string): string[] {
  const reasons: string[] = [];
  const dangerous = review.diff?.counts.dangerous ?? 0;
  if (dangerous > 0) reasons.push(`${dangerous} dangerous changes against ${against} (listed above and in ${file})`);
  if (typeof review.checks === 'string') {
    reasons.push(`the security checks did not run (${review.checks}), so nothing vouches for this folder`);
  } else {
    const open = review.checks.findings.filter((f) => !f.suppression && f.level === 'error');
    if (open.length > 0) {
      reasons.push(
        `${open.length} open error findings of the security checks: ${open.map((f) => `${f.rule} on ${f.address}`).join(', ')} (in ${file}, Security checks; fix them or suppress them with a reason)`,
      );
    }
  }
  return reasons;
}
