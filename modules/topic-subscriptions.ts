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
 * Whether the topic owner's Terraform can create this subscription. SNS makes the owner of an
 * endpoint in another account confirm the subscription (API_Subscribe), and the provider waits only
 * two minutes for that on SQS and Lambda, then fails: such endpoints subscribe from their own
 * account, where no confirmation is needed. Email and HTTPS are created pending confirmation.
 */
export function createdByTopicOwner(subscription: TopicSubscription, topicAccountId: string, topicRegion?: string): boolean {
  if (!isArnProtocol(subscription.protocol)) return true;
  if (endpointAccount(subscription.endpoint) !== topicAccountId) return false;
  // A function in another region needs its invoke permission created there: left to its owner too.
  return !(subscription.protocol === 'lambda' && topicRegion !== undefined && endpointRegion(subscription.endpoint) !== topicRegion);
}

/** Region inside an `arn:aws:<service>:<region>:<account>:...` endpoint. */
export function endpointRegion(arn: string): string {
  return arn.split(':')[3] ?? '';
}

/**
 * The commands the endpoint's own account runs to subscribe (the topic policy allows exactly this);
 * a Lambda function first lets SNS invoke it for this topic only.
 */
export function subscribeCommand(subscription: TopicSubscription, topicArn: string): string {
  const region = topicArn.split(':')[3];
  const raw = subscription.rawMessageDelivery ? ' --attributes RawMessageDelivery=true' : '';
  const subscribe = `aws sns subscribe --topic-arn ${topicArn} --protocol ${subscription.protocol} --notification-endpoint ${subscription.endpoint}${raw} --region ${region}`;
  if (subscription.protocol !== 'lambda') return subscribe;
  const topicName = topicArn.split(':')[5];
  const permission = `aws lambda add-permission --function-name ${subscription.endpoint} --statement-id sns-${topicName} --action lambda:InvokeFunction --principal sns.amazonaws.com --source-arn ${topicArn} --region ${endpointRegion(subscription.endpoint)}`;
  return `${permission} && ${subscribe}`;
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
