import {
  accountRootArn,
  accountTrailsPattern,
  bucketArn,
  defaultAccessLogBucketName,
  eventBusArn,
  eventRuleArn,
  iamRoleArn,
  kinesisStreamArn,
  kmsAliasArn,
  logGroupArn,
  POLICY_LIMITS,
  snsTopicArn,
  sqsQueueArn,
  trailArn,
  withPrefix,
} from '../../modules/arns';

describe('arns', () => {
  describe('literal ARNs', () => {
    it('builds account root and role ARNs (IAM is global: no region)', () => {
      expect(accountRootArn('111111111111')).toBe('arn:aws:iam::111111111111:root');
      expect(iamRoleArn('111111111111', 'org-trail-cloudwatch-logs')).toBe('arn:aws:iam::111111111111:role/org-trail-cloudwatch-logs');
    });

    it('builds a trail ARN from home region, owner account and name', () => {
      expect(trailArn('eu-west-1', '111111111111', 'org-trail')).toBe('arn:aws:cloudtrail:eu-west-1:111111111111:trail/org-trail');
    });

    it('matches every trail of one account, in any region, as the CloudTrail encryption context pattern', () => {
      expect(accountTrailsPattern('444444444444')).toBe('arn:aws:cloudtrail:*:444444444444:trail/*');
    });

    it('builds an S3 bucket ARN without region or account', () => {
      expect(bucketArn('org-logs')).toBe('arn:aws:s3:::org-logs');
    });

    it('builds KMS alias, SNS topic and log group ARNs in their region and account', () => {
      expect(kmsAliasArn('eu-west-1', '222222222222', 'alias/org-logs')).toBe('arn:aws:kms:eu-west-1:222222222222:alias/org-logs');
      expect(snsTopicArn('eu-west-1', '111111111111', 'deliveries')).toBe('arn:aws:sns:eu-west-1:111111111111:deliveries');
      expect(logGroupArn('eu-west-1', '111111111111', 'cloudtrail/org')).toBe(
        'arn:aws:logs:eu-west-1:111111111111:log-group:cloudtrail/org',
      );
    });

    it('builds event bus, SQS queue and Kinesis stream ARNs in their region and account', () => {
      expect(eventBusArn('eu-west-1', '333333333333', 'deployments')).toBe('arn:aws:events:eu-west-1:333333333333:event-bus/deployments');
      expect(sqsQueueArn('eu-west-1', '333333333333', 'deploy-events')).toBe('arn:aws:sqs:eu-west-1:333333333333:deploy-events');
      expect(kinesisStreamArn('eu-west-1', '333333333333', 'deploy-events')).toBe(
        'arn:aws:kinesis:eu-west-1:333333333333:stream/deploy-events',
      );
    });

    it('names the bus in the ARN of a rule on a custom bus, and leaves it out on the default bus', () => {
      expect(eventRuleArn('eu-west-1', '333333333333', 'deployments', 'failures')).toBe(
        'arn:aws:events:eu-west-1:333333333333:rule/deployments/failures',
      );
      expect(eventRuleArn('eu-west-1', '333333333333', 'default', 'failures')).toBe('arn:aws:events:eu-west-1:333333333333:rule/failures');
    });
  });

  describe('key prefixes', () => {
    it('joins a prefix and a path with one slash', () => {
      expect(withPrefix('cloudtrail', 'AWSLogs/')).toBe('cloudtrail/AWSLogs/');
    });

    it('leaves the path alone without a prefix (absent or empty)', () => {
      expect(withPrefix(undefined, 'AWSLogs/')).toBe('AWSLogs/');
      expect(withPrefix('', 'AWSLogs/')).toBe('AWSLogs/');
    });
  });

  describe('names', () => {
    it('names the access-log bucket after the bucket it logs', () => {
      expect(defaultAccessLogBucketName('org-logs')).toBe('org-logs-access-logs');
    });
  });

  describe('policy limits', () => {
    it('holds the AWS limits: S3 bucket policy 20 KB, KMS key policy 32 KB, SNS topic policy 30 KB and 100 statements, SCP and RCP 5,120 characters, event bus policy 10,240 characters, SQS queue policy 8 KB and 20 statements, role trust policy 2,048 characters', () => {
      expect(POLICY_LIMITS).toEqual({
        s3BucketPolicy: 20480,
        kmsKeyPolicy: 32768,
        snsTopicPolicy: 30720,
        snsTopicPolicyStatements: 100,
        organizationPolicy: 5120,
        eventBusPolicy: 10240,
        sqsQueuePolicy: 8192,
        sqsQueuePolicyStatements: 20,
        iamRoleTrustPolicy: 2048,
      });
    });
  });
});
