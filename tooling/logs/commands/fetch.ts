import type { LogsCommand } from './io';

export const fetchCommand: LogsCommand = {
  summary: 'download log files, digests, their signatures and the public keys for a time range',
  usage:
    'Usage: npm run logs -- fetch --bucket <b> [--prefix <p>] [--account <id>] [--region <r>] --since <ISO> [--until <ISO>] --out <dir>',
  async run(_argv, io) {
    io.stderr('fetch: not built yet\n');
    return 2;
  },
};
