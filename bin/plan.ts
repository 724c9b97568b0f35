/** `npm run plan`: terraform init, validate and plan of the synthesized stacks, offline or --online (bin/run-cli.ts). */
import { runFromRepo } from './run-cli';

runFromRepo('plan');
