/**
 * The review of the example's output (test/support/example-output.ts), built once per jest file,
 * that is once per tier (test/support/specs.ts), for the specs that only read it.
 */
import { type Review, reviewFolder } from '../../tooling/review';
import { exampleOutput } from './example-output';

let review: Review | undefined;

export function exampleReview(): Review {
  review ??= Object.freeze(reviewFolder(exampleOutput()));
  return review;
}
