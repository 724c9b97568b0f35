import { DataTerraformRemoteStateLocal } from 'cdktf';
import { AlarmTopic } from '../../modules/alarms/alarm-topic';
import { CIS_MONITORING_IDS } from '../../modules/alarms/cis-monitoring';
import { TRAIL_ALARMS_DEFAULTS, TrailAlarms, type TrailAlarmsProps } from '../../modules/alarms/trail-alarms';
import { trailReference } from '../../modules/references';
import { TrailLogGroup } from '../../modules/trail-log-group';
import { addressAt, annotationsOf, LOG_ARCHIVE, MANAGEMENT, ORGANIZATION_ID, resourceAt } from '../support/modules';
import { type Resource, resourcesOf, type SynthesizedJson, synthJson, testStack } from '../support/synth';

const trail = trailReference({
  trailName: 'org-trail',
  homeRegion: 'eu-west-1',
  ownerAccountId: MANAGEMENT,
  organizationId: ORGANIZATION_ID,
});
const TOPIC_ARN = `arn:aws:sns:eu-west-1:${MANAGEMENT}:org-trail-alarms`;
const KEY_ARN = `arn:aws:kms:eu-west-1:${LOG_ARCHIVE}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

const CIS_METRICS = [
  'UnauthorizedAPICalls',
  'ConsoleSigninWithoutMFA',
  'RootAccountUsage',
  'IAMPolicyChanges',
  'CloudTrailConfigurationChanges',
  'ConsoleAuthenticationFailures',
  'CMKDisabledOrScheduledForDeletion',
  'S3BucketPolicyChanges',
  'AWSConfigChanges',
  'SecurityGroupChanges',
  'NACLChanges',
  'NetworkGatewayChanges',
  'RouteTableChanges',
  'VPCChanges',
  'OrganizationsChanges',
];
const GROUP_METRICS = {
  trailTampering: ['TrailTampering'],
  archiveChanges: ['ArchiveBucketPolicyChanges', 'ArchiveBucketLifecycleChanges', 'ArchiveBucketProtectionChanges', 'ArchiveKeyChanges'],
  codedeploy: ['CodeDeployFailedApiCalls', 'CodeDeployDeletions', 'CodeDeployStoppedDeployments', 'CodeDeployConfigurationChanges'],
};
const ALL_METRICS = [...CIS_METRICS, ...GROUP_METRICS.trailTampering, ...GROUP_METRICS.archiveChanges, ...GROUP_METRICS.codedeploy];

function newAlarms(props: Partial<TrailAlarmsProps> = {}) {
  const stack = testStack('eu-west-1');
  const logs = new TrailLogGroup(stack, 'Logs', { trail, accountId: MANAGEMENT, region: 'eu-west-1' });
  const topic = new AlarmTopic(stack, 'Notify', { topicName: 'org-trail-alarms', accountId: MANAGEMENT, region: 'eu-west-1' });
  const alarms = new TrailAlarms(stack, 'Alarms', {
    logGroup: logs,
    trail,
    accountId: MANAGEMENT,
    region: 'eu-west-1',
    topic,
    archiveBucketName: 'example-org-cloudtrail',
    archiveKeyArn: KEY_ARN,
    archiveKeyAlias: 'alias/org-log-archive',
    ...props,
  });
  return { stack, alarms, json: synthJson(stack) };
}

const alarmsOf = (json: SynthesizedJson) => Object.values(resourcesOf(json, 'aws_cloudwatch_metric_alarm'));
const filtersOf = (json: SynthesizedJson) => Object.values(resourcesOf(json, 'aws_cloudwatch_log_metric_filter'));
const metricsOf = (json: SynthesizedJson) => alarmsOf(json).map((a) => a.metric_name as string);
const logicalIds = (json: SynthesizedJson) => [
  ...Object.keys(resourcesOf(json, 'aws_cloudwatch_metric_alarm')),
  ...Object.keys(resourcesOf(json, 'aws_cloudwatch_log_metric_filter')),
];

describe('TrailAlarms', () => {
  describe('resources', () => {
    it('creates one metric filter and one alarm per item: CIS 4.1-4.15 and every extra group', () => {
      const { json, alarms } = newAlarms();
      expect(metricsOf(json).sort()).toEqual([...ALL_METRICS].sort());
      expect(
        filtersOf(json)
          .map((f) => (f.metric_transformation as Resource).name)
          .sort(),
      ).toEqual([...ALL_METRICS].sort());
      expect(alarms.alarms.filter((a) => a.source === 'cis').map((a) => a.cisId)).toEqual([...CIS_MONITORING_IDS]);
    });

    it('builds the CIS 4.3 metric filter on the trail log group, waiting for the group', () => {
      const { json } = newAlarms();
      expect(resourceAt(json, 'aws_cloudwatch_log_metric_filter', 'Alarms/RootAccountUsage/MetricFilter')).toEqual({
        name: 'org-trail-cis-4.3-root-usage',
        log_group_name: 'cloudtrail/org-trail',
        pattern: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
        metric_transformation: { name: 'RootAccountUsage', namespace: 'CISBenchmark', value: '1' },
        depends_on: [
          addressAt(json, 'aws_cloudwatch_log_group', 'Logs/LogGroup'),
          addressAt(json, 'aws_iam_role_policy', 'Logs/DeliveryPolicy'),
        ],
      });
    });

    it('builds the CIS 4.3 alarm with the benchmark settings, notifying the topic once its policy exists', () => {
      const { json } = newAlarms();
      expect(resourceAt(json, 'aws_cloudwatch_metric_alarm', 'Alarms/RootAccountUsage/Alarm')).toEqual({
        alarm_name: 'org-trail-cis-4.3-root-usage',
        alarm_description: expect.stringMatching(/^CIS 4\.3: An account's root user made a request\. .*rotate the root credentials/),
        namespace: 'CISBenchmark',
        metric_name: 'RootAccountUsage',
        statistic: 'Sum',
        period: 300,
        evaluation_periods: 1,
        threshold: 1,
        comparison_operator: 'GreaterThanOrEqualToThreshold',
        treat_missing_data: 'notBreaching',
        actions_enabled: true,
        alarm_actions: [TOPIC_ARN],
        depends_on: [addressAt(json, 'aws_sns_topic_policy', 'Notify/Topic/Policy')],
      });
    });

    it('gives every alarm an action on the KMS-encrypted alarm topic and no other action', () => {
      const { json } = newAlarms();
      const topic = resourceAt(json, 'aws_sns_topic', 'Notify/Topic/Topic');
      expect(topic).toMatchObject({
        name: 'org-trail-alarms',
        kms_master_key_id: `\${${addressAt(json, 'aws_kms_key', 'Notify/Topic/Key')}.arn}`,
      });
      for (const alarm of alarmsOf(json)) {
        expect(alarm).toMatchObject({ actions_enabled: true, alarm_actions: [TOPIC_ARN] });
        expect(alarm.ok_actions).toBeUndefined();
        expect(alarm.insufficient_data_actions).toBeUndefined();
      }
    });

    it('gives every alarm a description of what happened and what to check, on the log group', () => {
      const { json } = newAlarms();
      for (const alarm of alarmsOf(json)) {
        const description = alarm.alarm_description as string;
        expect(description).toContain('find the matching events and check');
        expect(description).toMatch(/\(metric filter on cloudtrail\/org-trail\)$/);
        expect(description.length).toBeLessThanOrEqual(1024);
      }
    });

    it('names filter and alarm alike, from the trail name and the item', () => {
      const { json } = newAlarms();
      const names = alarmsOf(json).map((a) => a.alarm_name);
      expect(names).toContain('org-trail-cis-4.1-unauthorized-api-calls');
      expect(names).toContain('org-trail-trail-tampering');
      expect(names).toContain('org-trail-archive-key-changes');
      expect(
        filtersOf(json)
          .map((f) => f.name)
          .sort(),
      ).toEqual([...names].sort());
    });

    it('exposes each alarm with its literal ARN', () => {
      const { alarms } = newAlarms();
      const root = alarms.alarms.find((a) => a.metricName === 'RootAccountUsage');
      expect(root).toMatchObject({
        source: 'cis',
        cisId: '4.3',
        namespace: 'CISBenchmark',
        alarmName: 'org-trail-cis-4.3-root-usage',
        alarmArn: `arn:aws:cloudwatch:eu-west-1:${MANAGEMENT}:alarm:org-trail-cis-4.3-root-usage`,
      });
      expect(alarms.alarms.find((a) => a.metricName === 'TrailTampering')).toMatchObject({ source: 'trail-tampering' });
    });
  });

  describe('namespaces', () => {
    it('puts CIS metrics in CISBenchmark and the extra groups in OrgLogging by default', () => {
      const { json } = newAlarms();
      for (const alarm of alarmsOf(json)) {
        const cis = CIS_METRICS.includes(alarm.metric_name as string);
        expect(alarm.namespace).toBe(cis ? TRAIL_ALARMS_DEFAULTS.cisNamespace : TRAIL_ALARMS_DEFAULTS.extraNamespace);
      }
      expect(TRAIL_ALARMS_DEFAULTS).toMatchObject({ cisNamespace: 'CISBenchmark', extraNamespace: 'OrgLogging' });
    });

    it('puts every metric in the namespace given', () => {
      const { json } = newAlarms({ namespace: 'Security/Trail' });
      expect(new Set(alarmsOf(json).map((a) => a.namespace))).toEqual(new Set(['Security/Trail']));
      expect(new Set(filtersOf(json).map((f) => (f.metric_transformation as Resource).namespace))).toEqual(new Set(['Security/Trail']));
    });

    it.each(['AWS/Logs', 'bad:namespace', ''])('refuses the namespace %j', (namespace) => {
      expect(() => newAlarms({ namespace })).toThrow('is not a custom CloudWatch namespace');
    });
  });

  describe('switches', () => {
    it('turns the CIS items off', () => {
      const { json } = newAlarms({ cis: { enabled: false } });
      expect(metricsOf(json).sort()).toEqual(
        [...GROUP_METRICS.trailTampering, ...GROUP_METRICS.archiveChanges, ...GROUP_METRICS.codedeploy].sort(),
      );
    });

    it('counts only IAM user sign-ins without MFA by default (the benchmark variant for single sign-on), every one with all-console-logins', () => {
      const pattern = (json: SynthesizedJson) =>
        resourceAt(json, 'aws_cloudwatch_log_metric_filter', 'Alarms/ConsoleSigninWithoutMFA/MetricFilter').pattern;
      expect(pattern(newAlarms().json)).toBe(
        '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
      );
      expect(pattern(newAlarms({ cis: { mfaFilter: 'all-console-logins' } }).json)).toBe(
        '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }',
      );
    });

    it('keeps the benchmark 4.1 pattern by default and leaves out AWS service callers with without-aws-service-callers', () => {
      const pattern = (json: SynthesizedJson) =>
        resourceAt(json, 'aws_cloudwatch_log_metric_filter', 'Alarms/UnauthorizedAPICalls/MetricFilter').pattern;
      const benchmark =
        '{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") }';
      expect(pattern(newAlarms().json)).toBe(benchmark);
      expect(pattern(newAlarms({ cis: { unauthorizedCallsFilter: 'without-aws-service-callers' } }).json)).toBe(
        '{ ($.errorCode ="*UnauthorizedOperation") || ($.errorCode ="AccessDenied*") && ($.sourceIPAddress!="delivery.logs.amazonaws.com") && ($.eventName!="HeadBucket") && ($.userIdentity.type != "AWSService") && ($.userIdentity.invokedBy NOT EXISTS) }',
      );
    });

    it.each(Object.keys(GROUP_METRICS) as (keyof typeof GROUP_METRICS)[])('turns the %s group off by name', (group) => {
      const { json } = newAlarms({ groups: { [group]: false } });
      expect(metricsOf(json).sort()).toEqual(ALL_METRICS.filter((m) => !GROUP_METRICS[group].includes(m)).sort());
    });

    it('keeps the construct ids of the remaining alarms when items are turned off', () => {
      const all = logicalIds(newAlarms().json);
      const fewer = logicalIds(newAlarms({ cis: { enabled: false }, groups: { archiveChanges: false } }).json);
      expect(fewer.length).toBeLessThan(all.length);
      expect(all).toEqual(expect.arrayContaining(fewer));
    });

    it('refuses to build with every alarm turned off', () => {
      expect(() =>
        newAlarms({ cis: { enabled: false }, groups: { trailTampering: false, archiveChanges: false, codedeploy: false } }),
      ).toThrow('every alarm is turned off');
    });

    it('also notifies on OK with notifyOnOk', () => {
      const { json } = newAlarms({ notifyOnOk: true });
      for (const alarm of alarmsOf(json)) expect(alarm).toMatchObject({ alarm_actions: [TOPIC_ARN], ok_actions: [TOPIC_ARN] });
    });

    it('takes an alarm name prefix and tags', () => {
      const { json } = newAlarms({ alarmNamePrefix: 'security', tags: { Team: 'secops' } });
      const alarm = resourceAt(json, 'aws_cloudwatch_metric_alarm', 'Alarms/TrailTampering/Alarm');
      expect(alarm).toMatchObject({ alarm_name: 'security-trail-tampering', tags: { Team: 'secops' } });
      expect(resourceAt(json, 'aws_cloudwatch_log_metric_filter', 'Alarms/TrailTampering/MetricFilter')).toMatchObject({
        name: 'security-trail-tampering',
      });
    });
  });

  describe('evaluation', () => {
    const settings = (json: SynthesizedJson, metric: string) => {
      const a = resourceAt(json, 'aws_cloudwatch_metric_alarm', `Alarms/${metric}/Alarm`);
      return [a.statistic, a.threshold, a.period, a.evaluation_periods, a.datapoints_to_alarm];
    };

    it('raises the threshold where a whole organization crosses one event in five minutes on routine activity', () => {
      const { json } = newAlarms();
      expect(settings(json, 'UnauthorizedAPICalls')).toEqual(['Sum', 100, 300, 1, undefined]);
      expect(settings(json, 'ConsoleAuthenticationFailures')).toEqual(['Sum', 3, 300, 1, undefined]);
      expect(settings(json, 'CodeDeployFailedApiCalls')).toEqual(['Sum', 10, 300, 1, undefined]);
    });

    it('keeps the benchmark settings (one event in five minutes) for every other alarm', () => {
      const { json } = newAlarms();
      const raised = ['UnauthorizedAPICalls', 'ConsoleAuthenticationFailures', 'CodeDeployFailedApiCalls'];
      const others = ALL_METRICS.filter((m) => !raised.includes(m));
      expect(others).toHaveLength(ALL_METRICS.length - 3);
      for (const metric of others) expect([metric, ...settings(json, metric)]).toEqual([metric, 'Sum', 1, 300, 1, undefined]);
    });

    it('exposes each alarm with its key and settings', () => {
      const { alarms } = newAlarms();
      expect(alarms.alarms.map((a) => a.key)).toEqual([
        ...CIS_MONITORING_IDS.map((id) => `cis-${id}`),
        'trail-tampering',
        'archive-bucket-policy-changes',
        'archive-bucket-lifecycle-changes',
        'archive-bucket-protection-changes',
        'archive-key-changes',
        'codedeploy-failed-api-calls',
        'codedeploy-deletions',
        'codedeploy-stopped-deployments',
        'codedeploy-configuration-changes',
      ]);
      expect(alarms.alarms.find((a) => a.key === 'cis-4.1')?.evaluation).toEqual({
        threshold: 100,
        periodSeconds: 300,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
      });
    });

    it('takes tuning per alarm key over the defaults: M out of N when they differ, all N when only N is given', () => {
      const { json } = newAlarms({
        tuning: {
          'cis-4.1': { threshold: 500, periodSeconds: 900 },
          'cis-4.3': { evaluationPeriods: 3, datapointsToAlarm: 2 },
          'trail-tampering': { evaluationPeriods: 2 },
        },
      });
      expect(settings(json, 'UnauthorizedAPICalls')).toEqual(['Sum', 500, 900, 1, undefined]);
      expect(settings(json, 'RootAccountUsage')).toEqual(['Sum', 1, 300, 3, 2]);
      expect(settings(json, 'TrailTampering')).toEqual(['Sum', 1, 300, 2, undefined]);
    });

    it('refuses tuning for an alarm that is not there, naming the keys', () => {
      expect(() => newAlarms({ groups: { codedeploy: false }, tuning: { 'codedeploy-deletions': { threshold: 2 } } })).toThrow(
        /tuning names codedeploy-deletions, which is no alarm here\. Fix: use one of cis-4\.1, .*, archive-key-changes$/,
      );
    });

    it('refuses tuning CloudWatch would refuse, with the rule and the fix', () => {
      expect(() => newAlarms({ tuning: { 'cis-4.3': { periodSeconds: 10 } } })).toThrow(
        'tuning.cis-4.3.periodSeconds: 10 is not a multiple of 60 seconds',
      );
      expect(() => newAlarms({ tuning: { 'cis-4.3': { periodSeconds: 600, evaluationPeriods: 200 } } })).toThrow(
        'tuning.cis-4.3.evaluationPeriods: 200 times periodSeconds (600) is 120000 seconds; CloudWatch evaluates at most 86,400 seconds (one day) for periods under an hour. Fix: use at most 144 periods, or longer periods',
      );
    });
  });

  describe('archive key', () => {
    it('matches the key ARN read from another stack, as a Terraform reference in the pattern', () => {
      const stack = testStack('eu-west-1');
      const archive = new DataTerraformRemoteStateLocal(stack, 'Archive', { path: 'log-archive.tfstate' });
      new TrailAlarms(stack, 'Alarms', {
        logGroup: { logGroupName: 'cloudtrail/org-trail' },
        trail,
        accountId: MANAGEMENT,
        region: 'eu-west-1',
        topic: { topicArn: TOPIC_ARN },
        archiveBucketName: 'example-org-cloudtrail',
        archiveKeyArn: archive.getString('archive_key_arn'),
      });
      const json = synthJson(stack);
      const filter = resourceAt(json, 'aws_cloudwatch_log_metric_filter', 'Alarms/ArchiveKeyChanges/MetricFilter');
      expect(filter.pattern).toContain(`($.resources[0].ARN = "\${data.terraform_remote_state.Archive.outputs.archive_key_arn}")`);
      expect(filter.depends_on).toBeUndefined();
      expect(resourceAt(json, 'aws_cloudwatch_metric_alarm', 'Alarms/ArchiveKeyChanges/Alarm').depends_on).toBeUndefined();
    });

    it('warns, and has no key alarm, when the key is known by neither ARN nor alias', () => {
      const { json, alarms } = newAlarms({ archiveKeyArn: undefined, archiveKeyAlias: undefined });
      expect(metricsOf(json)).not.toContain('ArchiveKeyChanges');
      expect(annotationsOf(alarms, 'warning')).toEqual([
        { path: 'Alarms', message: 'archive-changes: no archiveKeyArn or archiveKeyAlias, so changes to the archive key raise no alarm' },
      ]);
    });

    it('does not warn when the archive-changes group is off', () => {
      const { alarms } = newAlarms({ archiveKeyArn: undefined, archiveKeyAlias: undefined, groups: { archiveChanges: false } });
      expect(annotationsOf(alarms, 'warning')).toEqual([]);
    });

    it('refuses a key alias so long the key pattern would pass the filter pattern limit', () => {
      expect(() => newAlarms({ archiveKeyAlias: `alias/${'a'.repeat(250)}` })).toThrow(
        /filter pattern is \d+ characters; CloudWatch Logs accepts at most 1024/,
      );
    });
  });
});
