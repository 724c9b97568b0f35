/**
 * Query benchmarks on a generated archive of at least a million records (issue 15, point 7):
 *   - the first question over the folder (`npm run logs -- query codedeploy-changes --from <dir>`:
 *     verification of every file it reads, then DuckDB over the verified ones) against the plain
 *     streaming Node scan of node-scan.ts, alternating in one run; both must find the same rows;
 *   - `import` into a --db file, then the same question on the database: in-process (the engine's
 *     own time, goal under 100 ms) and as a whole CLI process (Node start included);
 *   - peak RSS of the first question at half and full size (files doubled): flat, under 400 MB.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { findQuestion } from '../../../modules/audit-queries/questions';
import { answerQuestion } from '../query';
import { type Measured, measure, median } from './measure';

export interface QueryBenchOptions {
  readonly repo: string;
  readonly work: string;
  readonly runs: number;
  readonly log: (line: string) => void;
  /** Roots of two generated copies, the second with twice the files of the first. */
  readonly half: string;
  readonly full: string;
}

const LOGS = ['-r', './bin/register.js', 'bin/logs.ts'];

export async function benchQuery(options: QueryBenchOptions): Promise<string[]> {
  const { runs, repo } = options;
  const first: Measured[] = [];
  const scan: Measured[] = [];
  let rows = 0;
  for (let i = 0; i < runs; i++) {
    const query = measure(process.execPath, [...LOGS, 'query', 'codedeploy-changes', '--from', options.full, '--format', 'json'], {
      cwd: repo,
    });
    rows = JSON.parse(query.stdout).rows.length;
    first.push(query);
    scan.push(measure(process.execPath, ['-r', './bin/register.js', 'tooling/logs/bench/node-scan.ts', options.full], { cwd: repo }));
    const matches = Number(scan[i].stdout.trim());
    if (matches !== rows) throw new Error(`the Node scan found ${matches} rows, the query ${rows}`);
    options.log(`  run ${i + 1}: first query ${Math.round(query.ms)} ms, Node scan ${Math.round(scan[i].ms)} ms (${rows} rows)`);
  }
  const halfRun = measure(process.execPath, [...LOGS, 'query', 'codedeploy-changes', '--from', options.half, '--format', 'json'], {
    cwd: repo,
  });

  const database = path.join(options.work, 'bench.duckdb');
  fs.rmSync(database, { force: true });
  const imported = measure(process.execPath, [...LOGS, 'import', '--from', options.full, '--db', database, '--format', 'json'], {
    cwd: repo,
  });
  const report = JSON.parse(imported.stdout);
  const again = measure(process.execPath, [...LOGS, 'import', '--from', options.full, '--db', database, '--format', 'json'], { cwd: repo });
  const question = findQuestion('codedeploy-changes')!;
  const inProcess: number[] = [];
  for (let i = 0; i < Math.max(runs, 5); i++) {
    const started = performance.now();
    const answer = await answerQuestion({ question, window: {}, database });
    inProcess.push(performance.now() - started);
    if (answer.rows.length !== rows) throw new Error(`the database answered ${answer.rows.length} rows, the folder ${rows}`);
  }
  const cli = measure(process.execPath, [...LOGS, 'query', 'codedeploy-changes', '--db', database, '--format', 'json'], { cwd: repo });
  const refreshAndAsk = measure(
    process.execPath,
    [...LOGS, 'query', 'codedeploy-changes', '--db', database, '--from', options.full, '--format', 'json'],
    {
      cwd: repo,
    },
  );

  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const rss = (m: Measured) => (m.rssMb === undefined ? 'n/a' : `${m.rssMb.toFixed(0)} MB`);
  const firstMs = median(first.map((m) => m.ms));
  const scanMs = median(scan.map((m) => m.ms));
  const peak = first.reduce((a, b) => ((a.rssMb ?? 0) >= (b.rssMb ?? 0) ? a : b));
  return [
    `Query: codedeploy-changes over ${report.importedRecords.toLocaleString('en-US')} records in ${report.importedFiles} files (${rows} rows; median of ${runs})`,
    `  first query over the folder (verify + DuckDB)  ${s(firstMs)}  peak RSS ${rss(peak)}`,
    `  plain streaming Node scan (gunzip, JSON.parse, filter)  ${s(scanMs)}  peak RSS ${rss(scan[0])}`,
    `  ratio first query / Node scan: ${(firstMs / scanMs).toFixed(2)} (goal: at most 1)`,
    `  import --db: ${s(imported.ms)}, peak RSS ${rss(imported)}; second import (nothing new, every digest and file re-verified by recorded hash): ${s(again.ms)}`,
    `  repeat question on --db: ${median(inProcess).toFixed(0)} ms in-process (goal: under 100 ms); whole CLI process ${Math.round(cli.ms)} ms; with --from (refresh first) ${s(refreshAndAsk.ms)}`,
    `  peak RSS of the first query at half size: ${rss(halfRun)}; at full size: ${rss(peak)} (goal: flat, under 400 MB)`,
    `  runs (ms): first query ${first.map((m) => Math.round(m.ms)).join(', ')}; Node scan ${scan.map((m) => Math.round(m.ms)).join(', ')}; in-process --db ${inProcess.map(Math.round).join(', ')}`,
  ];
}
