/**
 * `npm run bench -- tests`: what `npm test` costs, by tier, in wall time and CPU time.
 *
 *   npm run bench -- tests [--tier <name>]... [--no-whole] [--list]
 *
 * Runs `npm run lint`, then jest once per tier (the tiers of the README's Tests section, the type
 * check among them, one jest process each, with the repo's jest config: two workers), and finally the whole
 * `npm test` as users and CI run it (`--no-whole` skips it; `--tier` runs only the named tiers and
 * implies it). For each: wall time, CPU time (user + system of the process and every process it
 * waited for: jest workers, terraform and its provider plugins; from /proc/self/stat, so Linux only,
 * "n/a" elsewhere), test files, tests (passed, failed, skipped) and `expect` calls executed (counted
 * by test/setup.ts when BENCH_ASSERTIONS_FILE is set). Load averages at start and end are printed:
 * the machine is shared, and wall time grows with load while CPU time moves much less. Tiers run one
 * after the other, so the sum of their wall times is more than the whole run's, where the two
 * workers overlap tiers. The terraform tier runs when terraform and the provider mirror are found
 * (TF_PROVIDER_MIRROR), else jest reports it skipped; set CI=1 to require it.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const REPO = path.resolve(__dirname, '..');
const JEST = path.join(REPO, 'node_modules', 'jest', 'bin', 'jest.js');

/** Test folders whose tier has another name, and test files outside a folder, by tier. */
const TIER_OF_FOLDER: Record<string, string> = { modules: 'constructs' };
const TIER_OF_ROOT_FILE: Record<string, string> = { 'packaging-deps.test.ts': 'cli' };

interface Measured {
  readonly wallMs: number;
  /** User + system CPU of the child and its waited-for descendants; undefined where /proc is missing. */
  readonly cpuMs: number | undefined;
  readonly status: number;
  readonly output: string;
}

interface JestCounts {
  readonly files: number;
  readonly tests: number;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly assertions: number;
}

interface Row extends Measured {
  readonly name: string;
  readonly counts?: JestCounts;
}

/** CPU seconds of this process's reaped children (utime + stime of children), Linux only. */
function childrenCpuMs(): number | undefined {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    // Fields after the command name (which may hold spaces), counted from field 3 (state).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[13]) + Number(fields[14]); // cutime, cstime: fields 16 and 17
    return (ticks * 1000) / clockTicks();
  } catch {
    return undefined;
  }
}

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    const out = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    ticksPerSecond = Number(out.stdout.trim()) || 100;
  }
  return ticksPerSecond;
}

function measure(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Measured {
  const cpuBefore = childrenCpuMs();
  const started = performance.now();
  const result = spawnSync(command, [...args], { cwd: REPO, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wallMs = performance.now() - started;
  const cpuAfter = childrenCpuMs();
  if (result.error) throw result.error;
  return {
    wallMs,
    cpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore,
    status: result.status ?? -1,
    output: `${result.stdout}${result.stderr}`,
  };
}

/** Every test file jest would run, relative to the repo, grouped by tier. */
function tiersOfTests(): Map<string, string[]> {
  const listed = measure(process.execPath, [JEST, '--listTests', '--json']);
  if (listed.status !== 0) throw new Error(`jest --listTests failed:\n${listed.output}`);
  const files = (JSON.parse(listed.output.slice(listed.output.indexOf('['))) as string[]).map((f) => path.relative(REPO, f)).sort();
  const tiers = new Map<string, string[]>();
  for (const file of files) {
    const parts = file.split(path.sep);
    const tier = parts.length > 2 ? (TIER_OF_FOLDER[parts[1]] ?? parts[1]) : (TIER_OF_ROOT_FILE[parts[1]] ?? 'other');
    tiers.set(tier, [...(tiers.get(tier) ?? []), file]);
  }
  return tiers;
}

/** Counts from jest's --json report and the assertion file test/setup.ts appends to. */
function countsOf(reportFile: string, assertionsFile: string): JestCounts | undefined {
  if (!fs.existsSync(reportFile)) return undefined;
  const report = JSON.parse(fs.readFileSync(reportFile, 'utf8')) as {
    numTotalTestSuites: number;
    numTotalTests: number;
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  const lines = fs.existsSync(assertionsFile) ? fs.readFileSync(assertionsFile, 'utf8').trim().split('\n').filter(Boolean) : [];
  return {
    files: report.numTotalTestSuites,
    tests: report.numTotalTests,
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: report.numPendingTests + report.numTodoTests,
    assertions: lines.reduce((n, line) => n + Number(line.split('\t')[1] ?? 0), 0),
  };
}

/** One jest or `npm test` run with a JSON report and the assertion count. */
function jestRun(name: string, command: string, args: readonly string[], work: string): Row {
  const reportFile = path.join(work, `${name}.json`);
  const assertionsFile = path.join(work, `${name}.assertions`);
  const measured = measure(command, [...args, '--json', `--outputFile=${reportFile}`], {
    ...process.env,
    BENCH_ASSERTIONS_FILE: assertionsFile,
  });
  return { name, ...measured, counts: countsOf(reportFile, assertionsFile) };
}

function seconds(ms: number | undefined): string {
  return ms === undefined ? 'n/a' : `${(ms / 1000).toFixed(1)} s`;
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) => `| ${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`;
  return [line(rows[0]), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.slice(1).map(line)].join('\n');
}

function rowCells(row: Row): string[] {
  const c = row.counts;
  const tests = c ? `${c.tests}${c.failed ? ` (${c.failed} failed)` : ''}${c.skipped ? ` (${c.skipped} skipped)` : ''}` : '';
  return [
    row.name,
    c ? `${c.files}` : '',
    tests,
    c ? `${c.assertions}` : '',
    seconds(row.wallMs),
    seconds(row.cpuMs),
    row.status === 0 ? 'ok' : `exit ${row.status}`,
  ];
}

function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
}

export function runTestBenchmarks(argv: string[]): void {
  const { values } = parseArgs({
    args: argv,
    options: { tier: { type: 'string', multiple: true }, 'no-whole': { type: 'boolean', default: false }, list: { type: 'boolean' } },
    strict: true,
  });
  const tiers = tiersOfTests();
  if (values.list) {
    for (const [tier, files] of tiers) process.stdout.write(`${tier}: ${files.length} files\n`);
    return;
  }
  const selected = values.tier ?? [...tiers.keys()];
  const unknown = selected.filter((t) => !tiers.has(t));
  if (unknown.length > 0) throw new Error(`--tier ${unknown.join(', ')}: no such tier; choose from ${[...tiers.keys()].join(', ')}`);
  const whole = !values['no-whole'] && values.tier === undefined;

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-org-logging-bench-tests-'));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const startLoad = loadAverage();
  const rows: Row[] = [];
  try {
    if (values.tier === undefined) {
      for (const script of ['lint']) {
        log(`npm run ${script} ...`);
        rows.push({ name: `npm run ${script}`, ...measure('npm', ['run', '--silent', script]) });
      }
    }
    for (const tier of selected) {
      log(`jest: ${tier} ...`);
      rows.push(jestRun(tier, process.execPath, [JEST, '--runTestsByPath', ...(tiers.get(tier) ?? [])], work));
    }
    const sum = {
      wallMs: rows.reduce((n, r) => n + r.wallMs, 0),
      cpuMs: rows.some((r) => r.cpuMs === undefined) ? undefined : rows.reduce((n, r) => n + (r.cpuMs ?? 0), 0),
    };
    const tierCounts = rows.flatMap((r) => (r.counts ? [r.counts] : []));
    const total = (key: keyof JestCounts) => tierCounts.reduce((n, c) => n + c[key], 0);
    if (whole) log('npm test ...');
    const wholeRow = whole ? jestRun('npm test', 'npm', ['test', '--'], work) : undefined;

    const header = ['step', 'files', 'tests', 'expect calls', 'wall', 'CPU', 'result'];
    const lines = [
      `Test suite benchmark (node ${process.version}, ${os.cpus().length} cores; load average ${startLoad} at start, ${loadAverage()} at end)`,
      '',
      table([
        header,
        ...rows.map(rowCells),
        [
          'sum of the steps',
          `${total('files')}`,
          `${total('tests')}`,
          `${total('assertions')}`,
          seconds(sum.wallMs),
          seconds(sum.cpuMs),
          '',
        ],
        ...(wholeRow ? [rowCells(wholeRow)] : []),
      ]),
      '',
      'wall: start to exit of each step; CPU: user + system of the step and every process it waited for (jest',
      'workers, terraform, provider plugins). Each tier is a jest run of its own (two workers); `npm test` runs',
      'lint, then all tiers (the type check included) in one jest run, which overlaps tiers on both workers.',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    const failed = [...rows, ...(wholeRow ? [wholeRow] : [])].filter((r) => r.status !== 0);
    for (const row of failed) log(`\n${row.name} exited ${row.status}; its last output:\n${row.output.slice(-4000)}`);
    if (failed.length > 0) process.exitCode = 1;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
