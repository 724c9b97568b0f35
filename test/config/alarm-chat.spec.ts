/**
 * `alarms.notifyChat`: alarm notifications posted by the built-in chat notifier. The rules are
 * checked through the whole validator on the example config (which turns it on), one field
 * changed at a time; expected ARNs are written from the example's identifiers.
 */
import { alarmChatFunctionArn, alarmTopicArn, configSchema } from '../../stacks/config';
import { deletePath, exampleInput, type Mutable, PROBLEM_LINE, problemsOf, setPath } from '../support/config';

const CHAT_FUNCTION = 'arn:aws:lambda:eu-west-1:456789012345:function:acme-deployment-chat-notifier';

/** The problem lines of the example with a change, for one field only. */
function linesFor(field: string, change: (input: Mutable) => void): string[] {
  const input = exampleInput() as Mutable;
  change(input);
  const problems = problemsOf(input);
  for (const line of problems) expect(line).toMatch(PROBLEM_LINE);
  return problems.filter((line) => line.startsWith(`${field}: `));
}

/** The example without the chat notifier (and the route target that needs it). */
function withoutChat(input: Mutable): void {
  deletePath(input, 'deploymentMonitoring.chat');
  setPath(input, 'deploymentMonitoring.routes', []);
}

describe('config > alarms.notifyChat', () => {
  it('is off unless turned on, and the example turns it on', () => {
    const input = exampleInput() as Mutable;
    expect(configSchema.parse(input).alarms.notifyChat).toBe(true);
    delete input.alarms;
    expect(configSchema.parse(input).alarms.notifyChat).toBe(false);
  });

  it('accepts the example, whose deploymentMonitoring has a chat notifier', () => {
    expect(problemsOf(exampleInput())).toEqual([]);
  });

  it('fails when deploymentMonitoring has no chat section, naming the field, value, rule and fix', () => {
    expect(linesFor('alarms.notifyChat', withoutChat)).toEqual([
      'alarms.notifyChat: true needs the built-in chat notifier, but deploymentMonitoring.chat is not configured. Fix: add deploymentMonitoring.chat.webhookParameterName (an SSM SecureString holding the webhook URL), or set alarms.notifyChat to false',
    ]);
  });

  it('fails when deploymentMonitoring is not configured at all', () => {
    expect(linesFor('alarms.notifyChat', (input) => delete input.deploymentMonitoring)).toEqual([
      'alarms.notifyChat: true needs the built-in chat notifier, which deploymentMonitoring creates in the audit account, but deploymentMonitoring is not configured. Fix: add deploymentMonitoring with a chat section (webhookParameterName: an SSM SecureString holding the webhook URL), or set alarms.notifyChat to false',
    ]);
  });

  it('fails when alarms are turned off, so there is no topic to send from', () => {
    expect(linesFor('alarms.notifyChat', (input) => setPath(input, 'alarms.enabled', false))).toEqual([
      'alarms.notifyChat: true is true but alarms.enabled is false, so there is no alarm topic to send to chat. Fix: set alarms.notifyChat to false, or alarms.enabled to true',
    ]);
  });

  it('fails when alarms.subscriptions also lists the chat notifier, which would subscribe it twice', () => {
    const lines = linesFor('alarms.subscriptions[1].endpoint', (input) =>
      setPath(input, 'alarms.subscriptions', [
        { protocol: 'email', endpoint: 'secops@acme.example' },
        { protocol: 'lambda', endpoint: CHAT_FUNCTION },
      ]),
    );
    expect(lines).toEqual([
      `alarms.subscriptions[1].endpoint: "${CHAT_FUNCTION}" is the chat notifier, which alarms.notifyChat already subscribes from the audit account (deployment-events stack). Fix: remove this entry from alarms.subscriptions`,
    ]);
  });

  it('needs nothing of deploymentMonitoring when off', () => {
    const input = exampleInput() as Mutable;
    setPath(input, 'alarms.notifyChat', false);
    withoutChat(input);
    expect(problemsOf(input)).toEqual([]);
  });

  it('refuses a value that is not a boolean', () => {
    expect(linesFor('alarms.notifyChat', (input) => setPath(input, 'alarms.notifyChat', 'yes'))).toEqual([
      'alarms.notifyChat: "yes" must be true or false. Fix: write true or false without quotes',
    ]);
  });
});

describe('config > alarm chat route (derived)', () => {
  const config = (change: (input: Mutable) => void = () => {}) => {
    const input = exampleInput() as Mutable;
    change(input);
    return configSchema.parse(input);
  };

  it('names the chat notifier in the audit account and home region, with the configured function name', () => {
    expect(alarmChatFunctionArn(config())).toBe(CHAT_FUNCTION);
    expect(alarmChatFunctionArn(config((i) => setPath(i, 'deploymentMonitoring.chat.functionName', 'secops-chat')))).toBe(
      'arn:aws:lambda:eu-west-1:456789012345:function:secops-chat',
    );
  });

  it('is off when notifyChat is false, alarms are disabled, or there is no chat notifier', () => {
    expect(alarmChatFunctionArn(config((i) => setPath(i, 'alarms.notifyChat', false)))).toBeUndefined();
    const parsed = config();
    expect(alarmChatFunctionArn({ ...parsed, alarms: { ...parsed.alarms, enabled: false } })).toBeUndefined();
    expect(alarmChatFunctionArn({ ...parsed, deploymentMonitoring: undefined })).toBeUndefined();
  });

  it('finds the alarm topic in the trail account: the management account, or the delegated administrator', () => {
    expect(alarmTopicArn(config())).toBe('arn:aws:sns:eu-west-1:210987654321:acme-organization-trail-alarms');
    expect(
      alarmTopicArn(
        config((i) => {
          setPath(i, 'trail.delegatedAdministratorAccountId', '456789012345');
          setPath(i, 'alarms.topicName', 'secops-alarms');
        }),
      ),
    ).toBe('arn:aws:sns:eu-west-1:456789012345:secops-alarms');
  });
});
