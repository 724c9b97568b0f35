import { createHash } from 'node:crypto';

export type SubscriptionProtocol = 'email' | 'sqs' | 'lambda' | 'https';

export interface TopicSubscription {
  readonly protocol: SubscriptionProtocol;
  /** Email address, SQS queue ARN, Lambda function ARN or HTTPS URL. */
  readonly endpoint: string;
  /** @default false - SQS/HTTPS receive the SNS envelope; true delivers the message as is */
  readonly rawMessageDelivery?: boolean;
}

/** Account ID inside an `arn:aws:<service>:<region>:<account>:...` endpoint. */
export function endpointAccount(arn: string): string {
  return arn.split(':')[4] ?? '';
}

/** Protocols whose endpoint is an ARN of an AWS resource (and so belongs to an account). */
export function isArnProtocol(protocol: SubscriptionProtocol): protocol is 'sqs' | 'lambda' {
  return protocol === 'sqs' || protocol === 'lambda';
}

/**
 * Whether the topic owner's Terraform can create this subscription. A cross-account SQS queue
 * must subscribe from its own account (SNS makes the queue owner confirm).
 */
export function createdByTopicOwner(subscription: TopicSubscription, topicAccountId: string): boolean {
  return !(subscription.protocol === 'sqs' && endpointAccount(subscription.endpoint) !== topicAccountId);
}

/** Construct id of a subscription: derived from the endpoint, never from the list position. */
export function subscriptionId(subscription: TopicSubscription): string {
  const digest = createHash('sha256').update(`${subscription.protocol}:${subscription.endpoint}`).digest('hex').slice(0, 8);
  const readable = subscription.endpoint
    .replace(/^https:\/\//, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .slice(-40);
  return `Subscription-${subscription.protocol}-${readable}-${digest}`;
}
