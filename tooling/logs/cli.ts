/**
 * `npm run logs -- <command> ...`: tools that read the CloudTrail archive. One entry per command;
 * each lives in commands/<name>.ts.
 */
import { fetchCommand } from './commands/fetch';
import { importCommand } from './commands/import';
import { type LogsCommand, type LogsIo, MissingPeersError, missingPeers, USAGE_EXIT, UsageError } from './commands/io';
import { queryCommand } from './commands/query';
import { questionsCommand } from './commands/questions';
import { sqlCommand } from './commands/sql';
import { verifyCommand } from './commands/verify';

const COMMANDS: Readonly<Record<string, LogsCommand>> = {
  fetch: fetchCommand,
  verify: verifyCommand,
  query: queryCommand,
  questions: questionsCommand,
  sql: sqlCommand,
  import: importCommand,
};

export async function runLogs(argv: string[], io: LogsIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === 'help') {
    io.stdout(`${overview()}\n`);
    return name === undefined ? USAGE_EXIT : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`${name}: unknown command. Fix: use one of ${Object.keys(COMMANDS).join(', ')} (npm run logs -- --help)\n`);
    return USAGE_EXIT;
  }
  if (rest.includes('--help')) {
    io.stdout(`${command.usage}\n`);
    return 0;
  }
  // Every optional peer the command needs is named at once, before it reads or writes anything.
  const missing = missingPeers(command.peers ?? []);
  if (missing.length > 0) throw new MissingPeersError(missing);
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`${error.message}\n`);
    return USAGE_EXIT;
  }
}

function overview(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`);
  return ['Usage: npm run logs -- <command> [flags]   (npm run logs -- <command> --help for its flags)', '', ...lines].join('\n');
}
