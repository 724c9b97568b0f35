/**
 * The Trino functions the questions use, as the local engine defines them (TRINO_MACROS), give
 * Trino's answers: json_extract_scalar returns a scalar's text (a string unquoted and unescaped, a
 * number or boolean as written) and NULL for an object, an array, a JSON null, a missing path or a
 * NULL document; json_format renders JSON as text.
 */
import { openSession, queryRows, type Session } from '../../tooling/logs/query/duckdb-session';

let session: Session;

beforeAll(async () => {
  session = await openSession();
  await session.lockDown([]);
});

afterAll(() => session?.close());

const DOCUMENT = JSON.stringify({
  text: 'payments',
  escaped: 'a"b\u00e9\\n',
  empty: '',
  object: { inner: 7 },
  array: [1, 2],
  nothing: null,
  whole: 2,
  decimal: 1.5,
  flag: true,
  off: false,
});

describe('Trino macros', () => {
  it.each([
    ['$.text', 'payments'],
    ['$.escaped', 'a"b\u00e9\\n'],
    ['$.empty', ''],
    ['$.object', null],
    ['$.array', null],
    ['$.nothing', null],
    ['$.whole', '2'],
    ['$.decimal', '1.5'],
    ['$.flag', 'true'],
    ['$.off', 'false'],
    ['$.object.inner', '7'],
    ['$.absent', null],
  ])('json_extract_scalar(document, %s) is %p', async (path, expected) => {
    const { rows } = await queryRows(session.connection, 'SELECT json_extract_scalar($1::VARCHAR, $2::VARCHAR) AS v', [DOCUMENT, path]);
    expect(rows).toEqual([{ v: expected }]);
  });

  it('json_extract_scalar of a NULL document is NULL', async () => {
    const { rows } = await queryRows(session.connection, "SELECT json_extract_scalar(NULL, '$.text') AS v");
    expect(rows).toEqual([{ v: null }]);
  });

  it('json_format renders the JSON json_extract returns as text', async () => {
    const { rows } = await queryRows(session.connection, "SELECT json_format(json_extract($1::VARCHAR, '$.object')) AS v", [DOCUMENT]);
    expect(rows).toEqual([{ v: '{"inner":7}' }]);
  });
});
