import { monitoringTamperingItems } from '../../modules/alarms/monitoring-tampering-alarms';
import { TrailAlarms } from '../../modules/alarms/trail-alarms';
import { trailReference } from '../../modules/references';
import { MANAGEMENT, ORGANIZATION_ID } from '../support/modules';
import { resourcesOf, synthJson, testStack } from '../support/synth';

const TARGETS = {
  memberNamePrefix: 'org-dm-codedeploy-',
  stackNamePrefix: 'StackSet-org-dm-codedeploy-',
  deadLetterQueueName: 'org-dm-codedeploy-dlq',
  managementAccountId: MANAGEMENT,
};

/** The pattern written out by hand: what CloudWatch Logs receives for TARGETS. */
const PATTERN =
  '{ ($.readOnly IS FALSE) && ($.recipientAccountId != "111111111111") && ' +
  '(($.userIdentity.sessionContext.sessionIssuer.userName NOT EXISTS) || ($.userIdentity.sessionContext.sessionIssuer.userName != "stacksets-exec-*")) && ' +
  '((($.eventSource = "events.amazonaws.com") && (($.requestParameters.name = "org-dm-codedeploy-*") || ($.requestParameters.rule = "org-dm-codedeploy-*"))) || ' +
  '(($.eventSource = "iam.amazonaws.com") && ($.requestParameters.roleName = "org-dm-codedeploy-*")) || ' +
  '(($.eventSource = "cloudformation.amazonaws.com") && ($.requestParameters.stackName = "*StackSet-org-dm-codedeploy-*")) || ' +
  '(($.eventSource = "sqs.amazonaws.com") && ($.requestParameters.queueUrl = "*/org-dm-codedeploy-dlq"))) }';

describe('monitoringTamperingItems', () => {
  it('matches write calls on the member rules, roles, queue and StackSet stacks by anyone but the StackSets execution role, outside the management account', () => {
    const [item] = monitoringTamperingItems(TARGETS);
    expect(item).toMatchObject({
      group: 'monitoring-tampering',
      slug: 'deployment-monitoring-tampering',
      metricName: 'DeploymentMonitoringTampering',
      filterPattern: PATTERN,
    });
    expect(monitoringTamperingItems(TARGETS)).toHaveLength(1);
  });

  it('counts every account when no management account is given', () => {
    const [item] = monitoringTamperingItems({ ...TARGETS, managementAccountId: undefined });
    expect(item.filterPattern).toBe(PATTERN.replace(' ($.recipientAccountId != "111111111111") &&', ''));
  });

  it('stays within the 1,024 characters of a filter pattern with the longest StackSets name prefix (30 characters)', () => {
    const prefix = `${'p'.repeat(30)}-codedeploy-`;
    const [item] = monitoringTamperingItems({
      memberNamePrefix: prefix,
      stackNamePrefix: `StackSet-${prefix}`,
      deadLetterQueueName: `${prefix}dlq`,
      managementAccountId: MANAGEMENT,
    });
    expect(item.filterPattern.length).toBeGreaterThan(PATTERN.length);
    expect(item.filterPattern.length).toBeLessThanOrEqual(1024);
  });

  it('says what happened and what to check, naming the resources it watches', () => {
    const [item] = monitoringTamperingItems(TARGETS);
    expect(item.whatHappened).toContain('org-dm-codedeploy-*, StackSet-org-dm-codedeploy-*');
    expect(item.whatToCheck).toContain('errorCode (AccessDenied: the guardrail held');
  });
});

describe('TrailAlarms > monitoring tampering', () => {
  const trail = trailReference({
    trailName: 'org-trail',
    homeRegion: 'eu-west-1',
    ownerAccountId: MANAGEMENT,
    organizationId: ORGANIZATION_ID,
  });
  const alarms = (monitoringTampering?: typeof TARGETS) => {
    const stack = testStack('eu-west-1');
    new TrailAlarms(stack, 'Alarms', {
      logGroup: { logGroupName: 'cloudtrail/org-trail' },
      trail,
      accountId: MANAGEMENT,
      region: 'eu-west-1',
      topic: { topicArn: `arn:aws:sns:eu-west-1:${MANAGEMENT}:org-trail-alarms` },
      archiveBucketName: 'org-logs',
      archiveKeyAlias: 'alias/org-logs',
      monitoringTampering,
    });
    return synthJson(stack);
  };

  it('adds one metric filter and alarm, in the extra groups namespace, when monitoring targets are given', () => {
    const json = alarms(TARGETS);
    const filter = Object.values(resourcesOf(json, 'aws_cloudwatch_log_metric_filter')).find(
      (f) => f.name === 'org-trail-deployment-monitoring-tampering',
    );
    expect(filter).toMatchObject({
      pattern: PATTERN,
      log_group_name: 'cloudtrail/org-trail',
      metric_transformation: { name: 'DeploymentMonitoringTampering', namespace: 'OrgLogging', value: '1' },
    });
    const alarm = Object.values(resourcesOf(json, 'aws_cloudwatch_metric_alarm')).find(
      (a) => a.alarm_name === 'org-trail-deployment-monitoring-tampering',
    );
    expect(alarm).toMatchObject({ metric_name: 'DeploymentMonitoringTampering', namespace: 'OrgLogging', threshold: 1 });
  });

  it('has no such alarm without them', () => {
    const names = Object.values(resourcesOf(alarms(), 'aws_cloudwatch_metric_alarm')).map((a) => a.alarm_name);
    expect(names.length).toBeGreaterThan(0);
    expect(names).not.toContain('org-trail-deployment-monitoring-tampering');
  });
});
