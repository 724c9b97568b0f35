/**
 * `npm run bench -- logs`: the archive tooling's benchmarks (tooling/logs/bench/), on corpora
 * generated into a temp folder that is removed at the end. Sections run in order; each returns the
 * lines to print. `--runs <n>` (default 3) sets how many times each timed command runs.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { benchVerify } from '../tooling/logs/bench/verify';

const REPO = path.resolve(__dirname, '..');

export async function runLogsBenchmarks(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { runs: { type: 'string', default: '3' } }, strict: true });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs ${values.runs}: use a whole number of at least 1`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdktf-org-logging-bench-logs-'));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  try {
    const lines = [
      `Archive benchmarks (node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} at start)`,
    ];
    lines.push(...(await benchVerify({ repo: REPO, work, runs, log })));
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
