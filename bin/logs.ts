/** `npm run logs -- <command>`: fetch, verify and query the CloudTrail archive (tooling/logs, via bin/run-cli.ts). */
import { rerunWithFewerArenas } from './malloc-arenas';
import { runFromRepo } from './run-cli';

// An import runs again in a process with fewer malloc arenas (bin/malloc-arenas.ts).
const rerun = rerunWithFewerArenas(process.argv.slice(2));
if (rerun === undefined) runFromRepo('logs');
else process.exit(rerun);
