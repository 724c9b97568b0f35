/**
 * Text inside a quoted Mermaid label (`id["..."]`, `-->|...|`), made inert: Mermaid reads `#name;`
 * and `#123;` as entity codes, so `#` is escaped first; quotes, pipes and angle brackets would end
 * the label or read as HTML; a backtick opens a Markdown string; a newline ends the statement.
 */
export function mermaidText(label: string): string {
  const entity: Record<string, string> = { '#': '#35;', '"': '#quot;', '|': '#124;', '<': '#lt;', '>': '#gt;', '`': '#96;' };
  return label.replace(/[#"|<>`]/g, (c) => entity[c] as string).replace(/\s*\r?\n\s*/g, ' ');
}
