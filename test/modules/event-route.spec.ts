import { EncryptedQueue } from '../../modules/deployment-monitoring/encrypted-queue';
import { EncryptedStream } from '../../modules/deployment-monitoring/encrypted-stream';
import {
  EventRoute,
  type EventRouteProps,
  type IEventBus,
  MAX_TARGETS_PER_RULE,
  ROUTE_DEFAULTS,
  sentenceTransformer,
} from '../../modules/deployment-monitoring/event-route';
import type { RouteTarget } from '../../modules/deployment-monitoring/event-route-types';
import { NotificationTopic } from '../../modules/notification-topic';
import { AUDIT, addressAt, resourceAt, statementsOf, statementWithSid } from '../support/modules';
import { resourcesOf, type SynthesizedJson, synthJson, testStack } from '../support/synth';

const REGION = 'us-east-1';
const rule = (name: string) => `arn:aws:events:${REGION}:${AUDIT}:rule/deployments/${name}`;
const DLQ = `arn:aws:sqs:${REGION}:${AUDIT}:failures-dlq`;
const TOPIC = `arn:aws:sns:${REGION}:${AUDIT}:deploy-alerts`;
const QUEUE = `arn:aws:sqs:${REGION}:${AUDIT}:deploy-events`;
const STREAM = `arn:aws:kinesis:${REGION}:${AUDIT}:stream/deploy-events`;
const CHAT = `arn:aws:lambda:${REGION}:${AUDIT}:function:chat-notifier`;
const ARCHIVER = `arn:aws:lambda:${REGION}:${AUDIT}:function:archiver`;
const DETAIL_TYPE = {
  deployment: 'CodeDeploy Deployment State-change Notification',
  instance: 'CodeDeploy Instance State-change Notification',
};

type TargetSpec = 'topic' | 'queue' | 'stream' | 'chat' | 'archiver';

/** A stack with a bus stand-in, the targets asked for, and a route to them. */
function newRoute(specs: readonly TargetSpec[], props: Partial<Omit<EventRouteProps, 'bus'>> = {}) {
  const stack = testStack(REGION);
  const busResource = new EncryptedQueue(stack, 'BusStandIn', { queueName: 'bus-stand-in', accountId: AUDIT, region: REGION });
  const bus: IEventBus = {
    busName: 'deployments',
    busArn: `arn:aws:events:${REGION}:${AUDIT}:event-bus/deployments`,
    accountId: AUDIT,
    region: REGION,
    dependables: [busResource.queue],
  };
  const topic = new NotificationTopic(stack, 'Alerts', {
    topicName: 'deploy-alerts',
    accountId: AUDIT,
    region: REGION,
    keyAliasName: 'alias/a',
  });
  const queue = new EncryptedQueue(stack, 'Queue', { queueName: 'deploy-events', accountId: AUDIT, region: REGION });
  const stream = new EncryptedStream(stack, 'Stream', { streamName: 'deploy-events', accountId: AUDIT, region: REGION });
  const all: Record<TargetSpec, RouteTarget> = {
    topic: { type: 'topic', id: 'alerts', topic },
    queue: { type: 'queue', id: 'queue', queue },
    stream: { type: 'stream', id: 'stream', stream },
    chat: { type: 'function', id: 'chat', functionArn: CHAT, input: 'sentence' },
    archiver: { type: 'function', id: 'archiver', functionArn: ARCHIVER },
  };
  const route = new EventRoute(stack, 'Route', {
    bus,
    routeName: 'failures',
    filter: { kinds: ['deployment', 'instance'], states: ['FAILURE'] },
    targets: specs.map((s) => all[s]),
    ...props,
  });
  if (!specs.includes('stream')) stream.grantPutFromRule(rule('unused'));
  return { stack, route, topic, queue, stream, bus, busResource };
}

const rules = (json: SynthesizedJson) => Object.values(resourcesOf(json, 'aws_cloudwatch_event_rule'));
const targets = (json: SynthesizedJson) => Object.values(resourcesOf(json, 'aws_cloudwatch_event_target'));

describe('EventRoute', () => {
  describe('rules', () => {
    it('gives notification targets one rule per event kind and data targets one rule for every kind', () => {
      const { stack, route } = newRoute(['topic', 'queue']);
      const json = synthJson(stack);
      const bus = addressAt(json, 'aws_sqs_queue', 'BusStandIn/Queue');
      expect(resourceAt(json, 'aws_cloudwatch_event_rule', 'Route/Rule-deployment-notify')).toEqual({
        name: 'failures-deployment-notify',
        event_bus_name: 'deployments',
        description: 'CodeDeploy deployment events to notification targets',
        event_pattern: JSON.stringify({
          source: ['aws.codedeploy'],
          'detail-type': [DETAIL_TYPE.deployment],
          detail: { state: ['FAILURE'] },
        }),
        state: 'ENABLED',
        depends_on: [bus],
      });
      expect(resourceAt(json, 'aws_cloudwatch_event_rule', 'Route/Rule-instance-notify')).toMatchObject({
        name: 'failures-instance-notify',
        event_pattern: JSON.stringify({
          source: ['aws.codedeploy'],
          'detail-type': [DETAIL_TYPE.instance],
          detail: { state: ['FAILURE'] },
        }),
      });
      expect(resourceAt(json, 'aws_cloudwatch_event_rule', 'Route/Rule-data')).toMatchObject({
        name: 'failures-data',
        description: 'CodeDeploy deployment and instance events to data targets',
        event_pattern: JSON.stringify({
          source: ['aws.codedeploy'],
          'detail-type': [DETAIL_TYPE.deployment, DETAIL_TYPE.instance],
          detail: { state: ['FAILURE'] },
        }),
      });
      expect(rules(json)).toHaveLength(3);
      expect(route.ruleArns).toEqual([rule('failures-deployment-notify'), rule('failures-instance-notify'), rule('failures-data')]);
      expect(route.rules.map((r) => [r.ruleName, r.input, r.kinds, r.targetIds])).toEqual([
        ['failures-deployment-notify', 'sentence', ['deployment'], ['alerts']],
        ['failures-instance-notify', 'sentence', ['instance'], ['alerts']],
        ['failures-data', 'event', ['deployment', 'instance'], ['queue']],
      ]);
    });

    it('filters on applications, deployment groups and states, and creates rules only for the kinds asked', () => {
      const { stack, route } = newRoute(['topic', 'queue'], {
        filter: { kinds: ['instance'], applications: ['checkout'], deploymentGroups: ['prod'], states: ['FAILURE', 'STOP'] },
      });
      const json = synthJson(stack);
      expect(route.rules.map((r) => r.ruleName)).toEqual(['failures-instance-notify', 'failures-data']);
      for (const r of rules(json)) {
        expect(JSON.parse(r.event_pattern as string)).toEqual({
          source: ['aws.codedeploy'],
          'detail-type': [DETAIL_TYPE.instance],
          detail: { state: ['FAILURE', 'STOP'], application: ['checkout'], deploymentGroup: ['prod'] },
        });
      }
    });

    it('creates no notification rules without notification targets, and no data rule without data targets', () => {
      expect(newRoute(['queue', 'stream', 'archiver']).route.rules.map((r) => r.ruleName)).toEqual(['failures-data']);
      expect(newRoute(['topic', 'chat']).route.rules.map((r) => r.ruleName)).toEqual([
        'failures-deployment-notify',
        'failures-instance-notify',
      ]);
    });

    it('puts at most 5 targets on a rule, filling rules in target-id order whatever the order of the list', () => {
      const build = (ids: string[]) => {
        const stack = testStack(REGION);
        const bus: IEventBus = { busName: 'deployments', busArn: 'x', accountId: AUDIT, region: REGION, dependables: [] };
        const queues = ids.map((id) => ({
          type: 'queue' as const,
          id,
          queue: new EncryptedQueue(stack, `Queue-${id}`, { queueName: id, accountId: AUDIT, region: REGION }),
        }));
        const route = new EventRoute(stack, 'Route', { bus, routeName: 'all', filter: { kinds: ['deployment'] }, targets: queues });
        return { stack, route };
      };
      const ids = ['q3', 'q7', 'q1', 'q5', 'q2', 'q6', 'q4'];
      const { stack, route } = build(ids);
      expect(MAX_TARGETS_PER_RULE).toBe(5);
      expect(route.rules.map((r) => [r.ruleName, r.targetIds])).toEqual([
        ['all-data', ['q1', 'q2', 'q3', 'q4', 'q5']],
        ['all-data-2', ['q6', 'q7']],
      ]);
      const json = synthJson(stack);
      expect(
        targets(json)
          .map((t) => [t.rule, t.target_id])
          .sort(),
      ).toEqual([
        ['all-data', 'q1'],
        ['all-data', 'q2'],
        ['all-data', 'q3'],
        ['all-data', 'q4'],
        ['all-data', 'q5'],
        ['all-data-2', 'q6'],
        ['all-data-2', 'q7'],
      ]);
      expect(synthJson(build([...ids].reverse()).stack)).toEqual(json);
    });

    it('refuses a route whose rule names would exceed 64 characters, or whose pattern exceeds 4,096', () => {
      expect(() => newRoute(['topic'], { routeName: 'r'.repeat(47) })).toThrow(
        `routeName: rule name "${'r'.repeat(47)}-deployment-notify" is longer than 64 characters (EventBridge rule names). Fix: shorten routeName to at most 46 characters`,
      );
      expect(() => newRoute(['queue'], { routeName: 'r'.repeat(59) })).not.toThrow();
      const applications = Array.from({ length: 300 }, (_, i) => `application-${i}`);
      expect(() => newRoute(['queue'], { filter: { kinds: ['deployment'], applications } })).toThrow(
        /filter: the event pattern of failures-data has \d+ characters \(EventBridge takes at most 4096\)\. Fix: list fewer applications, deployment groups or states in the filter/,
      );
    });
  });

  describe('targets', () => {
    it('retries every target for a day, 185 times, then sends the event to the route dead-letter queue', () => {
      const { stack } = newRoute(['topic', 'queue', 'stream', 'chat', 'archiver']);
      const json = synthJson(stack);
      expect(ROUTE_DEFAULTS).toEqual({ maximumEventAgeInSeconds: 86_400, maximumRetryAttempts: 185 });
      expect(targets(json)).toHaveLength(7);
      for (const target of targets(json)) {
        expect(target).toMatchObject({
          event_bus_name: 'deployments',
          retry_policy: { maximum_event_age_in_seconds: 86_400, maximum_retry_attempts: 185 },
          dead_letter_config: { arn: DLQ },
        });
      }
    });

    it('takes a retry policy', () => {
      const { stack } = newRoute(['queue'], { retryPolicy: { maximumEventAgeInSeconds: 3600, maximumRetryAttempts: 10 } });
      expect(resourceAt(synthJson(stack), 'aws_cloudwatch_event_target', 'Route/Target-data-queue').retry_policy).toEqual({
        maximum_event_age_in_seconds: 3600,
        maximum_retry_attempts: 10,
      });
    });

    it('sends notification targets a sentence per kind', () => {
      const { stack } = newRoute(['topic', 'chat']);
      const json = synthJson(stack);
      expect(resourceAt(json, 'aws_cloudwatch_event_target', 'Route/Target-deployment-notify-alerts')).toMatchObject({
        rule: 'failures-deployment-notify',
        target_id: 'alerts',
        arn: TOPIC,
        input_transformer: {
          input_paths: {
            deploymentId: '$.detail.deploymentId',
            application: '$.detail.application',
            deploymentGroup: '$.detail.deploymentGroup',
            account: '$.account',
            region: '$.region',
            state: '$.detail.state',
          },
          input_template: '"Deployment <deploymentId> of <application>/<deploymentGroup> in <account> <region>: <state>"',
        },
      });
      expect(resourceAt(json, 'aws_cloudwatch_event_target', 'Route/Target-instance-notify-chat')).toMatchObject({
        rule: 'failures-instance-notify',
        target_id: 'chat',
        arn: CHAT,
        input_transformer: {
          input_paths: {
            instanceId: '$.detail.instanceId',
            application: '$.detail.application',
            deploymentGroup: '$.detail.deploymentGroup',
            account: '$.account',
            region: '$.region',
            state: '$.detail.state',
          },
          input_template: '"Instance <instanceId> of <application>/<deploymentGroup> in <account> <region>: <state>"',
        },
      });
    });

    it('renders the sentence the way a reader expects it', () => {
      const event = {
        account: '444455556666',
        region: 'eu-west-1',
        detail: { deploymentId: 'd-ABC123', instanceId: 'i-0abc', application: 'checkout', deploymentGroup: 'prod', state: 'FAILURE' },
      };
      const render = (kind: 'deployment' | 'instance') => {
        const { inputPaths = {}, inputTemplate } = sentenceTransformer(kind);
        let text = inputTemplate;
        for (const [name, path] of Object.entries(inputPaths)) {
          const value = path
            .slice(2)
            .split('.')
            .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], event);
          text = text.replace(`<${name}>`, String(value));
        }
        return JSON.parse(text) as string;
      };
      expect(render('deployment')).toBe('Deployment d-ABC123 of checkout/prod in 444455556666 eu-west-1: FAILURE');
      expect(render('instance')).toBe('Instance i-0abc of checkout/prod in 444455556666 eu-west-1: FAILURE');
    });

    it('sends data targets the whole event, and only the stream a role', () => {
      const { stack, stream } = newRoute(['queue', 'stream', 'archiver', 'topic']);
      const json = synthJson(stack);
      for (const [id, arn] of [
        ['queue', QUEUE],
        ['stream', STREAM],
        ['archiver', ARCHIVER],
      ] as const) {
        const target = resourceAt(json, 'aws_cloudwatch_event_target', `Route/Target-data-${id}`);
        expect(target).toMatchObject({ rule: 'failures-data', target_id: id, arn });
        expect(target).not.toHaveProperty('input_transformer');
        expect(target).not.toHaveProperty('input');
      }
      expect(resourceAt(json, 'aws_cloudwatch_event_target', 'Route/Target-data-stream').role_arn).toBe(stream.roleArn);
      for (const path of ['Route/Target-data-queue', 'Route/Target-data-archiver', 'Route/Target-deployment-notify-alerts']) {
        expect(resourceAt(json, 'aws_cloudwatch_event_target', path)).not.toHaveProperty('role_arn');
      }
    });

    it('waits for its rule, its target and the dead-letter queue', () => {
      const { stack } = newRoute(['queue', 'stream', 'topic']);
      const json = synthJson(stack);
      const dlq = [
        addressAt(json, 'aws_sqs_queue', 'Route/DeadLetterQueue'),
        addressAt(json, 'aws_sqs_queue_policy', 'Route/DeadLetterQueue/Policy'),
      ];
      expect(resourceAt(json, 'aws_cloudwatch_event_target', 'Route/Target-data-queue').depends_on).toEqual([
        addressAt(json, 'aws_cloudwatch_event_rule', 'Route/Rule-data'),
        addressAt(json, 'aws_sqs_queue', 'Queue/Queue'),
        addressAt(json, 'aws_sqs_queue_policy', 'Queue/Policy'),
        ...dlq,
      ]);
      expect(resourceAt(json, 'aws_cloudwatch_event_target', 'Route/Target-data-stream').depends_on).toEqual([
        addressAt(json, 'aws_cloudwatch_event_rule', 'Route/Rule-data'),
        addressAt(json, 'aws_kinesis_stream', 'Stream/Stream'),
        addressAt(json, 'aws_iam_role', 'Stream/Role'),
        addressAt(json, 'aws_iam_role_policy', 'Stream/RolePolicy'),
        ...dlq,
      ]);
      expect(resourceAt(json, 'aws_cloudwatch_event_target', 'Route/Target-instance-notify-alerts').depends_on).toEqual([
        addressAt(json, 'aws_cloudwatch_event_rule', 'Route/Rule-instance-notify'),
        addressAt(json, 'aws_sns_topic_policy', 'Alerts/Policy'),
        ...dlq,
      ]);
    });
  });

  describe('each target admits only the rules that feed it', () => {
    it('topic: its notification rules may publish and use its key', () => {
      const { stack } = newRoute(['topic', 'queue']);
      const json = synthJson(stack);
      const notify = [rule('failures-deployment-notify'), rule('failures-instance-notify')];
      expect(
        statementWithSid(statementsOf(resourceAt(json, 'aws_sns_topic_policy', 'Alerts/Policy')), 'AllowEventBridgeRulesPublish'),
      ).toEqual({
        Sid: 'AllowEventBridgeRulesPublish',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'SNS:Publish',
        Resource: TOPIC,
        Condition: { StringEquals: { 'aws:SourceArn': notify } },
      });
      expect(
        statementWithSid(statementsOf(resourceAt(json, 'aws_kms_key', 'Alerts/Key')), 'AllowEventBridgeRulesEncryptNotifications'),
      ).toEqual({
        Sid: 'AllowEventBridgeRulesEncryptNotifications',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        Resource: '*',
        // The topic's encryption context alone: KMS does not see the rule on EventBridge-to-encrypted topics.
        Condition: { StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': TOPIC } },
      });
    });

    it('queue: its data rule may send, and EventBridge may use its key for this queue', () => {
      const { stack } = newRoute(['topic', 'queue']);
      const json = synthJson(stack);
      expect(statementsOf(resourceAt(json, 'aws_sqs_queue_policy', 'Queue/Policy'))[0]).toEqual({
        Sid: 'AllowEventBridgeRulesSendMessage',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: QUEUE,
        Condition: { ArnEquals: { 'aws:SourceArn': rule('failures-data') } },
      });
      expect(statementWithSid(statementsOf(resourceAt(json, 'aws_kms_key', 'Queue/Key')), 'AllowEventBridgeUseQueueKey').Condition).toEqual(
        {
          StringEquals: { 'kms:EncryptionContext:aws:sqs:arn': QUEUE },
        },
      );
    });

    it('stream: its data rule may assume the role', () => {
      const { stack } = newRoute(['stream', 'topic']);
      expect(statementsOf(resourceAt(synthJson(stack), 'aws_iam_role', 'Stream/Role'), 'assume_role_policy')[0].Condition).toEqual({
        StringEquals: { 'aws:SourceAccount': AUDIT },
        ArnEquals: { 'aws:SourceArn': rule('failures-data') },
      });
    });

    it('function: each rule that feeds it gets its own invoke permission', () => {
      const { stack } = newRoute(['chat', 'archiver']);
      const permissions = Object.values(resourcesOf(synthJson(stack), 'aws_lambda_permission'));
      const permission = (name: string, functionArn: string) => ({
        statement_id: `events-${name}`,
        action: 'lambda:InvokeFunction',
        function_name: functionArn,
        principal: 'events.amazonaws.com',
        source_arn: rule(name),
      });
      expect(permissions).toEqual(
        expect.arrayContaining([
          permission('failures-deployment-notify', CHAT),
          permission('failures-instance-notify', CHAT),
          permission('failures-data', ARCHIVER),
        ]),
      );
      expect(permissions).toHaveLength(3);
    });

    it('names the rules feeding a target', () => {
      const { route } = newRoute(['topic', 'queue']);
      expect(route.ruleArnsFor('alerts')).toEqual([rule('failures-deployment-notify'), rule('failures-instance-notify')]);
      expect(route.ruleArnsFor('queue')).toEqual([rule('failures-data')]);
      expect(route.ruleArnsFor('missing')).toEqual([]);
    });
  });

  describe('dead-letter queue', () => {
    it('is an encrypted queue of its own, without a dead-letter queue, admitting every rule of the route', () => {
      const { stack, route } = newRoute(['topic', 'queue']);
      const json = synthJson(stack);
      expect(route.deadLetterQueue.queueArn).toBe(DLQ);
      expect(route.deadLetterQueue.deadLetterQueueArn).toBeUndefined();
      expect(resourceAt(json, 'aws_sqs_queue', 'Route/DeadLetterQueue')).toMatchObject({
        name: 'failures-dlq',
        kms_master_key_id: `\${${addressAt(json, 'aws_kms_key', 'Route/DeadLetterQueue/Key')}.arn}`,
      });
      const every = [rule('failures-deployment-notify'), rule('failures-instance-notify'), rule('failures-data')];
      expect(statementsOf(resourceAt(json, 'aws_sqs_queue_policy', 'Route/DeadLetterQueue/Policy'))[0]).toMatchObject({
        Sid: 'AllowEventBridgeRulesSendMessage',
        Resource: DLQ,
        Condition: { ArnEquals: { 'aws:SourceArn': every } },
      });
      expect(
        statementWithSid(statementsOf(resourceAt(json, 'aws_kms_key', 'Route/DeadLetterQueue/Key')), 'AllowEventBridgeUseQueueKey')
          .Condition,
      ).toEqual({ StringEquals: { 'kms:EncryptionContext:aws:sqs:arn': DLQ } });
    });

    it('takes a name', () => {
      const { route } = newRoute(['queue'], { deadLetterQueueName: 'deploy-failures-dlq' });
      expect(route.deadLetterQueue.queueArn).toBe(`arn:aws:sqs:${REGION}:${AUDIT}:deploy-failures-dlq`);
    });
  });

  describe('validation', () => {
    it.each<[string, Partial<Omit<EventRouteProps, 'bus'>>, string]>([
      [
        'an invalid route name',
        { routeName: 'deploy failures' },
        'test/Route: routeName: "deploy failures" is not an EventBridge rule name prefix (letters, digits, . _ and -). Fix: use only those characters',
      ],
      ['no event kinds', { filter: { kinds: [] } }, 'test/Route: filter.kinds: is empty. Fix: choose deployment and/or instance events'],
      ['no targets', { targets: [] }, 'test/Route: targets: is empty. Fix: give the route at least one target'],
      [
        'a retry age below a minute',
        { retryPolicy: { maximumEventAgeInSeconds: 30 } },
        'test/Route: retryPolicy.maximumEventAgeInSeconds: 30 is not a maximum event age EventBridge accepts (a whole number of seconds from 60 to 86400). Fix: use 60 to 86400',
      ],
      [
        'more than 185 retries',
        { retryPolicy: { maximumRetryAttempts: 186 } },
        'test/Route: retryPolicy.maximumRetryAttempts: 186 is not a retry count EventBridge accepts (a whole number from 0 to 185). Fix: use 0 to 185',
      ],
    ])('refuses %s, naming the prop, the value, the rule and the fix', (_label, props, line) => {
      expect(() => newRoute(['queue'], props)).toThrow(new Error(line));
    });

    it('refuses duplicate and invalid target ids, every one at once', () => {
      const { queue } = newRoute(['queue']);
      expect(() =>
        newRoute(['queue'], {
          targets: [
            { type: 'queue', id: 'queue', queue },
            { type: 'queue', id: 'queue', queue },
            { type: 'queue', id: 'bad id', queue },
          ],
        }),
      ).toThrow(
        new Error(
          [
            'test/Route: targets[1].id: "queue" is used twice (target ids are unique within a rule). Fix: give each target its own id',
            'test/Route: targets[2].id: "bad id" is not an EventBridge target id (1-64 of letters, digits, . _ and -). Fix: use only those characters',
          ].join('\n'),
        ),
      );
    });

    it("refuses a function outside the bus's account or region, and a malformed function ARN, with the shared ARN rule", () => {
      const other = (functionArn: string) => newRoute(['queue'], { targets: [{ type: 'function', id: 'fn', functionArn }] });
      const elsewhere = (arn: string) =>
        `test/Route: targets[0].functionArn: "${arn}" is not in the bus's account ${AUDIT} and region us-east-1, where its invoke permission is created. Fix: use a function of the bus's account and region, or forward the events to a bus where the function is`;
      expect(() => other('arn:aws:lambda:us-east-1:999988887777:function:chat')).toThrow(
        new Error(elsewhere('arn:aws:lambda:us-east-1:999988887777:function:chat')),
      );
      expect(() => other(`arn:aws:lambda:eu-west-1:${AUDIT}:function:chat`)).toThrow(
        new Error(elsewhere(`arn:aws:lambda:eu-west-1:${AUDIT}:function:chat`)),
      );
      expect(() => other('chat')).toThrow(
        new Error(
          'test/Route: targets[0].functionArn: "chat" is not a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>[:<alias>]). Fix: write arn:aws:lambda:<region>:<account>:function:<name>[:<alias>]',
        ),
      );
      expect(() => other(`arn:aws:lambda:us-east-1:${AUDIT}:function:chat:live`)).not.toThrow();
    });
  });
});
