/**
 * The local engine: audit questions and ad-hoc SQL over a verified copy of the archive, in DuckDB.
 * Only files that verify (or that no digest covers yet, labelled) are ever opened by DuckDB; every
 * other log file the question could have read is reported as excluded, with the verifier's reason.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AuditQuestion, QuestionWindow } from '../../../modules/audit-queries/questions';
import { type LogFilesPlan, planVerification } from '../verify';
import { askFeed, askStore, checkSqlShape, type Rows, sqlOnStore } from './ask';
import type { RowSink } from './duckdb-session';
import { type FeedFile, type FeedOutcome, LogFeed } from './log-feed';
import { type ExcludedFile, mayHoldWindow, readableFiles } from './readable-files';
import { type RefreshReport, refreshStore, type StoreVerifyOptions, storeState } from './store';

export { refreshStore } from './store';

export interface Answer extends Rows {
  readonly excludedFiles: readonly ExcludedFile[];
  readonly unverifiedFiles: readonly string[];
}

interface QuestionOptions {
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
 * The first question over a folder, in one pass: the digests and chains are checked first (they are
 * small), which says what each log file the window can touch must hash to; then each file is read,
 * inflated and hashed once, and DuckDB parses that same content only when the hash matches. So no
 * byte reaches a row unless it is the byte that was verified, whatever happens to the files meanwhile.
 */
async function answerFromCopy(
  root: string,
  verify: StoreVerifyOptions,
  question: AuditQuestion,
  window: QuestionWindow,
  sink?: RowSink,
): Promise<Answer> {
  const accept = mayHoldWindow(window);
  const plan = await planVerification({ ...verify, root, onlyLogFiles: accept });
  const feed = new LogFeed(root, feedFiles(plan.logFiles));
  const rows = await askFeed(feed, question, window, sink);
  const result = plan.finish((key) => firstMemberHash(feed.outcomes.get(key)));
  const files = readableFiles(result, accept, feed.unreadable);
  assertFedExactly(feed, files.readable);
  return { ...rows, excludedFiles: files.excluded, unverifiedFiles: files.unverified };
}

/** The files a query may read: vouched ones (checked against the hash their digests list as they are read) and those no digest covers yet. */
function feedFiles(plan: LogFilesPlan): FeedFile[] {
  const files: FeedFile[] = [];
  for (const [key, entry] of plan.files) {
    if (entry.kind === 'unverified') files.push({ key });
    else if (entry.kind === 'vouched' && entry.sha256 !== undefined) files.push({ key, sha256: entry.sha256 });
  }
  return files;
}

/** The hash the verifier judges by: the first member's, unless other bytes follow it. */
function firstMemberHash(outcome: FeedOutcome | undefined): string | undefined {
  return outcome && !outcome.trailing ? outcome.sha256 : undefined;
}

/** The verifier and the feed decided alike: the files DuckDB was given are exactly the readable ones. */
function assertFedExactly(feed: LogFeed, readable: readonly string[]): void {
  const fed = [...feed.outcomes].filter(([, outcome]) => outcome.fed).map(([key]) => key);
  const allowed = new Set(readable);
  const stray = fed.filter((key) => !allowed.has(key));
  if (stray.length > 0 || fed.length !== allowed.size) {
    throw new Error(
      `internal error: the files read (${fed.length}) are not the files that verified (${allowed.size}); first stray: ${stray[0]}`,
    );
  }
}

interface SqlOptions {
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
