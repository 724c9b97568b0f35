import { expectProblem, minimalInput, problemsOf, withChange } from '../support/config';

describe('config', () => {
  describe('notifications', () => {
    const subscription = (value: unknown) => withChange('notifications.subscriptions', [value]);

    it.each([
      [{ protocol: 'email', endpoint: 'not-an-email' }, 'is not an email address'],
      [{ protocol: 'sqs', endpoint: 'arn:aws:sqs:eu-west-1:456789012345:queue.fifo' }, 'FIFO queues cannot subscribe'],
      [{ protocol: 'sqs', endpoint: 'arn:aws:sns:eu-west-1:456789012345:topic' }, 'is not a standard SQS queue ARN'],
      [{ protocol: 'lambda', endpoint: 'arn:aws:lambda:eu-west-1:456789012345:fn' }, 'is not a Lambda function ARN'],
      [{ protocol: 'https', endpoint: 'http://siem.example/ingest' }, 'is not an HTTPS URL'],
    ])('fails on subscription %j', (value, fragment) => {
      expectProblem(subscription(value), 'notifications.subscriptions[0].endpoint', fragment);
    });

    it('fails on an unsupported protocol', () => {
      expectProblem(
        subscription({ protocol: 'sms', endpoint: '+15550100' }),
        'notifications.subscriptions[0].protocol',
        'plain http and SMS are not offered',
        'Fix: set "protocol" to "email", "sqs", "lambda" or "https"',
      );
    });

    it('names a subscription without a protocol', () => {
      expectProblem(
        subscription({ endpoint: 'secops@acme.example' }),
        'notifications.subscriptions[0].protocol',
        'is required. Fix: add it; set "protocol" to "email", "sqs", "lambda" or "https"',
      );
    });

    it('fails on raw message delivery for an email subscription and lists the fields an email subscription has', () => {
      expectProblem(
        subscription({ protocol: 'email', endpoint: 'secops@acme.example', rawMessageDelivery: true }),
        'notifications.subscriptions[0].rawMessageDelivery',
        'is not a known field',
        'Fix: remove it (known fields: protocol, endpoint)',
      );
    });

    it('fails on a subscriber in an external account', () => {
      expectProblem(
        subscription({ protocol: 'sqs', endpoint: 'arn:aws:sqs:eu-west-1:567890123456:q' }),
        'notifications.subscriptions[0].endpoint',
        'external account 567890123456',
      );
    });

    it('fails on a duplicate subscription', () => {
      const email = { protocol: 'email', endpoint: 'secops@acme.example' };
      expectProblem(
        withChange('notifications.subscriptions', [email, email]),
        'notifications.subscriptions[1].endpoint',
        'subscribed twice',
      );
    });

    it('fails on more than 100 subscriptions', () => {
      const many = Array.from({ length: 101 }, (_, i) => ({ protocol: 'email', endpoint: `person${i}@acme.example` }));
      expectProblem(withChange('notifications.subscriptions', many), 'notifications.subscriptions', 'more than 100 subscriptions');
    });

    it.each([
      ['notifications.topicName', 'bad.topic', 'is not an SNS topic name'],
      ['notifications.keyAlias', 'alias/aws/sns', 'reserved for AWS'],
    ])('fails when %s is %j', (field, value, fragment) => {
      expectProblem(withChange(field, value), field, fragment);
    });

    it('shows the derived topic name when a trail name with dots would make an invalid one', () => {
      const input = minimalInput();
      input.trailName = 'org.trail';
      const line = expectProblem(input, 'notifications.topicName', 'set notifications.topicName');
      expect(line).toBe(
        'notifications.topicName: "org.trail-log-delivery" (derived from trailName + "-log-delivery") is not an SNS topic name (letters, digits, _ and -; no dots). Fix: set notifications.topicName',
      );
    });

    it('accepts a trail name with dots when the topic is named', () => {
      const input = minimalInput();
      input.trailName = 'org.trail';
      input.notifications = { topicName: 'org-trail-log-delivery' };
      input.alarms = { topicName: 'org-trail-alarms' };
      expect(problemsOf(input)).toEqual([]);
    });
  });
});
