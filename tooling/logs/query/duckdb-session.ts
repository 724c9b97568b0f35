/**
 * One embedded DuckDB, opened offline and locked down (aws-facts §10): no extension is installed or
 * loaded (JSON is built in), file access is limited to the folders named, and the configuration is
 * locked before any SQL from outside runs. Bounded memory: DuckDB spills to a private temp folder
 * instead of growing.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  BLOB,
  DuckDBBlobValue,
  type DuckDBConnection,
  DuckDBInstance,
  DuckDBTableFunction,
  DuckDBTypeId,
  StatementType,
  VARCHAR,
} from '@duckdb/node-api';

/**
 * DuckDB's buffer pool within the 400 MB process budget (issue 15, point 7) for a question: its
 * ORDER BY holds the answer's rows, and at 128 MB a 224,569-row answer ran out of memory (measured).
 * DuckDB also allocates outside this pool (each thread's parse of a whole log file, results), so
 * the process peaks well above it.
 */
const QUERY_MEMORY_LIMIT = '256MB';

interface SessionOptions {
  /** A database file, or undefined for an in-memory database. */
  readonly database?: string;
  readonly readOnly?: boolean;
  /** DuckDB's memory_limit; QUERY_MEMORY_LIMIT when absent. */
  readonly memoryLimit?: string;
}

export interface Session {
  readonly connection: DuckDBConnection;
  /** DuckDB's worker threads. */
  readonly threads: number;
  /** Where DuckDB may spill; removed on close. */
  readonly tempDirectory: string;
  /** Restricts file access to `directories` (plus the spill folder) and locks every setting. */
  lockDown(directories: readonly string[]): Promise<void>;
  close(): void;
}

export async function openSession(options: SessionOptions = {}): Promise<Session> {
  const tempDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'logs-duckdb-'));
  const threads = Math.max(1, Math.min(os.availableParallelism(), 4));
  const instance = await DuckDBInstance.create(options.database ?? ':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    access_mode: options.readOnly ? 'READ_ONLY' : 'AUTOMATIC',
    memory_limit: options.memoryLimit ?? QUERY_MEMORY_LIMIT,
    temp_directory: tempDirectory,
    threads: String(threads),
  });
  const connection = await instance.connect();
  // Operators that gather small chunks into large ones would hold thousands of one-file rows of the
  // feed (a whole log file each) before passing them on: measured out of memory.
  await connection.run('SET enable_caching_operators = false');
  await installTrinoMacros(connection);
  return {
    connection,
    threads,
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
 *
 * `json_value` is DuckDB's SQL/JSON JSON_VALUE: the scalar at the path as JSON, NULL for an object,
 * an array, a JSON null or nothing; `->> '$'` unquotes it (a string's text, a number's or boolean's
 * literal). One parse of the document per call: the earlier `CASE WHEN json_type(j, p) ... ELSE
 * json_extract_string(j, p)` parsed it twice, and that was 40% of codedeploy-changes' JSON work
 * (250,000 records: 510-550 ms of CPU for the question's rows on a --db store, 360 ms with this).
 */
export const TRINO_MACROS: readonly string[] = [
  "CREATE OR REPLACE TEMP MACRO json_extract_scalar(j, p) AS json_value(j, p) ->> '$'",
  'CREATE OR REPLACE TEMP MACRO json_format(j) AS CAST(j AS VARCHAR)',
];

async function installTrinoMacros(connection: DuckDBConnection): Promise<void> {
  for (const macro of TRINO_MACROS) await connection.run(macro);
}

/** A SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function withSlash(directory: string): string {
  return directory.endsWith(path.sep) ? directory : `${directory}${path.sep}`;
}

/**
 * Runs a query and returns plain JSON rows, keyed by column in order, or hands them to `sink` chunk
 * by chunk as JSON texts. DuckDB renders each row with `to_json`, so a large answer goes from DuckDB
 * to the output as text without becoming JavaScript values; a statement whose result has duplicate
 * column names, which a JSON object cannot hold, or that cannot be wrapped, is converted value by
 * value instead. Whether it can be wrapped is decided when it is prepared, before anything runs.
 */
export async function queryRows(
  connection: DuckDBConnection,
  sql: string,
  values?: readonly string[],
  sink?: RowSink,
): Promise<{ columns: string[]; rows: Record<string, unknown>[] }> {
  const prepared = await connection.prepare(sql);
  const columns = Array.from({ length: prepared.columnCount }, (_, index) => prepared.columnName(index));
  const rows: Record<string, unknown>[] = [];
  const emit = async (chunk: RowChunk): Promise<void> => {
    if (sink) await sink(chunk, columns);
    else rows.push(...chunk.objects());
  };
  const body = sql.replace(/;\s*$/, '');
  const wrapped =
    new Set(columns).size === columns.length
      ? await connection.prepare(`SELECT to_json(q)::VARCHAR FROM (${body}\n) AS q`).catch(() => undefined)
      : undefined;
  if (wrapped) {
    if (values) wrapped.bind([...values]);
    // Streamed chunk by chunk: a large answer never sits whole in memory when a sink takes it.
    const result = await wrapped.stream();
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      await emit(jsonChunk(chunk.getColumnValues(0) as string[]));
    }
    return { columns, rows };
  }
  if (values) prepared.bind([...values]);
  const reader = await prepared.runAndReadAll();
  const wide = new Set(columns.filter((_, index) => WIDE_INTEGERS.has(reader.columnTypeId(index))));
  const objects = reader.getRowObjectsJson().map((row) => {
    const plain: Record<string, unknown> = { ...row };
    for (const column of wide) plain[column] = exactNumber(plain[column]);
    return plain;
  });
  await emit({ json: () => objects.map((row) => JSON.stringify(row)), objects: () => objects, length: objects.length });
  return { columns, rows };
}

/** Rows in order, as JSON object texts (what DuckDB rendered) or parsed. */
export interface RowChunk {
  readonly length: number;
  json(): readonly string[];
  objects(): Record<string, unknown>[];
}

function jsonChunk(texts: readonly string[]): RowChunk {
  return { length: texts.length, json: () => texts, objects: () => texts.map((text) => JSON.parse(text)) };
}

/** Takes rows as they come (in order); queryRows then returns none itself. A promise returned is awaited before the next chunk is fetched. */
export type RowSink = (rows: RowChunk, columns: readonly string[]) => void | Promise<void>;

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

/** A row of a row source: text, bytes (BLOB) or NULL per column. */
type SourceRow = readonly (string | Buffer | null)[];

/**
 * Registers a table function whose rows come from `next()`, one row per call, on this thread (DuckDB
 * waits for the answer; `next` must not wait itself). undefined ends the scan; an error thrown fails
 * the statement with its message. Up to `threads` of DuckDB's threads pull rows and process them.
 */
export function registerRowSource(
  connection: DuckDBConnection,
  spec: { readonly name: string; readonly columns: readonly (readonly [string, 'VARCHAR' | 'BLOB'])[]; readonly threads: number },
  next: () => SourceRow | undefined,
): void {
  connection.registerTableFunction(
    DuckDBTableFunction.create({
      name: spec.name,
      bindFunction(info) {
        for (const [column, type] of spec.columns) info.addResultColumn(column, type === 'BLOB' ? BLOB : VARCHAR);
      },
      initFunction(info) {
        info.setMaxThreads(spec.threads);
      },
      mainFunction(info, output) {
        let row: SourceRow | undefined;
        try {
          row = next();
        } catch (error) {
          info.setError((error as Error).message);
        }
        output.rowCount = row ? 1 : 0;
        row?.forEach((value, column) => {
          output.setColumnValues(column, [Buffer.isBuffer(value) ? new DuckDBBlobValue(value) : value]);
        });
      },
    }),
  );
}
