/** `npm run plan`: terraform init, validate and plan of the synthesized stacks, offline or --online (tooling/review). */
import { runPlanCommand } from '../tooling/review/plan-command';

process.exitCode = runPlanCommand(process.argv.slice(2));
