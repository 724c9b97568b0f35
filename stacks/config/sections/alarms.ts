// The `alarms` section's schema, apart from its cross-field checks (../alarms.ts), which read ParsedConfig.

import { z } from 'zod';
import { ALARM_TOPIC_DEFAULTS } from '../../../modules/alarms/alarm-topic';
import { MFA_FILTERS, UNAUTHORIZED_CALLS_FILTERS } from '../../../modules/alarms/cis-monitoring';
import { TRAIL_ALARMS_DEFAULTS } from '../../../modules/alarms/trail-alarms';
import { bool, kmsAlias } from '../fields';
import { snsTopicName, subscription } from './notifications';

/*
 * `alarms`: CloudWatch alarms on the organization trail's log group (CIS AWS Foundations Benchmark
 * 4.1-4.15 and the extra groups) and the encrypted SNS topic they notify, in the trail's account and
 * home region. Defaults come from the constructs that apply them.
 */

/** A custom CloudWatch namespace: metric filters allow 1-255 characters without : * $, and AWS/ is AWS's own. */
const metricNamespace = z.string().regex(/^(?!AWS\/)[A-Za-z0-9._/#-]{1,255}$/, {
  error:
    'is not a custom CloudWatch namespace (1-255 of letters, digits and . _ / # -; names starting with "AWS/" belong to AWS). Fix: use a name like "CISBenchmark" or "Security/Trail"',
});

const cisSection = z.strictObject({
  enabled: bool.default(true),
  mfaFilter: z
    .enum(MFA_FILTERS, {
      error:
        'is not an MFA filter. Fix: use "all-console-logins" (every console sign-in without MFA, the benchmark\'s main pattern) or "iam-users-only" (successful IAM user sign-ins only, for organizations that sign in through IAM Identity Center)',
    })
    .default(TRAIL_ALARMS_DEFAULTS.mfaFilter),
  unauthorizedCallsFilter: z
    .enum(UNAUTHORIZED_CALLS_FILTERS, {
      error:
        'is not a 4.1 filter. Fix: use "all-denied-calls" (the benchmark\'s pattern, what CIS audits and Security Hub checks) or "without-aws-service-callers" (also leaves out calls AWS services make; not the benchmark\'s exact pattern)',
    })
    .default(TRAIL_ALARMS_DEFAULTS.unauthorizedCallsFilter),
});

const count = (what: string) => z.number({ error: `must be a number (${what}). Fix: write a number without quotes` });

/**
 * One alarm's threshold and evaluation; each field falls back to the alarm's default. The rules
 * CloudWatch applies (multiples of 60, the one-day and seven-day spans, M of N) are checked in
 * checkAlarms, on the merged settings, by the module that applies them (alarm-evaluation.ts).
 */
const alarmTuning = z.strictObject({
  threshold: count('matching events in one period that make it breach').optional(),
  periodSeconds: count('seconds in one period').optional(),
  evaluationPeriods: count('periods the alarm looks back over').optional(),
  datapointsToAlarm: count('breaching periods among them that raise the alarm').optional(),
});

const alarmKey = z.string().regex(/^[a-z0-9][a-z0-9.-]{0,99}$/, {
  error: 'is not an alarm key. Fix: use the key of an alarm: "cis-4.1" ... "cis-4.15" or a group alarm such as "trail-tampering"',
});

const groupsSection = z.strictObject({
  trailTampering: bool.default(true),
  archiveChanges: bool.default(true),
  codedeploy: bool.default(true),
  /** Changes to deployment monitoring's member rules, roles, queue and stacks outside the StackSets; needs deploymentMonitoring. */
  monitoringTampering: bool.default(true),
});

export const alarmsSection = z.strictObject({
  enabled: bool.default(true),
  /** @default `<trailName>-alarms` */
  topicName: snsTopicName.optional(),
  keyAlias: kmsAlias.default(ALARM_TOPIC_DEFAULTS.keyAliasName),
  /** @default - `CISBenchmark` for the CIS items, `OrgLogging` for the extra groups */
  namespace: metricNamespace.optional(),
  notifyOnOk: bool.default(false),
  /**
   * Subscribes the built-in chat notifier (`deploymentMonitoring.chat`, audit account) to the alarm
   * topic, so every alarm notification is posted to the chat webhook too.
   */
  notifyChat: bool.default(false),
  cis: cisSection.default(cisSection.parse({})),
  groups: groupsSection.default(groupsSection.parse({})),
  /** Threshold and evaluation per alarm key (`cis-4.1`, `trail-tampering`, ...), over each alarm's default. */
  tuning: z.record(alarmKey, alarmTuning).default({}),
  subscriptions: z
    .array(subscription)
    .max(100, { error: 'lists more than 100 subscriptions. Fix: fan out through one SQS queue or Lambda function instead' })
    .default([]),
});

/** The `alarms` section after defaults. */
export type AlarmsSection = z.output<typeof alarmsSection>;
