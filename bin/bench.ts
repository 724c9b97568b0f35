/**
 * Synth benchmark: `npm run bench`.
 *
 * Cases: the example config, and a config at the validator's limits (every supported region and as
 * many external accounts as the archive bucket and key policies hold). Each case runs in fresh
 * child processes, 3 times, and reports medians of:
 *   - CLI wall: `npx ts-node --swc main.ts --config <file> --out <dir>`, as users run it;
 *   - synth / peak RSS: measured inside a child by bin/bench-synth-once.ts.
 * Generated configs and outputs go to a temp folder that is removed at the end.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { OrganizationConfigInput } from '../stacks/config';
import { COMMERCIAL_REGIONS } from '../stacks/config/aws-naming';
import { validateConfig } from '../stacks/validate';
import type { SynthOnceResult } from './bench-synth-once';

const REPO = path.resolve(__dirname, '..');
const RUNS = 3;

interface Case {
  readonly name: string;
  readonly file: string;
  readonly note: string;
}

interface CaseResult {
  readonly name: string;
  readonly cliMs: number[];
  readonly once: SynthOnceResult[];
}

/** Unique 12-digit account IDs outside the example organization's accounts. */
function externalAccountIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => String(900_000_000_000 + i * 7919).padStart(12, '0'));
}

function sizeProblems(config: OrganizationConfigInput): string[] | undefined {
  const result = validateConfig(config);
  if (result.ok) return undefined;
  const other = result.problems.filter((p) => !p.startsWith('externalAccountIds:') || !p.includes('bytes'));
  if (other.length > 0) throw new Error(`the generated config is invalid for another reason:\n${other.join('\n')}`);
  return result.problems;
}

/** The largest externalAccountIds count the validator accepts (binary search), and why one more fails. */
function maxExternalAccounts(base: OrganizationConfigInput): { count: number; problem: string } {
  const fits = (n: number) => sizeProblems({ ...base, externalAccountIds: externalAccountIds(n) }) === undefined;
  if (!fits(0)) throw new Error('the config does not validate even without external accounts');
  let lo = 0;
  let hi = 16;
  while (fits(hi)) {
    lo = hi;
    hi *= 2;
    if (hi > 100_000) throw new Error('no size limit reached below 100,000 external accounts');
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  const problems = sizeProblems({ ...base, externalAccountIds: externalAccountIds(lo + 1) }) ?? [];
  return { count: lo, problem: problems.join(' | ') };
}

function run(command: string, args: string[]): { ms: number; stdout: string } {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: REPO, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - started;
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stderr}${result.stdout}`);
  }
  return { ms, stdout: result.stdout };
}

function cliRun(benchCase: Case, out: string): number {
  return run('npx', ['ts-node', '--swc', 'main.ts', '--config', benchCase.file, '--out', out]).ms;
}

function onceRun(benchCase: Case, out: string): SynthOnceResult {
  const tsNode = path.join(REPO, 'node_modules', '.bin', 'ts-node');
  const { stdout } = run(tsNode, ['--swc', 'bin/bench-synth-once.ts', '--config', benchCase.file, '--out', out]);
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as SynthOnceResult;
}

/** One discarded warm-up of each child (disk cache, npx, swc), then the cases interleaved run by run. */
function measure(cases: readonly Case[], work: string): CaseResult[] {
  cliRun(cases[0], path.join(work, 'warmup-cli'));
  onceRun(cases[0], path.join(work, 'warmup-once'));
  const results = cases.map((c) => ({ name: c.name, cliMs: [] as number[], once: [] as SynthOnceResult[] }));
  for (let i = 0; i < RUNS; i++) {
    cases.forEach((c, k) => {
      results[k].cliMs.push(cliRun(c, path.join(work, `${c.name}-cli-${i}`)));
      results[k].once.push(onceRun(c, path.join(work, `${c.name}-once-${i}`)));
      process.stderr.write('.');
    });
  }
  return results;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

function main(): void {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-org-logging-bench-'));
  try {
    const exampleFile = path.join(REPO, 'examples', 'organization.json');
    const example = JSON.parse(fs.readFileSync(exampleFile, 'utf8')) as OrganizationConfigInput;
    const { $schema: _schema, ...exampleBody } = example;

    const searchStart = performance.now();
    const allRegions: OrganizationConfigInput = { ...exampleBody, regions: [...COMMERCIAL_REGIONS] };
    const limit = maxExternalAccounts(allRegions);
    const searchMs = performance.now() - searchStart;
    const limitsFile = path.join(work, 'limits.json');
    fs.writeFileSync(limitsFile, JSON.stringify({ ...allRegions, externalAccountIds: externalAccountIds(limit.count) }, null, 2));

    const cases: Case[] = [
      { name: 'example', file: exampleFile, note: `examples/organization.json (${example.regions.length} regions)` },
      {
        name: 'limits',
        file: limitsFile,
        note: `${COMMERCIAL_REGIONS.length} regions, ${limit.count} externalAccountIds (the most the policies hold)`,
      },
    ];
    process.stderr.write(`benchmarking ${cases.length} cases x ${RUNS} runs (after a warm-up) `);
    const results = measure(cases, work);
    process.stderr.write('\n');

    const rows = [['case', 'stacks', 'resources', 'CLI wall', 'load', 'synth', 'peak RSS']];
    for (const r of results) {
      rows.push([
        r.name,
        `${r.once[0].stacks}`,
        `${r.once[0].resources}`,
        seconds(median(r.cliMs)),
        seconds(median(r.once.map((o) => o.loadMs))),
        seconds(median(r.once.map((o) => o.synthMs))),
        `${median(r.once.map((o) => o.maxRssMb))} MB`,
      ]);
    }
    const lines = [
      `Synth benchmark: median of ${RUNS} fresh processes per case (node ${process.version}, ${os.cpus().length} cores)`,
      '',
      table(rows),
      '',
      'CLI wall: `npx ts-node --swc main.ts --config <file> --out <dir>`, process start to exit.',
      'load / synth / peak RSS: inside `ts-node --swc bin/bench-synth-once.ts` (load = requiring stacks/synthesize;',
      'synth = synthesizeOrganization incl. validation; peak RSS = process.resourceUsage().maxRSS, ts-node included).',
      '',
      ...cases.map((c) => `${c.name}: ${c.note}`),
      `limits: ${limit.count + 1} external accounts fail validation: ${limit.problem}`,
      `limits: found by binary search over validateConfig in ${seconds(searchMs)}`,
      '',
      'All runs (ms):',
      ...results.map(
        (r) =>
          `  ${r.name}: CLI ${r.cliMs.map((ms) => Math.round(ms)).join(', ')}; synth ${r.once.map((o) => o.synthMs).join(', ')}; ` +
          `RSS ${r.once.map((o) => o.maxRssMb).join(', ')} MB`,
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main();
