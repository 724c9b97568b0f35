/** The review's Markdown and Mermaid escaping: what a hostile or odd resource name cannot break. */
import { cell, code, fold, foldTable, mermaidText, plain, table } from '../../tooling/review/format';

/** Splits a table row on its unescaped pipes, as GitHub does. */
const columns = (row: string) => row.split(/(?<!\\)\|/).slice(1, -1);

describe('markdown table cells', () => {
  it('escape pipes, so a cell stays one column', () => {
    const rows = table(['a', 'b'], [[cell('x | y'), code('s3:Get|Put')]]).split('\n');
    expect(rows).toHaveLength(3);
    expect(columns(rows[2] as string)).toHaveLength(2);
    expect(rows[2]).toBe('| x \\| y | `s3:Get\\|Put` |');
  });

  it('turn newlines into <br> in text and into spaces in code, so a row stays one line', () => {
    expect(cell('first\nsecond\r\nthird')).toBe('first<br>second<br>third');
    expect(code('a\nb')).toBe('`a b`');
    expect(table(['a'], [[cell('one\ntwo')]]).split('\n')).toHaveLength(3);
  });

  it('make HTML inert in text cells', () => {
    expect(cell('<script>alert(1)</script> & <details>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;details&gt;');
    expect(plain('<b>*x*</b>')).toBe('\\<b\\>\\*x\\*\\</b\\>');
  });

  it('fence code spans longer than any backtick run inside, padding a leading or trailing backtick', () => {
    expect(code('plain')).toBe('`plain`');
    expect(code('a`b')).toBe('``a`b``');
    expect(code('a``b')).toBe('```a``b```');
    expect(code('`edge`')).toBe('`` `edge` ``');
  });

  it('give an empty table for no rows, and fold long tables only', () => {
    expect(table(['a'], [])).toBe('');
    const rows = (n: number) => Array.from({ length: n }, (_, i) => [String(i)]);
    expect(foldTable('s', ['a'], rows(5))).not.toContain('<details>');
    expect(foldTable('s', ['a'], rows(6))).toContain('<details>');
    expect(fold('<a> & b', 'body')).toContain('<summary>&lt;a&gt; &amp; b</summary>');
  });
});

describe('mermaid labels', () => {
  it('escape quotes, pipes, angle brackets, backticks and the entity sign', () => {
    expect(mermaidText('say "hi" | <b> `x` #1;')).toBe('say #quot;hi#quot; #124; #lt;b#gt; #96;x#96; #35;1;');
  });

  it('keep a label on one line', () => {
    expect(mermaidText('bucket\n  logs\r\nreplica')).toBe('bucket logs replica');
  });

  it('leave ordinary names alone', () => {
    expect(mermaidText('Lambda org-chat (eu-west-1): FAILURE, STOP')).toBe('Lambda org-chat (eu-west-1): FAILURE, STOP');
  });
});
