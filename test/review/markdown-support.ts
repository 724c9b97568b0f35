/** Reading the review's markdown in tests: tables as rows of cells, sections by heading. */

/** Rows (cells trimmed, `\|` unescaped) of the first table whose header row has all of `headers`. */
export function tableRows(markdown: string, headers: readonly string[]): string[][] {
  const lines = markdown.split('\n');
  const split = (line: string) =>
    line
      .slice(2, -2)
      .split(/(?<!\\)\|/)
      .map((c) => c.trim().replace(/\\\|/g, '|'));
  for (let i = 0; i < lines.length - 1; i++) {
    if (!lines[i].startsWith('| ') || !lines[i + 1].startsWith('| ---')) continue;
    const header = split(lines[i]);
    if (!headers.every((h) => header.includes(h))) continue;
    const rows: string[][] = [];
    for (let j = i + 2; j < lines.length && lines[j].startsWith('| '); j++) rows.push(split(lines[j]));
    return rows;
  }
  throw new Error(`no table with headers ${headers.join(', ')}`);
}

/** The row whose first cell matching `column` equals (or contains) `value`. */
export function rowWith(rows: readonly string[][], column: number, value: string): string[] {
  const row = rows.find((r) => r[column] === value) ?? rows.find((r) => r[column]?.includes(value));
  if (!row) throw new Error(`no row with ${value} in column ${column}: ${rows.map((r) => r[column]).join(' / ')}`);
  return row;
}

/** The markdown from a heading line (exact) to the next heading of the same or a higher level. */
export function sectionOf(markdown: string, headingLine: string): string {
  const lines = markdown.split('\n');
  const start = lines.indexOf(headingLine);
  if (start < 0) throw new Error(`no heading ${headingLine}`);
  const level = /^#+/.exec(headingLine)?.[0].length ?? 1;
  const end = lines.findIndex((l, i) => i > start && /^#+ /.test(l) && (/^#+/.exec(l)?.[0].length ?? 9) <= level);
  return lines.slice(start, end < 0 ? undefined : end).join('\n');
}

/** The chapter of a stack (`## <n>. <stack>`), whatever its position in the apply order. */
export function stackChapter(markdown: string, stack: string): string {
  const line = markdown.split('\n').find((l) => new RegExp(`^## \\d+\\. ${stack.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`).test(l));
  if (!line) throw new Error(`no chapter for stack ${stack}`);
  return sectionOf(markdown, line);
}
