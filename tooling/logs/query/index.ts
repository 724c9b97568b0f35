/**
 * The local engine: audit questions and ad-hoc SQL over a verified copy of the archive, in DuckDB.
 * Only files that verify (or that no digest covers yet, labelled) are ever opened by DuckDB; every
 * other log file the question could have read is reported as excluded, with the verifier's reason.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AuditQuestion, QuestionWindow } from '../../../modules/audit-queries/questions';
import { type VerifyOptions, verifyArchive } from '../verify';
import { askFiles, askStore, checkSqlShape, type Rows, sqlOnStore } from './ask';
import type { RowSink } from './duckdb-session';
import { type ExcludedFile, mayHoldWindow, readableFiles } from './readable-files';
import { fileStamp, type RefreshReport, refreshStore, type StoreVerifyOptions, storeState } from './store';

export { type ExcludedFile, mayHoldWindow } from './readable-files';
export { type RefreshReport, refreshStore } from './store';

export interface Answer extends Rows {
  readonly excludedFiles: readonly ExcludedFile[];
  readonly unverifiedFiles: readonly string[];
}

export interface QuestionOptions {
  readonly question: AuditQuestion;
  readonly window: QuestionWindow;
  /** The copy to verify and read; without it, `database` is answered as last refreshed. */
  readonly root?: string;
  readonly verify?: StoreVerifyOptions;
  /** A --db store: refreshed from `root` first when both are given. */
  readonly database?: string;
  /** Takes the rows chunk by chunk as DuckDB produces them (the answer's `rows` is then empty). */
  readonly sink?: RowSink;
}

export async function answerQuestion(options: QuestionOptions): Promise<Answer> {
  const accept = mayHoldWindow(options.window);
  if (options.database) {
    if (options.root) await refreshStore(options.database, options.root, requireVerify(options.verify));
    const { columns, rows, excluded, unverified } = await askStore(options.database, options.question, options.window, options.sink);
    return { columns, rows, excludedFiles: excluded.filter((e) => accept(e.file)), unverifiedFiles: unverified.filter(accept) };
  }
  if (!options.root) throw new Error('answerQuestion: a copy (root) or a database is required');
  return answerFromCopy(options.root, requireVerify(options.verify), options.question, options.window, options.sink);
}

/**
 * The first question over a folder: verify the files the window can touch, then read only those
 * that verified. A file whose size, mtime, ctime or inode changes between the two is dropped from
 * the answer as `modified` (the question is asked again without it).
 */
async function answerFromCopy(
  root: string,
  verify: StoreVerifyOptions,
  question: AuditQuestion,
  window: QuestionWindow,
  sink?: RowSink,
): Promise<Answer> {
  const accept = mayHoldWindow(window);
  const result = await verifyArchive({ ...verify, root, onlyLogFiles: accept } as VerifyOptions);
  let files = readableFiles(result, accept);
  const before = new Map(files.readable.map((file) => [file, fileStamp(root, file)]));
  for (let attempt = 0; ; attempt++) {
    // Streamed rows cannot be taken back: with a sink, a file changed meanwhile fails the command.
    const rows = await askFiles(root, files.readable, question, window, sink);
    const changed = files.readable.filter((file) => fileStamp(root, file) !== before.get(file));
    if (changed.length === 0) return { ...rows, excludedFiles: files.excluded, unverifiedFiles: files.unverified };
    if (attempt > 0 || sink) throw new Error(`log files changed while being read (${changed[0]}, ...): run again on a quiet copy`);
    const dropped = new Set(changed);
    files = {
      readable: files.readable.filter((file) => !dropped.has(file)),
      unverified: files.unverified.filter((file) => !dropped.has(file)),
      excluded: [...files.excluded, ...changed.map((file) => ({ file, kind: 'modified' }))].sort((a, b) => a.file.localeCompare(b.file)),
    };
  }
}

export interface SqlOptions {
  readonly sql: string;
  readonly sink?: RowSink;
  readonly root?: string;
  readonly verify?: StoreVerifyOptions;
  readonly database?: string;
}

/**
 * Ad-hoc SQL over the `cloudtrail` view. The verified records are loaded into a database first
 * (the --db store, or a temporary one removed afterwards), and the SQL runs with every file access
 * off: it can read the verified records and nothing else, not even the copy's other files.
 */
export async function runSql(options: SqlOptions): Promise<Answer> {
  const temporary = options.database ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'logs-sql-'));
  const database = options.database ?? path.join(temporary as string, 'cloudtrail.duckdb');
  try {
    let report: Pick<RefreshReport, 'excluded' | 'unverified'>;
    if (options.root) report = await refreshStore(database, options.root, requireVerify(options.verify));
    else if (options.database) report = await storeState(options.database);
    else throw new Error('runSql: a copy (root) or a database is required');
    const rows = await sqlOnStore(database, options.sql, options.sink);
    return { ...rows, excludedFiles: report.excluded, unverifiedFiles: report.unverified };
  } finally {
    if (temporary) fs.rmSync(temporary, { recursive: true, force: true });
  }
}

function requireVerify(verify: StoreVerifyOptions | undefined): StoreVerifyOptions {
  if (!verify) throw new Error('the public keys are required to verify the copy');
  return verify;
}

/** Refuses anything but one read-only SELECT before any work, against an empty `cloudtrail` view. */
export async function checkSql(sql: string): Promise<void> {
  return checkSqlShape(sql);
}
