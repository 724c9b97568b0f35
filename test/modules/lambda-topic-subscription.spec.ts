import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaTopicSubscription, type LambdaTopicSubscriptionProps } from '../../modules/lambda-topic-subscription';
import { AUDIT, addressAt, MANAGEMENT, resourceAt } from '../support/modules';
import { resourcesOf, synthJson, testStack } from '../support/synth';

const FUNCTION_ARN = `arn:aws:lambda:eu-west-1:${AUDIT}:function:org-chat-notifier`;
const TOPIC_ARN = `arn:aws:sns:eu-west-1:${MANAGEMENT}:org-trail-alarms`;

function newSubscription(props: Partial<LambdaTopicSubscriptionProps> = {}, withFunction = false) {
  const stack = testStack('eu-west-1');
  const fn = withFunction
    ? new LambdaFunction(stack, 'Fn', {
        functionName: 'org-chat-notifier',
        role: 'arn:aws:iam::333333333333:role/x',
        handler: 'index.handler',
        runtime: 'nodejs22.x',
        filename: 'x.zip',
      })
    : undefined;
  const subscription = new LambdaTopicSubscription(stack, 'Chat', {
    function: { functionArn: FUNCTION_ARN, dependables: fn ? [fn] : undefined },
    topic: { topicArn: TOPIC_ARN },
    ...props,
  });
  return { stack, subscription, json: synthJson(stack) };
}

describe('LambdaTopicSubscription', () => {
  describe('invoke permission', () => {
    it('lets SNS invoke the function for that topic only, with no source account (SNS does not send one)', () => {
      const { json } = newSubscription();
      expect(resourceAt(json, 'aws_lambda_permission', 'Chat/InvokePermission')).toEqual({
        statement_id: 'sns-org-trail-alarms',
        action: 'lambda:InvokeFunction',
        function_name: FUNCTION_ARN,
        principal: 'sns.amazonaws.com',
        source_arn: TOPIC_ARN,
      });
    });

    it('takes another statement id', () => {
      const { json } = newSubscription({ statementId: 'alarms-to-chat' });
      expect(resourceAt(json, 'aws_lambda_permission', 'Chat/InvokePermission')).toMatchObject({ statement_id: 'alarms-to-chat' });
    });

    it('waits for the function when it is in the same stack (the ARN alone carries no dependency)', () => {
      const { json } = newSubscription({}, true);
      const fn = addressAt(json, 'aws_lambda_function', 'Fn');
      expect(resourceAt(json, 'aws_lambda_permission', 'Chat/InvokePermission')).toMatchObject({ depends_on: [fn] });
    });
  });

  describe('subscription', () => {
    it('subscribes the function by protocol lambda and literal ARNs, after the permission', () => {
      const { json } = newSubscription({}, true);
      expect(Object.values(resourcesOf(json, 'aws_sns_topic_subscription'))).toEqual([
        {
          topic_arn: TOPIC_ARN,
          protocol: 'lambda',
          endpoint: FUNCTION_ARN,
          depends_on: [addressAt(json, 'aws_lambda_function', 'Fn'), addressAt(json, 'aws_lambda_permission', 'Chat/InvokePermission')],
        },
      ]);
    });
  });

  describe('guards', () => {
    it('refuses a topic in another region: Subscribe must run in the topic region', () => {
      expect(() => newSubscription({ topic: { topicArn: `arn:aws:sns:us-east-1:${MANAGEMENT}:org-trail-alarms` } })).toThrow(
        `Chat: topic arn:aws:sns:us-east-1:${MANAGEMENT}:org-trail-alarms is in us-east-1, the function ${FUNCTION_ARN} in eu-west-1`,
      );
    });

    it.each([
      ['a qualified function ARN', { function: { functionArn: `${FUNCTION_ARN}:live` } }, 'is not an unqualified Lambda function ARN'],
      ['a topic name instead of an ARN', { topic: { topicArn: 'org-trail-alarms' } }, 'is not an SNS topic ARN'],
    ] as const)('refuses %s', (_, props, message) => {
      expect(() => newSubscription(props)).toThrow(message);
    });
  });
});
