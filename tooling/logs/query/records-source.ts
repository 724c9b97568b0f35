/**
 * SQL that turns verified log files into rows with the Athena table's columns. The files come from
 * the feed (log-feed.ts: `verified_log_files()`, one row per file with its content), never from a
 * path or a glob: DuckDB sees only content whose hash was checked. Columns are declared (schema
 * detection would sample only the first files and fail later on unseen keys); unknown keys are
 * ignored. Partition columns come from each file's S3 key.
 */
import { CLOUDTRAIL_COLUMNS } from '../../../modules/audit-queries/cloudtrail-columns';
import { sqlString } from './duckdb-session';
import { FEED_FUNCTION } from './log-feed';
import { fileStructureFor, viewColumnExpression, viewColumnType } from './record-shape';

interface SourceOptions {
  /** Read only these Athena columns (others are NULL of their type); all when absent. */
  readonly columns?: ReadonlySet<string>;
  /** With `columns`: the words of the statement, to read only the struct fields it names. */
  readonly words?: ReadonlySet<string>;
  /** Add a `file` column with the path relative to the root (for the --db store). */
  readonly withFile?: boolean;
}

/** A SELECT over the fed files whose columns are the view's (and `file` when asked). */
export function recordsSelect(options: SourceOptions = {}): string {
  const data = CLOUDTRAIL_COLUMNS.map((column) =>
    !options.columns || options.columns.has(column.name)
      ? viewColumnExpression(column.name, 'r')
      : `CAST(NULL AS ${viewColumnType(column.name)}) AS "${column.name}"`,
  );
  const partitions = ['account', 'region', '"date"'];
  const file = options.withFile ? ['file'] : [];
  const structure = fileStructureFor(options.columns, options.words);
  // Each file is one JSON object: parsed once as a whole by json_transform, then unnested.
  const unnested = `SELECT unnest(json_transform(decode(content), ${sqlString(structure)}).Records) AS r, account, region, "date", file FROM ${FEED_FUNCTION}()`;
  return `SELECT ${[...data, ...partitions, ...file].join(', ')} FROM (${unnested})`;
}

/**
 * The Athena columns a statement may touch: every column whose name appears in it as a word. A
 * superset is harmless (the column is read); `*` or an unknown shape reads everything.
 */
export function columnsMentioned(sql: string): { columns: ReadonlySet<string>; words: ReadonlySet<string> } | undefined {
  if (sql.replaceAll(/count\(\*\)/gi, '').includes('*')) return undefined;
  const words = new Set(sql.toLowerCase().match(/[a-z0-9_]+/g) ?? []);
  return { columns: new Set(CLOUDTRAIL_COLUMNS.map((column) => column.name).filter((name) => words.has(name))), words };
}
