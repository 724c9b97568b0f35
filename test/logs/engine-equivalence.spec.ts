/**
 * Two engines, one set of questions: the SQL the Athena named queries hold (question.sql over the
 * Glue table), run in DuckDB with the Trino-compatibility macros over a table shaped the way
 * Athena's JsonSerDe reads the same records, gives the local engine's rows.
 *
 * The Athena-shaped table is built here, in TypeScript, from the generated records: keys matched
 * case-insensitively, objects kept as JSON text in STRING columns, booleans as 'true'/'false', the
 * partitions taken from each file's key. So the local engine's own reading (record-shape.ts, here
 * through a --db store) is checked against an independent reading, not against itself.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  AUDIT_QUESTIONS,
  CLOUDTRAIL_COLUMNS,
  CLOUDTRAIL_PARTITION_COLUMNS,
  type QuestionWindow,
  windowParameters,
} from '../../modules/audit-queries';
import { parseArchiveKey } from '../../tooling/logs/archive/layout';
import { answerQuestion, refreshStore } from '../../tooling/logs/query';
import { queryRows, TRINO_MACROS } from '../../tooling/logs/query/duckdb-session';
import { viewColumnType } from '../../tooling/logs/query/record-shape';
import { type QueryCorpus, queryCorpus, verifyOptionsOf } from './query-support';
import { scratch } from './support';

/** The Glue table's name as the Athena stack would qualify it. */
const ATHENA_TABLE = '"audit"."cloudtrail"';

let data: QueryCorpus;
let instance: DuckDBInstance;
let database: string;

beforeAll(async () => {
  data = await queryCorpus();
  // The local engine answers from a --db store here (query.spec.ts asks the files directly).
  database = path.join(scratch('equivalence'), 'local.duckdb');
  await refreshStore(database, data.summary.root, verifyOptionsOf(data.summary));
  const file = path.join(scratch('athena-shaped'), 'rows.ndjson');
  fs.writeFileSync(file, data.seen.map(({ record, file: key }) => JSON.stringify(athenaRow(record, key))).join('\n'));
  instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const columns = [
    ...CLOUDTRAIL_COLUMNS.map((c) => `${c.name}: '${viewColumnType(c.name)}'`),
    ...CLOUDTRAIL_PARTITION_COLUMNS.map((c) => `"${c.name}": 'VARCHAR'`),
  ];
  await connection.run('CREATE SCHEMA audit');
  await connection.run(
    `CREATE TABLE ${ATHENA_TABLE} AS SELECT * FROM read_json('${file}', format = 'newline_delimited', columns = {${columns.join(', ')}})`,
  );
  connection.closeSync();
});

afterAll(() => instance?.closeSync());

/** One record as the JsonSerDe maps it onto the table's columns (Hive types from the shared list). */
function athenaRow(record: Record<string, unknown>, key: string): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const column of CLOUDTRAIL_COLUMNS) row[column.name] = serde(caseless(record, column.name), column.type);
  const location = parseArchiveKey(key)!;
  return { ...row, account: location.account, region: location.region, date: location.date.replaceAll('-', '/') };
}

function caseless(object: unknown, name: string): unknown {
  if (!object || typeof object !== 'object') return undefined;
  const match = Object.keys(object).find((key) => key.toLowerCase() === name);
  return match === undefined ? undefined : (object as Record<string, unknown>)[match];
}

function serde(value: unknown, type: string): unknown {
  if (value === undefined || value === null) return null;
  if (type === 'string') return typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (type.startsWith('array<')) return (value as unknown[]).map((item) => serde(item, type.slice(6, -1)));
  if (type.startsWith('map<')) return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, serde(v, 'string')]));
  const out: Record<string, unknown> = {};
  for (const [field, fieldType] of structFields(type)) out[field] = serde(caseless(value, field), fieldType);
  return out;
}

/** `struct<a:string,b:struct<...>>` into its top-level fields. */
function structFields(type: string): [string, string][] {
  const body = type.slice('struct<'.length, -1);
  const fields: [string, string][] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= body.length; i++) {
    const char = body[i];
    if (char === '<') depth++;
    if (char === '>') depth--;
    if ((char === ',' && depth === 0) || i === body.length) {
      const part = body.slice(start, i);
      const colon = part.indexOf(':');
      fields.push([part.slice(0, colon), part.slice(colon + 1)]);
      start = i + 1;
    }
  }
  return fields;
}

async function athenaAnswer(sql: string, window: QuestionWindow) {
  const connection = await instance.connect();
  try {
    for (const macro of TRINO_MACROS) await connection.run(macro);
    return await queryRows(connection, sql, windowParameters(window));
  } finally {
    connection.closeSync();
  }
}

describe('engine equivalence', () => {
  const windows: [string, QuestionWindow][] = [
    ['everything', {}],
    [
      'one account, two and a half hours',
      { account: '222222222222', since: new Date('2026-03-01T00:30:00Z'), until: new Date('2026-03-01T03:00:00Z') },
    ],
  ];

  describe.each(windows)('window: %s', (_label, window) => {
    it.each(AUDIT_QUESTIONS.map((q) => [q.name, q] as const))(
      '%s: the named query gives the local engine’s rows',
      async (_name, question) => {
        const athena = await athenaAnswer(question.sql(ATHENA_TABLE), window);
        const local = await answerQuestion({ question, window, database });
        expect(athena.columns).toEqual(question.columns);
        expect(local.rows.length).toBeGreaterThan(0);
        expect(athena.rows).toEqual(local.rows);
      },
    );
  });
});
