/**
 * `npm run bench -- logs`: the archive tooling's benchmarks (tooling/logs/bench/), on corpora
 * generated into a temp folder that is removed at the end. Sections run in order; each returns the
 * lines to print. `--runs <n>` (default 3) sets how many times each timed command runs; `--only
 * verify|query` prints one section (the query section still needs the copies verify generates).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { benchQuery } from '../tooling/logs/bench/query';
import { benchVerify } from '../tooling/logs/bench/verify';

const REPO = path.resolve(__dirname, '..');

export async function runLogsBenchmarks(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { runs: { type: 'string', default: '3' }, only: { type: 'string' } },
    strict: true,
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs ${values.runs}: use a whole number of at least 1`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-org-logging-bench-logs-'));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  try {
    const lines = [
      `Archive benchmarks (node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} at start)`,
    ];
    const only = values.only;
    if (only !== undefined && only !== 'verify' && only !== 'query') throw new Error(`--only ${only}: use verify or query`);
    // Both sections run on the copies benchVerify generates (work/half, work/full).
    lines.push(...(await benchVerify({ repo: REPO, work, runs: only === 'query' ? 1 : runs, log })));
    if (only !== 'verify') {
      lines.push(...(await benchQuery({ repo: REPO, work, runs, log, half: path.join(work, 'half'), full: path.join(work, 'full') })));
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
