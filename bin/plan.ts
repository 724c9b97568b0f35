/** `npm run plan`: terraform init, validate and plan of the synthesized stacks, offline or --online (tooling/terraform). */
import { runPlanCommand } from '../tooling/terraform/plan-command';

process.exitCode = runPlanCommand(process.argv.slice(2));
