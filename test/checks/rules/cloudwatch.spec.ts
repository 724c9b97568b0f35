import { CIS_MONITORS, patternCovers } from '../../../tooling/checks/cis-monitoring';
import { CloudWatchLogGroupEncrypted } from '../../../tooling/checks/rules/cloudwatch-log-group-encrypted';
import { CloudWatchLogGroupHasCisAlarms } from '../../../tooling/checks/rules/cloudwatch-log-group-has-cis-alarms';
import { CloudWatchLogGroupRetentionAtLeastYear } from '../../../tooling/checks/rules/cloudwatch-log-group-retention-at-least-year';
import { CloudWatchMetricAlarmHasAction } from '../../../tooling/checks/rules/cloudwatch-metric-alarm-has-action';
import type { AppResource } from '../../../tooling/model';
import type { JsonObject } from '../../../tooling/terraform';
import { describeRule, ref, res } from '../support';

const group = (attributes: JsonObject = {}) => res('aws_cloudwatch_log_group', 'Group', { name: 'cloudtrail/org', ...attributes });
const topic = res('aws_sns_topic', 'Topic', { name: 't' });

describeRule(CloudWatchLogGroupEncrypted, {
  compliant: [{ when: 'kms_key_id names a key', resource: group({ kms_key_id: ref('aws_kms_key.Key.arn') }) }],
  nonCompliant: [{ when: 'kms_key_id is not set', resource: group() }],
  notApplicable: [{ when: 'the resource is a topic', resource: topic }],
});

describeRule(CloudWatchLogGroupRetentionAtLeastYear, {
  compliant: [
    { when: 'retention is 400 days', resource: group({ retention_in_days: 400 }) },
    { when: 'retention is exactly 365 days', resource: group({ retention_in_days: 365 }) },
    { when: 'retention is not set (events never expire)', resource: group(), detail: /never expire/ },
    { when: 'retention is 0 (never expire)', resource: group({ retention_in_days: 0 }) },
  ],
  nonCompliant: [{ when: 'retention is 30 days', resource: group({ retention_in_days: 30 }), detail: /30; use 365/ }],
  notApplicable: [{ when: 'the resource is a topic', resource: topic }],
});

// The trail delivers to cloudtrail/org by ARN (account 111111111111, eu-west-1, as the fixtures default).
const trail = res('aws_cloudtrail', 'Trail', {
  name: 'org',
  cloud_watch_logs_group_arn: 'arn:aws:logs:eu-west-1:111111111111:log-group:cloudtrail/org:*',
});
const CIS_PATTERNS: Record<string, string> = {
  'CIS 4.1':
    '{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }',
  'CIS 4.2': '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }',
  'CIS 4.3': '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
  'CIS 4.6': '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
  'CIS 4.7': '{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }',
};
/** A filter for each monitor (the CIS pattern where written out above, else its tokens joined) with an alarm that notifies a topic. */
function monitoring(skip: string[] = [], alarmActions: string[] = [ref('aws_sns_topic.Alarms.arn')]): AppResource[] {
  return CIS_MONITORS.filter((m) => !skip.includes(m.id)).flatMap((m, i) => [
    res('aws_cloudwatch_log_metric_filter', `Filter${i}`, {
      log_group_name: ref('aws_cloudwatch_log_group.Group.name'),
      pattern: CIS_PATTERNS[m.id] ?? `{ ${m.tokens.map((t) => `($.eventName = ${t})`).join(' || ')} }`,
      metric_transformation: { name: `Cis${i}`, namespace: 'CISBenchmark', value: '1' },
    }),
    res('aws_cloudwatch_metric_alarm', `Alarm${i}`, { metric_name: `Cis${i}`, namespace: 'CISBenchmark', alarm_actions: alarmActions }),
  ]);
}

describeRule(CloudWatchLogGroupHasCisAlarms, {
  compliant: [
    {
      when: 'every CIS 4.1-4.15 monitor has a filter on the group and an alarm with an action',
      resource: group(),
      with: [trail, ...monitoring()],
      detail: /all 15/,
    },
  ],
  nonCompliant: [
    { when: 'no filter exists', resource: group(), with: [trail], detail: /CIS 4\.1 \(unauthorized API calls\)/ },
    {
      when: 'the root usage filter is missing',
      resource: group(),
      with: [trail, ...monitoring(['CIS 4.3'])],
      detail: /^no filter with an alarm that has an action for CIS 4\.3 \(root account usage\)$/,
    },
    { when: 'the alarms notify nobody', resource: group(), with: [trail, ...monitoring([], [])] },
  ],
  notApplicable: [
    { when: 'no trail delivers to the group', resource: group(), with: monitoring() },
    { when: 'the resource is a topic', resource: topic },
  ],
});

describe('CIS monitoring patterns', () => {
  it('recognizes each CIS v3.0.0 pattern written out in aws-facts §7 as its own monitor', () => {
    for (const [id, pattern] of Object.entries(CIS_PATTERNS)) {
      expect(CIS_MONITORS.filter((m) => patternCovers(pattern, m)).map((m) => m.id)).toEqual([id]);
    }
  });

  it('does not take CreatePolicyVersion for CreatePolicy (tokens are whole words)', () => {
    const only44 = '{ ($.eventName = CreatePolicyVersion) }';
    expect(patternCovers(only44, { id: 'x', title: 'x', tokens: ['CreatePolicy'] })).toBe(false);
  });
});

const alarm = (attributes: JsonObject) => res('aws_cloudwatch_metric_alarm', 'Alarm', { metric_name: 'm', namespace: 'n', ...attributes });

describeRule(CloudWatchMetricAlarmHasAction, {
  compliant: [{ when: 'it notifies a topic', resource: alarm({ alarm_actions: [ref('aws_sns_topic.Alarms.arn')] }) }],
  nonCompliant: [
    { when: 'alarm_actions is empty', resource: alarm({ alarm_actions: [] }) },
    {
      when: 'actions_enabled is false',
      resource: alarm({ alarm_actions: ['arn:aws:sns:eu-west-1:111111111111:a'], actions_enabled: false }),
    },
  ],
  notApplicable: [{ when: 'the resource is a topic', resource: topic }],
});
