import { configSchema } from '../../stacks/config/schema';
import { configWarnings } from '../../stacks/config/warnings';
import { exampleInput, expectProblem, fieldPath, type Mutable, problemsOf, setPath } from '../support/config';

/** The example with a full deploymentMonitoring section (the example may carry its own; this one is fixed here). */
function monitored(change?: (section: Mutable) => void): Mutable {
  const input = exampleInput() as Mutable;
  const section: Mutable = {
    busName: 'acme-deployment-events',
    organizationalUnitIds: ['r-7k3m'],
    regions: ['eu-west-1', 'eu-central-1', 'us-east-1'],
    forwardKinds: ['deployment', 'instance'],
    topics: [{ name: 'acme-deployment-alerts', subscriptions: [{ protocol: 'email', endpoint: 'oncall@acme.example' }] }],
    queues: [{ name: 'acme-deployment-events' }],
    streams: [{ name: 'acme-deployment-status' }],
    chat: { webhookParameterName: '/acme/deployments/chat-webhook' },
    routes: [
      {
        name: 'failures',
        states: ['FAILURE', 'STOP'],
        targets: [{ type: 'chat' }, { type: 'topic', name: 'acme-deployment-alerts' }, { type: 'queue', name: 'acme-deployment-events' }],
      },
      {
        name: 'status',
        kinds: ['deployment', 'instance'],
        states: ['START', 'SUCCESS'],
        targets: [{ type: 'stream', name: 'acme-deployment-status' }],
      },
    ],
    instanceActions: [{ name: 'stop-failed', action: 'stop', applications: ['checkout'], deploymentGroups: ['prod'] }],
  };
  change?.(section);
  input.deploymentMonitoring = section;
  return input;
}

const at = (path: string) => fieldPath(`deploymentMonitoring.${path}`);

describe('config > deploymentMonitoring', () => {
  describe('valid sections', () => {
    it('accepts a full section and fills defaults: both event kinds forwarded, FAILURE and STOP routed, 90-day archive', () => {
      expect(problemsOf(monitored())).toEqual([]);
      const parsed = configSchema.parse(monitored()).deploymentMonitoring;
      expect(parsed).toMatchObject({
        archiveRetentionDays: 90,
        forwardKinds: ['deployment', 'instance'],
        stackSets: {
          callAs: 'SELF',
          concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
          regionConcurrency: 'PARALLEL',
          retainStacksOnAccountRemoval: false,
        },
        chat: { functionName: 'org-deployment-chat-notifier', logRetentionDays: 30 },
      });
      expect(parsed?.routes[0]).toMatchObject({ kinds: ['deployment'], applications: [], deploymentGroups: [] });
      expect(parsed?.instanceActions[0].states).toEqual(['FAILURE']);
      // Counts and percentages stay unset: the module's defaults (25% / 25%) apply to whichever pair is left out.
      expect(parsed?.stackSets).not.toHaveProperty('maxConcurrentPercentage');
      expect(parsed?.stackSets).not.toHaveProperty('failureTolerancePercentage');
    });

    it('is optional: without it nothing is monitored', () => {
      const input = exampleInput() as Mutable;
      delete input.deploymentMonitoring;
      input.alarms = { notifyChat: false }; // alarms.notifyChat needs deploymentMonitoring.chat
      expect(configSchema.parse(input).deploymentMonitoring).toBeUndefined();
    });

    it('takes a StackSets delegated administrator', () => {
      expect(
        problemsOf(
          monitored((s) => setPath(s, 'stackSets', { callAs: 'DELEGATED_ADMIN', delegatedAdministratorAccountId: '456789012345' })),
        ),
      ).toEqual([]);
    });

    it('takes every instance action kind', () => {
      const section = (s: Mutable) =>
        setPath(
          s,
          'instanceActions',
          ['stop', 'terminate', 'restart', 'create-image'].map((action) => ({ name: `${action}-failed`, action })),
        );
      expect(problemsOf(monitored(section))).toEqual([]);
    });

    it('takes operation preferences as counts or percentages, and either concurrency mode', () => {
      const preferences = (stackSets: Mutable) => monitored((s) => setPath(s, 'stackSets', stackSets));
      expect(
        problemsOf(preferences({ maxConcurrentCount: 50, failureToleranceCount: 5, concurrencyMode: 'STRICT_FAILURE_TOLERANCE' })),
      ).toEqual([]);
      expect(problemsOf(preferences({ maxConcurrentPercentage: 100, failureTolerancePercentage: 0 }))).toEqual([]);
    });
  });

  describe('field rules', () => {
    it.each([
      ['busName', 'has spaces', 'is not an event bus name'],
      ['busName', 'b'.repeat(41), 'is not an event bus name'],
      ['archiveRetentionDays', -1, 'must be at least 0 days'],
      ['organizationalUnitIds.0', '111111111111', 'is not a root or OU ID'],
      ['regions.0', 'mars-1', 'is not a commercial AWS region'],
      ['forwardKinds.0', 'deploys', 'is not a CodeDeploy event kind'],
      ['stackSets.callAs', 'ADMIN', 'is not a StackSets caller'],
      ['stackSets.maxConcurrentPercentage', 101, 'must be a whole percentage from 1 to 100'],
      ['stackSets.maxConcurrentCount', 0, 'must be a whole number of accounts of at least 1'],
      ['stackSets.failureToleranceCount', 1.5, 'must be a whole number of accounts of at least 0'],
      ['stackSets.failureTolerancePercentage', -1, 'must be a whole percentage from 0 to 100'],
      ['stackSets.concurrencyMode', 'FAST', 'is not a StackSets concurrency mode'],
      ['stackSets.regionConcurrency', 'ALL', 'is not a region concurrency'],
      ['queues.0.name', 'q'.repeat(77), 'is not an SQS queue name'],
      ['streams.0.name', 'bad stream', 'is not a Kinesis stream name'],
      ['chat.webhookParameterName', 'no-leading-slash', 'is not an SSM parameter name'],
      ['chat.functionName', 'bad name', 'is not a Lambda function name'],
      ['chat.logRetentionDays', 31, 'is not a retention CloudWatch Logs accepts'],
      ['routes.0.states.0', 'FAILED', 'is not a CodeDeploy state'],
      ['routes.0.targets.0.type', 'webhook', 'needs a "type" of "chat", "topic", "queue", "stream" or "lambda"'],
      ['routes.0.targets', [], 'is empty'],
      [
        'instanceActions.0.action',
        'hibernate',
        'is not an instance action. Fix: use one of "stop", "terminate", "restart", "create-image"',
      ],
      ['instanceActions.0.snapshot', { volumeId: 'vol-0123456789abcdef0' }, 'is not a known field'],
      ['agentLogs.enabled', 'yes', 'must be true or false'],
      ['agentLogs.retentionDays', 31, 'is not a retention CloudWatch Logs accepts'],
      ['agentLogs.retentionDays', 0, 'is not a retention CloudWatch Logs accepts'],
      ['agentLogs.retentionDays', '30', 'is not a retention CloudWatch Logs accepts'],
      ['agentLogs.platforms', [], 'is empty'],
      ['agentLogs.customerManagedKeys', 'false', 'must be true or false'],
      ['agentLogs.observabilitySink', 1, 'must be true or false'],
      ['agentLogs.retentionDay', 30, 'is not a known field'],
    ])('fails when %s is %j', (path, value, fragment) => {
      expectProblem(
        monitored((s) => setPath(s, path, value)),
        at(path),
        fragment,
      );
    });
  });

  describe('agentLogs', () => {
    it('is on by default with 30 days, Linux, service encryption and no sink', () => {
      expect(configSchema.parse(monitored()).deploymentMonitoring?.agentLogs).toEqual({
        enabled: true,
        retentionDays: 30,
        platforms: ['linux'],
        customerManagedKeys: false,
        observabilitySink: false,
      });
    });

    it('takes both platforms, a sink and customer managed keys', () => {
      const section = (s: Mutable) =>
        setPath(s, 'agentLogs', { retentionDays: 90, platforms: ['windows', 'linux'], customerManagedKeys: true, observabilitySink: true });
      expect(problemsOf(monitored(section))).toEqual([]);
    });

    it('refuses a platform it does not know', () => {
      expectProblem(
        monitored((s) => setPath(s, 'agentLogs', { platforms: ['linux', 'macos'] })),
        at('agentLogs.platforms.1'),
        'is not a platform. Fix: use "linux" or "windows"',
      );
    });

    it('refuses a platform listed twice', () => {
      expect(
        expectProblem(
          monitored((s) => setPath(s, 'agentLogs', { platforms: ['linux', 'linux'] })),
          at('agentLogs.platforms.1'),
          'is listed twice',
          'Fix: remove the duplicate',
        ),
      ).toBe('deploymentMonitoring.agentLogs.platforms[1]: "linux" is listed twice. Fix: remove the duplicate');
    });

    it('warns what customer managed keys cost at fan-out, and only when they are asked for', () => {
      const keyed = monitored((s) => setPath(s, 'agentLogs', { customerManagedKeys: true }));
      expect(configWarnings(configSchema.parse(keyed))).toEqual([
        'deploymentMonitoring.agentLogs.customerManagedKeys: true creates a KMS key in every governed region of every account, the management account included (3 per account): about $1 a month each, so $3 a month per account and about $3,000 a month for 1,000 accounts, for operational agent logs that CloudWatch Logs encrypts at rest anyway. Fix: set it to false unless a policy requires customer managed keys for every log group',
      ]);
      expect(configWarnings(configSchema.parse(monitored()))).toEqual([]);
      expect(configWarnings(configSchema.parse(monitored((s) => setPath(s, 'agentLogs', { enabled: false }))))).toEqual([]);
    });

    it.each(['customerManagedKeys', 'observabilitySink'])('refuses %s while agent logs are disabled, since it would do nothing', (key) => {
      expectProblem(
        monitored((s) => setPath(s, 'agentLogs', { enabled: false, [key]: true })),
        at(`agentLogs.${key}`),
        'has no effect while agentLogs.enabled is false',
        'Fix: remove it, or set agentLogs.enabled to true',
      );
      expect(problemsOf(monitored((s) => setPath(s, 'agentLogs', { enabled: false })))).toEqual([]);
    });
  });

  describe('cross-field rules', () => {
    it('needs OUs (or the root) for the StackSets', () => {
      expectProblem(
        monitored((s) => setPath(s, 'organizationalUnitIds', [])),
        at('organizationalUnitIds'),
        'is empty',
        'Fix: add the root ID',
      );
    });

    it('refuses a region that is not governed, and a region list without the home region', () => {
      expectProblem(
        monitored((s) => setPath(s, 'regions', ['eu-west-1', 'ap-south-1'])),
        at('regions.1'),
        'is not a governed region',
      );
      expectProblem(
        monitored((s) => setPath(s, 'regions', ['us-east-1'])),
        at('regions'),
        'does not include the home region eu-west-1',
      );
    });

    it('needs the StackSets delegated administrator with callAs DELEGATED_ADMIN, and refuses the management account there', () => {
      expectProblem(
        monitored((s) => setPath(s, 'stackSets', { callAs: 'DELEGATED_ADMIN' })),
        at('stackSets.delegatedAdministratorAccountId'),
        'is required',
      );
      expectProblem(
        monitored((s) => setPath(s, 'stackSets', { callAs: 'DELEGATED_ADMIN', delegatedAdministratorAccountId: '210987654321' })),
        at('stackSets.delegatedAdministratorAccountId'),
        'is the management account',
      );
      expectProblem(
        monitored((s) => setPath(s, 'stackSets', { delegatedAdministratorAccountId: '456789012345' })),
        at('stackSets.callAs'),
        'must be "DELEGATED_ADMIN"',
      );
    });

    it('names a route target that was never declared, with the declared ones', () => {
      expectProblem(
        monitored((s) => setPath(s, 'routes.0.targets.1.name', 'alerts')),
        at('routes.0.targets.1.name'),
        'names no topic',
        'acme-deployment-alerts',
      );
    });

    it('needs the chat settings when a route sends to chat', () => {
      expectProblem(
        monitored((s) => delete s.chat),
        at('routes.0.targets.0'),
        'deploymentMonitoring.chat is not configured',
      );
    });

    it('refuses a Lambda target outside the audit account and home region', () => {
      const fn = 'arn:aws:lambda:eu-west-1:210987654321:function:elsewhere';
      expectProblem(
        monitored((s) => setPath(s, 'routes.0.targets.0', { type: 'lambda', functionArn: fn })),
        at('routes.0.targets.0.functionArn'),
        'is not in the audit account',
      );
      const ok = 'arn:aws:lambda:eu-west-1:456789012345:function:here';
      expect(problemsOf(monitored((s) => setPath(s, 'routes.0.targets.0', { type: 'lambda', functionArn: ok })))).toEqual([]);
    });

    it('refuses two fields that make the same SQS queue name in the audit account, naming both', () => {
      // A route named like a queue: both would create "<name>-dlq".
      expectProblem(
        monitored((s) => setPath(s, 'routes.1.name', 'acme-deployment-events')),
        at('routes.1.name'),
        'makes SQS queue "acme-deployment-events-dlq" (the dead-letter queue of route acme-deployment-events), which the dead-letter queue of queue acme-deployment-events also makes; SQS queue names are unique per account and region. Fix: rename one of them',
      );
      // A queue named like the chat notifier's failure queue.
      expectProblem(
        monitored((s) => setPath(s, 'queues.0.name', 'org-deployment-chat-notifier-failures')),
        at('chat.functionName'),
        'which queue org-deployment-chat-notifier-failures also makes',
      );
      // The bus's own dead-letter queue is "<busName>-bus-dlq": a queue named like the bus is fine, one named "<bus>-bus" is not.
      expect(problemsOf(monitored((s) => setPath(s, 'queues.0.name', 'acme-deployment-events')))).toEqual([]);
      expectProblem(
        monitored((s) => setPath(s, 'queues', [{ name: 'acme-deployment-events' }, { name: 'acme-deployment-events-bus' }])),
        at('busName'),
        'makes SQS queue "acme-deployment-events-bus-dlq" (the central bus\'s dead-letter queue), which the dead-letter queue of queue acme-deployment-events-bus also makes',
      );
    });

    it('refuses names used twice and a target listed twice in a route', () => {
      expectProblem(
        monitored((s) => setPath(s, 'queues', [{ name: 'q' }, { name: 'q' }])),
        at('queues.1.name'),
        'is used twice',
      );
      expectProblem(
        monitored((s) => setPath(s, 'routes.0.targets', [{ type: 'chat' }, { type: 'chat' }])),
        at('routes.0.targets.1'),
        'is listed twice in this route',
      );
    });

    it('explains the action kinds that used console-only built-in targets, and what replaces them', () => {
      expectProblem(
        monitored((s) => setPath(s, 'instanceActions.0.action', 'reboot')),
        at('instanceActions.0.action'),
        '"reboot" is not an instance action any more',
        'can be created only in the console. Fix: use "restart" (AWS-RestartEC2Instance stops and starts the instance)',
      );
      expectProblem(
        monitored((s) => setPath(s, 'instanceActions.0.action', 'create-snapshot')),
        at('instanceActions.0.action'),
        'Fix: use "create-image" (AWS-CreateImage snapshots every EBS volume of the instance the event names)',
      );
    });

    it('refuses a count and a percentage of the same preference together', () => {
      expectProblem(
        monitored((s) => setPath(s, 'stackSets', { maxConcurrentCount: 10, maxConcurrentPercentage: 25 })),
        at('stackSets.maxConcurrentCount'),
        'is set together with stackSets.maxConcurrentPercentage; CloudFormation takes a count or a percentage, not both. Fix: remove one of them',
      );
      expectProblem(
        monitored((s) => setPath(s, 'stackSets', { failureToleranceCount: 3, failureTolerancePercentage: 10 })),
        at('stackSets.failureToleranceCount'),
        'not both',
      );
    });
  });
});
