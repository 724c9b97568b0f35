/** `npm run check`: the security rule pack over a synthesized output folder (bin/check-command.ts, via bin/run-cli.ts). */
import { runFromRepo } from './run-cli';

runFromRepo('check');
