/**
 * `npm run logs -- import --from <dir> --db <file>`: keeps the verified records of a copy in a DuckDB
 * database and, on the next run, adds only new files and drops the rows of files that stopped
 * verifying (query/store.ts).
 */
import { type LogsCommand, oneOf, parseFlags, requireFlag } from './io';
import { copyOnlyFlags, dbPath, verifyFlags } from './query-flags';

const USAGE = `Usage: npm run logs -- import --from <dir> --db <file> [--public-keys <file>] [--bucket <name>] [--format text|json]

  --from <dir>          the copy, verified before anything is imported (see verify --help)
  --db <file>           the DuckDB database (created when absent); query and sql take it with --db
  --public-keys <file>  default: <dir>/public-keys.json
  --format <format>     text (default) or json

Each run verifies every digest again and every imported file by the hash recorded at import (files
unchanged on disk are not read again); new files are imported; files that are gone or no longer
verify lose their rows. Exit 0: nothing excluded; 1: some files excluded (listed); 2: bad flags.`;

export const importCommand: LogsCommand = {
  summary: 'keep the verified records of a copy in a DuckDB database; later runs add only new files',
  usage: USAGE,
  peers: ['@duckdb/node-api'],
  async run(argv, io) {
    const { values } = parseFlags('import', argv, { ...copyOnlyFlags, format: { type: 'string' } });
    const format = oneOf(values.format as string | undefined, '--format', ['text', 'json'] as const, 'text');
    const database = dbPath(
      io,
      requireFlag(values.db as string | undefined, '--db', 'name the database file, e.g. --db audit.duckdb'),
    ) as string;
    const copy = verifyFlags(io, values, false) as NonNullable<ReturnType<typeof verifyFlags>>;
    const { refreshStore } = require('../query') as typeof import('../query');
    const report = await refreshStore(database, copy.root, copy.verify);
    if (format === 'json') {
      io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      for (const entry of report.excluded) io.stderr(`excluded (${entry.kind}): ${entry.file}\n`);
      io.stdout(
        `Imported ${report.importedFiles} files (${report.importedRecords} records); kept ${report.keptFiles}; removed ${report.removedFiles}; ` +
          `${report.excluded.length} excluded; ${report.unverified.length} not yet covered by a digest.\n`,
      );
    }
    return report.excluded.length > 0 ? 1 : 0;
  },
};
