/** `npm run logs -- <command>`: fetch, verify and query the CloudTrail archive (tooling/logs, via bin/run-cli.ts). */
import { rerunWithMallocSettings } from './malloc-settings';
import { runFromRepo } from './run-cli';

// An import runs again in a process with glibc malloc settings that keep its memory down (bin/malloc-settings.ts).
const rerun = rerunWithMallocSettings(process.argv.slice(2));
if (rerun === undefined) runFromRepo('logs');
else process.exit(rerun);
