/**
 * The review of resource types deployment monitoring adds, from hand-written synthesized stacks
 * (fixtures.ts): event routes (which CodeDeploy states reach which targets, in the audit account and
 * in every member account through a StackSet), bus, queue, Lambda and sink policies, the stores,
 * alarms, and the topology with the StackSet fan-out.
 */
import { appFromStacks } from '../../tooling/model';
import { buildReview, type Review } from '../../tooling/review';
import { arnText, eventRoutes } from '../../tooling/review/facts/event-routes';
import { eventRoutesSection } from '../../tooling/review/sections/event-routes';
import { policyBlock } from '../../tooling/review/sections/policies';
import { AUDIT, BUS_ARN, MANAGEMENT, monitoringStack, ORG, stackSetStack } from './fixtures';
import { rowWith, sectionOf, tableRows } from './markdown-support';

let review: Review;
beforeAll(() => {
  const app = appFromStacks([
    { name: 'deployment-monitoring', json: monitoringStack() },
    { name: 'deployment-rollout', json: stackSetStack() },
  ]);
  review = buildReview(app, 'fixtures');
});

const stack = (name: string) => {
  const found = review.context.app.stacks.find((s) => s.name === name);
  if (!found) throw new Error(name);
  return found;
};

describe('deployment monitoring review > event routes', () => {
  it('reads which CodeDeploy states reach which targets, with target ids, retries and dead letters', () => {
    const lines = eventRoutesSection(review.context, stack('deployment-monitoring'))
      .split('\n')
      .filter((l) => l.startsWith('- '));
    expect(lines).toEqual([
      '- rule `failed-deployments` on event bus org-deployment-events: CodeDeploy deployment state changes, **FAILURE, STOP** → chat (Lambda org-deployment-chat-notifier) [retries 4, up to 3600 s], queue deployment-events [undeliverable events to queue deployment-events-dlq]',
      '- rule `billing-deployments` on event bus org-deployment-events: CodeDeploy deployment and instance state changes, **any state** where `detail.application: billing` → stream deployment-events [as role deployment-events-to-kinesis] **(rule disabled)**',
    ]);
  });

  it('keeps the states and targets as data for other tools', () => {
    const [failed, billing] = eventRoutes(review.context, stack('deployment-monitoring'));
    expect(failed.states).toEqual(['FAILURE', 'STOP']);
    expect(failed.targets.map((t) => t.resource?.address)).toEqual(['aws_lambda_function.ChatNotifier', 'aws_sqs_queue.Queue']);
    expect(failed.busResource?.address).toBe('aws_cloudwatch_event_bus.Bus');
    expect(billing).toMatchObject({ states: [], filters: ['detail.application: billing'], enabled: false });
  });

  it('reads the rules a StackSet deploys to every member account, and the same template as a management account stack, with where they go and the role they use', () => {
    const lines = eventRoutesSection(review.context, stack('deployment-rollout'))
      .split('\n')
      .filter((l) => l.startsWith('- '));
    const fanOut = 'in every stack of StackSet `org-deployment-monitoring-forwarding` (organization root r-7k3m; eu-west-1, eu-central-1)';
    const own = `in CloudFormation stack org-deployment-monitoring-forwarding (account ${MANAGEMENT}, eu-west-1)`;
    const forward =
      'rule `forward-codedeploy-events` on event bus default: CodeDeploy deployment and instance state changes, **any state** → central-bus (event bus org-deployment-events) [as role codedeploy-events-forwarder (same template)]';
    // `<AccountId>` is escaped: raw, GitHub would read it as an HTML tag and show nothing.
    const stop =
      'rule `stop-failed-instances` on event bus default: CodeDeploy instance state changes, **FAILURE** → stop (Automation runbook AWS-StopEC2Instance (account &lt;AccountId&gt;, &lt;Region&gt;)) [as role codedeploy-stop (same account); input transformed]';
    expect(lines).toEqual([`- ${fanOut}, ${forward}`, `- ${fanOut}, ${stop}`, `- ${own}, ${forward}`, `- ${own}, ${stop}`]);
  });

  it('names an EventBridge built-in EC2 target as console-only', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub placeholders, not a JavaScript template
    expect(arnText('arn:aws:events:${AWS::Region}:${AWS::AccountId}:target/stop-instance')).toBe(
      'EC2 stop instance (built-in target: the API cannot create it, only the console)',
    );
  });
});

describe('deployment monitoring review > policies', () => {
  const block = (target: string, kind: string) => {
    const p = review.context.policies.find((x) => x.target === target && x.kind === kind);
    if (!p) throw new Error(`${kind} on ${target}: ${review.context.policies.map((x) => `${x.kind} ${x.target}`).join('; ')}`);
    return policyBlock(review.context, p);
  };

  it('renders the bus policy as an organization-wide grant with its remaining condition', () => {
    const [row] = tableRows(block('event bus org-deployment-events', 'event-bus'), ['#', 'who']);
    expect(row.slice(3)).toEqual([
      `anyone, only principals in organization \`${ORG}\``,
      'events: PutEvents',
      `\`${BUS_ARN}\``,
      '`events:source` = `aws.codedeploy`',
    ]);
  });

  it('turns the Lambda permission into a statement scoped to the rule', () => {
    const [row] = tableRows(block('Lambda org-deployment-chat-notifier', 'lambda'), ['#', 'who']);
    expect(row.slice(2)).toEqual([
      '`AllowEventBridgeInvoke`',
      `EventBridge, only for rule \`arn:aws:events:eu-west-1:${AUDIT}:rule/org-deployment-events/failed-deployments\``,
      'lambda: InvokeFunction',
      `\`arn:aws:lambda:eu-west-1:${AUDIT}:function:org-deployment-chat-notifier\``,
      '—',
    ]);
  });

  it('renders the queue and sink policies and the roles inside the StackSet template', () => {
    expect(tableRows(block('queue deployment-events', 'queue'), ['#', 'who'])[0][3]).toBe(
      `EventBridge, only for rule \`arn:aws:events:eu-west-1:${AUDIT}:rule/org-deployment-events/failed-deployments\``,
    );
    expect(tableRows(block('OAM sink org-observability', 'sink'), ['#', 'who'])[0].slice(3)).toEqual([
      `anyone, only principals in organization \`${ORG}\``,
      'oam: CreateLink, UpdateLink',
      '`*`',
      '`oam:ResourceTypes` every value = `AWS::CloudWatch::Metric` or `AWS::Logs::LogGroup`',
    ]);
    const trust = 'codedeploy-events-forwarder (AWS::IAM::Role) in every stack of StackSet org-deployment-monitoring-forwarding';
    expect(tableRows(block(trust, 'trust'), ['#', 'who'])[0].slice(3, 5)).toEqual([
      `EventBridge, only on behalf of account \`\${AWS::AccountId}\``,
      'sts: AssumeRole',
    ]);
    expect(tableRows(block(trust, 'identity'), ['#', 'who'])[0].slice(4, 6)).toEqual(['events: PutEvents', `\`${BUS_ARN}\``]);
  });
});

describe('deployment monitoring review > data protection and alarms', () => {
  it('states encryption, retention and dead-lettering of queues, streams, archives, topics and log groups', () => {
    const rows = tableRows(sectionOf(review.markdown, '## 1. deployment-monitoring'), ['store', 'encryption', 'retention']);
    expect(rowWith(rows, 0, 'SQS queue `deployment-events`')).toEqual([
      'SQS queue `deployment-events`',
      'SSE-KMS, key alias/deployment-events',
      'messages kept 14 days',
      'dead-letter queue deployment-events-dlq after 5 receives',
      'yes',
    ]);
    expect(rowWith(rows, 0, 'SQS queue `deployment-events-dlq`').slice(1, 3)).toEqual(['SQS-managed SSE', 'messages kept 4 days']);
    expect(rowWith(rows, 0, 'Kinesis stream `deployment-events`').slice(1, 5)).toEqual([
      'SSE-KMS, AWS managed key aws/kinesis',
      'records kept 168 hours',
      'ON_DEMAND',
      '**no**',
    ]);
    expect(rowWith(rows, 0, 'event archive `org-deployment-events-archive`').slice(2, 4)).toEqual([
      'events kept 90 days',
      'archives event bus org-deployment-events',
    ]);
    expect(rowWith(rows, 0, 'event bus `org-deployment-events`')[4]).toBe('no (keeps no data)');
    expect(rowWith(rows, 0, 'log group `/aws/lambda/org-deployment-chat-notifier`').slice(1, 3)).toEqual([
      'CloudWatch Logs default encryption',
      'events kept 30 days',
    ]);
    expect(review.summary.unguarded).toEqual([
      'event archive org-deployment-events-archive',
      'queue deployment-events-dlq',
      'stream deployment-events',
      'log group /aws/lambda/org-deployment-chat-notifier',
    ]);
  });

  it('lists each alarm with the metric filter feeding it, when it fires and whom it notifies, and filters without alarm', () => {
    const rows = tableRows(review.markdown, ['alarm', 'watches', 'fires when']);
    expect(rows).toEqual([
      [
        '`chat-notifier-errors`',
        'log group /aws/lambda/org-deployment-chat-notifier: `{ $.level = "ERROR" }`',
        'Sum ≥ 1 over 300 s, 1 period; missing data notBreaching',
        'topic deployment-alerts',
      ],
      ['`chat-notifier-warnings`', 'log group /aws/lambda/org-deployment-chat-notifier: `WARN`', '—', '**no alarm**'],
    ]);
  });

  it('groups the new resource types with counts', () => {
    const rows = tableRows(sectionOf(review.markdown, '## 1. deployment-monitoring'), ['type', 'count', 'names']);
    expect(rowWith(rows, 0, '`aws_cloudwatch_event_target`')[1]).toBe('3');
    expect(rowWith(rows, 0, '`aws_cloudwatch_event_rule`')[2]).toBe('failed-deployments, billing-deployments');
    const rollout = tableRows(sectionOf(review.markdown, '## 2. deployment-rollout'), ['type', 'count']);
    expect(rowWith(rollout, 0, '`aws_cloudformation_stack_set_instance`')[1]).toBe('2');
  });
});

describe('deployment monitoring review > topology', () => {
  it('draws the StackSet fanning out to member accounts, which forward to the central bus, and the bus routes', () => {
    const diagram = sectionOf(review.markdown, '## Topology');
    expect(diagram).toContain(`subgraph acct_${MANAGEMENT}["account ${MANAGEMENT}: deployment-rollout"]`);
    expect(diagram).toContain(`subgraph acct_${AUDIT}["account ${AUDIT}: deployment-monitoring"]`);
    expect(diagram).toContain('subgraph acct_member_accounts["member accounts"]');
    const id = (label: string) => new RegExp(`(n\\d+)[^\\n"]*"${label}`).exec(diagram)?.[1];
    const [stackSet, fanOut, bus, chat] = [
      id('StackSet org-deployment-monitoring-forwarding'),
      id('stacks of org-deployment-monitoring-forwarding'),
      id('event bus org-deployment-events'),
      id('Lambda org-deployment-chat-notifier'),
    ];
    expect(diagram).toContain(`${stackSet} -->|deploys| ${fanOut}`);
    expect(diagram).toContain(`${fanOut} -->|deployment and instance state changes: any state| ${bus}`);
    expect(diagram).toContain(`${bus} -->|deployment state changes: FAILURE, STOP| ${chat}`);
  });
});

describe('deployment monitoring review > security checks', () => {
  it('runs the rule pack on the model the review built, with no synthesized folder to read again', () => {
    expect(review.context.app.outDir).toBe('');
    const checks = review.checks;
    if (typeof checks === 'string') throw new Error(`checks did not run: ${checks}`);
    expect(checks.resources).toBe(28);
    const open = checks.findings.filter((f) => !f.suppression).map((f) => `${f.rule} ${f.address}`);
    expect(open).toContain('SqsQueueEncrypted deployment-monitoring/aws_sqs_queue.DeadLetters');
    expect(open).toContain('EventBusEncrypted deployment-monitoring/aws_cloudwatch_event_bus.Bus');
    expect(checks.counts).toMatchObject({ error: 4, warning: 4 });
  });
});

describe('deployment monitoring review > whole report', () => {
  it('matches the reviewed snapshot (a complement to the assertions above)', () => {
    expect(review.markdown).toMatchSnapshot();
  });
});
