/**
 * The persistent local database (--db): verified records in a DuckDB file, refreshed file by file.
 *
 * Each refresh re-verifies every digest chain (digests are small), but re-hashes only the log files
 * that need it: new ones, ones whose size, mtime, ctime or inode changed since import, ones imported
 * before a digest covered them, and every imported file of a chain (account x region) in which the
 * verifier now reports any problem. A file imported earlier that is gone, or no longer verifies,
 * loses its rows in the same transaction that records why. Rows from a file are replaced, never
 * merged, when it is imported again.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { openSession, queryRows, sqlString } from './duckdb-session';
import { type ExcludedFile, readableFiles, type VerifiedCopy } from './readable-files';
import { VIEW_COLUMNS, tableColumnDefinitions } from './record-shape';
import { recordsSelect } from './records-source';

/** Runs the verifier over the copy, hashing only the log files `onlyLogFiles` accepts. */
export type VerifyCopy = (onlyLogFiles: (relativePath: string) => boolean) => Promise<VerifiedCopy>;

export interface RefreshReport {
  readonly importedFiles: number;
  readonly importedRecords: number;
  readonly removedFiles: number;
  readonly keptFiles: number;
  readonly excluded: readonly ExcludedFile[];
  readonly unverified: readonly string[];
}

/** Files per INSERT: bounds what one statement holds, so memory stays flat as the copy grows. */
const BATCH = 200;

interface StoredFile {
  readonly file: string;
  readonly status: 'verified' | 'unverified';
  readonly stamp: string;
}

export async function refreshStore(database: string, root: string, verify: VerifyCopy): Promise<RefreshReport> {
  const session = await openSession({ database });
  try {
    await session.lockDown([path.resolve(root), path.dirname(path.resolve(database))]);
    const connection = session.connection;
    await ensureSchema(connection);
    const stored = await storedFiles(connection);
    const stamps = new Map<string, string>();
    const needsCheck = (file: string): boolean => {
      const stamp = fileStamp(root, file);
      if (stamp) stamps.set(file, stamp);
      const before = stored.get(file);
      return !before || before.status === 'unverified' || before.stamp !== stamp;
    };
    const first = await verify(needsCheck);
    const troubled = new Set(first.problems.map((problem) => chainOf(problem.file)));
    const firstChecked = namedFiles(first);
    const recheck = new Set([...stored.keys()].filter((file) => !firstChecked.has(file) && troubled.has(chainOf(file))));
    const second = recheck.size > 0 ? await verify((file) => recheck.has(file)) : undefined;
    const merged = second ? merge([first, second]) : first;
    const outcome = readableFiles(merged, () => true);

    const checked = namedFiles(merged);
    const gone = [...stored.keys()].filter((file) => !fs.existsSync(path.join(root, file)));
    const goneSet = new Set(gone);
    const toRemove = [...stored.keys()].filter((file) => checked.has(file) || goneSet.has(file));
    const toImport = outcome.readable;
    const importing = new Set(toImport);
    const unverified = new Set(outcome.unverified);

    await removeFiles(connection, toRemove);
    let importedRecords = 0;
    for (let start = 0; start < toImport.length; start += BATCH) {
      const batch = toImport.slice(start, start + BATCH);
      importedRecords += await importBatch(connection, root, batch, (file) => ({
        status: unverified.has(file) ? 'unverified' : 'verified',
        stamp: stamps.get(file) ?? fileStamp(root, file) ?? '',
      }));
    }
    const named = new Set(outcome.excluded.map((entry) => entry.file));
    const excluded = [...outcome.excluded, ...gone.filter((file) => !named.has(file)).map((file) => ({ file, kind: 'missing' }))];
    await saveState(connection, excluded);
    const removedFiles = toRemove.filter((file) => !importing.has(file)).length;
    return {
      importedFiles: toImport.length,
      importedRecords,
      removedFiles,
      keptFiles: stored.size - toRemove.length,
      excluded,
      unverified: (await storedUnverified(connection)).sort(),
    };
  } finally {
    session.close();
  }
}

/** The state the last refresh recorded: excluded files and files no digest covered yet. */
export async function storeState(database: string): Promise<{ excluded: ExcludedFile[]; unverified: string[]; refreshedAt: string | undefined }> {
  const session = await openSession({ database, readOnly: true });
  try {
    await session.lockDown([]);
    const excluded = (await queryRows(session.connection, 'SELECT file, kind FROM excluded_files ORDER BY file')).rows as unknown as ExcludedFile[];
    const unverified = await storedUnverified(session.connection);
    const meta = await queryRows(session.connection, "SELECT value FROM store_meta WHERE key = 'refreshedAt'");
    return { excluded, unverified, refreshedAt: meta.rows[0]?.value as string | undefined };
  } finally {
    session.close();
  }
}

async function ensureSchema(connection: DuckDBConnection): Promise<void> {
  await connection.run(`CREATE TABLE IF NOT EXISTS records (${tableColumnDefinitions()}, file VARCHAR NOT NULL)`);
  await connection.run(
    'CREATE TABLE IF NOT EXISTS imported_files (file VARCHAR PRIMARY KEY, status VARCHAR NOT NULL, stamp VARCHAR NOT NULL, records BIGINT NOT NULL, imported_at VARCHAR NOT NULL)',
  );
  await connection.run('CREATE TABLE IF NOT EXISTS excluded_files (file VARCHAR, kind VARCHAR)');
  await connection.run('CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR PRIMARY KEY, value VARCHAR)');
  const columns = VIEW_COLUMNS.map((name) => `"${name}"`).join(', ');
  await connection.run(`CREATE OR REPLACE VIEW cloudtrail AS SELECT ${columns} FROM records`);
}

async function storedFiles(connection: DuckDBConnection): Promise<Map<string, StoredFile>> {
  const { rows } = await queryRows(connection, 'SELECT file, status, stamp FROM imported_files');
  return new Map(rows.map((row) => [row.file as string, row as unknown as StoredFile]));
}

async function storedUnverified(connection: DuckDBConnection): Promise<string[]> {
  const { rows } = await queryRows(connection, "SELECT file FROM imported_files WHERE status = 'unverified' ORDER BY file");
  return rows.map((row) => row.file as string);
}

async function removeFiles(connection: DuckDBConnection, files: readonly string[]): Promise<void> {
  for (let start = 0; start < files.length; start += BATCH) {
    const list = files.slice(start, start + BATCH).map(sqlString).join(', ');
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
  describe: (file: string) => { status: string; stamp: string },
): Promise<number> {
  const list = files.map(sqlString).join(', ');
  const now = new Date().toISOString();
  let imported = 0;
  await inTransaction(connection, async () => {
    await connection.run(`DELETE FROM records WHERE file IN (${list})`);
    await connection.run(`DELETE FROM imported_files WHERE file IN (${list})`);
    await connection.run(`INSERT INTO records ${recordsSelect({ root, files, withFile: true })}`);
    const counts = await queryRows(connection, `SELECT file, count(*) AS n FROM records WHERE file IN (${list}) GROUP BY file`);
    const byFile = new Map(counts.rows.map((row) => [row.file as string, Number(row.n)]));
    const values = files.map((file) => {
      const { status, stamp } = describe(file);
      imported += byFile.get(file) ?? 0;
      return `(${[file, status, stamp].map(sqlString).join(', ')}, ${byFile.get(file) ?? 0}, ${sqlString(now)})`;
    });
    await connection.run(`INSERT INTO imported_files VALUES ${values.join(', ')}`);
  });
  return imported;
}

async function saveState(connection: DuckDBConnection, excluded: readonly ExcludedFile[]): Promise<void> {
  await inTransaction(connection, async () => {
    await connection.run('DELETE FROM excluded_files');
    if (excluded.length > 0) {
      await connection.run(`INSERT INTO excluded_files VALUES ${excluded.map((e) => `(${sqlString(e.file)}, ${sqlString(e.kind)})`).join(', ')}`);
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

/** Size, mtime, ctime and inode: ctime moves on every write and cannot be set back by a user. */
function fileStamp(root: string, file: string): string | undefined {
  try {
    const stat = fs.statSync(path.join(root, file), { bigint: true });
    return `${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}:${stat.ino}`;
  } catch {
    return undefined;
  }
}

/** A digest chain's folder pair: the account's path and the region, for log files and digests alike. */
function chainOf(file: string): string {
  const match = /^(.*\/\d{12})\/CloudTrail(?:-Digest)?\/([a-z0-9-]+)\//.exec(file.split('\\').join('/'));
  return match ? `${match[1]}|${match[2]}` : file;
}

/** Every file a verification result names: the log files it checked. */
function namedFiles(result: VerifiedCopy): Set<string> {
  return new Set([...result.verifiedLogFiles, ...result.unverified, ...result.problems.map((problem) => problem.file)]);
}

function merge(results: readonly VerifiedCopy[]): VerifiedCopy {
  return {
    problems: results.flatMap((result) => result.problems),
    unverified: results.flatMap((result) => result.unverified),
    verifiedLogFiles: results.flatMap((result) => result.verifiedLogFiles),
  };
}
