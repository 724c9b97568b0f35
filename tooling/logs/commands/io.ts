/** What a logs subcommand writes to and where its relative paths start; injectable so tests run commands in-process. */
import * as path from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { flagError } from '../../../modules/suggest';

export interface LogsIo {
  /** Writes text as is (commands end their lines with "\n"). */
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Resolves once stdout has passed on what it holds, when it holds more than its buffer (a pipe): large output waits for it. */
  readonly stdoutDrained?: () => Promise<void> | undefined;
  /** Where relative paths resolve: npm's INIT_CWD (the folder `npm run` started in), else the working directory. */
  readonly cwd: string;
}

export interface LogsCommand {
  /** One line for the command list. */
  readonly summary: string;
  readonly usage: string;
  /** The optional peer dependencies it loads (package.json peerDependenciesMeta): checked before it runs. */
  readonly peers?: readonly string[];
  run(argv: string[], io: LogsIo): Promise<number>;
}

/** Exit code of a usage error: bad or missing flags, unreadable inputs; nothing was checked. */
export const USAGE_EXIT = 2;

/** A usage error: one line naming the flag and the fix. */
export class UsageError extends Error {}

/**
 * A command needs optional peer dependencies that are not installed: thrown before it runs, so
 * nothing is read or written. The CLI (bin/run-cli.ts) names them with their install command; it
 * recognizes the error by its `code`, as Node's own errors are recognized.
 */
export class MissingPeersError extends Error {
  readonly code = 'ERR_MISSING_OPTIONAL_PEERS';
  constructor(readonly peers: readonly string[]) {
    super(`not installed: ${peers.join(', ')}`);
  }
}

/** The peers of `names` that cannot be loaded: not installed (any other failure to load throws). */
export function missingPeers(names: readonly string[]): string[] {
  return names.filter((name) => {
    try {
      require(name);
      return false;
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      if (e.code === 'MODULE_NOT_FOUND' && e.message.includes(`'${name}'`)) return true;
      throw error;
    }
  });
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** util.parseArgs, strict, with its errors turned into one-line usage errors that say how to get help. */
export function parseFlags(command: string, argv: string[], options: Options, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (error) {
    throw new UsageError(flagError(error, Object.keys(options), `npm run logs -- ${command}`));
  }
}

export function requireFlag(value: string | undefined, flag: string, fix: string): string {
  if (value === undefined || value === '') throw new UsageError(`${flag} is required. Fix: ${fix}`);
  return value;
}

/** An ISO 8601 time with a date (`2026-01-02`, `2026-01-02T03:04:05Z`); a time without zone is UTC. */
export function parseTime(value: string | undefined, flag: string): Date | undefined {
  if (value === undefined) return undefined;
  const utc = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(value)
    ? `${value}${value.length === 10 ? 'T00:00:00' : ''}Z`
    : value;
  const time = /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(utc) : new Date(Number.NaN);
  if (Number.isNaN(time.getTime()) || !isCalendarDate(value.slice(0, 10)))
    throw new UsageError(`${flag} ${value}: not an ISO 8601 time. Fix: use e.g. 2026-01-02 or 2026-01-02T03:00:00Z`);
  return time;
}

/** `YYYY-MM-DD` names a day of the calendar (Date rolls 2026-02-30 over to March 2 instead of failing). */
function isCalendarDate(ymd: string): boolean {
  const [year, month, day] = ymd.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * An S3 bucket name flag; undefined when not given. The general purpose naming rules' shape (S3 user
 * guide, bucketnamingrules.html): 3-63 lowercase letters, digits, dots and hyphens, a letter or digit
 * at each end. (tooling/ may not import modules/rules, where the config's full rule lives.)
 */
export function bucketFlag<T extends string | undefined>(value: T, flag: string): T {
  if (value !== undefined && !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(value))
    throw new UsageError(
      `${flag} ${JSON.stringify(value)}: not an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens). Fix: pass the archive bucket's name`,
    );
  return value;
}

export function oneOf<T extends string>(value: string | undefined, flag: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value))
    throw new UsageError(`${flag} ${value}: not one of ${allowed.join(', ')}. Fix: use ${flag} ${allowed.join(' or ')}`);
  return value as T;
}

export function resolvePath(io: LogsIo, value: string): string {
  return path.resolve(io.cwd, value);
}
