import { createdByTopicOwner, endpointAccount, isArnProtocol, subscribeCommand, subscriptionId } from '../../modules/topic-subscriptions';
import { AUDIT, MANAGEMENT } from '../support/modules';

const queue = `arn:aws:sqs:us-east-1:${AUDIT}:deliveries`;

describe('topic subscriptions', () => {
  describe('endpointAccount', () => {
    it('reads the account out of a queue or function ARN', () => {
      expect(endpointAccount(queue)).toBe(AUDIT);
      expect(endpointAccount(`arn:aws:lambda:us-east-1:${MANAGEMENT}:function:notify`)).toBe(MANAGEMENT);
    });

    it('is empty for an endpoint that is not an ARN', () => {
      expect(endpointAccount('security@example.com')).toBe('');
    });
  });

  describe('isArnProtocol', () => {
    it('is true for SQS and Lambda endpoints only', () => {
      expect(isArnProtocol('sqs')).toBe(true);
      expect(isArnProtocol('lambda')).toBe(true);
      expect(isArnProtocol('email')).toBe(false);
      expect(isArnProtocol('https')).toBe(false);
    });
  });

  describe('createdByTopicOwner', () => {
    const fn = `arn:aws:lambda:us-east-1:${AUDIT}:function:f`;

    it('leaves a queue or a function of another account to that account, which subscribes without confirmation', () => {
      expect(createdByTopicOwner({ protocol: 'sqs', endpoint: queue }, MANAGEMENT)).toBe(false);
      expect(createdByTopicOwner({ protocol: 'lambda', endpoint: fn }, MANAGEMENT)).toBe(false);
    });

    it('creates a queue or function subscription of the topic account, and every email and HTTPS subscription', () => {
      expect(createdByTopicOwner({ protocol: 'sqs', endpoint: queue }, AUDIT)).toBe(true);
      expect(createdByTopicOwner({ protocol: 'lambda', endpoint: fn }, AUDIT)).toBe(true);
      expect(createdByTopicOwner({ protocol: 'email', endpoint: 'security@example.com' }, MANAGEMENT)).toBe(true);
      expect(createdByTopicOwner({ protocol: 'https', endpoint: 'https://hooks.example.com/x' }, MANAGEMENT)).toBe(true);
    });
  });

  describe('subscribeCommand', () => {
    const topicArn = `arn:aws:sns:eu-west-1:${MANAGEMENT}:deliveries`;

    it("is the CLI call the endpoint's account runs, in the topic's region", () => {
      expect(subscribeCommand({ protocol: 'sqs', endpoint: queue }, topicArn)).toBe(
        `aws sns subscribe --topic-arn ${topicArn} --protocol sqs --notification-endpoint ${queue} --region eu-west-1`,
      );
    });

    it('asks for raw message delivery when the subscription does', () => {
      expect(subscribeCommand({ protocol: 'sqs', endpoint: queue, rawMessageDelivery: true }, topicArn)).toBe(
        `aws sns subscribe --topic-arn ${topicArn} --protocol sqs --notification-endpoint ${queue} --attributes RawMessageDelivery=true --region eu-west-1`,
      );
    });

    it('lets SNS invoke a function for this topic only, in the function region, then subscribes it by its ARN', () => {
      const fn = `arn:aws:lambda:us-west-2:${AUDIT}:function:notify`;
      expect(subscribeCommand({ protocol: 'lambda', endpoint: fn }, topicArn)).toBe(
        `aws lambda add-permission --function-name ${fn} --statement-id sns-deliveries --action lambda:InvokeFunction --principal sns.amazonaws.com --source-arn ${topicArn} --region us-west-2` +
          ` && aws sns subscribe --topic-arn ${topicArn} --protocol lambda --notification-endpoint ${fn} --region eu-west-1`,
      );
    });
  });

  describe('subscriptionId', () => {
    it('is readable: protocol, the tail of the endpoint, and a digest', () => {
      expect(subscriptionId({ protocol: 'email', endpoint: 'security@example.com' })).toMatch(
        /^Subscription-email-security-example-com-[0-9a-f]{8}$/,
      );
      expect(subscriptionId({ protocol: 'https', endpoint: 'https://hooks.example.com/cloudtrail' })).toMatch(
        /^Subscription-https-hooks-example-com-cloudtrail-[0-9a-f]{8}$/,
      );
    });

    it('stays the same across releases, since a new id replaces the subscription', () => {
      expect(subscriptionId({ protocol: 'email', endpoint: 'security@example.com' })).toBe(
        'Subscription-email-security-example-com-40c9c99e',
      );
      expect(subscriptionId({ protocol: 'sqs', endpoint: queue })).toBe(
        'Subscription-sqs-ws-sqs-us-east-1-333333333333-deliveries-6229bd3b',
      );
    });

    it('depends on the endpoint and protocol only, not on delivery settings', () => {
      expect(subscriptionId({ protocol: 'sqs', endpoint: queue, rawMessageDelivery: true })).toBe(
        subscriptionId({ protocol: 'sqs', endpoint: queue }),
      );
    });

    it('tells apart endpoints that read the same once punctuation is replaced', () => {
      const a = subscriptionId({ protocol: 'email', endpoint: 'a.b@example.com' });
      const b = subscriptionId({ protocol: 'email', endpoint: 'a-b@example.com' });
      expect(a.replace(/-[0-9a-f]{8}$/, '')).toBe(b.replace(/-[0-9a-f]{8}$/, ''));
      expect(a).not.toBe(b);
    });

    it('tells apart the same endpoint under two protocols', () => {
      expect(subscriptionId({ protocol: 'sqs', endpoint: queue })).not.toBe(subscriptionId({ protocol: 'lambda', endpoint: queue }));
    });

    it('keeps only the last 40 readable characters of a long endpoint', () => {
      const id = subscriptionId({ protocol: 'https', endpoint: `https://hooks.example.com/${'a'.repeat(60)}/end` });
      expect(id).toMatch(new RegExp(`^Subscription-https-${'a'.repeat(36)}-end-[0-9a-f]{8}$`));
    });
  });
});
