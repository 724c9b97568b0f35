// The `notifications` section's schema, apart from its cross-field checks (../notifications.ts), which read ParsedConfig.

import { z } from 'zod';
import { LAMBDA_FUNCTION_ARN, SQS_QUEUE_ARN } from '../../../modules/rules/arns';
import { SNS_TOPIC_NAME } from '../../../modules/rules/names';
import { bool, kmsAlias, matching } from '../fields';

/** The organization trail's delivery topic. */
export const TRAIL_TOPIC_DEFAULTS = {
  keyAliasName: 'alias/org-trail-notifications',
  topicName: (trailName: string): string => `${trailName}-log-delivery`,
} as const;

/** `notifications`: the SNS topic announcing each log delivery, and its subscriptions. */

const email = z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, { error: 'is not an email address. Fix: write it as name@example.com' });
const sqsArn = matching(SQS_QUEUE_ARN);
const lambdaArn = matching(LAMBDA_FUNCTION_ARN);
const httpsUrl = z.string().regex(/^https:\/\/[^\s/$.?#][^\s]*$/, {
  error: 'is not an HTTPS URL (notifications must not travel unencrypted). Fix: use an https:// URL',
});

export const subscription = z.discriminatedUnion(
  'protocol',
  [
    z.strictObject({ protocol: z.literal('email'), endpoint: email }),
    z.strictObject({ protocol: z.literal('sqs'), endpoint: sqsArn, rawMessageDelivery: bool.default(false) }),
    z.strictObject({ protocol: z.literal('lambda'), endpoint: lambdaArn }),
    z.strictObject({ protocol: z.literal('https'), endpoint: httpsUrl, rawMessageDelivery: bool.default(false) }),
  ],
  {
    error:
      'needs a "protocol" of "email", "sqs", "lambda" or "https" (plain http and SMS are not offered). Fix: set "protocol" to "email", "sqs", "lambda" or "https"',
  },
);

export const snsTopicName = matching(SNS_TOPIC_NAME);

export const notificationsSection = z.strictObject({
  topicName: snsTopicName.optional(),
  keyAlias: kmsAlias.default(TRAIL_TOPIC_DEFAULTS.keyAliasName),
  subscriptions: z
    .array(subscription)
    .max(100, { error: 'lists more than 100 subscriptions. Fix: fan out through one SQS queue or Lambda function instead' })
    .default([]),
});
