/**
 * `logs` commands that import records into a DuckDB database run with two glibc malloc settings
 * (mallopt(3), "Environment variables": glibc reads them only when a process starts):
 *   - `MALLOC_ARENA_MAX=2`: DuckDB's threads each parse whole log files, and glibc gives each thread
 *     an arena of its own (up to 8 per core) that keeps freed memory;
 *   - `MALLOC_MMAP_THRESHOLD_=131072`: every allocation of 128 KiB or more gets pages of its own that
 *     go back to the system when freed, instead of glibc's default, which raises the threshold as
 *     large blocks are freed (up to 32 MiB on 64-bit) and then keeps them in the heap.
 * On the benchmark's million records (2026-12-08, three to six alternating imports each) the import
 * peaked at 365 to 444 MB with the arenas alone, over the 400 MB goal, and at 304 to 359 MB with both,
 * for about 10% more wall time (the system time of mapping and unmapping: 7 to 12 s instead of 2 to
 * 3 s). So the command runs itself again with them set: about 0.2 s of Node and module start on a
 * command that verifies and parses the whole copy. Linux only (elsewhere the variables mean nothing);
 * a variable the user set is left alone, and so is anything that does not import (a question on a
 * database alone, verify, fetch).
 */
import { type SpawnSyncOptions, type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { constants } from 'node:os';

/** The settings, by the environment variable glibc reads. */
export const MALLOC_SETTINGS: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '131072',
};

/**
 * Whether a `logs` command line (the arguments after `logs`) imports records: `import`, or
 * `query`/`sql` refreshing a `--db` from a copy. The command is the first argument and `--help`
 * anywhere after it only prints usage, as runLogs (tooling/logs/cli.ts) reads them.
 */
export function importsRecords(logsArgv: readonly string[]): boolean {
  const [command, ...rest] = logsArgv;
  if (rest.includes('--help')) return false;
  const has = (flag: string) => rest.some((arg) => arg === flag || arg.startsWith(`${flag}=`));
  return command === 'import' || ((command === 'query' || command === 'sql') && has('--db') && has('--from'));
}

interface Rerun {
  readonly env?: NodeJS.ProcessEnv;
  readonly platform?: NodeJS.Platform;
  readonly spawn?: (
    command: string,
    args: readonly string[],
    options: SpawnSyncOptions,
  ) => Pick<SpawnSyncReturns<Buffer>, 'status' | 'signal' | 'error'>;
}

/**
 * Runs this process's command line again with the MALLOC_SETTINGS the environment does not set yet,
 * when `logsArgv` imports records, on Linux: returns the exit code to leave with. Undefined when this
 * process should go on itself (nothing to do, or the second process could not be started).
 */
export function rerunWithMallocSettings(logsArgv: readonly string[], options: Rerun = {}): number | undefined {
  const env = options.env ?? process.env;
  const missing = Object.entries(MALLOC_SETTINGS).filter(([name]) => env[name] === undefined);
  if ((options.platform ?? process.platform) !== 'linux' || missing.length === 0 || !importsRecords(logsArgv)) return undefined;
  const spawn = options.spawn ?? spawnSync;
  const result = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...env, ...Object.fromEntries(missing) },
  });
  if (result.error) return undefined;
  if (result.status !== null) return result.status;
  // Killed by a signal: the shell's convention, 128 + its number.
  const signal = result.signal ? constants.signals[result.signal] : undefined;
  return signal === undefined ? 3 : 128 + signal;
}
