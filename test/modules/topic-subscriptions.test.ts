import { createdByTopicOwner, endpointAccount, isArnProtocol, subscriptionId } from '../../modules/topic-subscriptions';
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
    it('leaves a queue of another account to that account', () => {
      expect(createdByTopicOwner({ protocol: 'sqs', endpoint: queue }, MANAGEMENT)).toBe(false);
    });

    it('creates a queue subscription of the topic account, and every other protocol', () => {
      expect(createdByTopicOwner({ protocol: 'sqs', endpoint: queue }, AUDIT)).toBe(true);
      expect(createdByTopicOwner({ protocol: 'lambda', endpoint: `arn:aws:lambda:us-east-1:${AUDIT}:function:f` }, MANAGEMENT)).toBe(true);
      expect(createdByTopicOwner({ protocol: 'email', endpoint: 'security@example.com' }, MANAGEMENT)).toBe(true);
      expect(createdByTopicOwner({ protocol: 'https', endpoint: 'https://hooks.example.com/x' }, MANAGEMENT)).toBe(true);
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
