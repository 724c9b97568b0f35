/**
 * `logs` commands that import records into a DuckDB database run with glibc's malloc limited to 2
 * arenas (`MALLOC_ARENA_MAX=2`). DuckDB's threads each parse whole log files, and glibc gives each
 * thread an arena of its own (up to 8 per core) that keeps freed memory: on the benchmark's million
 * records the same import peaked anywhere from 328 to 454 MB from run to run, over the 400 MB goal,
 * and at 361-389 MB with 2 arenas. glibc reads the variable only when a process starts, so the
 * command runs itself again with it set: about 0.2 s of Node and module start on a command that
 * verifies and parses the whole copy. Linux only (elsewhere the variable means nothing); a variable
 * the user set is left alone, and so is anything that does not import (a question on a database
 * alone, verify, fetch).
 */
import { type SpawnSyncOptions, type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { constants } from 'node:os';

export const ARENAS_ENV = 'MALLOC_ARENA_MAX';
const ARENAS = '2';

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
 * Runs this process's command line again with MALLOC_ARENA_MAX=2 when `logsArgv` imports records,
 * on Linux, and the variable is not set: returns the exit code to leave with. Undefined when this
 * process should go on itself (nothing to do, or the second process could not be started).
 */
export function rerunWithFewerArenas(logsArgv: readonly string[], options: Rerun = {}): number | undefined {
  const env = options.env ?? process.env;
  if ((options.platform ?? process.platform) !== 'linux' || env[ARENAS_ENV] !== undefined || !importsRecords(logsArgv)) return undefined;
  const spawn = options.spawn ?? spawnSync;
  const result = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...env, [ARENAS_ENV]: ARENAS },
  });
  if (result.error) return undefined;
  if (result.status !== null) return result.status;
  // Killed by a signal: the shell's convention, 128 + its number.
  const signal = result.signal ? constants.signals[result.signal] : undefined;
  return signal === undefined ? 3 : 128 + signal;
}
