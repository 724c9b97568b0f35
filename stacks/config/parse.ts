import * as fs from 'node:fs';
import { formatIssues } from './report';
import { configSchema, type OrganizationConfig } from './schema';

/*
 * Reading a config file and checking its shape and AWS rules. Policy size limits need the built
 * stacks and are checked one layer up (`stacks/validate.ts`).
 */

export type ParseResult = { ok: true; config: OrganizationConfig } | { ok: false; problems: string[] };

/** Shape, AWS naming rules and cross-field rules; every problem at once. */
export function parseConfig(raw: unknown): ParseResult {
  const parsed = configSchema.safeParse(raw, { reportInput: true });
  return parsed.success ? { ok: true, config: parsed.data } : { ok: false, problems: formatIssues(parsed.error.issues, raw) };
}

/** The JSON of a config file, or the one problem that stops reading it (unreadable file, JSON syntax). */
export function readConfigFile(file: string): { ok: true; raw: unknown } | { ok: false; problems: string[] } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return {
      ok: false,
      problems: [`--config: ${JSON.stringify(file)} cannot be read (${code}). Fix: pass the path of an existing JSON file`],
    };
  }
  try {
    return { ok: true, raw: JSON.parse(text) };
  } catch (error) {
    return { ok: false, problems: [jsonSyntaxProblem(file, text, error as Error)] };
  }
}

/** A JSON syntax error with its line and column (Node reports a character offset, or nothing at the end). */
export function jsonSyntaxProblem(file: string, text: string, error: Error): string {
  const position = /at position (\d+)/.exec(error.message);
  const lineColumn = /\(line (\d+) column (\d+)\)/.exec(error.message);
  let where: { line: number; column: number } | undefined;
  if (lineColumn) where = { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  else if (position) where = lineAndColumn(text, Number(position[1]));
  else if (/end of (JSON )?input/i.test(error.message)) where = lineAndColumn(text, text.length);
  const reason = error.message
    .replace(/\s*in JSON at position \d+.*$/, '')
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .trim();
  const at = where ? ` at line ${where.line}, column ${where.column}` : '';
  const excerpt = where ? `: ${JSON.stringify(text.split('\n')[where.line - 1]?.trim().slice(0, 80) ?? '')}` : '';
  return `--config: ${JSON.stringify(file)} is not valid JSON${at} (${reason})${excerpt}. Fix: correct the JSON syntax there (a missing or extra comma, quote or bracket is the usual cause)`;
}

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}
