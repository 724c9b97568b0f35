import { CLOUDWATCH_LOGS_RETENTION_DAYS } from '../../modules/cloudwatch-logs-retention';

/**
 * AWS naming and format rules the config is validated against (shared/reference/aws-facts.md §8),
 * each with the message a person needs: the rule and the fix. (Named for naming rules, not
 * security rules: the security rule pack lives with the review tooling.)
 */

/**
 * Commercial (`aws` partition) regions that the pinned AWS provider (5.100.0) knows. Regions
 * launched after it (ap-east-2, ap-southeast-6) need a newer provider and are rejected here.
 */
export const COMMERCIAL_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'af-south-1',
  'ap-east-1',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-south-1',
  'eu-south-2',
  'eu-north-1',
  'il-central-1',
  'me-south-1',
  'me-central-1',
  'sa-east-1',
  'mx-central-1',
  'ap-southeast-7',
] as const;

/**
 * Commercial regions launched after the pinned provider (it refuses them as a provider region). A
 * multi-region trail logs them once an account enables them, so the Athena tables project them too.
 */
export const REGIONS_NEWER_THAN_PROVIDER = ['ap-east-2', 'ap-southeast-6'] as const;

export const ACCOUNT_ID = /^\d{12}$/;
export const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;

/** CloudTrail trail names (CT-NAME). */
export const TRAIL_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9]|[._-](?=[A-Za-z0-9])){2,127}$/;
const IPV4 = /^\d+\.\d+\.\d+\.\d+$/;

/**
 * Glue database and table names as Athena uses them unquoted: Glue stores names lowercase, 1-255
 * bytes (athena/latest/ug/tables-databases-columns-names.html); names starting with a digit or an
 * underscore need quoting in every query, and other characters are not portable, so this is the
 * subset that works everywhere: a lowercase letter, then lowercase letters, digits and underscores.
 */
export const GLUE_NAME = /^[a-z][a-z0-9_]{0,254}$/;
/** Athena workgroup names: 1-128 of letters, digits, `.`, `_`, `-` (Athena API, CreateWorkGroup; the provider checks the same). */
export const ATHENA_WORKGROUP_NAME = /^[a-zA-Z0-9._-]{1,128}$/;
/** Lambda function names: 1-64 of letters, digits, `-`, `_` (Lambda API, CreateFunction). */
export const LAMBDA_FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
/** Customer managed IAM policy names: 1-128 of letters, digits and `+=,.@-_` (IAM API, CreatePolicy). */
export const IAM_POLICY_NAME = /^[\w+=,.@-]{1,128}$/;

export const KMS_ALIAS = /^alias\/(?!aws\/)[a-zA-Z0-9/_-]+$/;
export const IAM_ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** Why a bucket name is invalid, or undefined when it is valid (S3-NAME). */
export function bucketNameProblem(name: string): string | undefined {
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

export function trailNameProblem(name: string): string | undefined {
  if (!TRAIL_NAME.test(name)) {
    return 'is not a valid trail name (3-128 of A-Z a-z 0-9 . _ -, starting and ending with a letter or digit, no adjacent . _ -)';
  }
  if (IPV4.test(name)) return 'looks like an IP address, which trail names may not';
  return undefined;
}

/** Minimum storage duration billed per storage class (S3-LC), in days. */
export const MINIMUM_STORAGE_DAYS: Record<string, number> = {
  STANDARD_IA: 30,
  ONEZONE_IA: 30,
  INTELLIGENT_TIERING: 0,
  GLACIER_IR: 90,
  GLACIER: 90,
  DEEP_ARCHIVE: 180,
};

/** The lifecycle waterfall: a transition may only go to a class further down this list. */
export const STORAGE_CLASS_ORDER = ['STANDARD_IA', 'INTELLIGENT_TIERING', 'ONEZONE_IA', 'GLACIER_IR', 'GLACIER', 'DEEP_ARCHIVE'] as const;

/** CloudWatch Logs retention values (PutRetentionPolicy): the constructs' list. */
export const LOG_RETENTION_DAYS = CLOUDWATCH_LOGS_RETENTION_DAYS;
