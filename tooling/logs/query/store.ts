/**
 * The persistent local database (--db): verified records in a DuckDB file, refreshed file by file.
 *
 * Every refresh verifies the whole copy again, cheaply: each digest is checked (signature, location,
 * chain; digests are small), and each log file imported before whose size, mtime, ctime and inode
 * are unchanged is judged by the SHA-256 recorded at import instead of being read. New or changed
 * files are read once: inflated, hashed, and inserted only when the hash is the one their digests
 * list (log-feed.ts), so the stored rows are exactly the bytes that verified. A file that stops
 * verifying (its digest forged or gone, its chain broken, the file changed or removed) loses its rows
 * on the next run, and nothing unchanged is read twice. ctime moves on every write and a user cannot
 * set it back, so a file edited in place is always read again.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { pathOf } from '../archive/files';
import { planVerification, type VerifyOptions } from '../verify';
import { openSession, queryRows, sqlString } from './duckdb-session';
import { type FeedFile, type FeedOutcome, LogFeed, registerFeed, stampOf } from './log-feed';
import { type ExcludedFile, readableFiles } from './readable-files';
import { tableColumnDefinitions, VIEW_COLUMNS } from './record-shape';
import { recordsSelect } from './records-source';

export type StoreVerifyOptions = Omit<VerifyOptions, 'root' | 'knownSha256' | 'onlyLogFiles'>;

export interface RefreshReport {
  readonly importedFiles: number;
  readonly importedRecords: number;
  readonly removedFiles: number;
  readonly keptFiles: number;
  readonly excluded: readonly ExcludedFile[];
  /** Files in the store that no digest covered yet. */
  readonly unverified: readonly string[];
}

/** Files per DELETE/INSERT of bookkeeping rows. */
const BATCH = 200;
/** Compressed bytes read per import statement (about ten times that decompressed). */
const IMPORT_BYTES = 64 * 1024 * 1024;
/**
 * DuckDB's buffer pool while importing: the INSERT streams (no sort, insertion order not kept), so
 * the pool holds little more than the row groups being written. On the bench's 1,000,000 records
 * the import peaked at 549 MB RSS with 256 MB and 403 MB with 128 MB (and 16 MB read ahead), in
 * about the same CPU time; 96 MB ran out of memory (measured 2026-12-07; README, Archive queries).
 */
const IMPORT_MEMORY_LIMIT = '128MB';
/** Recorded for a file whose first gzip member is followed by other bytes: never a digest's hash. */
const TRAILING = 'trailing';

interface StoredFile {
  readonly stamp: string;
  readonly sha256: string;
  readonly status: string;
}

export async function refreshStore(database: string, root: string, verifyOptions: StoreVerifyOptions): Promise<RefreshReport> {
  const session = await openSession({ database, memoryLimit: IMPORT_MEMORY_LIMIT });
  try {
    const connection = session.connection;
    // Import order is irrelevant (questions order their rows): lets DuckDB stream without buffering.
    await connection.run('SET preserve_insertion_order = false');
    let feed: LogFeed | undefined;
    registerFeed(connection, () => feed, session.threads);
    // The copy's files come through the feed: DuckDB itself only needs the database's folder.
    await session.lockDown([path.dirname(path.resolve(database))]);
    await ensureSchema(connection);
    const stored = await storedFiles(connection);
    const plan = await planVerification({ ...verifyOptions, root });
    const known = new Map<string, string>();
    const toRead: (FeedFile & { size: number })[] = [];
    for (const [key, entry] of plan.logFiles.files) {
      const stat = statOf(root, key);
      const before = stored.get(key);
      if (before && stat && stampOf(stat) === before.stamp) known.set(key, before.sha256);
      else if (entry.kind === 'unverified') toRead.push({ key, size: Number(stat?.size ?? 0) });
      else if (entry.kind === 'vouched' && entry.sha256 !== undefined)
        toRead.push({ key, sha256: entry.sha256, size: Number(stat?.size ?? 0) });
    }
    // Rows of files changed or gone since their import go first; what verifies now comes back below.
    const gone = [...stored.keys()].filter((file) => !known.has(file));
    await removeFiles(connection, gone);

    let importedRecords = 0;
    const read = new Map<string, { sha256: string; fed: boolean; stamp?: string }>();
    const unreadable = new Set<string>();
    for (const batch of batches(toRead)) {
      feed = new LogFeed(root, batch, { stamps: true });
      importedRecords += await importBatch(connection, feed, batch);
      for (const key of feed.unreadable) unreadable.add(key);
      for (const [key, outcome] of feed.outcomes) {
        const sha256 = outcome.sha256 === undefined ? undefined : outcome.trailing ? TRAILING : outcome.sha256;
        if (sha256) read.set(key, { sha256, fed: outcome.fed, ...(outcome.stamp ? { stamp: outcome.stamp } : {}) });
      }
      feed = undefined;
    }
    const result = plan.finish((key) => {
      const sha256 = known.get(key) ?? read.get(key)?.sha256;
      return sha256 === TRAILING ? undefined : sha256;
    });
    const outcome = readableFiles(result, () => true, unreadable);
    const readable = new Set(outcome.readable);
    const unverified = new Set(outcome.unverified);
    // Read and verified, but the file changed while it was read: not imported; read again next run.
    const changedMeanwhile = [...read].filter(([key, entry]) => readable.has(key) && !entry.fed).map(([key]) => key);
    const lost = [...known.keys()].filter((file) => !readable.has(file));
    await removeFiles(connection, lost);
    // Files no digest covered at import that one covers now (the verifier judged them by their known hash).
    await setVerified(
      connection,
      [...known.keys()].filter((file) => readable.has(file) && !unverified.has(file) && stored.get(file)?.status === 'unverified'),
    );

    const listed = new Set(plan.logFiles.files.keys());
    const named = new Set(outcome.excluded.map((entry) => entry.file));
    const excluded = [
      ...outcome.excluded,
      ...[...stored.keys()].filter((file) => !listed.has(file) && !named.has(file)).map((file) => ({ file, kind: 'missing' })),
      ...changedMeanwhile.map((file) => ({ file, kind: 'modified' })),
    ].sort((a, b) => a.file.localeCompare(b.file));
    // Written only when it differs: a run that changes nothing writes nothing.
    if (!sameExcluded((await readState(connection)).excluded, excluded)) await saveState(connection, excluded);
    const imported = [...read.values()].filter((entry) => entry.fed).length;
    return {
      importedFiles: imported,
      importedRecords,
      removedFiles: gone.filter((file) => !read.get(file)?.fed).length + lost.length,
      keptFiles: known.size - lost.length,
      excluded,
      unverified: await storedUnverified(connection),
    };
  } finally {
    session.close();
  }
}

export interface StoreState {
  readonly excluded: ExcludedFile[];
  readonly unverified: string[];
}

/** The state the last refresh recorded: excluded files and files no digest covered yet. */
export async function storeState(database: string): Promise<StoreState> {
  const session = await openSession({ database, readOnly: true });
  try {
    await session.lockDown([]);
    return await readState(session.connection);
  } finally {
    session.close();
  }
}

/** The same, on a connection to the store that is already open. */
export async function readState(connection: DuckDBConnection): Promise<StoreState> {
  const excluded = (await queryRows(connection, 'SELECT file, kind FROM excluded_files ORDER BY file')).rows;
  return {
    excluded: excluded.map((row) => ({ file: String(row.file), kind: String(row.kind) })),
    unverified: await storedUnverified(connection),
  };
}

async function ensureSchema(connection: DuckDBConnection): Promise<void> {
  await connection.run(`CREATE TABLE IF NOT EXISTS records (${tableColumnDefinitions()}, file VARCHAR NOT NULL)`);
  await connection.run(
    'CREATE TABLE IF NOT EXISTS imported_files (file VARCHAR PRIMARY KEY, status VARCHAR NOT NULL, stamp VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, records BIGINT NOT NULL, imported_at VARCHAR NOT NULL)',
  );
  await connection.run('CREATE TABLE IF NOT EXISTS excluded_files (file VARCHAR, kind VARCHAR)');
  await connection.run('CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR PRIMARY KEY, value VARCHAR)');
  const columns = VIEW_COLUMNS.map((name) => `"${name}"`).join(', ');
  // Replaced only when its columns differ (a store made by another version): a run that changes nothing writes nothing.
  const { rows } = await queryRows(
    connection,
    "SELECT column_name AS name FROM duckdb_columns() WHERE table_name = 'cloudtrail' AND NOT internal ORDER BY column_index",
  );
  if (rows.map((row) => String(row.name)).join(',') !== VIEW_COLUMNS.join(',')) {
    await connection.run(`CREATE OR REPLACE VIEW cloudtrail AS SELECT ${columns} FROM records`);
  }
}

async function storedFiles(connection: DuckDBConnection): Promise<Map<string, StoredFile>> {
  const { rows } = await queryRows(connection, 'SELECT file, stamp, sha256, status FROM imported_files');
  return new Map(
    rows.map((row) => [String(row.file), { stamp: String(row.stamp), sha256: String(row.sha256), status: String(row.status) }]),
  );
}

async function storedUnverified(connection: DuckDBConnection): Promise<string[]> {
  const { rows } = await queryRows(connection, "SELECT file FROM imported_files WHERE status = 'unverified' ORDER BY file");
  return rows.map((row) => String(row.file));
}

async function removeFiles(connection: DuckDBConnection, files: readonly string[]): Promise<void> {
  for (const list of sqlLists(files)) {
    await inTransaction(connection, async () => {
      await connection.run(`DELETE FROM records WHERE file IN (${list})`);
      await connection.run(`DELETE FROM imported_files WHERE file IN (${list})`);
    });
  }
}

/** Inserts the records of the batch's files that verify as they are read, and their bookkeeping rows; the number of records. */
async function importBatch(connection: DuckDBConnection, feed: LogFeed, files: readonly FeedFile[]): Promise<number> {
  const now = new Date().toISOString();
  let imported = 0;
  await inTransaction(connection, async () => {
    await connection.run(`INSERT INTO records ${recordsSelect({ withFile: true })}`);
    const fed = files.filter((file) => feed.outcomes.get(file.key)?.fed);
    if (fed.length === 0) return;
    const list = fed.map((file) => sqlString(file.key)).join(', ');
    const counts = await queryRows(connection, `SELECT file, count(*) AS n FROM records WHERE file IN (${list}) GROUP BY file`);
    const byFile = new Map(counts.rows.map((row) => [String(row.file), Number(row.n)]));
    for (let start = 0; start < fed.length; start += BATCH) {
      const values = fed.slice(start, start + BATCH).map((file) => {
        const outcome = feed.outcomes.get(file.key) as FeedOutcome;
        const records = byFile.get(file.key) ?? 0;
        imported += records;
        const status = file.sha256 === undefined ? 'unverified' : 'verified';
        const sha256 = outcome.trailing ? TRAILING : (outcome.sha256 as string);
        return `(${[file.key, status, outcome.stamp as string, sha256].map(sqlString).join(', ')}, ${records}, ${sqlString(now)})`;
      });
      await connection.run(`INSERT INTO imported_files VALUES ${values.join(', ')}`);
    }
  });
  return imported;
}

async function setVerified(connection: DuckDBConnection, files: readonly string[]): Promise<void> {
  for (const list of sqlLists(files)) await connection.run(`UPDATE imported_files SET status = 'verified' WHERE file IN (${list})`);
}

/** The files as SQL lists of at most BATCH names, for `file IN (...)`. */
function* sqlLists(files: readonly string[]): Generator<string> {
  for (let start = 0; start < files.length; start += BATCH)
    yield files
      .slice(start, start + BATCH)
      .map(sqlString)
      .join(', ');
}

function sameExcluded(before: readonly ExcludedFile[], after: readonly ExcludedFile[]): boolean {
  const key = (list: readonly ExcludedFile[]) => JSON.stringify(list.map((e) => [e.file, e.kind]).sort());
  return key(before) === key(after);
}

async function saveState(connection: DuckDBConnection, excluded: readonly ExcludedFile[]): Promise<void> {
  await inTransaction(connection, async () => {
    await connection.run('DELETE FROM excluded_files');
    for (let start = 0; start < excluded.length; start += BATCH) {
      const values = excluded.slice(start, start + BATCH).map((e) => `(${sqlString(e.file)}, ${sqlString(e.kind)})`);
      await connection.run(`INSERT INTO excluded_files VALUES ${values.join(', ')}`);
    }
    await connection.run(`INSERT OR REPLACE INTO store_meta VALUES ('excludedChangedAt', ${sqlString(new Date().toISOString())})`);
  });
}

async function inTransaction(connection: DuckDBConnection, work: () => Promise<void>): Promise<void> {
  await connection.run('BEGIN TRANSACTION');
  try {
    await work();
    await connection.run('COMMIT');
  } catch (error) {
    await connection.run('ROLLBACK');
    throw error;
  }
}

/** Consecutive groups of files of at most IMPORT_BYTES compressed (a larger file goes alone). */
function batches<T extends { size: number }>(files: readonly T[]): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const file of files) {
    if (current.length > 0 && bytes + file.size > IMPORT_BYTES) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += file.size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

function statOf(root: string, key: string): fs.BigIntStats | undefined {
  try {
    return fs.statSync(pathOf(root, key), { bigint: true });
  } catch {
    return undefined;
  }
}
