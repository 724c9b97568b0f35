/**
 * `npm run logs -- query | questions | sql | import`: output formats, exit codes, the sql view's
 * columns and what sql refuses. In-process (runLogs), except one spawned run of bin/logs.ts.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AUDIT_QUESTIONS, CLOUDTRAIL_COLUMNS, CLOUDTRAIL_PARTITION_COLUMNS } from '../../modules/audit-queries';
import { runLogs } from '../../tooling/logs/cli';
import { tamper } from '../../tooling/logs/corpus';
import { expectedRows } from './expected-answers';
import { type QueryCorpus, queryCorpus } from './query-support';
import { copyOf, runInProcess, scratch } from './support';

let data: QueryCorpus;
const run = (...argv: string[]) => runInProcess(runLogs, argv, process.cwd());

beforeAll(async () => {
  data = await queryCorpus();
});

/** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted && char === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (!quoted && char === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += char;
    }
  }
  return rows;
}

describe('logs query', () => {
  it('--format json prints exactly question, rows, excludedFiles, unverifiedFiles', async () => {
    const result = await run('query', 'codedeploy-denied', '--from', data.summary.root, '--format', 'json');
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout);
    expect(Object.keys(printed)).toEqual(['question', 'rows', 'excludedFiles', 'unverifiedFiles']);
    expect(printed).toEqual({
      question: 'codedeploy-denied',
      rows: expectedRows('codedeploy-denied', data.seen),
      excludedFiles: [],
      unverifiedFiles: data.summary.unverified,
    });
  });

  it('--format csv is RFC 4180 with a header line', async () => {
    const result = await run('query', 'deployment-group-safety-changes', '--from', data.summary.root, '--format', 'csv');
    expect(result.code).toBe(0);
    expect(result.stdout.endsWith('\r\n')).toBe(true);
    const [header, ...rows] = parseCsv(result.stdout);
    const question = AUDIT_QUESTIONS.find((q) => q.name === 'deployment-group-safety-changes')!;
    expect(header).toEqual(question.columns);
    const expected = expectedRows('deployment-group-safety-changes', data.seen);
    expect(rows).toEqual(expected.map((row) => question.columns.map((column) => (row[column] === null ? '' : String(row[column])))));
    expect(rows.some((row) => row.some((cell) => cell.includes('"') && cell.includes(',')))).toBe(true);
  });

  it('--format text aligns the columns and counts the rows; unverified files go to stderr', async () => {
    const result = await run('query', 'deployments-by-principal', '--from', data.summary.root, '--account', '111111111111');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    const expected = expectedRows('deployments-by-principal', data.seen, { account: '111111111111' });
    expect(lines[0].split(/ {2,}/)).toEqual(['principal', 'identityType', 'calls', 'failedCalls', 'firstTime', 'lastTime']);
    expect(lines[1]).toMatch(/^-+( {2}-+)+$/);
    expect(lines).toHaveLength(expected.length + 3);
    expect(lines[2].indexOf(String(expected[0].identityType))).toBe(lines[0].indexOf('identityType'));
    expect(lines.at(-1)).toBe(`(${expected.length} rows)`);
    expect(result.stderr).toContain('unverified (no digest covers it yet; read): AWSLogs/o-a1b2c3d4e5/111111111111/');
  });

  it('exits 1 and lists the excluded files on stderr when a file fails verification', async () => {
    const copy = copyOf(data.summary);
    const victim = copy.logFiles.find((file) => !copy.unverified.includes(file))!;
    tamper.appendGzipMember(copy.root, victim, []);
    const result = await run('query', 'codedeploy-changes', '--from', copy.root, '--format', 'json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).excludedFiles).toEqual([{ file: victim, kind: 'modified' }]);
    expect(result.stderr).toBe(`excluded (modified): ${victim}\n`);
  });

  it.each([
    [['query', 'no-such-question', '--from', '.'], /unknown question "no-such-question"\. Fix: use one of codedeploy-changes/],
    [['query', 'codedeploy-changes', '--from', '.', '--account', '12345'], /--account 12345: not a 12-digit AWS account id/],
    [
      ['query', 'codedeploy-changes', '--from', '.', '--since', '2026-03-02', '--until', '2026-03-01'],
      /--since 2026-03-02 is not before --until/,
    ],
    [['query', 'codedeploy-changes', '--from', '.', '--format', 'xml'], /--format xml: not one of text, json, csv/],
    [['query', 'codedeploy-changes', '--db', 'absent.duckdb'], /--db absent.duckdb: no such database/],
  ])('exits 2 on bad usage: %j', async (argv, message) => {
    const result = await run(...(argv as string[]).map((arg) => (arg === '.' ? data.summary.root : arg)));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});

describe('logs questions', () => {
  it('lists every question with its title', async () => {
    const result = await run('questions');
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n')).toEqual(
      AUDIT_QUESTIONS.map((q) => expect.stringMatching(new RegExp(`^${q.name} +${q.title.replace(/[()]/g, '\\$&')}$`))),
    );
  });
});

describe('logs sql and import', () => {
  let database: string;

  beforeAll(async () => {
    database = path.join(scratch('cli-db'), 'audit.duckdb');
    const result = await run('import', '--from', data.summary.root, '--db', database, '--format', 'json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ importedRecords: data.seen.length, excluded: [] });
  });

  it('rows wait for stdout to drain: nothing is written while the reader has not taken the last chunk', async () => {
    const out: string[] = [];
    let pending = false;
    let waits = 0;
    let writesWhilePending = 0;
    const code = await runLogs(['sql', 'SELECT range AS n FROM range(10000)', '--db', database, '--format', 'csv'], {
      stdout: (text) => {
        if (pending) writesWhilePending++;
        out.push(text);
      },
      stderr: () => undefined,
      // A pipe whose reader is slow: every write fills it, and it drains a moment later.
      stdoutDrained: () => {
        waits++;
        pending = true;
        return new Promise<void>((resolve) =>
          setTimeout(() => {
            pending = false;
            resolve();
          }, 5),
        );
      },
      cwd: process.cwd(),
    });
    expect(code).toBe(0);
    // 10,000 rows come in several chunks (DuckDB's 2,048-row vectors), each followed by a wait.
    expect(waits).toBeGreaterThanOrEqual(5);
    expect(writesWhilePending).toBe(0);
    expect(out.join('').split('\r\n').filter(Boolean)).toHaveLength(10_001);
  });

  it('the cloudtrail view has the Athena table columns, partitions last', async () => {
    const result = await run('sql', 'SELECT * FROM cloudtrail LIMIT 1', '--db', database, '--format', 'json');
    expect(result.code).toBe(0);
    const [row] = JSON.parse(result.stdout).rows;
    expect(Object.keys(row)).toEqual([...CLOUDTRAIL_COLUMNS, ...CLOUDTRAIL_PARTITION_COLUMNS].map((c) => c.name));
  });

  it('runs Athena-dialect SQL (json_extract_scalar) over the verified records', async () => {
    const sql = "SELECT count(*) AS n FROM cloudtrail WHERE json_extract_scalar(requestparameters, '$.applicationName') = 'payments'";
    const result = await run('sql', sql, '--from', data.summary.root, '--format', 'json');
    const expected = data.seen.filter(
      ({ record }) => (record.requestParameters as { applicationName?: unknown } | null)?.applicationName === 'payments',
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).rows).toEqual([{ n: expected.length }]);
  });

  it.each([
    ['DELETE FROM records', /only one read-only SELECT .* it is not a SELECT/],
    ['SELECT 1; SELECT 2', /expected exactly one statement, got 2/],
    ["COPY (SELECT 1) TO '/tmp/out.csv'", /it is not a SELECT/],
    ["SELECT * FROM read_text('/etc/hostname')", /Permission Error: Cannot access file/],
    [`SELECT * FROM read_json('${'/'}etc/hosts')`, /Permission Error/],
  ])('refuses %s', async (sql, message) => {
    const result = await run('sql', sql, '--db', database);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('cannot read the copy’s files past the verified records', async () => {
    const file = path.join(data.summary.root, data.summary.logFiles[0]);
    const result = await run('sql', `SELECT count(*) FROM read_json('${file}')`, '--from', data.summary.root);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Permission Error/);
  });

  it('bin/logs.ts runs as npm run logs does', () => {
    const result = spawnSync(process.execPath, ['-r', './bin/register.js', 'bin/logs.ts', 'questions'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('codedeploy-changes');
  });
});

describe('a --from folder that holds no copy', () => {
  it.each([['query', 'codedeploy-changes'], ['sql', 'SELECT 1'], ['import']])(
    '%s refuses it before the key file, exit 2, writing nothing',
    async (...command) => {
      // Empty (a fetch that found nothing), or one level off: the AWSLogs folder itself.
      for (const folder of [scratch('empty-copy'), path.join(data.summary.root, 'AWSLogs')]) {
        const database = path.join(scratch('no-db'), 'audit.duckdb');
        const keys = ['--public-keys', data.summary.publicKeysFile];
        const db = command[0] === 'import' ? ['--db', database] : [];
        const without = await run(...command, '--from', folder, ...db);
        const withKeys = await run(...command, '--from', folder, ...keys, ...db);
        for (const result of [without, withKeys]) {
          expect(result).toEqual({
            code: 2,
            stdout: '',
            stderr: `--from ${folder}: no CloudTrail digest or log file under it (expected <dir>/[prefix/]AWSLogs/...). Fix: pass the folder the bucket was copied to, the one holding AWSLogs/\n`,
          });
        }
        expect(fs.existsSync(database)).toBe(false);
      }
    },
  );
});
