import { type Problem, problem } from './problem';

const IPV4 = /^\d+\.\d+\.\d+\.\d+$/;

/** What to do about a bucket name that breaks a rule. */
const BUCKET_NAME_FIX = 'choose a name of 3-63 lowercase letters, digits, dots and hyphens that starts and ends with a letter or digit';

/**
 * What is wrong with a general purpose bucket name, if anything (S3 user guide,
 * bucketnamingrules.html; aws-facts.md §8 S3-NAME): 3-63 of lowercase letters, digits, dots and
 * hyphens, starting and ending with a letter or digit, no two adjacent dots, not an IP address,
 * none of the reserved prefixes and suffixes.
 */
export function bucketNameRule(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return `is ${name.length} characters; S3 bucket names have 3-63`;
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) {
    return 'is not a valid S3 bucket name (lowercase letters, digits, dots and hyphens; starts and ends with a letter or digit)';
  }
  if (name.includes('..')) return 'has two adjacent dots, which S3 bucket names may not';
  if (IPV4.test(name)) return 'looks like an IP address, which S3 bucket names may not';
  for (const prefix of ['xn--', 'sthree-', 'amzn-s3-demo-']) {
    if (name.startsWith(prefix)) return `starts with the reserved prefix "${prefix}"`;
  }
  for (const suffix of ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3']) {
    if (name.endsWith(suffix)) return `ends with the reserved suffix "${suffix}"`;
  }
  return undefined;
}

export function bucketNameProblems(name: string): Problem[] {
  const rule = bucketNameRule(name);
  return rule ? [problem(name, rule, BUCKET_NAME_FIX)] : [];
}

/**
 * The S3 key prefix a trail writes under (CloudTrail CreateTrail S3KeyPrefix: at most 200
 * characters; "AWSLogs" is refused as a prefix), in the subset that is safe in an S3 key and in
 * the policy ARNs built from it: letters, digits, `! _ . * ' ( ) -` and single inner slashes
 * (S3 user guide, object-keys.html, "Safe characters").
 */
export const KEY_PREFIX_RULES = {
  empty: { rule: 'is empty', fix: 'leave the field out for no prefix' },
  tooLong: { max: 200, rule: 'is longer than 200 characters, the CloudTrail S3KeyPrefix limit', fix: 'shorten it' },
  pattern: {
    pattern: /^(?!\/)(?!.*\/$)(?!.*\/\/)[A-Za-z0-9!_.*'()/-]+$/,
    rule: "is not a usable S3 key prefix (letters, digits, ! _ . * ' ( ) - and single inner slashes)",
    fix: 'remove leading, trailing and doubled slashes and other characters',
  },
  awsLogs: { rule: 'is "AWSLogs", which CloudTrail does not allow as a prefix', fix: 'choose another prefix or none' },
} as const;

export function trailKeyPrefixProblems(prefix: string): Problem[] {
  const r = KEY_PREFIX_RULES;
  if (prefix.length === 0) return [problem(prefix, r.empty.rule, r.empty.fix)];
  const problems: Problem[] = [];
  if (prefix.length > r.tooLong.max) problems.push(problem(prefix, r.tooLong.rule, r.tooLong.fix));
  if (!r.pattern.pattern.test(prefix)) problems.push(problem(prefix, r.pattern.rule, r.pattern.fix));
  if (prefix === 'AWSLogs') problems.push(problem(prefix, r.awsLogs.rule, r.awsLogs.fix));
  return problems;
}
