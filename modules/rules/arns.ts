import { type PatternRule, type Problem, patternProblems } from './problem';

/*
 * ARNs that constructs and the config take from outside (aws partition only, like every ARN this
 * module renders: COMMERCIAL_REGIONS). Formats from the service authorization reference's resource
 * types (reference_policies_actions-resources-contextkeys.html) and each service's naming rule.
 */

const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d';

/**
 * A standard SQS queue: `arn:aws:sqs:<region>:<account>:<name>`, the name 1-80 of letters, digits,
 * `-` and `_` (SQS CreateQueue QueueName). FIFO queues (`.fifo`) cannot subscribe to a standard
 * topic nor be a Lambda on-failure destination of an asynchronous invocation.
 */
export const SQS_QUEUE_ARN: PatternRule = {
  pattern: new RegExp(`^arn:aws:sqs:${REGION}:\\d{12}:[A-Za-z0-9_-]{1,80}$`),
  rule: 'is not a standard SQS queue ARN (arn:aws:sqs:<region>:<account>:<name>; FIFO queues cannot subscribe to a standard topic or be a destination)',
  fix: 'write arn:aws:sqs:<region>:<account>:<queue name> of a standard queue',
};

/**
 * A Lambda function: `arn:aws:lambda:<region>:<account>:function:<name>`, the name 1-64 of letters,
 * digits, `-` and `_`, with a version or alias qualifier (1-128 of letters, digits, `$`, `-`, `_`)
 * where the caller accepts one (Lambda Invoke FunctionName; AddPermission Qualifier).
 */
export const LAMBDA_FUNCTION_ARN: PatternRule = {
  pattern: new RegExp(`^arn:aws:lambda:${REGION}:\\d{12}:function:[A-Za-z0-9_-]{1,64}(?::[A-Za-z0-9$_-]{1,128})?$`),
  rule: 'is not a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>[:<alias>])',
  fix: 'write arn:aws:lambda:<region>:<account>:function:<name>[:<alias>]',
};

/** The same without a qualifier: an SNS subscription and its permission name the function itself. */
const UNQUALIFIED_LAMBDA_FUNCTION_ARN: PatternRule = {
  pattern: new RegExp(`^arn:aws:lambda:${REGION}:\\d{12}:function:[A-Za-z0-9_-]{1,64}$`),
  rule: 'is not an unqualified Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>)',
  fix: 'write arn:aws:lambda:<region>:<account>:function:<name>, without a version or alias',
};

/** A standard SNS topic: `arn:aws:sns:<region>:<account>:<name>`, the name 1-256 of letters, digits, `_` and `-` (SNS CreateTopic Name). */
const SNS_TOPIC_ARN: PatternRule = {
  pattern: new RegExp(`^arn:aws:sns:${REGION}:\\d{12}:[A-Za-z0-9_-]{1,256}$`),
  rule: 'is not an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)',
  fix: 'write arn:aws:sns:<region>:<account>:<topic name>',
};

/**
 * A KMS key by its key ARN: IAM and key policies authorize on the key ARN, never on an alias
 * (kms/latest/developerguide/cmks-in-iam-policies.html: "you cannot use an alias ARN" as the Resource).
 */
const KMS_KEY_ARN: PatternRule = {
  pattern: new RegExp(`^arn:aws:kms:${REGION}:\\d{12}:key/[A-Za-z0-9-]+$`),
  rule: 'is not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>); IAM authorizes a key by its key ARN, not an alias',
  fix: 'give the key ARN (aws kms describe-key --key-id <alias> --query KeyMetadata.Arn)',
};

/** A KMS key or alias ARN, where AWS resolves either (the S3 backend's kms_key_id). */
export const KMS_KEY_OR_ALIAS_ARN: PatternRule = {
  pattern: new RegExp(`^arn:aws:kms:${REGION}:\\d{12}:(?:key/[A-Za-z0-9-]+|alias/[A-Za-z0-9/_-]+)$`),
  rule: 'is not a KMS key or alias ARN (arn:aws:kms:<region>:<account>:key/<id> or :alias/<name>)',
  fix: 'write arn:aws:kms:<region>:<account>:key/<id>',
};

/**
 * A custom event bus: `arn:aws:events:<region>:<account>:event-bus/<name>` (EventBridge CreateEventBus
 * Name: 1-256 of letters, digits, `.`, `_`, `-` and `/`). Commercial partition only: cross-Region bus
 * targets exclude GovCloud and China (aws-facts.md §6).
 */
const EVENT_BUS_ARN: PatternRule = {
  pattern: new RegExp(`^arn:aws:events:${REGION}:\\d{12}:event-bus/[A-Za-z0-9._/-]{1,256}$`),
  rule: 'is not an event bus ARN (arn:aws:events:<region>:<account>:event-bus/<name>)',
  fix: 'write the ARN of the central bus, arn:aws:events:<region>:<account>:event-bus/<name>',
};

export const eventBusArnProblems = (arn: string): Problem[] => patternProblems(EVENT_BUS_ARN, arn);
export const sqsQueueArnProblems = (arn: string): Problem[] => patternProblems(SQS_QUEUE_ARN, arn);
export const lambdaFunctionArnProblems = (arn: string): Problem[] => patternProblems(LAMBDA_FUNCTION_ARN, arn);
export const unqualifiedLambdaFunctionArnProblems = (arn: string): Problem[] => patternProblems(UNQUALIFIED_LAMBDA_FUNCTION_ARN, arn);
export const snsTopicArnProblems = (arn: string): Problem[] => patternProblems(SNS_TOPIC_ARN, arn);
export const kmsKeyArnProblems = (arn: string): Problem[] => patternProblems(KMS_KEY_ARN, arn);
