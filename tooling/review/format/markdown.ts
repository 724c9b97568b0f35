/** Markdown building blocks for the review report: tables, code spans, headings, lists. */

/** A code span that survives inside a table cell: backticks balanced, pipes escaped. */
export function code(value: string): string {
  const fence = value.includes('`') ? '``' : '`';
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${value.replace(/\|/g, '\\|').replace(/\n/g, ' ')}${pad}${fence}`;
}

/** Text with markdown's emphasis, link and HTML characters escaped (`s3:*` stays `s3:*`). */
export function plain(value: string): string {
  return value.replace(/([\\*_|<>[\]`])/g, '\\$1');
}

/** Plain text made safe for a table cell (pipes escaped, newlines as <br>). */
export function cell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/**
 * A GitHub-flavoured table. Cells are written as given (use `code`/`cell` for escaping); an empty
 * row list gives an empty string so callers can skip the section.
 */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '';
  const line = (cells: readonly string[]) => `| ${cells.map((c) => (c === '' ? ' ' : c)).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A bulleted list; empty for no items. */
export function bullets(items: readonly string[]): string {
  return items.map((item) => `- ${item}`).join('\n');
}

/** A heading of the given level. */
export function heading(level: number, title: string): string {
  return `${'#'.repeat(level)} ${title}`;
}

/** Joins markdown blocks with blank lines, dropping empty ones. */
export function blocksOf(...parts: readonly (string | undefined | false)[]): string {
  return parts.filter((p): p is string => typeof p === 'string' && p.trim() !== '').join('\n\n');
}

/** An anchor-friendly slug of a heading, as GitHub computes it (lowercase, spaces to dashes). */
export function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, '')
    .trim()
    .replace(/ /g, '-');
}

/**
 * A collapsed block, as GitHub renders `<details>`: the summary line (plain text) shows, the body
 * (markdown; the blank lines around it keep tables and headings rendering) opens on a click.
 * Empty when the body is.
 */
export function fold(summary: string, ...body: readonly (string | undefined | false)[]): string {
  const inner = blocksOf(...body);
  if (inner === '') return '';
  const text = summary.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<details>\n<summary>${text}</summary>\n\n${inner}\n\n</details>`;
}

/** Tables longer than this many rows fold (`foldTable`); shorter ones read faster open. */
export const FOLD_ROWS = 5;

/** A table, folded under `summary` when it has more than FOLD_ROWS rows. */
export function foldTable(summary: string, headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const t = table(headers, rows);
  return rows.length > FOLD_ROWS ? fold(summary, t) : t;
}
