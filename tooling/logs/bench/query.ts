/**
 * Query benchmarks on a generated archive of at least a million records (issue 15, point 7), for a
 * question with a large answer (codedeploy-changes: a row per matching record, here 22% of all) and
 * an aggregate (deployments-by-principal: a row per principal):
 *   - the first question over the folder (`npm run logs -- query <q> --from <dir> --format json`:
 *     verification of every file it reads, DuckDB over the verified ones, rows written as they come)
 *     against the plain streaming Node scan of node-scan.ts with the question's filter, alternating
 *     in one run; the scan counts the records the question selects (the same count is checked);
 *   - `import` into a --db file, a second import, then the question on the database in-process (the
 *     engine's own time; goal under 100 ms) and as a whole CLI process (Node start included);
 *   - peak RSS of the first question at half and full size (files doubled): flat, under 400 MB.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { findQuestion } from '../../../modules/audit-queries/questions';
import { answerQuestion } from '../query';
import { type Measured, measure, median } from './measure';

interface QueryBenchOptions {
  readonly repo: string;
  readonly work: string;
  readonly runs: number;
  readonly log: (line: string) => void;
  /** Roots of two generated copies, the second with twice the files of the first. */
  readonly half: string;
  readonly full: string;
}

const LOGS = ['-r', './bin/register.js', 'bin/logs.ts'];
const QUESTIONS = ['codedeploy-changes', 'deployments-by-principal'] as const;

export async function benchQuery(options: QueryBenchOptions): Promise<string[]> {
  const { repo } = options;
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const cpu = (runs: readonly Measured[]) => (runs.some((m) => m.cpuMs === undefined) ? 'n/a' : s(median(runs.map((m) => m.cpuMs ?? 0))));
  const rss = (m: Measured) => (m.rssMb === undefined ? 'n/a' : `${m.rssMb.toFixed(0)} MB`);
  const lines: string[] = [];
  const counts = new Map<string, number>();
  for (const name of QUESTIONS) {
    const first: Measured[] = [];
    const scan: Measured[] = [];
    for (let i = 0; i < options.runs; i++) {
      const query = measure(process.execPath, [...LOGS, 'query', name, '--from', options.full, '--format', 'json'], { cwd: repo });
      const rows = JSON.parse(query.stdout).rows as { calls?: number }[];
      const selected = name === 'deployments-by-principal' ? rows.reduce((n, row) => n + Number(row.calls), 0) : rows.length;
      counts.set(name, rows.length);
      first.push(query);
      scan.push(
        measure(process.execPath, ['-r', './bin/register.js', 'tooling/logs/bench/node-scan.ts', options.full, name], { cwd: repo }),
      );
      const matches = Number(scan[i].stdout.trim());
      if (matches !== selected) throw new Error(`${name}: the Node scan selected ${matches} records, the query ${selected}`);
      options.log(`  ${name} run ${i + 1}: first query ${Math.round(query.ms)} ms, Node scan ${Math.round(scan[i].ms)} ms`);
    }
    const half = measure(process.execPath, [...LOGS, 'query', name, '--from', options.half, '--format', 'json'], { cwd: repo });
    const firstMs = median(first.map((m) => m.ms));
    const scanMs = median(scan.map((m) => m.ms));
    const peak = first.reduce((a, b) => ((a.rssMb ?? 0) >= (b.rssMb ?? 0) ? a : b));
    lines.push(
      `  ${name} (${counts.get(name)} rows): first query ${s(firstMs)}, Node scan ${s(scanMs)}, ratio ${(firstMs / scanMs).toFixed(2)} (goal: at most 1); CPU ${cpu(first)} vs ${cpu(scan)}; ` +
        `peak RSS ${rss(half)} at half size, ${rss(peak)} at full (Node scan ${rss(scan[0])}); runs ${first.map((m) => Math.round(m.ms)).join(', ')} vs ${scan.map((m) => Math.round(m.ms)).join(', ')} ms`,
    );
  }

  const database = path.join(options.work, 'bench.duckdb');
  fs.rmSync(database, { force: true });
  const imported = measure(process.execPath, [...LOGS, 'import', '--from', options.full, '--db', database, '--format', 'json'], {
    cwd: repo,
  });
  const report = JSON.parse(imported.stdout);
  const again = measure(process.execPath, [...LOGS, 'import', '--from', options.full, '--db', database, '--format', 'json'], { cwd: repo });
  lines.push(
    `  import --db: ${s(imported.ms)} (CPU ${cpu([imported])}), peak RSS ${rss(imported)}, ${(fs.statSync(database).size / 1e6).toFixed(0)} MB file; second import (nothing new; every digest, and every file by its recorded hash, verified again): ${s(again.ms)} (CPU ${cpu([again])}), peak RSS ${rss(again)}`,
  );
  for (const name of QUESTIONS) {
    const question = findQuestion(name)!;
    const inProcess: number[] = [];
    const inProcessCpu: number[] = [];
    for (let i = 0; i < Math.max(options.runs, 5); i++) {
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      const answer = await answerQuestion({ question, window: {}, database });
      inProcess.push(performance.now() - started);
      const used = process.cpuUsage(cpuBefore);
      inProcessCpu.push((used.user + used.system) / 1000);
      if (answer.rows.length !== counts.get(name)) throw new Error(`${name}: the database answered ${answer.rows.length} rows`);
    }
    const cli = measure(process.execPath, [...LOGS, 'query', name, '--db', database, '--format', 'json'], { cwd: repo });
    lines.push(
      `  repeat ${name} on --db: ${median(inProcess).toFixed(0)} ms in-process (goal: under 100 ms; runs ${inProcess.map(Math.round).join(', ')}; CPU ${median(inProcessCpu).toFixed(0)} ms), whole CLI process ${Math.round(cli.ms)} ms (CPU ${cpu([cli])}), peak RSS ${rss(cli)}`,
    );
  }
  return [
    `Query: over ${report.importedRecords.toLocaleString('en-US')} records in ${report.importedFiles} files (median of ${options.runs})`,
    ...lines,
  ];
}
