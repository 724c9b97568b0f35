/** `npm run review`: writes <dir>/review.md from a synthesized output folder (tooling/review). */
import { runReviewCommand } from '../tooling/review';

process.exitCode = runReviewCommand(process.argv.slice(2));
