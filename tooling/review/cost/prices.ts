/**
 * The prices the review's Cost section uses: one entry per price, with its region, the AWS pricing
 * page it belongs to, how it was read and when. No network at synth or review: these are constants,
 * read on the date below from stored copies of public pages (the project's search corpus), not live.
 *
 * Region: US East (N. Virginia), us-east-1, the reference region of AWS's pricing pages; the model
 * uses these prices for every region and the report says so (other regions list their own prices,
 * which the stored copies did not hold).
 *
 * `via` says how each price was read: "AWS page (stored copy)" when a copy of AWS's own page held
 * the number; "secondary" when only third-party pages quoting AWS's page did (they are named), so a
 * reviewer knows which numbers to check before relying on them.
 */

export interface Price {
  /** What is priced, in words. */
  readonly what: string;
  readonly usd: number;
  /** The unit the price is per: "GB-month", "1,000 requests", "month". */
  readonly unit: string;
  readonly region: string;
  /** The AWS pricing (or documentation) page the price belongs to. */
  readonly page: string;
  /** How it was read: AWS's page itself (stored copy), or which secondary source quoted it. */
  readonly via: string;
  /** When it was read (YYYY-MM-DD). */
  readonly read: string;
}

export const PRICES_READ_ON = '2026-11-22';
const US_EAST_1 = 'us-east-1';
const S3_PAGE = 'https://aws.amazon.com/s3/pricing/';
const S3_COPY = 'AWS page (stored copy of its US East (N. Virginia) tables and footnotes)';

const s3 = (what: string, usd: number, unit: string): Price => ({
  what,
  usd,
  unit,
  region: US_EAST_1,
  page: S3_PAGE,
  via: S3_COPY,
  read: PRICES_READ_ON,
});

const price = (what: string, usd: number, unit: string, page: string, via: string): Price => ({
  what,
  usd,
  unit,
  region: US_EAST_1,
  page,
  via,
  read: PRICES_READ_ON,
});

/** S3 storage classes the model prices (lifecycle and replication targets). */
export const STORAGE_CLASSES = [
  'STANDARD',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER_IR',
  'GLACIER',
  'DEEP_ARCHIVE',
] as const;
export type StorageClass = (typeof STORAGE_CLASSES)[number];

/** Storage per GB-month (first 50 TB for S3 Standard; 1 GB = 2^30 bytes, as S3 bills). */
export const S3_STORAGE: Record<StorageClass, Price> = {
  STANDARD: s3('S3 Standard storage, first 50 TB', 0.023, 'GB-month'),
  STANDARD_IA: s3('S3 Standard-IA storage', 0.0125, 'GB-month'),
  ONEZONE_IA: s3('S3 One Zone-IA storage', 0.01, 'GB-month'),
  // Objects under 128 KB stay in the Frequent Access tier at S3 Standard rates; larger ones may move
  // down, which the model does not follow (a ceiling, and the app never uses this class).
  INTELLIGENT_TIERING: s3('S3 Intelligent-Tiering, Frequent Access tier, first 50 TB', 0.023, 'GB-month'),
  GLACIER_IR: s3('S3 Glacier Instant Retrieval storage', 0.004, 'GB-month'),
  GLACIER: s3('S3 Glacier Flexible Retrieval storage', 0.0036, 'GB-month'),
  DEEP_ARCHIVE: s3('S3 Glacier Deep Archive storage', 0.00099, 'GB-month'),
};

/** PUT (and replication PUT) requests into a class, per 1,000. */
export const S3_PUT: Record<StorageClass, Price> = {
  STANDARD: s3('PUT into S3 Standard', 0.005, '1,000 requests'),
  STANDARD_IA: s3('PUT into S3 Standard-IA', 0.01, '1,000 requests'),
  ONEZONE_IA: s3('PUT into S3 One Zone-IA', 0.01, '1,000 requests'),
  INTELLIGENT_TIERING: s3('PUT into S3 Intelligent-Tiering', 0.005, '1,000 requests'),
  GLACIER_IR: s3('PUT into S3 Glacier Instant Retrieval', 0.02, '1,000 requests'),
  GLACIER: s3('PUT into S3 Glacier Flexible Retrieval', 0.03, '1,000 requests'),
  DEEP_ARCHIVE: s3('PUT into S3 Glacier Deep Archive', 0.05, '1,000 requests'),
};

/** Lifecycle transition requests into a class, per 1,000 ("represents requests to that storage class"). */
export const S3_TRANSITION: Record<StorageClass, Price> = {
  STANDARD: s3('transition into S3 Standard (lifecycle never does)', 0, '1,000 requests'),
  STANDARD_IA: s3('lifecycle transition into S3 Standard-IA', 0.01, '1,000 requests'),
  ONEZONE_IA: s3('lifecycle transition into S3 One Zone-IA', 0.01, '1,000 requests'),
  INTELLIGENT_TIERING: s3('lifecycle transition into S3 Intelligent-Tiering', 0.01, '1,000 requests'),
  GLACIER_IR: s3('lifecycle transition into S3 Glacier Instant Retrieval', 0.02, '1,000 requests'),
  GLACIER: s3('lifecycle transition into S3 Glacier Flexible Retrieval', 0.03, '1,000 requests'),
  DEEP_ARCHIVE: s3('lifecycle transition into S3 Glacier Deep Archive', 0.05, '1,000 requests'),
};

/** Billing rules of the S3 page's footnotes that the model applies (no price of their own). */
export const S3_RULES = {
  /** IA, One Zone-IA and Glacier IR bill smaller objects as 128 KB. */
  minimumBillableBytes: 128 * 1024,
  minimumBillableClasses: ['STANDARD_IA', 'ONEZONE_IA', 'GLACIER_IR'] as readonly StorageClass[],
  /** Days billed at least once an object enters the class (deleted or moved earlier: the rest is charged). */
  minimumDays: { STANDARD_IA: 30, ONEZONE_IA: 30, GLACIER_IR: 90, GLACIER: 90, DEEP_ARCHIVE: 180 } as Partial<Record<StorageClass, number>>,
  /** Per archived object in Glacier Flexible Retrieval and Deep Archive: 32 KB at the class's rate, 8 KB at S3 Standard's. */
  archiveOverheadBytes: 32 * 1024,
  archiveStandardOverheadBytes: 8 * 1024,
  archiveClasses: ['GLACIER', 'DEEP_ARCHIVE'] as readonly StorageClass[],
  /** 1 GB = 2^30 bytes ("binary gigabytes"). */
  bytesPerGb: 2 ** 30,
  source: `${S3_PAGE} (storage footnotes ** and ***, "binary gigabytes"), ${S3_COPY}, read ${PRICES_READ_ON}`,
} as const;

/** Everything else the model prices, by id. */
export const PRICES = {
  interRegionTransfer: s3('S3 data transfer to another AWS region (replication), from US East to Europe', 0.02, 'GB'),
  kmsKey: price(
    'AWS KMS customer managed key (the first and second yearly rotation add $1 each, capped there)',
    1,
    'key-month',
    'https://aws.amazon.com/kms/pricing/',
    'AWS page (stored copies): "$1/month (prorated hourly)"; rotation text quoted by secondary pages (2025-2026)',
  ),
  kmsRequests: price(
    'AWS KMS requests (symmetric), beyond 20,000 free a month',
    0.03,
    '10,000 requests',
    'https://aws.amazon.com/kms/pricing/',
    'AWS page (stored copy): "$0.03 per 10,000 requests"',
  ),
  cloudTrailManagementCopies: price(
    'CloudTrail management events, additional copies (a second trail recording the same events)',
    2,
    '100,000 events',
    'https://aws.amazon.com/cloudtrail/pricing/',
    'AWS page (stored copy): "The first copy of management events is delivered free of charge. Additional copies of management events are charged at $2.00 per 100,000 events."',
  ),
  cloudTrailDataEvents: price(
    'CloudTrail data events delivered',
    0.1,
    '100,000 events',
    'https://aws.amazon.com/cloudtrail/pricing/',
    'AWS page (stored copy): "charged at $0.10 per 100,000 events"',
  ),
  cloudTrailInsights: price(
    'CloudTrail Insights, management events analyzed (per Insights type)',
    0.35,
    '100,000 events',
    'https://aws.amazon.com/cloudtrail/pricing/',
    'secondary: AWS Price List API dump of 2025-10-28 in a public repository ($0.0035 per 1,000) and study guides quoting the page',
  ),
  logsIngestion: price(
    'CloudWatch Logs ingestion, Standard class',
    0.5,
    'GB',
    'https://aws.amazon.com/cloudwatch/pricing/',
    'secondary: AWS Price List API dump of 2025-10-28 in a public repository; cloudburn.io and hykell.com (2026) quoting the page',
  ),
  logsStorage: price(
    'CloudWatch Logs storage (archival, compressed)',
    0.03,
    'GB-month',
    'https://aws.amazon.com/cloudwatch/pricing/',
    'secondary: AWS Price List API dump of 2025-10-28 in a public repository; hykell.com (2026) quoting the page',
  ),
  snsPublish: price(
    'SNS standard topic publishes, beyond 1 million free a month',
    0.5,
    'million requests',
    'https://aws.amazon.com/sns/pricing/',
    'secondary: factualminds.com (June 2026) and AWS samples tables quoting the page',
  ),
  snsHttpsDelivery: price(
    'SNS deliveries to HTTP/S endpoints (SQS and Lambda deliveries are not charged by SNS)',
    0.6,
    'million deliveries',
    'https://aws.amazon.com/sns/pricing/',
    'secondary: factualminds.com (June 2026) quoting the page',
  ),
  snsEmailDelivery: price(
    'SNS deliveries to email',
    2,
    '100,000 deliveries',
    'https://aws.amazon.com/sns/pricing/',
    'secondary: factualminds.com (June 2026)',
  ),
  crossAccountEvents: price(
    'EventBridge cross-account events sent (AWS service events on the default bus are free)',
    1,
    'million events',
    'https://aws.amazon.com/eventbridge/pricing/',
    'secondary: a table quoting the page ("Cross-account events: $1.00/million cross-account events sent") and cloudburn.io (March 2026)',
  ),
  sqsRequests: price(
    'SQS standard queue requests, beyond 1 million free a month',
    0.4,
    'million requests',
    'https://aws.amazon.com/sqs/pricing/',
    'secondary: cloudburn.io (March 2026) and factualminds.com (June 2026) quoting the page',
  ),
  ssmAdvancedParameter: price(
    'SSM Parameter Store advanced parameter (standard parameters: no additional charge, per the Systems Manager user guide)',
    0.05,
    'parameter-month',
    'https://aws.amazon.com/systems-manager/pricing/',
    'secondary: think-with-tech.blogspot.com (2025); the free standard tier is from AWS docs (parameter-store-advanced-parameters)',
  ),
} as const satisfies Record<string, Price>;

/** Prices AWS charges nothing for, with where AWS says so. */
export const FREE = {
  iam: 'IAM roles and policies: "IAM is a feature of your AWS account offered at no additional charge" (AWS IAM documentation)',
  serviceEvents:
    'EventBridge rules on the default bus matching AWS service events: "AWS service events: Free" (EventBridge pricing, as quoted); a Systems Manager Automation target bills its runbook steps per execution (Systems Manager pricing), not priced here',
  ssmStandard: 'SSM standard parameters: "No additional charge" (Systems Manager user guide, parameter tiers)',
  sqsAtRest: 'an SQS queue costs nothing at rest; SSE-SQS (SQS managed encryption) adds no charge',
} as const;

/** Prices the model needs and could not find in the corpus, said in the report instead of invented. */
export const NOT_FOUND = [
  'EventBridge cross-region delivery (a member rule in another region targeting the central bus): the corpus has no AWS statement; the model charges each forwarded event once, as a cross-account event',
  'S3 server access log delivery: AWS documents no object count for log files, so their PUTs are not priced (storage is)',
] as const;
