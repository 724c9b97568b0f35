/**
 * The persistent local database (--db): verified records in a DuckDB file, refreshed file by file.
 *
 * Every refresh verifies the whole copy again, cheaply: each digest is checked (signature, location,
 * chain; digests are small), and each log file imported before whose size, mtime, ctime and inode
 * are unchanged is checked by the SHA-256 recorded at import (the verifier's `knownSha256`) instead
 * of being read. New or changed files are hashed once here and handed to the verifier the same way.
 * So a file that stops verifying (its digest forged or gone, its chain broken, the file changed or
 * removed) loses its rows on the next run, and nothing unchanged is read twice. ctime moves on every
 * write and a user cannot set it back, so a file edited in place is always re-hashed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { mapLimit } from '../archive/concurrency';
import { listArchive, pathOf } from '../archive/files';
import { hashGzipFile, type VerifyOptions, verifyArchive } from '../verify';
import { openSession, queryRows, sqlString } from './duckdb-session';
import { type ExcludedFile, readableFiles } from './readable-files';
import { tableColumnDefinitions, VIEW_COLUMNS } from './record-shape';
import { gzipContentSize, recordsSelect } from './records-source';

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
/**
 * Decompressed bytes per import transaction: a transaction's new rows stay in memory until it
 * commits, so this bounds memory whatever the size of the copy (DuckDB's limit is 256 MB).
 */
const IMPORT_BYTES = 16 * 1024 * 1024;
const HASH_CONCURRENCY = 4;

interface StoredFile {
  readonly stamp: string;
  readonly sha256: string;
  readonly status: string;
}

export async function refreshStore(database: string, root: string, verifyOptions: StoreVerifyOptions): Promise<RefreshReport> {
  const session = await openSession({ database });
  try {
    const connection = session.connection;
    // Import order is irrelevant (questions order their rows): lets DuckDB stream without buffering.
    await connection.run('SET preserve_insertion_order = false');
    await session.lockDown([path.resolve(root), path.dirname(path.resolve(database))]);
    await ensureSchema(connection);
    const stored = await storedFiles(connection);
    const { logFiles } = await listArchive(root);
    const fresh = new Map<string, { stamp: string; sha256: string }>();
    const known = new Map<string, string>();
    await mapLimit(logFiles, HASH_CONCURRENCY, async ({ key }) => {
      const stamp = fileStamp(root, key);
      const before = stored.get(key);
      if (before && stamp === before.stamp) return void known.set(key, before.sha256);
      const member = await hashGzipFile(pathOf(root, key)).catch(() => undefined);
      // A file with bytes after its gzip member, or no gzip at all: the verifier reads it and says why.
      if (!member || member.trailing || !stamp) return;
      known.set(key, member.sha256);
      fresh.set(key, { stamp, sha256: member.sha256 });
    });
    const result = await verifyArchive({ ...verifyOptions, root, knownSha256: (key) => known.get(key) });
    const outcome = readableFiles(result, () => true);
    const readable = new Set(outcome.readable);
    const unverified = new Set(outcome.unverified);

    const toRemove = [...stored.keys()].filter((file) => !readable.has(file) || fresh.has(file));
    const toImport = outcome.readable.filter((file) => fresh.has(file));
    await removeFiles(connection, toRemove);
    let importedRecords = 0;
    const changedMeanwhile: string[] = [];
    for (const batch of batches(root, toImport)) {
      importedRecords += await importBatch(connection, root, batch, (file) => ({
        status: unverified.has(file) ? 'unverified' : 'verified',
        ...(fresh.get(file) as { stamp: string; sha256: string }),
      }));
      // Hashed, then read by DuckDB: a file written in between is dropped, and re-checked next run.
      changedMeanwhile.push(...batch.filter((file) => fileStamp(root, file) !== fresh.get(file)?.stamp));
    }
    await removeFiles(connection, changedMeanwhile);
    await setStatuses(connection, unverified);

    const listed = new Set(logFiles.map((file) => file.key));
    const named = new Set(outcome.excluded.map((entry) => entry.file));
    const excluded = [
      ...outcome.excluded,
      ...[...stored.keys()].filter((file) => !listed.has(file) && !named.has(file)).map((file) => ({ file, kind: 'missing' })),
      ...changedMeanwhile.map((file) => ({ file, kind: 'modified' })),
    ].sort((a, b) => a.file.localeCompare(b.file));
    await saveState(connection, excluded);
    return {
      importedFiles: toImport.length - changedMeanwhile.length,
      importedRecords,
      removedFiles: toRemove.filter((file) => !readable.has(file)).length,
      keptFiles: stored.size - toRemove.length,
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
  await connection.run(`CREATE OR REPLACE VIEW cloudtrail AS SELECT ${columns} FROM records`);
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
  for (let start = 0; start < files.length; start += BATCH) {
    const list = files
      .slice(start, start + BATCH)
      .map(sqlString)
      .join(', ');
    await inTransaction(connection, async () => {
      await connection.run(`DELETE FROM records WHERE file IN (${list})`);
      await connection.run(`DELETE FROM imported_files WHERE file IN (${list})`);
    });
  }
}

async function importBatch(
  connection: DuckDBConnection,
  root: string,
  files: readonly string[],
  describe: (file: string) => { status: string; stamp: string; sha256: string },
): Promise<number> {
  const list = files.map(sqlString).join(', ');
  const now = new Date().toISOString();
  let imported = 0;
  await inTransaction(connection, async () => {
    await connection.run(`INSERT INTO records ${recordsSelect({ root, files, withFile: true })}`);
    const counts = await queryRows(connection, `SELECT file, count(*) AS n FROM records WHERE file IN (${list}) GROUP BY file`);
    const byFile = new Map(counts.rows.map((row) => [String(row.file), Number(row.n)]));
    const values = files.map((file) => {
      const { status, stamp, sha256 } = describe(file);
      const records = byFile.get(file) ?? 0;
      imported += records;
      return `(${[file, status, stamp, sha256].map(sqlString).join(', ')}, ${records}, ${sqlString(now)})`;
    });
    await connection.run(`INSERT INTO imported_files VALUES ${values.join(', ')}`);
  });
  return imported;
}

/** Files no digest covered at import may be covered now (the verifier said so with their known hash). */
async function setStatuses(connection: DuckDBConnection, unverified: ReadonlySet<string>): Promise<void> {
  const list = [...unverified].map(sqlString).join(', ');
  await connection.run(
    `UPDATE imported_files SET status = 'verified' WHERE status = 'unverified'${list ? ` AND file NOT IN (${list})` : ''}`,
  );
}

async function saveState(connection: DuckDBConnection, excluded: readonly ExcludedFile[]): Promise<void> {
  await inTransaction(connection, async () => {
    await connection.run('DELETE FROM excluded_files');
    for (let start = 0; start < excluded.length; start += BATCH) {
      const values = excluded.slice(start, start + BATCH).map((e) => `(${sqlString(e.file)}, ${sqlString(e.kind)})`);
      await connection.run(`INSERT INTO excluded_files VALUES ${values.join(', ')}`);
    }
    await connection.run(`INSERT OR REPLACE INTO store_meta VALUES ('refreshedAt', ${sqlString(new Date().toISOString())})`);
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

/** Consecutive groups of files of at most IMPORT_BYTES decompressed (a larger file goes alone) and BATCH files. */
function batches(root: string, files: readonly string[]): string[][] {
  const groups: string[][] = [];
  let current: string[] = [];
  let bytes = 0;
  for (const file of files) {
    const size = gzipContentSize(pathOf(root, file));
    if (current.length > 0 && (bytes + size > IMPORT_BYTES || current.length >= BATCH)) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(file);
    bytes += size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** Size, mtime, ctime and inode of a file; undefined when it is gone. */
export function fileStamp(root: string, file: string): string | undefined {
  try {
    const stat = fs.statSync(pathOf(root, file), { bigint: true });
    return `${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}:${stat.ino}`;
  } catch {
    return undefined;
  }
}
