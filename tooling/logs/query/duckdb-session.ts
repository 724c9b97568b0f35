/**
 * One embedded DuckDB, opened offline and locked down (aws-facts §10): no extension is installed or
 * loaded (JSON is built in), file access is limited to the folders named, and the configuration is
 * locked before any SQL from outside runs. Bounded memory: DuckDB spills to a private temp folder
 * instead of growing.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type DuckDBConnection, DuckDBInstance, DuckDBTypeId, StatementType } from '@duckdb/node-api';

/** DuckDB's share of the 400 MB process budget (issue 15, point 7); Node and the verifier take the rest. */
const MEMORY_LIMIT = '256MB';

export interface SessionOptions {
  /** A database file, or undefined for an in-memory database. */
  readonly database?: string;
  readonly readOnly?: boolean;
}

export interface Session {
  readonly connection: DuckDBConnection;
  /** Where DuckDB may spill; removed on close. */
  readonly tempDirectory: string;
  /** Restricts file access to `directories` (plus the spill folder) and locks every setting. */
  lockDown(directories: readonly string[]): Promise<void>;
  close(): void;
}

export async function openSession(options: SessionOptions = {}): Promise<Session> {
  const tempDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'logs-duckdb-'));
  const instance = await DuckDBInstance.create(options.database ?? ':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    access_mode: options.readOnly ? 'READ_ONLY' : 'AUTOMATIC',
    memory_limit: MEMORY_LIMIT,
    temp_directory: tempDirectory,
    threads: String(Math.max(1, Math.min(os.availableParallelism(), 4))),
  });
  const connection = await instance.connect();
  await installTrinoMacros(connection);
  return {
    connection,
    tempDirectory,
    async lockDown(directories) {
      const allowed = [...directories, tempDirectory].map((directory) => sqlString(withSlash(directory)));
      await connection.run(`SET allowed_directories = [${allowed.join(', ')}]`);
      await connection.run('SET enable_external_access = false');
      await connection.run('SET lock_configuration = true');
    },
    close() {
      connection.closeSync();
      instance.closeSync();
      fs.rmSync(tempDirectory, { recursive: true, force: true });
    },
  };
}

/**
 * The Trino functions the questions use that DuckDB lacks, as temporary macros with Trino's
 * meaning: `json_extract_scalar` returns NULL for an object or array (DuckDB's
 * `json_extract_string` would return its text); `json_format` renders JSON as text.
 * `json_extract`, `coalesce`, `count`, `min`, `max`, `LIKE` and `CASE` mean the same in both.
 */
export const TRINO_MACROS: readonly string[] = [
  "CREATE OR REPLACE TEMP MACRO json_extract_scalar(j, p) AS CASE WHEN json_type(j, p) IN ('OBJECT', 'ARRAY') THEN NULL ELSE json_extract_string(j, p) END",
  'CREATE OR REPLACE TEMP MACRO json_format(j) AS CAST(j AS VARCHAR)',
];

async function installTrinoMacros(connection: DuckDBConnection): Promise<void> {
  for (const macro of TRINO_MACROS) await connection.run(macro);
}

/** A SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * read_json takes each string as a glob: a path with glob characters would match other files (or
 * none). CloudTrail's own key names never contain them; a copy root that does is refused.
 */
export function assertNoGlob(file: string): void {
  if (/[*?[\]{}]/.test(file)) {
    throw new Error(
      `"${file}" contains a glob character (* ? [ ] { }), which DuckDB would expand. Fix: copy the archive to a folder whose path has none.`,
    );
  }
}

function withSlash(directory: string): string {
  return directory.endsWith(path.sep) ? directory : `${directory}${path.sep}`;
}

/**
 * Runs a query and returns plain JSON rows, keyed by column in order, or hands them to `sink` chunk
 * by chunk. DuckDB renders each row with `to_json` (about five times faster than converting values
 * in JavaScript, measured on 13,000 rows); a statement whose result has duplicate column names,
 * which a JSON object cannot hold, or that cannot be wrapped, is converted value by value instead.
 */
export async function queryRows(
  connection: DuckDBConnection,
  sql: string,
  values?: readonly string[],
  sink?: RowSink,
): Promise<{ columns: string[]; rows: Record<string, unknown>[] }> {
  const bound = values ? [...values] : undefined;
  const prepared = await connection.prepare(sql);
  const columns = Array.from({ length: prepared.columnCount }, (_, index) => prepared.columnName(index));
  const rows: Record<string, unknown>[] = [];
  const emit = sink
    ? (chunk: Record<string, unknown>[]) => sink(chunk, columns)
    : (chunk: Record<string, unknown>[]) => void rows.push(...chunk);
  if (new Set(columns).size === columns.length) {
    const body = sql.replace(/;\s*$/, '');
    // Streamed chunk by chunk: a large answer never sits whole in memory when a sink takes it.
    const result = await connection.stream(`SELECT to_json(q)::VARCHAR FROM (${body}\n) AS q`, bound).catch(() => undefined);
    if (result) {
      for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
        emit(chunk.getRows().map(([text]) => JSON.parse(String(text))));
      }
      return { columns, rows };
    }
  }
  const reader = await connection.runAndReadAll(sql, bound);
  const wide = new Set(columns.filter((_, index) => WIDE_INTEGERS.has(reader.columnTypeId(index))));
  emit(
    reader.getRowObjectsJson().map((row) => {
      const plain: Record<string, unknown> = { ...row };
      for (const column of wide) plain[column] = exactNumber(plain[column]);
      return plain;
    }),
  );
  return { columns, rows };
}

/** Takes rows as they come (in order); queryRows then returns none itself. */
export type RowSink = (rows: Record<string, unknown>[], columns: readonly string[]) => void;

/** getRowObjectsJson writes these as strings (JSON numbers lose precision past 2^53). */
const WIDE_INTEGERS = new Set<DuckDBTypeId>([DuckDBTypeId.BIGINT, DuckDBTypeId.UBIGINT, DuckDBTypeId.HUGEINT, DuckDBTypeId.UHUGEINT]);

/** A count as a number when exact, else the decimal text. */
function exactNumber(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const number = Number(value);
  return Number.isSafeInteger(number) ? number : value;
}

/**
 * Whether `sql` is exactly one statement and that statement is a query (SELECT, including WITH ...
 * SELECT), as DuckDB's own parser sees it: nothing is executed to find out.
 */
export async function assertSingleSelect(connection: DuckDBConnection, sql: string): Promise<void> {
  const extracted = await connection.extractStatements(sql);
  if (extracted.count !== 1) {
    throw new Error(`sql: expected exactly one statement, got ${extracted.count}. Fix: pass a single SELECT (or WITH ... SELECT).`);
  }
  const prepared = await extracted.prepare(0);
  if (prepared.statementType !== StatementType.SELECT) {
    throw new Error(
      `sql: only a read-only SELECT (or WITH ... SELECT) runs here; got a ${StatementType[prepared.statementType]} statement. Fix: ask with SELECT.`,
    );
  }
}
