/**
 * Verified log files, read once: each file is read into memory, its first gzip member inflated and
 * hashed, and the content handed to DuckDB only when the hash is the one its digests list. DuckDB
 * parses exactly the bytes that were hashed, so nothing can change between verification and
 * reading, and DuckDB needs no access to the copy at all (its file access stays off).
 *
 * DuckDB pulls the files through a table function (`verified_log_files()`, one row per file) whose
 * callback runs on this thread and must answer at once: files are read, inflated and hashed ahead
 * in the thread pool (a few at a time, bounded in bytes), and when none is ready the next is done
 * on the spot, synchronously.
 */
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';
import type { DuckDBConnection } from '@duckdb/node-api';
import { pathOf } from '../archive/files';
import { GzipFormatError, gunzipAll, type InflatedMember, inflateAndHash, inflateAndHashSync } from '../archive/gzip';
import { parseArchiveKey } from '../archive/layout';
import { registerRowSource } from './duckdb-session';

export interface FeedFile {
  readonly key: string;
  /** The SHA-256 its digests list; undefined for a file no digest covers yet (read as it is, every gzip member). */
  readonly sha256?: string;
}

/** What became of a file: its first member's hash, and whether its content went to DuckDB. */
export interface FeedOutcome {
  readonly sha256?: string;
  readonly trailing?: boolean;
  readonly fed: boolean;
  /** Size, mtime, ctime and inode when the file was read (with `stamps`); undefined when it changed while being read. */
  readonly stamp?: string;
}

interface Ready {
  readonly index: number;
  readonly content: Buffer;
}

/**
 * Files read ahead at most, and their decompressed bytes: enough to keep DuckDB's threads fed
 * (parsing is slower than inflating), small enough not to count in the memory budget.
 */
const LOOKAHEAD_FILES = 8;
const LOOKAHEAD_BYTES = 16 * 1024 * 1024;

export class LogFeed {
  readonly outcomes = new Map<string, FeedOutcome>();
  /** Files no digest covers that are no CloudTrail log file (not gzip, not one JSON object): excluded as `unreadable`. */
  readonly unreadable = new Set<string>();
  private readonly ready: Ready[] = [];
  private readonly inFlight = new Set<number>();
  /** Files done synchronously while their read-ahead was still running: its result is dropped. */
  private readonly taken = new Set<number>();
  private nextIndex = 0;
  private readyBytes = 0;
  private failure: Error | undefined;

  constructor(
    private readonly root: string,
    private readonly files: readonly FeedFile[],
    private readonly options: { readonly stamps?: boolean } = {},
  ) {}

  /** Starts reading ahead. */
  start(): this {
    this.pump();
    return this;
  }

  /** The next file to parse, or undefined when every file has been handed out. Never waits. */
  take(): { readonly file: FeedFile; readonly content: Buffer } | undefined {
    if (this.failure) throw this.failure;
    let item = this.ready.shift();
    if (item) this.readyBytes -= item.content.length;
    while (!item) {
      const index = this.nextIndex < this.files.length ? this.nextIndex++ : this.oldestInFlight();
      if (index === undefined) return undefined;
      if (this.inFlight.has(index)) this.taken.add(index);
      const content = this.prepareSync(index);
      if (content) item = { index, content };
    }
    this.pump();
    return { file: this.files[item.index], content: item.content };
  }

  private oldestInFlight(): number | undefined {
    for (const index of this.inFlight) if (!this.taken.has(index)) return index;
    return undefined;
  }

  private pump(): void {
    while (
      !this.failure &&
      this.nextIndex < this.files.length &&
      this.inFlight.size < LOOKAHEAD_FILES &&
      this.ready.length + this.inFlight.size < LOOKAHEAD_FILES &&
      this.readyBytes < LOOKAHEAD_BYTES
    ) {
      const index = this.nextIndex++;
      this.inFlight.add(index);
      this.prepare(index).then(
        (content) => {
          this.inFlight.delete(index);
          if (this.taken.delete(index)) return;
          if (content) {
            this.ready.push({ index, content });
            this.readyBytes += content.length;
          }
          this.pump();
        },
        (error: Error) => {
          this.inFlight.delete(index);
          this.failure ??= error;
        },
      );
    }
  }

  private async prepare(index: number): Promise<Buffer | undefined> {
    const file = this.files[index];
    const full = pathOf(this.root, file.key);
    const before = this.options.stamps ? await statStamp(full) : undefined;
    const data = await fs.promises.readFile(full);
    const stamp = this.options.stamps ? await statStamp(full) : undefined;
    const member = await inflateAndHash(data).catch(formatError);
    const content = !member?.trailing || file.sha256 !== undefined ? member?.content : await gunzipAll(data).catch(formatError);
    return this.settle(file, member, content, before, stamp);
  }

  private prepareSync(index: number): Buffer | undefined {
    const file = this.files[index];
    const full = pathOf(this.root, file.key);
    const before = this.options.stamps ? statStampSync(full) : undefined;
    const data = fs.readFileSync(full);
    const stamp = this.options.stamps ? statStampSync(full) : undefined;
    let member: InflatedMember | undefined;
    try {
      member = inflateAndHashSync(data);
    } catch (error) {
      formatError(error);
    }
    const content = !member?.trailing || file.sha256 !== undefined ? member?.content : gunzipSyncOrFail(data);
    return this.settle(file, member, content, before, stamp);
  }

  /** Records the outcome; the content when it may be parsed. */
  private settle(
    file: FeedFile,
    member: InflatedMember | undefined,
    content: Buffer | undefined,
    before: string | undefined,
    stamp: string | undefined,
  ): Buffer | undefined {
    const steady = before === stamp;
    const verified =
      file.sha256 === undefined ? content !== undefined : member !== undefined && !member.trailing && member.sha256 === file.sha256;
    const fed = verified && steady;
    if (file.sha256 === undefined && (content === undefined || !isJsonObject(content))) {
      // No digest vouches for it and it is no CloudTrail log file (not gzip, or not one JSON object
      // in UTF-8: a second gzip member, bytes appended): left out and named, never fed to DuckDB,
      // whose parser would fail the whole question on it.
      this.unreadable.add(file.key);
      this.outcomes.set(file.key, { fed: false, ...(steady && stamp !== undefined ? { stamp } : {}) });
      return undefined;
    }
    this.outcomes.set(file.key, {
      ...(member ? { sha256: member.sha256, trailing: member.trailing } : {}),
      fed,
      ...(steady && stamp !== undefined ? { stamp } : {}),
    });
    return fed ? content : undefined;
  }
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Whether content is one JSON object in valid UTF-8, as every CloudTrail log file is. */
function isJsonObject(content: Buffer): boolean {
  try {
    const value: unknown = JSON.parse(STRICT_UTF8.decode(content));
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** A file that is not gzip: for a vouched file that is a verdict (`modified`), not a failure. */
function formatError(error: unknown): undefined {
  if (error instanceof GzipFormatError) return undefined;
  throw error;
}

function gunzipSyncOrFail(data: Buffer): Buffer | undefined {
  try {
    return zlib.gunzipSync(data);
  } catch {
    return undefined;
  }
}

/** Size, mtime, ctime and inode of a file. */
export function stampOf(stat: fs.BigIntStats): string {
  return `${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}:${stat.ino}`;
}

async function statStamp(file: string): Promise<string> {
  return stampOf(await fs.promises.stat(file, { bigint: true }));
}

function statStampSync(file: string): string {
  return stampOf(fs.statSync(file, { bigint: true }));
}

/** The table function's name: one row per file, `file`, `account`, `region`, `date` (`yyyy/MM/dd`) and `content` (BLOB). */
export const FEED_FUNCTION = 'verified_log_files';

/**
 * Registers verified_log_files() on a connection; each statement that calls it reads the feed
 * `current()` returns at that moment (a new feed per statement).
 */
export function registerFeed(connection: DuckDBConnection, current: () => LogFeed | undefined, threads: number): void {
  const columns = [
    ['file', 'VARCHAR'],
    ['account', 'VARCHAR'],
    ['region', 'VARCHAR'],
    ['date', 'VARCHAR'],
    ['content', 'BLOB'],
  ] as const;
  registerRowSource(connection, { name: FEED_FUNCTION, columns, threads }, () => {
    const next = current()?.take();
    if (!next) return undefined;
    const key = parseArchiveKey(next.file.key);
    return [next.file.key, key?.account ?? null, key?.region ?? null, key ? key.date.replaceAll('-', '/') : null, next.content];
  });
}
