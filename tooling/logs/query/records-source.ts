/**
 * SQL that reads CloudTrail log files into rows with the Athena table's columns. Only the files
 * named are read: an explicit list (never a glob), so a file that did not verify is never opened.
 * Columns are declared (schema detection samples only the first files and fails later on unseen
 * keys); unknown keys are ignored. Partition columns come from each file's S3 key.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLOUDTRAIL_COLUMNS } from '../../../modules/audit-queries/cloudtrail-columns';
import { pathOf } from '../archive/files';
import { assertNoGlob, sqlString } from './duckdb-session';
import { fileStructureFor, RECORDS_READ_TYPE, readTypeFor, viewColumnExpression, viewColumnType } from './record-shape';

/**
 * read_json's `maximum_object_size` for a set of files: the largest decompressed size among them
 * (each file is one JSON object), plus a margin. DuckDB allocates about twice this per thread and
 * reads large objects faster with a tight bound (measured), so it is sized to the files read.
 */
function objectSizeFor(root: string, files: readonly string[]): number {
  let largest = 1024 * 1024;
  for (const file of files) largest = Math.max(largest, gzipContentSize(pathOf(root, file)));
  return largest + 64 * 1024;
}

/** A gzip file's decompressed size from its trailer (ISIZE: the size modulo 2^32; log files are far smaller). */
export function gzipContentSize(file: string): number {
  const handle = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(handle).size;
    if (size < 18) return 0;
    const trailer = Buffer.alloc(4);
    fs.readSync(handle, trailer, 0, 4, size - 4);
    return trailer.readUInt32LE(0);
  } finally {
    fs.closeSync(handle);
  }
}

/** `<account>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/<file>` at the end of a key, as a RE2 pattern. */
const KEY_PATTERN = '/([0-9]{12})/CloudTrail/([a-z0-9-]+)/([0-9]{4}/[0-9]{2}/[0-9]{2})/[^/]+$';

interface SourceOptions {
  /** The copy's root folder; `files` are relative to it. */
  readonly root: string;
  readonly files: readonly string[];
  /** Read only these Athena columns (others are NULL of their type); all when absent. */
  readonly columns?: ReadonlySet<string>;
  /** With `columns`: the words of the statement, to read only the struct fields it names. */
  readonly words?: ReadonlySet<string>;
  /** Add a `file` column with the path relative to the root (for the --db store). */
  readonly withFile?: boolean;
}

/** A SELECT over the files whose columns are the view's (and `file` when asked). */
export function recordsSelect(options: SourceOptions): string {
  const root = path.resolve(options.root);
  const data = CLOUDTRAIL_COLUMNS.map((column) =>
    !options.columns || options.columns.has(column.name)
      ? viewColumnExpression(column.name, 'r')
      : `CAST(NULL AS ${viewColumnType(column.name)}) AS "${column.name}"`,
  );
  const partitions = ['account', 'region', '"date"'];
  const file = options.withFile ? ['file'] : [];
  return `SELECT ${[...data, ...partitions, ...file].join(', ')} FROM (${unnested(root, options)})`;
}

function unnested(root: string, options: SourceOptions): string {
  if (options.files.length === 0) {
    const readType = options.columns ? readTypeFor(options.columns, options.words) : RECORDS_READ_TYPE;
    return `SELECT CAST(NULL AS ${readType.slice(0, -2)}) AS r, NULL::VARCHAR AS account, NULL::VARCHAR AS region, NULL::VARCHAR AS "date", NULL::VARCHAR AS file WHERE false`;
  }
  const structure = fileStructureFor(options.columns, options.words);
  const absolute = options.files.map((file) => {
    const full = path.join(root, file);
    assertNoGlob(full);
    return sqlString(full);
  });
  const key = (group: number) => `regexp_extract(filename, ${sqlString(KEY_PATTERN)}, ${group})`;
  // read_json_objects + json_transform: each file parsed once as a whole and then shaped; about twice
  // as fast as read_json's own column conversion on CloudTrail's one-object files (measured).
  return [
    `SELECT unnest(json_transform(json, ${sqlString(structure)}).Records) AS r,`,
    `${key(1)} AS account, ${key(2)} AS region, ${key(3)} AS "date", substr(filename, ${root.length + 2}) AS file`,
    `FROM read_json_objects([${absolute.join(', ')}], format = 'unstructured', filename = true,`,
    `maximum_object_size = ${objectSizeFor(root, options.files)})`,
  ].join(' ');
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
