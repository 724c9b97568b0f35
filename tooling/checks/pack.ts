/**
 * The rule pack `npm run check` runs: every rule of tooling/checks/rules, grouped by what it guards.
 * A new rule is a file in rules/ (one rule per file, named after its id) added here.
 */
import { CloudFormationStackSetAutoDeploys } from './rules/cloudformation-stack-set-auto-deploys';
import { CloudTrailCloudWatchLogsIntegrated } from './rules/cloudtrail-cloudwatch-logs-integrated';
import { CloudTrailEncryptedWithKms } from './rules/cloudtrail-encrypted-with-kms';
import { CloudTrailLogFileValidationEnabled } from './rules/cloudtrail-log-file-validation-enabled';
import { CloudTrailLoggingEnabled } from './rules/cloudtrail-logging-enabled';
import { CloudTrailManagementEventsAll } from './rules/cloudtrail-management-events-all';
import { CloudTrailMultiRegion } from './rules/cloudtrail-multi-region';
import { CloudWatchLogGroupEncrypted } from './rules/cloudwatch-log-group-encrypted';
import { CloudWatchLogGroupHasCisAlarms } from './rules/cloudwatch-log-group-has-cis-alarms';
import { CloudWatchLogGroupRetentionAtLeastYear } from './rules/cloudwatch-log-group-retention-at-least-year';
import { CloudWatchMetricAlarmHasAction } from './rules/cloudwatch-metric-alarm-has-action';
import { EventBusEncrypted } from './rules/event-bus-encrypted';
import { EventTargetHasDeadLetterQueue } from './rules/event-target-has-dead-letter-queue';
import { EvidenceResourcesPreventDestroy } from './rules/evidence-resources-prevent-destroy';
import { IamPolicyNoKmsDecryptOnAllKeys } from './rules/iam-policy-no-kms-decrypt-on-all-keys';
import { IamRoleTrustHasConfusedDeputyCondition } from './rules/iam-role-trust-has-confused-deputy-condition';
import { KinesisStreamEncrypted } from './rules/kinesis-stream-encrypted';
import { KmsKeyEnabled } from './rules/kms-key-enabled';
import { KmsKeyPolicyNoWildcardPrincipal } from './rules/kms-key-policy-no-wildcard-principal';
import { KmsKeyRotationEnabled } from './rules/kms-key-rotation-enabled';
import { LambdaFunctionHasConcurrencyLimitOrDlq } from './rules/lambda-function-has-concurrency-limit-or-dlq';
import { LambdaFunctionLogGroupManaged } from './rules/lambda-function-log-group-managed';
import { ResourcePolicyServiceGrantScopedToSource } from './rules/resource-policy-service-grant-scoped-to-source';
import { S3BucketAccessLogging } from './rules/s3-bucket-access-logging';
import { S3BucketAclsDisabled } from './rules/s3-bucket-acls-disabled';
import { S3BucketEncryptedWithKms } from './rules/s3-bucket-encrypted-with-kms';
import { S3BucketObjectLockEnabled } from './rules/s3-bucket-object-lock-enabled';
import { S3BucketPolicyNoCrossAccountAdministration } from './rules/s3-bucket-policy-no-cross-account-administration';
import { S3BucketPolicyNoWildcardPrincipal } from './rules/s3-bucket-policy-no-wildcard-principal';
import { S3BucketPublicAccessBlocked } from './rules/s3-bucket-public-access-blocked';
import { S3BucketTlsOnly } from './rules/s3-bucket-tls-only';
import { S3BucketVersioningEnabled } from './rules/s3-bucket-versioning-enabled';
import { SnsSubscriptionProtocolNotHttp } from './rules/sns-subscription-protocol-not-http';
import { SnsTopicEncrypted } from './rules/sns-topic-encrypted';
import { SnsTopicPolicyNoUnconditionedCrossAccount } from './rules/sns-topic-policy-no-unconditioned-cross-account';
import { SnsTopicPolicyNotPublic } from './rules/sns-topic-policy-not-public';
import { SqsQueueEncrypted } from './rules/sqs-queue-encrypted';
import { SqsQueueHasDeadLetterQueue } from './rules/sqs-queue-has-dead-letter-queue';
import { SqsQueuePolicyNotPublic } from './rules/sqs-queue-policy-not-public';
import type { Rule } from './types';

export const PACK: readonly Rule[] = [
  // The trail (CIS 3.1, 3.2, 3.5; CloudTrail.1-5).
  CloudTrailMultiRegion,
  CloudTrailManagementEventsAll,
  CloudTrailLogFileValidationEnabled,
  CloudTrailEncryptedWithKms,
  CloudTrailLoggingEnabled,
  CloudTrailCloudWatchLogsIntegrated,
  // The archive and access-log buckets (CIS 3.4; S3.x).
  S3BucketPublicAccessBlocked,
  S3BucketTlsOnly,
  S3BucketVersioningEnabled,
  S3BucketEncryptedWithKms,
  S3BucketAccessLogging,
  S3BucketObjectLockEnabled,
  S3BucketAclsDisabled,
  S3BucketPolicyNoCrossAccountAdministration,
  S3BucketPolicyNoWildcardPrincipal,
  // Keys (CIS 3.6; KMS.x).
  KmsKeyRotationEnabled,
  KmsKeyPolicyNoWildcardPrincipal,
  KmsKeyEnabled,
  // Lose nothing.
  EvidenceResourcesPreventDestroy,
  // Monitoring: CloudWatch Logs and alarms (CIS 4.x).
  CloudWatchLogGroupEncrypted,
  CloudWatchLogGroupRetentionAtLeastYear,
  CloudWatchLogGroupHasCisAlarms,
  CloudWatchMetricAlarmHasAction,
  // Notification and deployment-event delivery.
  SnsTopicEncrypted,
  SnsTopicPolicyNotPublic,
  SnsTopicPolicyNoUnconditionedCrossAccount,
  SnsSubscriptionProtocolNotHttp,
  EventBusEncrypted,
  EventTargetHasDeadLetterQueue,
  SqsQueueEncrypted,
  SqsQueueHasDeadLetterQueue,
  SqsQueuePolicyNotPublic,
  KinesisStreamEncrypted,
  LambdaFunctionHasConcurrencyLimitOrDlq,
  LambdaFunctionLogGroupManaged,
  CloudFormationStackSetAutoDeploys,
  // Identity and resource policies.
  IamRoleTrustHasConfusedDeputyCondition,
  ResourcePolicyServiceGrantScopedToSource,
  IamPolicyNoKmsDecryptOnAllKeys,
];
