/** `npm run logs -- <command>`: fetch, verify and query the CloudTrail archive (tooling/logs). */
import { runLogs } from '../tooling/logs/cli';
import { processIo } from '../tooling/logs/commands/io';

runLogs(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    // Not 1 (problems found) nor 2 (usage): the command itself failed.
    process.exitCode = 3;
  },
);
