import type { z } from 'zod';
import { formatPath } from '../../modules/rules/problem';
import { closest } from '../../modules/suggest';
import { configSchema } from './schema';

/** One line per problem: `<field path>: <value> <rule>. Fix: ...`. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], raw: unknown): string[] {
  const lines: string[] = [];
  // A value of the wrong type fails only that: zod still runs the field's other checks (a string's
  // length against a list's maximum, say), whose messages would be about a value that is not there.
  const wrongType = new Set(
    issues.filter((i) => i.code === 'invalid_type' && valueAt(raw, i.path) !== undefined).map((i) => formatPath(i.path)),
  );
  for (const issue of issues) {
    if (issue.code !== 'invalid_type' && issue.code !== 'unrecognized_keys' && wrongType.has(formatPath(issue.path))) continue;
    if (issue.code === 'unrecognized_keys') {
      const known = knownKeys(issue.path, raw);
      for (const key of issue.keys) {
        const suggestion = closest(key, known);
        const hint = suggestion
          ? `Fix: did you mean "${suggestion}"?`
          : `Fix: remove it${known.length > 0 ? ` (known fields: ${known.join(', ')})` : ''}`;
        lines.push(
          `${formatPath([...issue.path, key])}: is not a known field; unknown fields are errors so a typo cannot silently drop a setting. ${hint}`,
        );
      }
      continue;
    }
    // The value as written; for a field left out, the value a check was about (a derived name, say).
    const written = valueAt(raw, issue.path);
    const value = written === undefined && 'input' in issue ? issue.input : written;
    const where = formatPath(issue.path);
    if (value === undefined && issue.code === 'invalid_type') {
      lines.push(`${where}: is required. Fix: add it (see the README's config reference or config.schema.json)`);
      continue;
    }
    if (written === undefined && issue.code !== 'custom') {
      // A required field left out that only takes some values (an enum, a union's "type"): say so, with the values.
      const fix = issue.message.split('Fix: ')[1];
      lines.push(`${where}: is required. Fix: add it${fix ? `; ${fix}` : " (see the README's config reference or config.schema.json)"}`);
      continue;
    }
    if (issue.code === 'invalid_key') {
      // The key's first broken rule (an empty key is also not a valid one: once is enough).
      const key = issue.path[issue.path.length - 1];
      lines.push(`${where}: ${JSON.stringify(key)} ${issue.issues[0]?.message ?? messageOf(issue, key)}`);
      continue;
    }
    // A check about a field that is absent and has no value to show (a required choice) says so itself.
    lines.push(
      value === undefined ? `${where}: ${messageOf(issue, value)}` : `${where}: ${JSON.stringify(value)} ${messageOf(issue, value)}`,
    );
  }
  return lines;
}

/** zod's own messages start with "Invalid input"; ours state the rule and the fix. */
function messageOf(issue: z.core.$ZodIssue, value: unknown): string {
  if (!issue.message.startsWith('Invalid input') && !issue.message.startsWith('Invalid key')) return issue.message;
  if (issue.code === 'invalid_type') {
    const expected = EXPECTED[issue.expected] ?? `a ${issue.expected}`;
    return `is ${describeType(value)}; expected ${expected}. Fix: write ${expected}${issue.expected === 'string' ? ' in double quotes' : ''}`;
  }
  return "does not match any allowed form. Fix: see the README's config reference for this field's shape";
}

/** Field names allowed at a path of the schema (for "did you mean"). */
function knownKeys(path: readonly PropertyKey[], raw: unknown): string[] {
  let schema: unknown = configSchema;
  for (const [i, key] of path.entries()) {
    schema = unwrap(optionAt(schema, valueAt(raw, path.slice(0, i))));
    const shape = (schema as { shape?: Record<string, unknown> }).shape;
    const element = (schema as { element?: unknown }).element;
    if (typeof key === 'number' && element) schema = element;
    else if (shape && typeof key === 'string') schema = shape[key];
    else return [];
  }
  const shape = (optionAt(schema, valueAt(raw, path)) as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape).filter((k) => k !== '$schema') : [];
}

type UnionDef = { discriminator?: string; options?: { shape?: Record<string, { def?: { values?: unknown[] } }> }[] };

/** For a discriminated union (a backend, a subscription), the option the value's discriminator picks. */
function optionAt(schema: unknown, value: unknown): unknown {
  const unwrapped = unwrap(schema) as { def?: UnionDef } | undefined;
  const def = unwrapped?.def;
  if (!def?.discriminator || !def.options) return unwrapped;
  const tag = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[def.discriminator] : undefined;
  return def.options.find((option) => option.shape?.[def.discriminator as string]?.def?.values?.includes(tag)) ?? unwrapped;
}

function unwrap(schema: unknown): unknown {
  let current = schema as { def?: { innerType?: unknown; in?: unknown; schema?: unknown } } | undefined;
  for (let i = 0; i < 10 && current?.def; i++) {
    const next = current.def.innerType ?? current.def.in ?? current.def.schema;
    if (!next) break;
    current = next as typeof current;
  }
  return current;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let current = raw;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

export { formatPath };

const EXPECTED: Record<string, string> = {
  array: 'a list',
  object: 'an object',
  record: 'an object',
  int: 'a whole number',
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
};

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
