/** Rows as text (an aligned table), CSV (RFC 4180) or the JSON shape the issue defines. */
import type { RowChunk } from './duckdb-session';
import type { Answer } from './index';

export type RowFormat = 'text' | 'json' | 'csv';

function formatRows(answer: Answer, format: RowFormat, header: Record<string, string> = {}): string {
  if (format === 'json') {
    const { rows, excludedFiles, unverifiedFiles } = answer;
    return `${JSON.stringify({ ...header, rows, excludedFiles: excludedFiles.map(({ file, kind }) => ({ file, kind })), unverifiedFiles }, null, 2)}\n`;
  }
  const cells = answer.rows.map((row) => answer.columns.map((column) => cellText(row[column])));
  return format === 'csv' ? csv(answer.columns, cells) : table(answer.columns, cells);
}

/**
 * Writes rows as they arrive (json and csv stream; text needs every row for its widths), then the
 * rest: `finish` closes the JSON object with the excluded and unverified files, or prints the table.
 * With `drained`, the sink returns its promise after each chunk, so rows are not produced faster than
 * the reader of stdout takes them (a pipe would otherwise hold them all in this process).
 */
export function rowWriter(
  format: RowFormat,
  write: (text: string) => void,
  header: Record<string, string> = {},
  drained?: () => Promise<void> | undefined,
) {
  const held: Record<string, unknown>[] = [];
  let columns: readonly string[] = [];
  let started = false;
  const start = (names: readonly string[]) => {
    if (started) return;
    started = true;
    columns = names;
    if (format === 'json') {
      const fields = Object.entries(header).map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)},\n`);
      write(`{\n${fields.join('')}  "rows": [`);
    } else if (format === 'csv') {
      write(csv(names, []));
    }
  };
  let first = true;
  return {
    sink(rows: RowChunk, names: readonly string[]) {
      start(names);
      if (format === 'text') return void held.push(...rows.objects());
      if (format === 'csv') {
        write(
          csv(
            [],
            rows.objects().map((row) => columns.map((column) => cellText(row[column]))),
          ),
        );
        return drained?.();
      }
      // Each row's JSON as DuckDB rendered it: a large answer is never parsed and stringified again.
      if (rows.length === 0) return;
      write(`${first ? '' : ','}\n    ${rows.json().join(',\n    ')}`);
      first = false;
      return drained?.();
    },
    finish(answer: Answer) {
      start(answer.columns);
      if (format === 'text') return write(formatRows({ ...answer, rows: held }, 'text'));
      if (format === 'csv') return;
      const excluded = answer.excludedFiles.map(({ file, kind }) => ({ file, kind }));
      write(
        `${first ? '' : '\n  '}],\n  "excludedFiles": ${indent(excluded)},\n  "unverifiedFiles": ${indent(answer.unverifiedFiles)}\n}\n`,
      );
    },
  };
}

function indent(value: unknown): string {
  return JSON.stringify(value, null, 2).replaceAll('\n', '\n  ');
}

/** What goes to stderr beside text or CSV: the excluded files, then the unverified ones. */
export function fileNotes(answer: Answer): string {
  const lines = [
    ...answer.excludedFiles.map((e) => `excluded (${e.kind}): ${e.file}`),
    ...answer.unverifiedFiles.map((file) => `unverified (no digest covers it yet; read): ${file}`),
  ];
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** RFC 4180: CRLF line ends, a header line, fields quoted when they hold a comma, quote, CR or LF. */
function csv(columns: readonly string[], rows: readonly (string | null)[][]): string {
  const field = (value: string | null) => (value === null ? '' : /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  return [...(columns.length > 0 ? [columns] : []), ...rows].map((row) => `${row.map(field).join(',')}\r\n`).join('');
}

/** Columns padded to their widest cell; NULL shows as "-"; a count line last. */
function table(columns: readonly string[], rows: readonly (string | null)[][]): string {
  const shown = rows.map((row) => row.map((value) => (value === null ? '-' : value.replaceAll(/[\r\n\t]/g, ' '))));
  const widths = columns.map((column, index) => Math.max(column.length, ...shown.map((row) => row[index].length)));
  const line = (row: readonly string[]) =>
    row
      .map((value, index) => value.padEnd(widths[index]))
      .join('  ')
      .trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  const count = `(${rows.length} ${rows.length === 1 ? 'row' : 'rows'})`;
  return `${[line(columns), rule, ...shown.map(line), count].join('\n')}\n`;
}
