/** Timing a child process and its peak memory, for the archive benchmarks. */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface Measured {
  readonly ms: number;
  /** Peak RSS of the largest process in the command's tree, MB (GNU time's %M), when /usr/bin/time is there. */
  readonly rssMb: number | undefined;
  /** User + system CPU time of the command's tree, ms (GNU time's %U + %S), when /usr/bin/time is there: steadier than wall time on a loaded machine. */
  readonly cpuMs: number | undefined;
  readonly stdout: string;
}

const TIME = '/usr/bin/time';
const MARK = 'logs-bench-rss=';
const FORMAT = `${MARK}%M %U %S`;

/** Runs a command to completion, failing loudly on a non-zero exit unless `allowExit` lists it. */
export function measure(command: string, args: readonly string[], options: { cwd: string; allowExit?: readonly number[] }): Measured {
  const gnuTime = spawnSync(TIME, ['-f', FORMAT, 'true'], { encoding: 'utf8' }).stderr?.includes(MARK);
  const [file, argv] = gnuTime ? [TIME, ['-f', FORMAT, command, ...args]] : [command, [...args]];
  const started = performance.now();
  const result = spawnSync(file, argv, { cwd: options.cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - started;
  if (result.error) throw result.error;
  if (result.status !== 0 && !(options.allowExit ?? []).includes(result.status ?? -1)) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stderr}`);
  }
  const usage = new RegExp(`${MARK}(\\d+) ([\\d.]+) ([\\d.]+)\\s*$`).exec(result.stderr ?? '');
  return {
    ms,
    rssMb: usage ? Number(usage[1]) / 1024 : undefined,
    cpuMs: usage ? (Number(usage[2]) + Number(usage[3])) * 1000 : undefined,
    stdout: result.stdout,
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
