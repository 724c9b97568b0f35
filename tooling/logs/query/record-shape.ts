/**
 * The CloudTrail table's columns (modules/audit-queries) as DuckDB types: once with the record's
 * own key spelling, to read the JSON (DuckDB matches keys case-sensitively), once with the Athena
 * names, for the `cloudtrail` view. Struct-to-struct casts in DuckDB match fields by name,
 * case-insensitively, so the view is a cast of what was read.
 */
import {
  CLOUDTRAIL_COLUMNS,
  CLOUDTRAIL_PARTITION_COLUMNS,
  CLOUDTRAIL_RECORD_KEYS,
  CLOUDTRAIL_RESOURCE_ARN_KEY,
} from '../../../modules/audit-queries/cloudtrail-columns';

type HiveType =
  | { readonly kind: 'string' }
  | { readonly kind: 'struct'; readonly fields: readonly { readonly name: string; readonly type: HiveType }[] }
  | { readonly kind: 'array'; readonly element: HiveType }
  | { readonly kind: 'map'; readonly key: HiveType; readonly value: HiveType };

/** Parses the Hive type strings the column list uses (string, struct<...>, array<...>, map<...>). */
function parseHiveType(text: string): HiveType {
  let at = 0;
  const word = (): string => {
    const match = /^[a-z0-9_]+/i.exec(text.slice(at));
    if (!match) throw new Error(`Hive type: expected a name at ${at} in ${text}`);
    at += match[0].length;
    return match[0].toLowerCase();
  };
  const expect = (char: string): void => {
    if (text[at] !== char) throw new Error(`Hive type: expected "${char}" at ${at} in ${text}`);
    at += 1;
  };
  const type = (): HiveType => {
    const name = word();
    if (name === 'string') return { kind: 'string' };
    expect('<');
    if (name === 'array') {
      const element = type();
      expect('>');
      return { kind: 'array', element };
    }
    if (name === 'map') {
      const key = type();
      expect(',');
      const value = type();
      expect('>');
      return { kind: 'map', key, value };
    }
    if (name !== 'struct') throw new Error(`Hive type: unsupported type ${name} in ${text}`);
    const fields: { name: string; type: HiveType }[] = [];
    for (;;) {
      const field = word();
      expect(':');
      fields.push({ name: field, type: type() });
      if (text[at] === '>') break;
      expect(',');
    }
    expect('>');
    return { kind: 'struct', fields };
  };
  const parsed = type();
  if (at !== text.length) throw new Error(`Hive type: unexpected "${text.slice(at)}" in ${text}`);
  return parsed;
}

const quote = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** DuckDB type text; `keyOf` spells each struct field (record keys, or the Athena names). */
function duckdbType(type: HiveType, keyOf: (name: string, parent: string) => string, parent = ''): string {
  switch (type.kind) {
    case 'string':
      return 'VARCHAR';
    case 'array':
      return `${duckdbType(type.element, keyOf, parent)}[]`;
    case 'map':
      return `MAP(${duckdbType(type.key, keyOf)}, ${duckdbType(type.value, keyOf)})`;
    case 'struct':
      return `STRUCT(${type.fields.map((field) => `${quote(keyOf(field.name, parent))} ${duckdbType(field.type, keyOf, field.name)}`).join(', ')})`;
  }
}

/** The record's spelling of a column or field name. */
function recordKey(name: string, parent = ''): string {
  if (parent === 'resources' && name === 'arn') return CLOUDTRAIL_RESOURCE_ARN_KEY;
  return CLOUDTRAIL_RECORD_KEYS[name] ?? name;
}

const PARSED = CLOUDTRAIL_COLUMNS.map((column) => ({ name: column.name, type: parseHiveType(column.type) }));
const BY_NAME = new Map(PARSED.map((column) => [column.name, column.type]));

function parsed(name: string): HiveType {
  const type = BY_NAME.get(name);
  if (!type) throw new Error(`not a CloudTrail table column: ${name}`);
  return type;
}

/** The struct's fields that `words` name or lead to; undefined when none (then the whole type is read). */
function pruned(type: HiveType, words: ReadonlySet<string>): HiveType | undefined {
  if (type.kind !== 'struct') return undefined;
  const fields = type.fields.flatMap((field) => {
    const inner = pruned(field.type, words);
    if (inner) return [{ name: field.name, type: inner }];
    return words.has(field.name) ? [field] : [];
  });
  return fields.length > 0 ? { kind: 'struct', fields } : undefined;
}

/**
 * A json_transform structure over a whole log file (`{"Records": [{...}]}`): the record's key
 * spelling, DuckDB type names at the leaves, unknown keys ignored, absent ones NULL. Limited to
 * `columns` when given; with `words`, struct columns keep only the fields named there (and the
 * structs on the way to them): a question that reads `useridentity.arn` does not convert the whole
 * identity. The view's cast to the full Athena type fills the fields not read with NULL.
 */
export function fileStructureFor(columns?: Iterable<string>, words?: ReadonlySet<string>): string {
  const wanted = columns ? new Set(columns) : undefined;
  const record: Record<string, unknown> = {};
  for (const column of PARSED) {
    if (wanted && !wanted.has(column.name)) continue;
    const type = (words && pruned(column.type, words)) || column.type;
    record[recordKey(column.name)] = structure(type, column.name);
  }
  if (Object.keys(record).length === 0) record[recordKey('eventtime')] = 'VARCHAR';
  return JSON.stringify({ Records: [record] });
}

function structure(type: HiveType, parent: string): unknown {
  switch (type.kind) {
    case 'string':
      return 'VARCHAR';
    case 'array':
      return [structure(type.element, parent)];
    case 'map':
      return duckdbType(type, recordKey);
    case 'struct':
      return Object.fromEntries(type.fields.map((field) => [recordKey(field.name, parent), structure(field.type, field.name)]));
  }
}

/** A column's DuckDB type with the Athena (lowercase) names. */
export function viewColumnType(name: string): string {
  return duckdbType(parsed(name), (field) => field);
}

/** The column read from struct `record` (one CloudTrail record), cast to its Athena-named type. */
export function viewColumnExpression(name: string, record: string): string {
  return `CAST(${record}.${quote(recordKey(name))} AS ${viewColumnType(name)}) AS ${quote(name)}`;
}

/** The Athena column names in view order: data columns, then partition columns. */
export const VIEW_COLUMNS: readonly string[] = [...CLOUDTRAIL_COLUMNS, ...CLOUDTRAIL_PARTITION_COLUMNS].map((column) => column.name);

/** `CREATE TABLE` column definitions with the Athena names (for the --db store). */
export function tableColumnDefinitions(): string {
  const data = PARSED.map((column) => `${quote(column.name)} ${viewColumnType(column.name)}`);
  const partitions = CLOUDTRAIL_PARTITION_COLUMNS.map((column) => `${quote(column.name)} VARCHAR`);
  return [...data, ...partitions].join(', ');
}
