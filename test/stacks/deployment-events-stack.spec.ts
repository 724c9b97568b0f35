/**
 * The deployment-events stack as the app builds it from the example config: the central bus in
 * the audit account, one rule group per route, and what each target receives. The events are
 * AWS's samples (test/fixtures/codedeploy-events/README.md); expected names and ARNs are written
 * from the example config, never read from the module under test.
 */
import { codeDeploySample } from '../support/codedeploy-fixtures';
import { exampleConfig } from '../support/config';
import { matchesEventPattern } from '../support/event-pattern';
import { buildExample, type Resource, resourcesOf } from '../support/synth';

const example = exampleConfig();
const json = buildExample(example).synth('deployment-events');
const audit = example.auditAccountId;
const home = example.homeRegion;
const BUS = 'acme-deployment-events';

const rules = Object.values(resourcesOf(json, 'aws_cloudwatch_event_rule'));
const targets = Object.values(resourcesOf(json, 'aws_cloudwatch_event_target'));

function rule(name: string): Resource {
  const found = rules.filter((r) => r.name === name);
  if (found.length !== 1) throw new Error(`expected one rule ${name}, have ${rules.map((r) => r.name).join(', ')}`);
  return found[0];
}

/** The targets of a rule, by the rule's name (a target names its rule and depends on it). */
function targetsOf(ruleName: string): Resource[] {
  rule(ruleName);
  return targets.filter((t) => t.rule === ruleName);
}

function targetWithArn(arn: string): Resource {
  const found = targets.filter((t) => t.arn === arn);
  if (found.length !== 1) throw new Error(`expected one target ${arn}, found ${found.length}`);
  return found[0];
}

describe('deployment-events stack (example config)', () => {
  it('puts every rule on the central bus, in the audit account and home region', () => {
    expect(rules.length).toBeGreaterThan(0);
    for (const r of rules) expect(r.event_bus_name).toBe(BUS);
    for (const t of targets) expect(t.event_bus_name).toBe(BUS);
    expect(json.provider.aws[0].region).toBe(home);
  });

  it('gives the chat notifier the whole event, which is what its handler formats', () => {
    const chat = targetWithArn(`arn:aws:lambda:${home}:${audit}:function:acme-deployment-chat-notifier`);
    // The handler (assets/chat-notifier/index.mjs) skips anything that is not a CodeDeploy event
    // object; a transformed sentence would be skipped, every time, in silence.
    expect(chat.input_transformer).toBeUndefined();
    expect(chat.input).toBeUndefined();
    expect(chat.input_path).toBeUndefined();
  });

  it('gives topics one sentence per event, naming deployment, application, group, account, region and state', () => {
    const topic = targetWithArn(`arn:aws:sns:${home}:${audit}:acme-deployment-alerts`);
    const transformer = topic.input_transformer as { input_paths: Record<string, string>; input_template: string };
    expect(transformer.input_paths).toMatchObject({
      deploymentId: '$.detail.deploymentId',
      application: '$.detail.application',
      state: '$.detail.state',
      account: '$.account',
    });
    expect(transformer.input_template).toBe(
      '"Deployment <deploymentId> of <application>/<deploymentGroup> in <account> <region>: <state>"',
    );
  });

  it('sends the failures route to chat, topic and queue, and AWS sample failures match it while successes do not', () => {
    const notify = rule('failures-deployment-notify');
    const data = rule('failures-data');
    const pattern = JSON.parse(String(data.event_pattern));
    expect(matchesEventPattern(pattern, codeDeploySample('deployment-failure'))).toBe(true);
    expect(matchesEventPattern(pattern, codeDeploySample('deployment-success'))).toBe(false);
    expect(matchesEventPattern(JSON.parse(String(notify.event_pattern)), codeDeploySample('deployment-failure'))).toBe(true);
    expect(targetsOf('failures-data').map((t) => t.arn)).toEqual(
      expect.arrayContaining([
        `arn:aws:lambda:${home}:${audit}:function:acme-deployment-chat-notifier`,
        `arn:aws:sqs:${home}:${audit}:acme-deployment-events`,
      ]),
    );
    expect(targetsOf('failures-deployment-notify').map((t) => t.arn)).toEqual([`arn:aws:sns:${home}:${audit}:acme-deployment-alerts`]);
  });

  it('gives every target a dead-letter queue of its route and never more than 5 targets per rule', () => {
    for (const r of rules) {
      const own = targetsOf(String(r.name));
      expect(own.length).toBeGreaterThan(0);
      expect(own.length).toBeLessThanOrEqual(5);
    }
    for (const t of targets)
      expect((t.dead_letter_config as { arn: string }).arn).toMatch(new RegExp(`^arn:aws:sqs:${home}:${audit}:.+-dlq$`));
  });

  it('lets EventBridge invoke a function only from the rule that targets it', () => {
    // The chat notifier's permission for the alarm topic (alarms.notifyChat) is SNS's: test/stacks/alarm-chat-route.spec.ts.
    const all = Object.values(resourcesOf(json, 'aws_lambda_permission'));
    expect(new Set(all.map((p) => p.principal))).toEqual(new Set(['events.amazonaws.com', 'sns.amazonaws.com']));
    const permissions = all.filter((p) => p.principal === 'events.amazonaws.com');
    expect(permissions.map((p) => [p.function_name, p.source_arn]).sort()).toEqual(
      [
        [
          `arn:aws:lambda:${home}:${audit}:function:acme-deployment-chat-notifier`,
          `arn:aws:events:${home}:${audit}:rule/${BUS}/failures-data`,
        ],
        [
          'arn:aws:lambda:eu-west-1:456789012345:function:checkout-rollback-helper',
          `arn:aws:events:${home}:${audit}:rule/${BUS}/checkout-prod-failures-data`,
        ],
      ].sort(),
    );
  });
});

describe('deployment-events stack: first apply', () => {
  it("makes the chat notifier's EventBridge invoke permission and target wait for the function", () => {
    const [functionId] = Object.keys(resourcesOf(json, 'aws_lambda_function'));
    expect(functionId).toBeDefined();
    const permission = Object.values(resourcesOf(json, 'aws_lambda_permission')).find(
      (p) => p.principal === 'events.amazonaws.com' && String(p.function_name).endsWith(':function:acme-deployment-chat-notifier'),
    );
    expect(permission?.depends_on).toContain(`aws_lambda_function.${functionId}`);
    const chat = targetWithArn(`arn:aws:lambda:${home}:${audit}:function:acme-deployment-chat-notifier`);
    expect(chat.depends_on).toContain(`aws_lambda_function.${functionId}`);
  });
});

describe('deployment-events stack: who may put events, and where failures go', () => {
  it("admits only the member templates' forwarding role name, derived from stackSets.namePrefix", () => {
    const [policy] = Object.values(resourcesOf(json, 'aws_cloudwatch_event_bus_policy'));
    const statements = JSON.parse(String(policy.policy)).Statement as {
      Sid: string;
      Condition?: Record<string, Record<string, unknown>>;
    }[];
    const put = statements.find((st) => st.Sid === 'AllowForwardersPutCodeDeployEvents');
    expect(put?.Condition?.ArnLike).toEqual({ 'aws:PrincipalArn': 'arn:aws:iam::*:role/acme-deploy-monitoring-codedeploy-forwarder' });
  });

  it("gives the bus a dead-letter queue under the bus key, and names it in the stack's outputs", () => {
    const [bus] = Object.values(resourcesOf(json, 'aws_cloudwatch_event_bus'));
    expect(bus.dead_letter_config).toEqual({ arn: `arn:aws:sqs:${home}:${audit}:${BUS}-bus-dlq` });
    expect(Object.keys(json.output ?? {})).toContain('event_bus_dead_letter_queue_url');
  });

  it("encrypts the chat notifier's log group with its failure queue's key: no key of its own", () => {
    const groups = Object.values(resourcesOf(json, 'aws_cloudwatch_log_group'));
    const chatGroup = groups.find((g) => g.name === '/aws/lambda/acme-deployment-chat-notifier');
    const queues = Object.entries(resourcesOf(json, 'aws_sqs_queue'));
    const failures = queues.find(([, q]) => q.name === 'acme-deployment-chat-notifier-failures')?.[1];
    expect(chatGroup?.kms_key_id).toBeDefined();
    expect(chatGroup?.kms_key_id).toBe(failures?.kms_master_key_id);
    const aliases = Object.values(resourcesOf(json, 'aws_kms_alias')).map((a) => a.name);
    expect(aliases).not.toContain('alias/logs/acme-deployment-chat-notifier');
  });
});

describe('deployment-events stack: first apply of the chat notifier', () => {
  it('creates the failure queue key, whose policy names the notifier role, after that role', () => {
    const keys = Object.entries(resourcesOf(json, 'aws_kms_key'));
    const [roleId] = Object.entries(resourcesOf(json, 'aws_iam_role')).find(([, r]) => r.name === 'acme-deployment-chat-notifier') ?? [];
    const failuresKey = keys.find(([, k]) => String(k.description).startsWith('Encrypts the acme-deployment-chat-notifier-failures'))?.[1];
    expect(roleId).toBeDefined();
    expect(String(failuresKey?.policy)).toContain(`arn:aws:iam::${audit}:role/acme-deployment-chat-notifier`);
    expect(failuresKey?.depends_on).toEqual([`aws_iam_role.${roleId}`]);
  });
});
