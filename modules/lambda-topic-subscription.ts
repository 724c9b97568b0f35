import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import type { ILambdaFunction } from './references';
import { snsTopicArnProblems, unqualifiedLambdaFunctionArnProblems } from './rules/arns';
import { problemMessage } from './rules/problem';
import { endpointRegion } from './topic-subscriptions';

export interface LambdaTopicSubscriptionProps {
  /** The function, in the account and region of the stack's provider. */
  readonly function: ILambdaFunction;
  /** The topic, by literal ARN: in this region, in this account or another. */
  readonly topic: { readonly topicArn: string };
  /** @default - `sns-<topic name>` (as the `aws lambda add-permission` command of `pendingSubscriptions`) */
  readonly statementId?: string;
  /** @default - the stack's default provider (which must be in the function's account and region) */
  readonly provider?: TerraformProvider;
}

/**
 * Subscribes a Lambda function to an SNS topic from the function's own account: an invoke
 * permission for SNS scoped to that topic, then the subscription, which waits for it.
 *
 * Why from the function's account: for cross-account delivery AWS's tutorial creates the
 * subscription in the function's account ("Create a subscription (account B)", Lambda developer
 * guide, with-sns-example.html); created by the topic owner it would wait for a confirmation that
 * the provider gives up on after two minutes (aws_sns_topic_subscription, internal/service/sns/
 * topic_subscription.go), and the Terraform docs say to use the endpoint account's provider
 * (registry: aws_sns_topic_subscription, cross-account notes). The topic's policy must allow that
 * account to subscribe exactly this function (`NotificationTopic.grantSubscribe`), so the topic's
 * stack is applied first.
 *
 * The permission follows `aws lambda add-permission --principal sns.amazonaws.com --source-arn
 * <topic>` (same tutorial). No `source_account`: "Source account is not supported for Amazon SNS
 * event sources and will result in access being denied" (same page). `sns.amazonaws.com` is the
 * principal because topic and function share a region; only delivery from an opt-in region to
 * another region needs `sns.<region>.amazonaws.com` (sns/latest/dg/lambda-prereq.html), and a
 * topic in another region is refused here (Subscribe must then run in the topic's region).
 */
export class LambdaTopicSubscription extends Construct {
  public readonly permission: LambdaPermission;
  public readonly subscription: SnsTopicSubscription;

  constructor(scope: Construct, id: string, props: LambdaTopicSubscriptionProps) {
    super(scope, id);
    const functionArn = props.function.functionArn;
    const topicArn = props.topic.topicArn;
    const problems = [...unqualifiedLambdaFunctionArnProblems(functionArn), ...snsTopicArnProblems(topicArn)];
    if (problems.length > 0) {
      throw new Error(problems.map((p) => `${this.node.path}: ${JSON.stringify(p.value)} ${problemMessage(p)}`).join('\n'));
    }
    if (endpointRegion(topicArn) !== endpointRegion(functionArn)) {
      throw new Error(
        `${this.node.path}: topic ${topicArn} is in ${endpointRegion(topicArn)}, the function ${functionArn} in ${endpointRegion(functionArn)}; ` +
          "subscribe from the topic's region (and an opt-in region needs its regional SNS principal), or use a function in the topic's region",
      );
    }
    const topicName = topicArn.split(':')[5];
    const waitFor = props.function.dependables ?? [];

    this.permission = new LambdaPermission(this, 'InvokePermission', {
      provider: props.provider,
      statementId: props.statementId ?? `sns-${topicName}`.slice(0, 100),
      action: 'lambda:InvokeFunction',
      functionName: functionArn,
      principal: 'sns.amazonaws.com',
      sourceArn: topicArn,
      dependsOn: waitFor.length > 0 ? [...waitFor] : undefined,
    });
    // The permission first: a message published between the two would otherwise be refused.
    this.subscription = new SnsTopicSubscription(this, 'Subscription', {
      provider: props.provider,
      topicArn,
      protocol: 'lambda',
      endpoint: functionArn,
      dependsOn: [...waitFor, this.permission],
    });
  }
}
