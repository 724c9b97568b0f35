/**
 * Answers a question, or runs ad-hoc SQL, over a `cloudtrail` view with the Athena table's columns:
 * straight from verified files (the first question over a folder), or from a --db store.
 */
import { CLOUDTRAIL_PARTITION_COLUMNS } from '../../../modules/audit-queries/cloudtrail-columns';
import { type AuditQuestion, type QuestionWindow, windowParameters } from '../../../modules/audit-queries/questions';
import { assertSingleSelect, openSession, queryRows, type RowSink, type Session } from './duckdb-session';
import { type LogFeed, registerFeed } from './log-feed';
import { columnsMentioned, recordsSelect } from './records-source';
import { readState, type StoreState } from './store';

export interface Rows {
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, unknown>[];
}

/** The question's rows from the files the feed hands out (it verifies each one's hash as it reads it). */
export async function askFeed(feed: LogFeed, question: AuditQuestion, window: QuestionWindow, sink?: RowSink): Promise<Rows> {
  const sql = question.sql('cloudtrail');
  const session = await openSession();
  try {
    registerFeed(session.connection, () => feed, session.threads);
    // DuckDB reads nothing from disk: the content comes from the feed.
    await session.lockDown([]);
    const mentioned = columnsMentioned(sql);
    const narrowed = mentioned && {
      columns: new Set([...mentioned.columns, ...CLOUDTRAIL_PARTITION_COLUMNS.map((column) => column.name)]),
      words: mentioned.words,
    };
    await session.connection.run(`CREATE TEMP VIEW cloudtrail AS ${recordsSelect({ ...narrowed })}`);
    feed.start();
    return await queryRows(session.connection, sql, windowParameters(window), sink);
  } finally {
    session.close();
  }
}

/** The question's rows from a --db store (read-only; no file outside DuckDB's spill folder is readable). */
export async function askStore(
  database: string,
  question: AuditQuestion,
  window: QuestionWindow,
  sink?: RowSink,
): Promise<Rows & StoreState> {
  return withStoreSession(database, async (session) => ({
    ...(await readState(session.connection)),
    ...(await queryRows(session.connection, question.sql('cloudtrail'), windowParameters(window), sink)),
  }));
}

/** Ad-hoc SQL over a --db store: exactly one read-only SELECT, every file access off. */
export async function sqlOnStore(database: string, sql: string, sink?: RowSink): Promise<Rows> {
  return withStoreSession(database, async (session) => {
    await assertSingleSelect(session.connection, sql);
    return queryRows(session.connection, sql, undefined, sink);
  });
}

async function withStoreSession<T>(database: string, run: (session: Session) => Promise<T>): Promise<T> {
  const session = await openSession({ database, readOnly: true });
  try {
    await session.lockDown([]);
    return await run(session);
  } finally {
    session.close();
  }
}

/**
 * Parses `sql` (DuckDB's parser, nothing bound or run): exactly one SELECT (or WITH ... SELECT), or
 * an error saying why not. json_serialize_sql serializes SELECT statements only.
 */
export async function checkSqlShape(sql: string): Promise<void> {
  const session = await openSession();
  try {
    await session.lockDown([]);
    const { rows } = await queryRows(session.connection, 'SELECT json_serialize_sql($1::VARCHAR) AS tree', [sql]);
    const value = rows[0].tree;
    const tree = (typeof value === 'string' ? JSON.parse(value) : value) as {
      error?: boolean;
      error_message?: string;
      statements?: unknown[];
    };
    if (tree.error) {
      const reason = /Only SELECT/.test(tree.error_message ?? '') ? 'it is not a SELECT' : tree.error_message;
      throw new Error(
        `sql: only one read-only SELECT (or WITH ... SELECT) runs here; ${reason}. Fix: ask with a single SELECT over cloudtrail`,
      );
    }
    if (tree.statements?.length !== 1) {
      throw new Error(`sql: expected exactly one statement, got ${tree.statements?.length ?? 0}. Fix: pass a single SELECT`);
    }
  } finally {
    session.close();
  }
}
