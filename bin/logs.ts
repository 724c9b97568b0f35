/** `npm run logs -- <command>`: fetch, verify and query the CloudTrail archive (tooling/logs, via bin/run-cli.ts). */
import { runFromRepo } from './run-cli';

runFromRepo('logs');
