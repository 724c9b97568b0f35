// The review (`npm run review`): the public API. Re-exports only; its folders (cost/, diff/, facts/,
// format/, policy/, sections/) each keep a small public entry for the others and private helpers.
// It reads the one model of a synthesized app (tooling/model); `npm run plan` is tooling/terraform.

export { type ReviewContext, reviewContext } from './context';
export { buildReview, type Review, type ReviewOptions, type ReviewSummary, reviewFolder } from './report';
export { failReasons, REVIEW_USAGE, runReviewCommand } from './review-command';
