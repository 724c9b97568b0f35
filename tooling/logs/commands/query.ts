/**
 * `npm run logs -- query <question> --from <dir> [--public-keys <file>] [--since <ISO>] [--until <ISO>]
 * [--account <id>] [--format text|json|csv] [--db <file>]`: answers an audit question over the
 * verified files of a copy (query/index.ts).
 */
import { AUDIT_QUESTIONS, findQuestion } from '../../../modules/audit-queries/questions';
import { fileNotes, rowWriter } from '../query/format';
import { type LogsCommand, parseFlags, UsageError } from './io';
import { answerSources, copyOnlyFlags, rowFormat, window } from './query-flags';

const USAGE = `Usage: npm run logs -- query <question> --from <dir> [--public-keys <file>] [--since <ISO>] [--until <ISO>]
                             [--account <id>] [--format text|json|csv] [--db <file>] [--bucket <name>]

  <question>            one of: ${AUDIT_QUESTIONS.map((q) => q.name).join(', ')} (npm run logs -- questions)
  --from <dir>          the copy, verified before anything is read (see verify --help)
  --public-keys <file>  default: <dir>/public-keys.json
  --since <ISO>         events at or after this time (default: all)
  --until <ISO>         events before this time (default: all)
  --account <id>        one account's files only (default: every account)
  --format <format>     text (default: an aligned table), json ({"question", "rows", "excludedFiles",
                        "unverifiedFiles"}) or csv (RFC 4180, a header line)
  --db <file>           a DuckDB database that keeps the verified records (npm run logs -- import):
                        with --from it is refreshed first; without, it answers as last refreshed
  --bucket <name>       the archive bucket: digests that name another bucket are digest-moved

Rows never come from a file that failed verification: such files are listed on stderr (and in
excludedFiles). Files newer than the newest digest are read and listed as unverified.
Exit 0: answered, nothing excluded; 1: answered without some files (listed); 2: bad flags.`;

export const queryCommand: LogsCommand = {
  summary: 'answer an audit question over the verified files of a copy (DuckDB, locally)',
  usage: USAGE,
  peers: ['@duckdb/node-api'],
  async run(argv, io) {
    const { values, positionals } = parseFlags('query', argv, { ...copyOnlyFlags, ...window.flags, format: { type: 'string' } }, true);
    const name = positionals[0];
    const question = name === undefined ? undefined : findQuestion(name);
    if (!question || positionals.length !== 1) {
      throw new UsageError(
        `query: ${name === undefined ? 'no question given' : positionals.length > 1 ? `one question at a time, got ${positionals.join(' ')}` : `unknown question "${name}"`}. Fix: use one of ${AUDIT_QUESTIONS.map((q) => q.name).join(', ')}`,
      );
    }
    const format = rowFormat(values.format);
    const sources = answerSources(io, values);
    // DuckDB loads only when a question runs: verify and fetch never pay for it.
    const { answerQuestion } = require('../query') as typeof import('../query');
    const writer = rowWriter(format, io.stdout, { question: question.name }, io.stdoutDrained);
    const answer = await answerQuestion({
      question,
      window: window.parse(values),
      ...sources,
      sink: writer.sink,
    });
    writer.finish(answer);
    if (format !== 'json') io.stderr(fileNotes(answer));
    else if (answer.excludedFiles.length > 0) io.stderr(fileNotes({ ...answer, unverifiedFiles: [] }));
    return answer.excludedFiles.length > 0 ? 1 : 0;
  },
};
