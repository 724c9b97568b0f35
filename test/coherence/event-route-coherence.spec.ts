import { Testing } from 'cdktf';
import { routeCoherenceProblems } from '../../modules/coherence/event-route-coherence';
import { ChatNotifier } from '../../modules/deployment-monitoring/chat-notifier';
import { EncryptedQueue } from '../../modules/deployment-monitoring/encrypted-queue';
import { EncryptedStream } from '../../modules/deployment-monitoring/encrypted-stream';
import { EventRoute, type IEventBus } from '../../modules/deployment-monitoring/event-route';
import type { RouteTarget } from '../../modules/deployment-monitoring/event-route-types';
import { NotificationTopic } from '../../modules/notification-topic';
import { PolicyStatement } from '../../modules/policy-document';
import { AUDIT, REGION } from '../support/modules';
import { testStack, validationErrors } from '../support/synth';

const rule = (name: string) => `arn:aws:events:${REGION}:${AUDIT}:rule/deployments/${name}`;
const DATA_RULE = rule('failures-data');
const NOTIFY_RULE = rule('failures-deployment-notify');
const FUNCTION = `arn:aws:lambda:${REGION}:${AUDIT}:function:archiver`;
const here = { accountId: AUDIT, region: REGION };

function newStack() {
  const stack = testStack(REGION);
  const bus: IEventBus = {
    busName: 'deployments',
    busArn: `arn:aws:events:${REGION}:${AUDIT}:event-bus/deployments`,
    ...here,
    dependables: [],
  };
  return { stack, bus };
}

function newRoute(stack: ReturnType<typeof testStack>, bus: IEventBus, targets: RouteTarget[]): EventRoute {
  return new EventRoute(stack, 'Route', { bus, routeName: 'failures', filter: { kinds: ['deployment'] }, targets });
}

/** The route's own lines: a stream granted no rule also fails its own validation, asserted elsewhere. */
const routeErrors = (stack: ReturnType<typeof testStack>) => validationErrors(stack).filter((line) => line.startsWith('test/Route:'));

const line = (ruleArn: string, target: string, policy: string, why: string, fix: string) =>
  `test/Route: EventBridge cannot deliver rule ${ruleArn} to ${target}: ${policy} ${why}; a target's resource policy must admit the rule that feeds it (aws:SourceArn = the rule ARN), or every event fails delivery and lands in the dead-letter queue. Fix: ${fix}`;

const keyLine = (ruleArn: string, target: string, key: string, context: string, why: string, fix: string) =>
  `test/Route: EventBridge cannot deliver rule ${ruleArn} to encrypted ${target}: the policy of its key ${key} does not allow events.amazonaws.com kms:GenerateDataKey, kms:Decrypt on * with ${context} and no source key${why} Fix: let events.amazonaws.com kms:GenerateDataKey, kms:Decrypt under ${context.replace(' ', ' = ')} alone (${fix}; a route grants the targets it is given itself: pass the construct, not a reference)`;
const NO_CONTEXT =
  "; the key of an encrypted target must let EventBridge use it for the target's encryption context, or every event fails delivery and lands in the dead-letter queue.";
const SOURCE_ONLY = (kind: string) =>
  `: it admits EventBridge only under aws:SourceArn, aws:SourceAccount or aws:SourceOrgID, which KMS does not see when EventBridge writes to an encrypted ${kind} ("not supported for EventBridge-to-encrypted topics", SNS developer guide, sns-key-management), so every event fails delivery and lands in the dead-letter queue.`;

describe('EventRoute coherence', () => {
  it('synthesizes cleanly when the route is given its targets themselves (it grants them)', () => {
    const { stack, bus } = newStack();
    const topic = new NotificationTopic(stack, 'Topic', { ...here, topicName: 'alerts', keyAliasName: 'alias/alerts' });
    const queue = new EncryptedQueue(stack, 'Queue', { ...here, queueName: 'events' });
    const stream = new EncryptedStream(stack, 'Stream', { ...here, streamName: 'events' });
    newRoute(stack, bus, [
      { type: 'topic', id: 'alerts', topic },
      { type: 'queue', id: 'queue', queue },
      { type: 'stream', id: 'stream', stream },
      { type: 'function', id: 'archiver', functionArn: FUNCTION },
    ]);
    expect(validationErrors(stack)).toEqual([]);
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("fails synth when a queue's policy and key do not admit the rule that feeds it (a reference grants nothing)", () => {
    const { stack, bus } = newStack();
    const queue = new EncryptedQueue(stack, 'Queue', { ...here, queueName: 'events' });
    newRoute(stack, bus, [
      { type: 'queue', id: 'queue', queue: { queueArn: queue.queueArn, dependables: [], grantSendFromRule: () => {} } },
    ]);
    const fix =
      'call queue.grantSendFromRule(...) with the rule ARN on test/Queue (a route grants the targets it is given itself: pass the construct, not a reference)';
    expect(routeErrors(stack)).toEqual([
      line(
        DATA_RULE,
        `queue ${queue.queueArn}`,
        'the queue policy (test/Queue)',
        `does not allow events.amazonaws.com sqs:SendMessage on ${queue.queueArn} with aws:SourceArn ${DATA_RULE}`,
        fix,
      ),
      keyLine(
        DATA_RULE,
        `queue ${queue.queueArn}`,
        'alias/sqs/events (test/Queue/Key)',
        `kms:EncryptionContext:aws:sqs:arn ${queue.queueArn}`,
        NO_CONTEXT,
        'queue.grantSendFromRule(...) on test/Queue writes it so, or key.grantEventBridgeTarget(...) on test/Queue/Key',
      ),
    ]);
    expect(() => Testing.synth(stack, true)).toThrow(`test/Route: EventBridge cannot deliver rule ${DATA_RULE} to queue ${queue.queueArn}`);
  });

  it("fails synth when a topic's policy admits another rule only (its key admits EventBridge for the topic, whatever the rule)", () => {
    const { stack, bus } = newStack();
    const topic = new NotificationTopic(stack, 'Topic', { ...here, topicName: 'alerts', keyAliasName: 'alias/alerts' });
    topic.grantPublish({ service: 'events.amazonaws.com', sourceArns: [rule('other')], sid: 'AllowOther', keySid: 'AllowOtherKey' });
    newRoute(stack, bus, [{ type: 'topic', id: 'alerts', topic: { topicArn: topic.topicArn, grantPublish: () => {} } }]);
    const fix = (path: string) =>
      `call topic.grantPublish(...) with the rule ARN on ${path} (a route grants the targets it is given itself: pass the construct, not a reference)`;
    expect(routeErrors(stack)).toEqual([
      line(
        NOTIFY_RULE,
        `topic ${topic.topicArn}`,
        'the topic policy (test/Topic)',
        `does not allow events.amazonaws.com SNS:Publish on ${topic.topicArn} with aws:SourceArn ${NOTIFY_RULE}`,
        fix('test/Topic'),
      ),
    ]);
  });

  it.each([
    ['topic', 'aws:SourceArn', NOTIFY_RULE],
    ['queue', 'aws:SourceAccount', AUDIT],
  ] as const)(
    "fails synth when a %s's key admits EventBridge only under %s, as a user's own key written that way would",
    (kind, sourceKey, sourceValue) => {
      const { stack, bus } = newStack();
      const context = kind === 'topic' ? 'kms:EncryptionContext:aws:sns:topicArn' : 'kms:EncryptionContext:aws:sqs:arn';
      const owner =
        kind === 'topic'
          ? new NotificationTopic(stack, 'Target', { ...here, topicName: 'alerts', keyAliasName: 'alias/alerts' })
          : new EncryptedQueue(stack, 'Target', { ...here, queueName: 'events', keyAliasName: 'alias/alerts' });
      const arn = owner instanceof NotificationTopic ? owner.topicArn : owner.queueArn;
      const ruleArn = kind === 'topic' ? NOTIFY_RULE : DATA_RULE;
      // The resource policy admits the rule; the key statement, written by hand, conditions on the source and the target.
      owner.addToResourcePolicy(
        new PolicyStatement({
          sid: 'AllowTheRule',
          principal: { Service: 'events.amazonaws.com' },
          actions: [kind === 'topic' ? 'SNS:Publish' : 'sqs:SendMessage'],
          resources: [arn],
          conditions: { ArnEquals: { 'aws:SourceArn': ruleArn } },
        }),
      );
      owner.key.addToResourcePolicy(
        new PolicyStatement({
          sid: 'AllowTheRuleToEncrypt',
          principal: { Service: 'events.amazonaws.com' },
          actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          resources: ['*'],
          conditions: { StringEquals: { [sourceKey]: sourceValue, [context]: arn } },
        }),
      );
      newRoute(
        stack,
        bus,
        owner instanceof NotificationTopic
          ? [{ type: 'topic', id: 'alerts', topic: { topicArn: arn, grantPublish: () => {} } }]
          : [{ type: 'queue', id: 'events', queue: { queueArn: arn, dependables: [], grantSendFromRule: () => {} } }],
      );
      const expected = keyLine(
        ruleArn,
        `${kind} ${arn}`,
        'alias/alerts (test/Target/Key)',
        `${context} ${arn}`,
        SOURCE_ONLY(kind),
        `${kind === 'topic' ? 'topic.grantPublish' : 'queue.grantSendFromRule'}(...) on test/Target writes it so, or key.grantEventBridgeTarget(...) on test/Target/Key`,
      );
      expect(routeErrors(stack)).toEqual([expected]);
      expect(() => Testing.synth(stack, true)).toThrow(
        `test/Route: EventBridge cannot deliver rule ${ruleArn} to encrypted ${kind} ${arn}`,
      );
      // The same statement on the target's encryption context alone is accepted.
      owner.key.addToResourcePolicy(
        new PolicyStatement({
          sid: 'AllowTheTarget',
          principal: { Service: 'events.amazonaws.com' },
          actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          resources: ['*'],
          conditions: { StringEquals: { [context]: arn } },
        }),
      );
      expect(routeErrors(stack)).toEqual([]);
    },
  );

  it("fails synth when the stream's role does not trust the rule", () => {
    const { stack, bus } = newStack();
    const stream = new EncryptedStream(stack, 'Stream', { ...here, streamName: 'events' });
    const reference = { streamArn: stream.streamArn, roleArn: stream.roleArn, dependables: [], grantPutFromRule: () => {} };
    newRoute(stack, bus, [{ type: 'stream', id: 'stream', stream: reference }]);
    expect(routeErrors(stack)).toEqual([
      line(
        DATA_RULE,
        `stream ${stream.streamArn}`,
        'the trust policy of its role (test/Stream)',
        `does not allow events.amazonaws.com sts:AssumeRole on ${stream.roleArn} with aws:SourceArn ${DATA_RULE}`,
        'call stream.grantPutFromRule(...) with the rule ARN on test/Stream (a route grants the targets it is given itself: pass the construct, not a reference)',
      ),
    ]);
  });

  it('fails synth when no Lambda permission admits the rule, and accepts one made through a function reference', () => {
    const { stack, bus } = newStack();
    const chat = new ChatNotifier(stack, 'Chat', { ...here, functionName: 'archiver', webhookParameterName: '/chat/webhook' });
    const route = newRoute(stack, bus, [{ type: 'function', id: 'archiver', functionArn: chat.functionArn }]);
    expect(validationErrors(stack)).toEqual([]);
    // The route's own permission gone (as if never created): nothing lets the rule invoke the function.
    route.node.tryRemoveChild('Invoke-data-archiver');
    expect(routeErrors(stack)).toEqual([
      `test/Route: EventBridge cannot invoke function ${FUNCTION} for rule ${DATA_RULE}: no aws_lambda_permission in the app lets events.amazonaws.com lambda:InvokeFunction it with source_arn ${DATA_RULE}; a Lambda target's policy must admit the rule that feeds it (aws:SourceArn), or every invocation fails and lands in the dead-letter queue. Fix: add a LambdaPermission (principal events.amazonaws.com, source_arn ${DATA_RULE}), or chatNotifier.grantInvokeFromRule(ruleArn) for the chat notifier`,
    ]);
    // The notifier's permission names its function by reference (a token), resolved to the function's name.
    chat.grantInvokeFromRule(rule('other'));
    expect(routeErrors(stack)).toHaveLength(1);
    chat.grantInvokeFromRule(DATA_RULE);
    expect(validationErrors(stack)).toEqual([]);
  });

  it('checks the dead-letter queue every rule sends undeliverable events to', () => {
    const { stack, bus } = newStack();
    const queue = new EncryptedQueue(stack, 'Queue', { ...here, queueName: 'events' });
    const route = newRoute(stack, bus, [{ type: 'queue', id: 'queue', queue }]);
    const ungranted = new EncryptedQueue(stack, 'OtherDeadLetters', { ...here, queueName: 'other-dlq', deadLetterQueue: false });
    const problems = routeCoherenceProblems(route, { rules: route.rules, targets: [], deadLetterQueue: ungranted, accountId: AUDIT });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain(`to dead-letter queue ${ungranted.queueArn}: the queue policy (test/OtherDeadLetters) does not allow`);
    expect(problems[1]).toContain(`to encrypted dead-letter queue ${ungranted.queueArn}: the policy of its key alias/sqs/other-dlq`);
  });

  it('names the Deny statement that refuses a delivery', () => {
    const { stack, bus } = newStack();
    const queue = new EncryptedQueue(stack, 'Queue', { ...here, queueName: 'events' });
    queue.addToResourcePolicy(
      new PolicyStatement({
        sid: 'DenyEventBridge',
        effect: 'Deny',
        principal: { Service: 'events.amazonaws.com' },
        actions: ['sqs:SendMessage'],
        resources: [queue.queueArn],
      }),
    );
    newRoute(stack, bus, [{ type: 'queue', id: 'queue', queue }]);
    expect(routeErrors(stack)).toHaveLength(1);
    expect(routeErrors(stack)[0]).toContain(
      `the queue policy (test/Queue) denies events.amazonaws.com sqs:SendMessage (statement DenyEventBridge) on ${queue.queueArn} with aws:SourceArn ${DATA_RULE}`,
    );
  });

  it('skips a target no construct of the app owns', () => {
    const { stack, bus } = newStack();
    const elsewhere = `arn:aws:sqs:${REGION}:${AUDIT}:elsewhere`;
    newRoute(stack, bus, [{ type: 'queue', id: 'queue', queue: { queueArn: elsewhere, dependables: [], grantSendFromRule: () => {} } }]);
    expect(validationErrors(stack)).toEqual([]);
  });
});
