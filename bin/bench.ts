/**
 * Synth benchmark: `npm run bench`.
 *
 * Cases: the example config (3 regions), the example governing every commercial region (32), and a
 * config at the validator's limits (every supported region and as many external accounts as the
 * archive bucket and key policies hold). Member accounts do not appear: per-account work is in the
 * StackSet, so 10 or 1,000 accounts synthesize the same. Each case runs in fresh
 * child processes, 5 times after a warm-up, and reports medians of:
 *   - `npm run synth -- --config <file> --out <dir>` as a whole process, as users run it: wall time
 *     from start to exit, npm included, and the peak RSS of the largest process in its tree (from
 *     `/usr/bin/time`, GNU `-f %M` or BSD `-l`; "n/a" where neither exists);
 *   - load / synth / node RSS: measured inside a child by bin/bench-synth-once.ts.
 * Generated configs and outputs go to a temp folder that is removed at the end.
 * `npm run bench -- logs` runs the archive benchmarks instead (bin/bench-logs.ts), `npm run bench --
 * tests` the test suite by tier (bin/bench-tests.ts).
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
import { type RssProbe, rssProbe } from './rss-probe';

const REPO = path.resolve(__dirname, '..');
/** Runs per case: single runs of the same synth vary by ±0.2 s on a shared 2-core VM, so five for a steadier median. */
const RUNS = 5;
/** What `npm run synth` of the example must stay within on the 2-core reference machine (medians). */
const BUDGET = { wallMs: 1000, rssMb: 200 };

interface Case {
  readonly name: string;
  readonly file: string;
  /** Whether BUDGET applies (the example); other cases are for reference. */
  readonly budgeted: boolean;
  readonly note: string;
}

interface CliRun {
  readonly ms: number;
  /** Peak RSS of the largest process in the tree (npm, sh, node), when a `time` command can tell. */
  readonly rssMb: number | undefined;
}

interface CaseResult {
  readonly name: string;
  readonly cli: CliRun[];
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

function run(command: string, args: string[]): { ms: number; stdout: string; stderr: string } {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: REPO, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - started;
  if (result.error) throw result.error;
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stderr}${result.stdout}`);
  }
  return { ms, stdout: result.stdout, stderr: result.stderr };
}

/** `npm run synth` exactly as a user types it, so npm's own start-up is part of the wall time. */
function cliRun(benchCase: Case, out: string, probe: RssProbe | undefined): CliRun {
  const npmArgs = ['run', 'synth', '--', '--config', benchCase.file, '--out', out];
  if (!probe) return { ms: run('npm', npmArgs).ms, rssMb: undefined };
  const [command, args] = probe.wrap('npm', npmArgs);
  const { ms, stderr } = run(command, args);
  return { ms, rssMb: probe.parseMb(stderr) };
}

function onceRun(benchCase: Case, out: string): SynthOnceResult {
  // Loaded as the launcher loads the app (bin/launch.js: transpile, code and resolution caches).
  const { stdout } = run(process.execPath, [
    '-e',
    "require('./bin/launch').prepare('bench-once'); require('./bin/bench-synth-once.ts')",
    '--',
    '--config',
    benchCase.file,
    '--out',
    out,
  ]);
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as SynthOnceResult;
}

/** One discarded warm-up of each child (disk cache, transpile cache), then the cases interleaved run by run. */
function measure(cases: readonly Case[], work: string, probe: RssProbe | undefined): CaseResult[] {
  cliRun(cases[0], path.join(work, 'warmup-cli'), probe);
  onceRun(cases[0], path.join(work, 'warmup-once'));
  const results = cases.map((c) => ({ name: c.name, cli: [] as CliRun[], once: [] as SynthOnceResult[] }));
  for (let i = 0; i < RUNS; i++) {
    cases.forEach((c, k) => {
      results[k].cli.push(cliRun(c, path.join(work, `${c.name}-cli-${i}`), probe));
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

function megabytes(values: readonly (number | undefined)[]): string {
  const known = values.filter((v): v is number => v !== undefined);
  return known.length === values.length ? `${Math.round(median(known))} MB` : 'n/a';
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

    const allRegionsFile = path.join(work, 'all-regions.json');
    fs.writeFileSync(allRegionsFile, JSON.stringify(allRegions, null, 2));

    const cases: Case[] = [
      { name: 'example', file: exampleFile, budgeted: true, note: `examples/organization.json (${example.regions.length} regions)` },
      {
        name: 'all-regions',
        file: allRegionsFile,
        budgeted: false,
        note: `the example governing all ${COMMERCIAL_REGIONS.length} commercial regions (trail, alarms and deployment monitoring in each)`,
      },
      {
        name: 'limits',
        file: limitsFile,
        budgeted: false,
        note: `${COMMERCIAL_REGIONS.length} regions, ${limit.count} externalAccountIds (the most the policies hold)`,
      },
    ];
    const probe = rssProbe();
    process.stderr.write(`benchmarking ${cases.length} cases x ${RUNS} runs (after a warm-up) `);
    const results = measure(cases, work, probe);
    process.stderr.write('\n');

    const rows = [['case', 'stacks', 'resources', 'npm run synth wall', 'peak RSS', 'load', 'synth', 'node RSS']];
    const verdicts: string[] = [];
    results.forEach((r, k) => {
      const wallMs = median(r.cli.map((c) => c.ms));
      const rss = megabytes(r.cli.map((c) => c.rssMb));
      rows.push([
        r.name,
        `${r.once[0].stacks}`,
        `${r.once[0].resources}`,
        seconds(wallMs),
        rss,
        seconds(median(r.once.map((o) => o.loadMs))),
        seconds(median(r.once.map((o) => o.synthMs))),
        `${median(r.once.map((o) => o.maxRssMb))} MB`,
      ]);
      if (!cases[k].budgeted) return;
      const rssMb = probe ? median(r.cli.map((c) => c.rssMb ?? 0)) : undefined;
      const over = [
        wallMs > BUDGET.wallMs ? `wall ${seconds(wallMs)} > ${seconds(BUDGET.wallMs)}` : '',
        rssMb !== undefined && rssMb > BUDGET.rssMb ? `peak RSS ${Math.round(rssMb)} MB > ${BUDGET.rssMb} MB` : '',
      ].filter(Boolean);
      const unknown = rssMb === undefined ? ' (peak RSS not measured)' : '';
      verdicts.push(`  ${r.name}: ${over.length === 0 ? `within budget${unknown}` : `OVER BUDGET: ${over.join(', ')}`}`);
    });
    const lines = [
      `Synth benchmark: median of ${RUNS} fresh processes per case (node ${process.version}, ${os.cpus().length} cores)`,
      '',
      table(rows),
      '',
      'npm run synth wall: `npm run synth -- --config <file> --out <dir>`, process start to exit, npm included.',
      `peak RSS: the largest process in that tree (npm, sh, node), ${probe ? `from ${probe.name}` : 'n/a: no GNU or BSD /usr/bin/time here'}.`,
      'load / synth / node RSS: inside one node process loading as bin/cli.js does (bin/launch.js), bin/bench-synth-once.ts (load = requiring',
      'stacks/synthesize; synth = synthesizeOrganization incl. validation; node RSS = process.resourceUsage().maxRSS).',
      '',
      `Budget (${seconds(BUDGET.wallMs)} wall, ${BUDGET.rssMb} MB peak RSS, medians):`,
      ...verdicts,
      '',
      ...cases.map((c) => `${c.name}: ${c.note}`),
      `limits: ${limit.count + 1} external accounts fail validation: ${limit.problem}`,
      `limits: found by binary search over validateConfig in ${seconds(searchMs)}`,
      '',
      'All runs (ms):',
      ...results.map(
        (r) =>
          `  ${r.name}: npm run synth ${r.cli.map((c) => Math.round(c.ms)).join(', ')}` +
          (probe ? ` (peak RSS ${r.cli.map((c) => Math.round(c.rssMb ?? 0)).join(', ')} MB)` : '') +
          `; synth ${r.once.map((o) => o.synthMs).join(', ')}; node RSS ${r.once.map((o) => o.maxRssMb).join(', ')} MB`,
      ),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

// `npm run bench -- logs`: the archive tooling's benchmarks instead (bin/bench-logs.ts); `-- tests`: the
// test suite's wall and CPU time by tier (bin/bench-tests.ts). Either one's error: its message, exit 1.
function fail(error: unknown): void {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}

if (process.argv[2] === 'tests') {
  Promise.resolve()
    .then(() => (require('./bench-tests') as typeof import('./bench-tests')).runTestBenchmarks(process.argv.slice(3)))
    .catch(fail);
} else if (process.argv[2] === 'logs') {
  (require('./bench-logs') as typeof import('./bench-logs')).runLogsBenchmarks(process.argv.slice(3)).catch(fail);
} else {
  main();
}
