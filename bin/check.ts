/** `npm run check`: the security rule pack over a synthesized output folder (tooling/checks). */
import { runCheckCommand } from '../tooling/checks/check-command';

process.exitCode = runCheckCommand(process.argv.slice(2));
