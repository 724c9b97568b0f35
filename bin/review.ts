/** `npm run review`: writes <dir>/review.md from a synthesized output folder (bin/run-cli.ts). */
import { runFromRepo } from './run-cli';

runFromRepo('review');
