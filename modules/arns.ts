/**
 * ARNs computed from configuration, so policies hold literal values a reviewer can read
 * and a plan can be made offline. Partition is `aws` (commercial regions).
 */

export const PARTITION = 'aws';

/**
 * AWS size limits of the policies this library renders (bytes of minified JSON; the ones AWS counts
 * in characters are ASCII here, so bytes and characters agree). Paths are under docs.aws.amazon.com.
 */
export const POLICY_LIMITS = {
  /** S3 bucket policy: "Bucket policies are limited to 20 KB in size" (AmazonS3/latest/userguide/using-iam-policies.html). */
  s3BucketPolicy: 20 * 1024,
  /** KMS key policy: 32 KB (32,768 bytes), not adjustable (kms/latest/developerguide/resource-limits.html#key-policy-limit). */
  kmsKeyPolicy: 32 * 1024,
  /**
   * SNS topic policy: 30 KB and 100 statements (sns/latest/dg/sns-access-policy-language-api-permissions-reference.html,
   * "Policy quotas"); IAM Access Analyzer's SnsTopicConfiguration caps topicPolicy at 30,720 characters.
   */
  snsTopicPolicy: 30 * 1024,
  snsTopicPolicyStatements: 100,
  /** SCPs and RCPs: 5,120 characters, whitespace included when saved through the API (AWS Organizations quotas). */
  organizationPolicy: 5120,
  /** EventBridge event bus policy: 10,240 characters (EventBridge quotas, eventbridge/latest/userguide/eb-quota.html). */
  eventBusPolicy: 10240,
  /** SQS queue policy: 8,192 bytes and 20 statements (SQS quotas, AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-policies.html). */
  sqsQueuePolicy: 8192,
  sqsQueuePolicyStatements: 20,
  /**
   * IAM role trust policy: 2,048 characters by default, whitespace not counted; an adjustable quota
   * ("Role trust policy length", IAM/latest/UserGuide/reference_iam-quotas.html; GetAccountSummary's
   * AssumeRolePolicySizeQuota counts non-whitespace characters). The default is the safe limit.
   */
  iamRoleTrustPolicy: 2048,
} as const;

export function accountRootArn(accountId: string): string {
  return `arn:${PARTITION}:iam::${accountId}:root`;
}

export function iamRoleArn(accountId: string, roleName: string): string {
  return `arn:${PARTITION}:iam::${accountId}:role/${roleName}`;
}

/** `arn:aws:cloudtrail:<home>:<owner>:trail/<name>`; an organization trail is owned by the management account. */
export function trailArn(region: string, accountId: string, trailName: string): string {
  return `arn:${PARTITION}:cloudtrail:${region}:${accountId}:trail/${trailName}`;
}

/** The encryption-context pattern CloudTrail uses for every trail of one account. */
export function accountTrailsPattern(accountId: string): string {
  return `arn:${PARTITION}:cloudtrail:*:${accountId}:trail/*`;
}

export function bucketArn(bucketName: string): string {
  return `arn:${PARTITION}:s3:::${bucketName}`;
}

export function kmsAliasArn(region: string, accountId: string, aliasName: string): string {
  return `arn:${PARTITION}:kms:${region}:${accountId}:${aliasName}`;
}

export function snsTopicArn(region: string, accountId: string, topicName: string): string {
  return `arn:${PARTITION}:sns:${region}:${accountId}:${topicName}`;
}

export function logGroupArn(region: string, accountId: string, logGroupName: string): string {
  return `arn:${PARTITION}:logs:${region}:${accountId}:log-group:${logGroupName}`;
}

/** Joins an optional S3 key prefix (no leading or trailing slash) with a path. */
export function withPrefix(prefix: string | undefined, path: string): string {
  return prefix ? `${prefix}/${path}` : path;
}

/** The default name of the bucket receiving `bucketName`'s S3 server access logs. */
export function defaultAccessLogBucketName(bucketName: string): string {
  return `${bucketName}-access-logs`;
}

export function eventBusArn(region: string, accountId: string, busName: string): string {
  return `arn:${PARTITION}:events:${region}:${accountId}:event-bus/${busName}`;
}

/**
 * A rule on a custom bus: `arn:aws:events:<region>:<account>:rule/<bus>/<rule>` (rules on the default
 * bus omit the bus name; EventBridge user guide, eb-manage-iam-access.html, resource ARN formats).
 */
export function eventRuleArn(region: string, accountId: string, busName: string, ruleName: string): string {
  return busName === 'default'
    ? `arn:${PARTITION}:events:${region}:${accountId}:rule/${ruleName}`
    : `arn:${PARTITION}:events:${region}:${accountId}:rule/${busName}/${ruleName}`;
}

export function sqsQueueArn(region: string, accountId: string, queueName: string): string {
  return `arn:${PARTITION}:sqs:${region}:${accountId}:${queueName}`;
}

export function kinesisStreamArn(region: string, accountId: string, streamName: string): string {
  return `arn:${PARTITION}:kinesis:${region}:${accountId}:stream/${streamName}`;
}

/**
 * A Glue Data Catalog ARN: `catalog`, `database/<db>` or `table/<db>/<table>`
 * (glue/latest/dg/glue-specifying-resource-arns.html).
 */
export function glueArn(region: string, accountId: string, resource: string): string {
  return `arn:${PARTITION}:glue:${region}:${accountId}:${resource}`;
}

/** An unqualified Lambda function ARN: what SNS sends as `sns:Endpoint` and EventBridge targets. */
export function lambdaFunctionArn(region: string, accountId: string, functionName: string): string {
  return `arn:${PARTITION}:lambda:${region}:${accountId}:function:${functionName}`;
}
