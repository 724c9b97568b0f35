import { STORAGE_CLASS_WATERFALL } from '../../modules/archive-lifecycle';
import { bucketNameRule } from '../../modules/rules/s3';

/*
 * The AWS naming and format rules live once, in `modules/rules/` (the constructs check their props
 * with them at synth); the config's fields refine with the same functions and messages. These are
 * the names the `./stacks` entry has always exported.
 */

export { CLOUDWATCH_LOGS_RETENTION_DAYS as LOG_RETENTION_DAYS } from '../../modules/cloudwatch-logs-retention';
export { COMMERCIAL_REGIONS, REGIONS_NEWER_THAN_PROVIDER } from '../../modules/rules/identifiers';
export { MINIMUM_STORAGE_DAYS } from '../../modules/rules/lifecycle';

/** The lifecycle waterfall: a transition may only go to a class further down this list. */
export const STORAGE_CLASS_ORDER = STORAGE_CLASS_WATERFALL;

/** Why a bucket name is invalid, or undefined when it is valid (S3-NAME). */
export function bucketNameProblem(name: string): string | undefined {
  return bucketNameRule(name);
}
