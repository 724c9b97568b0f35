/** `npm run check`: the security rule pack over a synthesized output folder (tooling/checks/check-command.ts, via bin/run-cli.ts). */
import { runFromRepo } from './run-cli';

runFromRepo('check');
