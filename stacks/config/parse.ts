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
  // jitless: zod's compiled fast path (generated with `new Function` on an object schema's first
  // parse) costs more than it saves for the one parse a synth makes (measured: 25-40 ms first parse
  // with it, 6-17 ms without); the rules and messages are the same either way.
  const parsed = configSchema.safeParse(raw, { reportInput: true, jitless: true });
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

/**
 * A JSON syntax error with its line and column, the offending line's text and a fix. Node's own
 * messages differ between versions and sometimes carry no position at all (`Unexpected token ']'`
 * for a trailing comma), so the position comes from `locateJsonError`; Node's message is only the
 * fallback for text that scanner accepts.
 */
export function jsonSyntaxProblem(file: string, text: string, error: Error): string {
  const found = locateJsonError(text) ?? { offset: undefined, reason: nodeReason(error), fix: 'correct the JSON syntax there' };
  const where = found.offset === undefined ? undefined : lineAndColumn(text, found.offset);
  const at = where ? ` at line ${where.line}, column ${where.column}` : '';
  const excerpt = where ? `: ${JSON.stringify(text.split('\n')[where.line - 1]?.trim().slice(0, 80) ?? '')}` : '';
  return `--config: ${JSON.stringify(file)} is not valid JSON${at} (${found.reason})${excerpt}. Fix: ${found.fix}`;
}

/** Node's message without its position and excerpt, on one line. */
function nodeReason(error: Error): string {
  return error.message
    .replace(/\s*in JSON at position \d+.*$/s, '')
    .replace(/\s*\(line \d+ column \d+\)/, '')
    .replace(/, ".*" is not valid JSON$/s, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Where and why JSON text is invalid (RFC 8259), or undefined when it is valid. */
export function locateJsonError(text: string): { offset: number; reason: string; fix: string } | undefined {
  try {
    new JsonScanner(text).document();
    return undefined;
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { offset: error.offset, reason: error.reason, fix: error.fix };
    throw error;
  }
}

class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
    readonly fix: string,
  ) {
    super(reason);
  }
}

/** A JSON recogniser that stops at the first error with the offset a person should look at. */
class JsonScanner {
  private i = 0;
  /** Closing brackets of the lists and objects still open, innermost last. */
  private readonly open: string[] = [];

  constructor(private readonly text: string) {}

  document(): void {
    if (this.text.trim() === '') {
      throw new JsonSyntaxError(0, 'the file is empty', 'write the config as one JSON object (see examples/organization.json)');
    }
    if (this.text.charCodeAt(0) === 0xfeff) {
      throw new JsonSyntaxError(0, 'the file starts with a byte order mark', 'save the file as UTF-8 without a byte order mark (BOM)');
    }
    this.value();
    this.space();
    if (this.i < this.text.length) {
      throw new JsonSyntaxError(
        this.i,
        `${this.show()} after the end of the JSON value`,
        'remove it: the file holds exactly one JSON object',
      );
    }
  }

  private value(): void {
    this.space();
    const c = this.text[this.i];
    const literal = ['true', 'false', 'null'].find((word) => this.text.startsWith(word, this.i));
    if (c === undefined) this.endsEarly();
    else if (c === '{') this.object();
    else if (c === '[') this.list();
    else if (c === '"') this.string();
    else if (c === '-' || (c >= '0' && c <= '9')) this.number();
    else if (literal) this.i += literal.length;
    else throw new JsonSyntaxError(this.i, `${this.show()} where a value should be`, this.valueFix(c));
  }

  private object(): void {
    this.i++;
    this.open.push('}');
    this.space();
    let more = this.text[this.i] !== '}';
    while (more) {
      this.space();
      if (this.i >= this.text.length) this.endsEarly();
      if (this.text[this.i] !== '"') {
        const c = this.text[this.i];
        const fix = c === '/' || c === ',' ? this.valueFix(c) : 'write the field name in double quotes';
        throw new JsonSyntaxError(this.i, `${this.show()} where a field name should be`, fix);
      }
      this.string();
      this.space();
      if (this.i >= this.text.length) this.endsEarly();
      if (this.text[this.i] !== ':') {
        throw new JsonSyntaxError(
          this.i,
          `${this.show()} where a colon should follow the field name`,
          'put a colon between the field name and its value',
        );
      }
      this.i++;
      this.value();
      more = !this.separator('}', 'field');
    }
    this.close();
  }

  private list(): void {
    this.i++;
    this.open.push(']');
    this.space();
    let more = this.text[this.i] !== ']';
    while (more) {
      this.value();
      more = !this.separator(']', 'entry');
    }
    this.close();
  }

  /** After a value: true at the closing bracket; past a comma, false. Trailing and missing commas are errors. */
  private separator(closer: string, entry: string): boolean {
    const end = this.i;
    this.space();
    if (this.i >= this.text.length) this.endsEarly();
    const c = this.text[this.i];
    if (c === closer) return true;
    if (c === ',') {
      const comma = this.i;
      this.i++;
      this.space();
      if (this.text[this.i] === closer) {
        throw new JsonSyntaxError(comma, `a trailing comma after the last ${entry}, which JSON does not allow`, 'remove that comma');
      }
      return false;
    }
    if (c === '"' || c === '{' || c === '[' || c === '-' || /[0-9tfn]/.test(c)) {
      throw new JsonSyntaxError(
        end,
        `a missing comma before the next ${entry}`,
        `put a comma there, or close the ${closer === '}' ? 'object with }' : 'list with ]'}`,
      );
    }
    const other = closer === '}' ? ']' : '}';
    const fix = c === other ? `close with ${closer} instead` : `separate ${entry}s with commas and close with ${closer}`;
    throw new JsonSyntaxError(this.i, `${this.show()} where a comma or ${closer} should be`, fix);
  }

  private close(): void {
    this.i++;
    this.open.pop();
  }

  private string(): void {
    const start = this.i;
    this.i++;
    for (;;) {
      const c = this.text[this.i];
      if (c === undefined || c === '\n' || c === '\r') {
        throw new JsonSyntaxError(start, 'a string that is not closed on its line', 'end the string with a double quote');
      }
      if (c === '"') {
        this.i++;
        return;
      }
      if (c === '\\') {
        const sequence = /^(?:["\\/bfnrt]|u[0-9A-Fa-f]{4})/.exec(this.text.slice(this.i + 1, this.i + 6))?.[0];
        if (!sequence) {
          const written = JSON.stringify(this.text.slice(this.i, this.i + 2));
          throw new JsonSyntaxError(this.i, `an invalid escape ${written} in a string`, 'write a backslash as \\\\');
        }
        this.i += 1 + sequence.length;
        continue;
      }
      if (c < ' ') {
        throw new JsonSyntaxError(this.i, 'a control character such as a tab inside a string', 'write it as an escape such as \\t');
      }
      this.i++;
    }
  }

  private number(): void {
    const match = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    match.lastIndex = this.i;
    const found = match.exec(this.text);
    const after = found ? this.i + found[0].length : this.i;
    if (!found || /[0-9A-Za-z.+-]/.test(this.text[after] ?? '')) {
      throw new JsonSyntaxError(
        this.i,
        'a number JSON cannot read',
        'write digits with an optional minus, decimal point and exponent (no leading zeros, no quotes needed)',
      );
    }
    this.i = after;
  }

  private space(): void {
    while (this.i < this.text.length && ' \t\n\r'.includes(this.text[this.i])) this.i++;
  }

  /** The file stops inside a value: point just after its last non-blank character. */
  private endsEarly(): never {
    const end = this.text.trimEnd().length;
    const still = [...this.open].reverse().join(' ');
    throw new JsonSyntaxError(
      end,
      'the file ends before the JSON is complete',
      `restore the rest of the file${still ? ` (still open: ${still})` : ''}`,
    );
  }

  private show(): string {
    const word = /^[A-Za-z_][\w-]*/.exec(this.text.slice(this.i))?.[0];
    return word ? `the word ${word}` : JSON.stringify(this.text[this.i]);
  }

  private valueFix(c: string): string {
    if (c === "'") return 'use double quotes for strings';
    if (c === '/') return 'remove the comment: JSON has no comments';
    if (c === ',') return 'remove the extra comma';
    if (/[A-Za-z_]/.test(c)) return 'put text in double quotes; true, false and null are lowercase';
    return 'write a value there: a "string", number, true, false, null, list or object';
  }
}

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}
