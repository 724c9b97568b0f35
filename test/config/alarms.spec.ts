import type { z } from 'zod';
import {
  type AlarmsCheckInput,
  type AlarmsSection,
  alarmsSection,
  alarmTopicName,
  checkAlarms,
  configSchema,
  formatIssues,
} from '../../stacks/config';
import { exampleConfig, minimalInput, PROBLEM_LINE, problemsOf, withChange } from '../support/config';

/*
 * The `alarms` section is parsed directly (it is not part of the config schema yet): field rules
 * through the section schema, printed as the validator prints them; cross-field rules through
 * checkAlarms on a valid config.
 */

/** The problem lines for an `alarms` value, as the validator would print them. */
function problems(alarms: unknown): string[] {
  const result = alarmsSection.safeParse(alarms);
  if (result.success) return [];
  const issues = result.error.issues.map((i) => ({ ...i, path: ['alarms', ...i.path] })) as z.core.$ZodIssue[];
  return formatIssues(issues, { alarms });
}

function expectProblem(alarms: unknown, field: string, ...fragments: string[]): string {
  const lines = problems(alarms);
  const line = lines.find((l) => l.startsWith(`${field}: `));
  if (!line) throw new Error(`no problem for ${field}; got:\n${lines.join('\n')}`);
  expect(line).toMatch(PROBLEM_LINE);
  for (const fragment of fragments) expect(line).toContain(fragment);
  return line;
}

/** A valid config (every default) with an `alarms` section, as checkAlarms sees it once the section is wired. */
function checked(alarms: unknown, change?: (input: Record<string, unknown>) => void): string[] {
  const input = minimalInput();
  change?.(input);
  // The rest of the config is validated with alarms off (the schema now runs checkAlarms itself),
  // then the section under test is checked alone.
  const config: AlarmsCheckInput = { ...configSchema.parse({ ...input, alarms: { enabled: false } }), alarms: alarmsSection.parse(alarms) };
  const lines: string[] = [];
  checkAlarms(config, (path, value, message) => {
    lines.push(`${path.join('.')}: ${JSON.stringify(value)} ${message}`);
  });
  return lines;
}

describe('config', () => {
  describe('alarms', () => {
    describe('defaults', () => {
      it('turns on every CIS item and every group, 4.2 in its single sign-on form, notifying nobody yet, on ALARM only', () => {
        const expected: AlarmsSection = {
          enabled: true,
          keyAlias: 'alias/org-trail-alarms',
          notifyOnOk: false,
          notifyChat: false,
          cis: { enabled: true, mfaFilter: 'iam-users-only', unauthorizedCallsFilter: 'all-denied-calls' },
          groups: { trailTampering: true, archiveChanges: true, codedeploy: true, monitoringTampering: true },
          tuning: {},
          subscriptions: [],
        };
        expect(alarmsSection.parse({})).toEqual(expected);
      });

      it('fills defaults inside partly written cis and groups', () => {
        expect(alarmsSection.parse({ cis: { mfaFilter: 'all-console-logins' }, groups: { codedeploy: false } })).toMatchObject({
          cis: { enabled: true, mfaFilter: 'all-console-logins', unauthorizedCallsFilter: 'all-denied-calls' },
          groups: { trailTampering: true, archiveChanges: true, codedeploy: false, monitoringTampering: true },
        });
      });

      it('names the topic after the trail unless told otherwise', () => {
        expect(alarmTopicName({ trailName: 'org-trail', alarms: alarmsSection.parse({}) })).toBe('org-trail-alarms');
        expect(alarmTopicName({ trailName: 'org-trail', alarms: alarmsSection.parse({ topicName: 'secops-alarms' }) })).toBe(
          'secops-alarms',
        );
      });

      it('accepts a fully written section', () => {
        const section = {
          enabled: true,
          topicName: 'secops-alarms',
          keyAlias: 'alias/secops-alarms',
          namespace: 'Security/Trail',
          notifyOnOk: true,
          notifyChat: false,
          cis: { enabled: true, mfaFilter: 'iam-users-only', unauthorizedCallsFilter: 'without-aws-service-callers' },
          groups: { trailTampering: true, archiveChanges: false, codedeploy: true, monitoringTampering: false },
          tuning: { 'cis-4.1': { threshold: 500, periodSeconds: 900, evaluationPeriods: 2, datapointsToAlarm: 1 } },
          subscriptions: [
            { protocol: 'email', endpoint: 'secops@acme.example' },
            { protocol: 'sqs', endpoint: 'arn:aws:sqs:us-east-1:333333333333:alarms', rawMessageDelivery: true },
          ],
        };
        expect(problems(section)).toEqual([]);
        expect(alarmsSection.parse(section)).toEqual(section);
      });
    });

    describe('field rules', () => {
      it.each([
        ['alarms.enabled', { enabled: 'yes' }],
        ['alarms.notifyOnOk', { notifyOnOk: 1 }],
        ['alarms.cis.enabled', { cis: { enabled: 'no' } }],
        ['alarms.groups.trailTampering', { groups: { trailTampering: null } }],
        ['alarms.groups.archiveChanges', { groups: { archiveChanges: 0 } }],
        ['alarms.groups.codedeploy', { groups: { codedeploy: 'off' } }],
      ])('fails when %s is not a boolean', (field, section) => {
        expectProblem(section, field, 'must be true or false. Fix: write true or false without quotes');
      });

      it.each<[string, unknown, ...string[]]>([
        ['alarms.topicName', { topicName: 'bad.topic' }, 'is not an SNS topic name', 'Fix: use only those characters'],
        ['alarms.keyAlias', { keyAlias: 'alias/aws/alarms' }, 'reserved for AWS', 'Fix: use a name like'],
        ['alarms.keyAlias', { keyAlias: 'org-trail-alarms' }, 'is not a valid KMS alias', 'Fix:'],
        ['alarms.namespace', { namespace: 'AWS/Custom' }, 'belong to AWS', 'Fix: use a name like "CISBenchmark"'],
        ['alarms.namespace', { namespace: 'bad:namespace' }, 'is not a custom CloudWatch namespace', 'Fix:'],
        ['alarms.namespace', { namespace: '' }, 'is not a custom CloudWatch namespace', 'Fix:'],
        [
          'alarms.cis.mfaFilter',
          { cis: { mfaFilter: 'sso' } },
          'is not an MFA filter',
          'Fix: use "all-console-logins"',
          '"iam-users-only"',
        ],
        [
          'alarms.cis.unauthorizedCallsFilter',
          { cis: { unauthorizedCallsFilter: 'none' } },
          'is not a 4.1 filter',
          'Fix: use "all-denied-calls"',
          '"without-aws-service-callers"',
        ],
        ['alarms.tuning["cis-4.1"].threshold', { tuning: { 'cis-4.1': { threshold: '100' } } }, 'must be a number', 'Fix:'],
        ['alarms.tuning["CIS 4.1"]', { tuning: { 'CIS 4.1': { threshold: 5 } } }, 'is not an alarm key', 'Fix: use the key of an alarm'],
      ])('fails when %s is %j', (field, section, ...fragments) => {
        expectProblem(section, field, ...fragments);
      });

      it('prints the offending value before the rule', () => {
        expect(expectProblem({ namespace: 'AWS/Custom' }, 'alarms.namespace')).toMatch(/^alarms\.namespace: "AWS\/Custom" is not a custom/);
      });

      it.each([
        [{ protocol: 'email', endpoint: 'not-an-email' }, 'alarms.subscriptions[0].endpoint', 'is not an email address'],
        [
          { protocol: 'sqs', endpoint: 'arn:aws:sqs:us-east-1:333333333333:q.fifo' },
          'alarms.subscriptions[0].endpoint',
          'FIFO queues cannot subscribe',
        ],
        [{ protocol: 'https', endpoint: 'http://siem.example/alarms' }, 'alarms.subscriptions[0].endpoint', 'is not an HTTPS URL'],
        [{ protocol: 'sms', endpoint: '+15550100' }, 'alarms.subscriptions[0].protocol', 'plain http and SMS are not offered'],
      ])('fails on subscription %j', (subscription, field, fragment) => {
        expectProblem({ subscriptions: [subscription] }, field, fragment, 'Fix:');
      });

      it('fails on more than 100 subscriptions', () => {
        const many = Array.from({ length: 101 }, (_, i) => ({ protocol: 'email', endpoint: `person${i}@acme.example` }));
        expectProblem({ subscriptions: many }, 'alarms.subscriptions', 'more than 100 subscriptions', 'Fix: fan out');
      });

      it.each([
        [{ topic: 'x' }, [], 'topic'],
        [{ cis: { mfa: 'iam-users-only' } }, ['cis'], 'mfa'],
        [{ groups: { codeDeploy: false } }, ['groups'], 'codeDeploy'],
        [{ tuning: { 'cis-4.1': { period: 60 } } }, ['tuning', 'cis-4.1'], 'period'],
      ])('refuses the unknown field in %j', (section, path, key) => {
        const result = alarmsSection.safeParse(section);
        expect(result.success).toBe(false);
        expect(result.error?.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', path, keys: [key] })]);
      });

      it('states a rule and a fix in every message it defines', () => {
        const bad = {
          enabled: 'yes',
          topicName: 'bad.topic',
          keyAlias: 'alias/aws/x',
          namespace: 'AWS/x',
          notifyOnOk: 'no',
          cis: { enabled: 1, mfaFilter: 'sso' },
          groups: { trailTampering: 'on', archiveChanges: 'on', codedeploy: 'on' },
          subscriptions: [{ protocol: 'email', endpoint: 'x' }],
        };
        const lines = problems(bad);
        expect(lines).toHaveLength(11);
        for (const line of lines) expect(line).toMatch(PROBLEM_LINE);
      });
    });

    describe('cross-field rules', () => {
      it('finds nothing wrong with the defaults', () => {
        expect(checked({})).toEqual([]);
      });

      it('fails when every alarm is turned off but alarms are enabled', () => {
        expect(checked({ cis: { enabled: false }, groups: { trailTampering: false, archiveChanges: false, codedeploy: false } })).toEqual([
          'alarms.enabled: true is true but cis.enabled and every group are false, so there is nothing to alarm on. Fix: set alarms.enabled to false, or turn cis or a group back on',
        ]);
      });

      it('counts the monitoring-tampering alarm as something to alarm on only with deploymentMonitoring', () => {
        const allOff = { cis: { enabled: false }, groups: { trailTampering: false, archiveChanges: false, codedeploy: false } };
        const lines = (config: AlarmsCheckInput) => {
          const found: string[] = [];
          checkAlarms(config, (path) => found.push(path.join('.')));
          return found;
        };
        expect(lines({ ...exampleConfig(), alarms: alarmsSection.parse(allOff) })).toEqual([]);
        expect(
          lines({
            ...exampleConfig(),
            alarms: alarmsSection.parse({ ...allOff, groups: { ...allOff.groups, monitoringTampering: false } }),
          }),
        ).toEqual(['alarms.enabled']);
        expect(checked(allOff)).toEqual([
          expect.stringContaining('alarms.enabled: true is true but cis.enabled and every group are false'),
        ]);
      });

      it('checks nothing when alarms are disabled', () => {
        expect(checked({ enabled: false, topicName: 'org-trail-log-delivery', cis: { enabled: false } })).toEqual([]);
      });

      it('fails on a duplicate subscription', () => {
        const email = { protocol: 'email', endpoint: 'secops@acme.example' };
        expect(checked({ subscriptions: [email, email] })).toEqual([
          'alarms.subscriptions.1.endpoint: "secops@acme.example" is subscribed twice. Fix: remove the duplicate',
        ]);
      });

      it('fails on a subscriber in an external account', () => {
        const lines = checked({ subscriptions: [{ protocol: 'sqs', endpoint: 'arn:aws:sqs:us-east-1:444444444444:q' }] }, (input) => {
          input.externalAccountIds = ['444444444444'];
        });
        expect(lines).toEqual([
          'alarms.subscriptions.0.endpoint: "arn:aws:sqs:us-east-1:444444444444:q" belongs to external account 444444444444; alarm subscribers must be in the organization. Fix: use a queue or function in an organization account',
        ]);
      });

      it('shows the derived topic name when a trail name with dots would make an invalid one', () => {
        const lines = checked({}, (input) => {
          input.trailName = 'org.trail';
          input.notifications = { topicName: 'org-trail-log-delivery' };
        });
        expect(lines).toEqual([
          'alarms.topicName: "org.trail-alarms" (derived from trailName + "-alarms") is not an SNS topic name (letters, digits, _ and -; no dots). Fix: set alarms.topicName',
        ]);
      });

      it('fails when the alarm topic would take the log-delivery topic name', () => {
        expect(checked({ topicName: 'org-trail-log-delivery' })).toEqual([
          'alarms.topicName: "org-trail-log-delivery" is also the log-delivery topic name; both topics live in the trail account and home region, where SNS topic names are unique. Fix: choose another alarms.topicName',
        ]);
        expect(checked({ topicName: 'shared' }, (input) => (input.notifications = { topicName: 'shared' }))).toHaveLength(1);
      });

      it.each([
        ['notifications.keyAlias', 'alias/org-trail-notifications'],
        ['cloudWatchLogs.keyAlias', 'alias/org-trail-cloudwatch-logs'],
      ])('fails when the key alias is also %s', (field, alias) => {
        expect(checked({ keyAlias: alias })).toEqual([
          `alarms.keyAlias: "${alias}" is also ${field}; the keys live in the same account and region, where an alias names one key. Fix: choose another alarms.keyAlias`,
        ]);
      });

      it('accepts tuning that CloudWatch evaluates: a whole day of minutes, a week of hours, 2 of 3 periods', () => {
        expect(
          checked({
            tuning: {
              'cis-4.1': { periodSeconds: 60, evaluationPeriods: 1440 },
              'cis-4.3': { periodSeconds: 3600, evaluationPeriods: 168 },
              'trail-tampering': { threshold: 0, evaluationPeriods: 3, datapointsToAlarm: 2 },
            },
          }),
        ).toEqual([]);
      });

      it.each<[string, Record<string, number>, string]>([
        [
          'periodSeconds',
          { periodSeconds: 30 },
          'alarms.tuning.cis-4.1.periodSeconds: 30 is not a multiple of 60 seconds: CloudWatch alarms take 10, 20, 30 or a multiple of 60, and metric filter metrics have one-minute resolution, so a shorter period never gets data. Fix: use 60, 300, 900 or 3600',
        ],
        [
          'periodSeconds',
          { periodSeconds: 90 },
          'alarms.tuning.cis-4.1.periodSeconds: 90 is not a multiple of 60 seconds: CloudWatch alarms take 10, 20, 30 or a multiple of 60, and metric filter metrics have one-minute resolution, so a shorter period never gets data. Fix: use 60, 300, 900 or 3600',
        ],
        [
          'threshold',
          { threshold: -1 },
          'alarms.tuning.cis-4.1.threshold: -1 is not a count of 0 or more (matching events in one period). Fix: use a number such as 1 or 100',
        ],
        [
          'evaluationPeriods',
          { evaluationPeriods: 0 },
          'alarms.tuning.cis-4.1.evaluationPeriods: 0 is not a whole number of 1 or more. Fix: use 1 to alarm on one period, more to look back further',
        ],
        [
          'datapointsToAlarm above evaluationPeriods',
          { evaluationPeriods: 2, datapointsToAlarm: 3 },
          'alarms.tuning.cis-4.1.datapointsToAlarm: 3 is not a whole number from 1 to evaluationPeriods (2): it counts the breaching periods among them. Fix: use a number from 1 to 2',
        ],
        [
          'more than a day of periods under an hour',
          { periodSeconds: 300, evaluationPeriods: 289 },
          'alarms.tuning.cis-4.1.evaluationPeriods: 289 times periodSeconds (300) is 86700 seconds; CloudWatch evaluates at most 86,400 seconds (one day) for periods under an hour. Fix: use at most 288 periods, or longer periods',
        ],
        [
          'more than seven days of hours',
          { periodSeconds: 3600, evaluationPeriods: 169 },
          'alarms.tuning.cis-4.1.evaluationPeriods: 169 times periodSeconds (3600) is 608400 seconds; CloudWatch evaluates at most 604,800 seconds (seven days). Fix: use at most 168 periods, or longer periods',
        ],
      ])('fails on tuning CloudWatch refuses: %s', (_, tuning, line) => {
        expect(checked({ tuning: { 'cis-4.1': tuning } })).toEqual([line]);
      });

      it('tunes the monitoring-tampering alarm when deployment monitoring is configured, and refuses its key otherwise', () => {
        const tuning = { groups: { monitoringTampering: true }, tuning: { 'deployment-monitoring-tampering': { threshold: 2 } } };
        expect(problemsOf(withChange('alarms', tuning))).toEqual([]);
        const lines = checked(tuning);
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(/^alarms\.tuning\.deployment-monitoring-tampering: \{"threshold":2\} names no alarm that is on/);
      });

      it('fails on tuning for an alarm that is off, naming the keys there are', () => {
        const lines = checked({ groups: { codedeploy: false }, tuning: { 'codedeploy-failed-api-calls': { threshold: 5 } } });
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(
          /^alarms\.tuning\.codedeploy-failed-api-calls: \{"threshold":5\} names no alarm that is on \(with cis\.enabled true and the groups as configured\)\. Fix: use one of cis-4\.1, cis-4\.2, .*, trail-tampering, archive-bucket-policy-changes, .*archive-key-changes, or turn its group back on$/,
        );
      });

      it('reports tuning problems through the whole config, as the validator prints them', () => {
        const input = { ...minimalInput(), alarms: { tuning: { 'cis-4.6': { periodSeconds: 45 } } } };
        const result = configSchema.safeParse(input);
        expect(result.success).toBe(false);
        const lines = formatIssues(result.error?.issues ?? [], input);
        expect(lines).toEqual([expect.stringMatching(/^alarms\.tuning\["cis-4\.6"\]\.periodSeconds: 45 is not a multiple of 60 seconds/)]);
        for (const line of lines) expect(line).toMatch(PROBLEM_LINE);
      });

      it('checks nothing when the section is absent', () => {
        const lines: string[] = [];
        checkAlarms({ ...configSchema.parse(minimalInput()) }, () => lines.push('called'));
        expect(lines).toEqual([]);
      });
    });
  });
});
