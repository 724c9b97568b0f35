/**
 * Verify throughput on a generated archive of at least a million records: MB/s of decompressed log
 * files, against `zcat <files> | sha256sum` over the same files in the same run (the floor: one
 * pass of decompressing and hashing), and the verifier's peak RSS at half and full size (files
 * doubled), which must stay flat.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type CorpusSummary, generateCorpus } from '../corpus';
import { type Measured, measure, median } from './measure';

interface VerifyBenchOptions {
  readonly repo: string;
  readonly work: string;
  readonly runs: number;
  readonly log: (line: string) => void;
}

/** 4 organization accounts and 1 external account x 2 regions = 10 chains; 1,000 records per file. */
const SHAPE = {
  accounts: ['111111111111', '222222222222', '333333333333', '444444444444'],
  externalAccounts: ['999999999999'],
  regions: ['us-east-1', 'eu-west-1'],
  recordsPerFile: 1000,
  hours: 25,
};

export async function benchVerify(options: VerifyBenchOptions): Promise<string[]> {
  const half = await corpusOf(options, 'half', 2);
  const full = await corpusOf(options, 'full', 4);
  const fullRuns = runPair(options, full);
  const halfRuns = runPair({ ...options, runs: 1 }, half);
  const mb = full.decompressedBytes / 1e6;
  const verifyMs = median(fullRuns.verify.map((r) => r.ms));
  const zcatMs = median(fullRuns.zcat.map((r) => r.ms));
  const cpu = (runs: Measured[]) =>
    runs.some((r) => r.cpuMs === undefined) ? 'n/a' : `${(median(runs.map((r) => r.cpuMs ?? 0)) / 1000).toFixed(2)} s`;
  const rss = (runs: Measured[]) => Math.max(...runs.map((r) => r.rssMb ?? 0));
  return [
    `Verify: ${full.records.toLocaleString('en-US')} records in ${full.logFiles.length} log files and ${full.digests.length} digests, ${mb.toFixed(0)} MB decompressed (median of ${options.runs})`,
    `  npm run logs -- verify   ${(verifyMs / 1000).toFixed(2)} s  ${(mb / (verifyMs / 1000)).toFixed(0)} MB/s  CPU ${cpu(fullRuns.verify)}  peak RSS ${rss(fullRuns.verify).toFixed(0)} MB`,
    `  zcat <files> | sha256sum ${(zcatMs / 1000).toFixed(2)} s  ${(mb / (zcatMs / 1000)).toFixed(0)} MB/s  CPU ${cpu(fullRuns.zcat)}`,
    `  ratio verify / zcat: ${(verifyMs / zcatMs).toFixed(2)} (goal: at most 1.5)`,
    `  peak RSS at ${half.logFiles.length} files: ${rss(halfRuns.verify).toFixed(0)} MB; at ${full.logFiles.length} files: ${rss(fullRuns.verify).toFixed(0)} MB (goal: flat, under 400 MB)`,
    `  runs (ms): verify ${fullRuns.verify.map((r) => Math.round(r.ms)).join(', ')}; zcat ${fullRuns.zcat.map((r) => Math.round(r.ms)).join(', ')}`,
  ];
}

async function corpusOf(options: VerifyBenchOptions, name: string, filesPerHour: number): Promise<CorpusSummary> {
  const started = Date.now();
  const summary = await generateCorpus({ ...SHAPE, root: path.join(options.work, name), filesPerHour });
  options.log(
    `generated ${name}: ${summary.records} records, ${summary.logFiles.length} files in ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  return summary;
}

/** Alternating runs of both, so load changes on the machine hit both alike. */
function runPair(options: VerifyBenchOptions, corpus: CorpusSummary): { verify: Measured[]; zcat: Measured[] } {
  const list = path.join(options.work, `${path.basename(corpus.root)}.files`);
  fs.writeFileSync(list, corpus.logFiles.map((f) => path.join(corpus.root, f)).join('\0'));
  const verify: Measured[] = [];
  const zcat: Measured[] = [];
  for (let i = 0; i < options.runs; i++) {
    const run = measure(process.execPath, ['-r', './bin/register.js', 'bin/logs.ts', 'verify', '--from', corpus.root, '--format', 'json'], {
      cwd: options.repo,
    });
    const result = JSON.parse(run.stdout);
    if (!result.ok || result.logFiles !== corpus.logFiles.length)
      throw new Error(`verify did not verify the corpus: ${run.stdout.slice(0, 500)}`);
    verify.push(run);
    zcat.push(measure('bash', ['-c', 'set -o pipefail; xargs -0 zcat -- < "$1" | sha256sum', 'bash', list], { cwd: options.work }));
    options.log(`  run ${i + 1}: verify ${Math.round(run.ms)} ms, zcat | sha256sum ${Math.round(zcat[i].ms)} ms`);
  }
  return { verify, zcat };
}
