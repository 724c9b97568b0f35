/**
 * `npm run logs -- sql "<SELECT ...>" --from <dir> [--db <file>]`: ad-hoc SQL over a `cloudtrail` view
 * with the Athena table's columns, so a query tried here runs in Athena unchanged where the dialects
 * agree (query/index.ts runSql).
 */
import { fileNotes, rowWriter } from '../query/format';
import { type LogsCommand, parseFlags, UsageError } from './io';
import { answerSources, copyOnlyFlags, rowFormat } from './query-flags';

const USAGE = `Usage: npm run logs -- sql "<SELECT ...>" --from <dir> [--public-keys <file>] [--db <file>] [--format text|json|csv]

  "<SELECT ...>"        one read-only statement: SELECT, or WITH ... SELECT, over the view cloudtrail
                        (the Athena table's columns, the partitions account, region and "date"
                        included). Trino's json_extract_scalar and json_format work as in Athena.
  --from <dir>          the copy, verified before anything is read; its verified records are loaded
                        into a temporary database (or --db) and the SQL reads only those
  --public-keys <file>  default: <dir>/public-keys.json
  --db <file>           keep the records in this DuckDB database (refreshed when --from is given)
  --format <format>     text (default), json ({"rows", "excludedFiles", "unverifiedFiles"}) or csv

The SQL runs with DuckDB's file access off and its settings locked: it sees the verified records
and nothing else. Exit 0: ran, nothing excluded; 1: ran without some files (listed); 2: bad flags
or SQL that is not a single SELECT.`;

export const sqlCommand: LogsCommand = {
  summary: 'run a read-only SELECT over the verified records (a cloudtrail view with the Athena columns)',
  usage: USAGE,
  peers: ['@duckdb/node-api'],
  async run(argv, io) {
    const { values, positionals } = parseFlags('sql', argv, { ...copyOnlyFlags, format: { type: 'string' } }, true);
    if (positionals.length !== 1) {
      throw new UsageError(
        `sql: expected one quoted statement, got ${positionals.length} arguments. Fix: npm run logs -- sql "SELECT ..." --from <dir>`,
      );
    }
    const [sql] = positionals;
    const format = rowFormat(values.format);
    const sources = answerSources(io, values);
    const { checkSql, runSql } = require('../query') as typeof import('../query');
    try {
      await checkSql(sql);
    } catch (error) {
      throw new UsageError((error as Error).message.split('\n')[0]);
    }
    let answer: import('../query').Answer;
    const writer = rowWriter(format, io.stdout, {}, io.stdoutDrained);
    try {
      answer = await runSql({ sql, ...sources, sink: writer.sink });
    } catch (error) {
      // DuckDB's own words for SQL it cannot run (unknown column, a file outside the records, ...).
      if (!/^[A-Za-z ]+ Error: /.test((error as Error).message)) throw error;
      throw new UsageError(
        `sql: ${(error as Error).message.split('\n')[0]}. Fix: the view is cloudtrail, its columns the Athena table's (npm run logs -- sql --help)`,
      );
    }
    writer.finish(answer);
    if (format !== 'json') io.stderr(fileNotes(answer));
    return answer.excludedFiles.length > 0 ? 1 : 0;
  },
};
