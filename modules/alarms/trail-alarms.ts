import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Annotations, type ITerraformDependable, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import type { INotificationTopic, ITrail } from '../references';
import { type AlarmEvaluation, alarmEvaluation } from './alarm-evaluation';
import { cloudWatchAlarmArn } from './alarm-topic';
import { type CisMonitoringId, cisMonitoringItems, type MfaFilter, type UnauthorizedCallsFilter } from './cis-monitoring';
import { type ExtraAlarmGroup, type ExtraAlarmGroups, extraAlarmItems } from './extra-alarms';
import { type MonitoringTamperingGroup, type MonitoringTamperingTargets, monitoringTamperingItems } from './monitoring-tampering-alarms';
import { type AlarmSpec, checkLimits, checkTuning, LIMITS, METRIC_NAMESPACE } from './trail-alarm-checks';

/** Defaults of the trail alarms (the config schema reuses them). */
export const TRAIL_ALARMS_DEFAULTS = {
  /** The namespace the benchmark's own remediation commands use. */
  cisNamespace: 'CISBenchmark',
  extraNamespace: 'OrgLogging',
  /**
   * The benchmark's own single sign-on variant of 4.2: in an organization that signs in through IAM
   * Identity Center, every federated sign-in lacks `MFAUsed`, so the main pattern fires on each one.
   */
  mfaFilter: 'iam-users-only' as MfaFilter,
  /** The benchmark's 4.1 pattern (what CIS audits and Security Hub checks), with a higher threshold. */
  unauthorizedCallsFilter: 'all-denied-calls' as UnauthorizedCallsFilter,
} as const;

/** The log group the trail delivers to (a `TrailLogGroup`, or a reference to one). */
export interface AlarmLogGroup {
  readonly logGroupName: string;
  /** Resources a metric filter must wait for (the log group), when they are in the same stack. */
  readonly dependables?: readonly ITerraformDependable[];
}

export interface TrailAlarmsCisProps {
  /** @default true */
  readonly enabled?: boolean;
  /** @default 'iam-users-only' - the benchmark's variant for single sign-on */
  readonly mfaFilter?: MfaFilter;
  /** @default 'all-denied-calls' - the benchmark's 4.1 pattern */
  readonly unauthorizedCallsFilter?: UnauthorizedCallsFilter;
}

export interface TrailAlarmsProps {
  /** The trail's CloudWatch Logs group. */
  readonly logGroup: AlarmLogGroup;
  /** The trail whose events the group receives (its name and ARN scope the tampering alarm). */
  readonly trail: ITrail;
  /** Account and region of the log group, the metrics and the alarms. */
  readonly accountId: string;
  readonly region: string;
  /** Where every alarm notifies (an `AlarmTopic`, whose policy admits this account's alarms). */
  readonly topic: Pick<INotificationTopic, 'topicArn' | 'dependables'>;
  /** @default - `CISBenchmark` for the CIS items, `OrgLogging` for the extra groups */
  readonly namespace?: string;
  /** @default - the trail name; alarm and metric filter names are `<prefix>-<item>` */
  readonly alarmNamePrefix?: string;
  /** @default - all of 4.1-4.15, 4.2 counting every console sign-in without MFA */
  readonly cis?: TrailAlarmsCisProps;
  /** @default - every group on */
  readonly groups?: ExtraAlarmGroups;
  /**
   * Deployment monitoring's member resources: an alarm when anyone but the StackSets execution role
   * changes them (monitoring-tampering group). @default - no such alarm
   */
  readonly monitoringTampering?: MonitoringTamperingTargets;
  /**
   * Threshold, period and evaluation per alarm, by key (`cis-4.1`, `trail-tampering`, ...; see
   * `TrailAlarm.key`), over `alarmEvaluation`'s defaults.
   * @default - the benchmark's settings, with the organization defaults of ORGANIZATION_EVALUATION_DEFAULTS
   */
  readonly tuning?: Readonly<Record<string, Partial<AlarmEvaluation>>>;
  readonly archiveBucketName: string;
  /** @default - the archive key alarm matches by alias only (see `ExtraAlarmTargets`) */
  readonly archiveKeyArn?: string;
  /** @default - no alias matching; without an ARN either, no archive key alarm (a warning says so) */
  readonly archiveKeyAlias?: string;
  /** Also notify when an alarm returns to OK. @default false - notify on ALARM only */
  readonly notifyOnOk?: boolean;
  /** @default - the stack's default provider */
  readonly provider?: TerraformProvider;
  /** Tags of the alarms (metric filters take none). @default - none beyond the provider's default tags */
  readonly tags?: Record<string, string>;
}

/** One metric filter and its alarm. */
export interface TrailAlarm {
  /** What `tuning` calls it: `cis-4.1` for CIS items, the item's slug for the groups (`trail-tampering`). */
  readonly key: string;
  /** `cis` or the extra group the alarm belongs to. */
  readonly source: 'cis' | ExtraAlarmGroup | MonitoringTamperingGroup;
  /** The benchmark id, for CIS items. */
  readonly cisId?: CisMonitoringId;
  readonly metricName: string;
  readonly namespace: string;
  readonly filterPattern: string;
  readonly alarmName: string;
  /** Literal alarm ARN (`aws:SourceArn` of its notifications). */
  readonly alarmArn: string;
  readonly evaluation: AlarmEvaluation;
  readonly metricFilter: CloudwatchLogMetricFilter;
  readonly alarm: CloudwatchMetricAlarm;
}

/**
 * CloudWatch alarms on the organization trail's log group: the CIS AWS Foundations Benchmark
 * monitoring items 4.1-4.15 and the extra groups (trail tampering, archive changes, CodeDeploy and,
 * with deployment monitoring, monitoring tampering), one
 * `aws_cloudwatch_log_metric_filter` and one `aws_cloudwatch_metric_alarm` per item. Every alarm
 * sums its metric (one per matching event), compares it with its threshold over its periods
 * (`alarmEvaluation`: the benchmark's five minutes and one event, except where a whole
 * organization's routine activity crosses that), treats missing data as not breaching and
 * notifies the topic. Construct ids are the items' metric names (`RootAccountUsage/Alarm`), so
 * turning an item or a group off never renames another alarm.
 */
export class TrailAlarms extends Construct {
  public readonly alarms: readonly TrailAlarm[];

  constructor(scope: Construct, id: string, props: TrailAlarmsProps) {
    super(scope, id);
    const specs = alarmSpecs(props);
    if (specs.length === 0) {
      throw new Error(
        `${this.node.path}: every alarm is turned off (cis.enabled false and every group off). Fix: turn on at least one group, or remove TrailAlarms`,
      );
    }
    if (specs.length > LIMITS.metricFiltersPerLogGroup) {
      throw new Error(
        `${this.node.path}: ${specs.length} metric filters; a log group holds at most ${LIMITS.metricFiltersPerLogGroup}. Fix: turn off groups or CIS alarms you do not need`,
      );
    }
    if (props.namespace !== undefined && !METRIC_NAMESPACE.test(props.namespace)) {
      throw new Error(
        `${this.node.path}: namespace: "${props.namespace}" is not a custom CloudWatch namespace (1-255 characters, no : * $, not starting with AWS/). Fix: use a name such as CloudTrailMetrics`,
      );
    }
    if ((props.groups?.archiveChanges ?? true) && !props.archiveKeyArn && !props.archiveKeyAlias) {
      Annotations.of(this).addWarning('archive-changes: no archiveKeyArn or archiveKeyAlias, so changes to the archive key raise no alarm');
    }
    checkTuning(this.node.path, specs, props.tuning ?? {});
    const prefix = props.alarmNamePrefix ?? props.trail.trailName;
    const alarmActions = [props.topic.topicArn];
    const seen = new Set<string>();
    this.alarms = specs.map((spec) => {
      if (seen.has(spec.metricName))
        throw new Error(`${this.node.path}: two alarms publish metric ${spec.metricName}. Fix: give the extra alarm another metric name`);
      seen.add(spec.metricName);
      const name = `${prefix}-${spec.nameSuffix}`;
      checkLimits(this.node.path, name, spec);
      const evaluation = alarmEvaluation(spec.key, props.tuning?.[spec.key]);
      const item = new Construct(this, spec.metricName);
      const metricFilter = new CloudwatchLogMetricFilter(item, 'MetricFilter', {
        provider: props.provider,
        name,
        logGroupName: props.logGroup.logGroupName,
        pattern: spec.filterPattern,
        metricTransformation: { name: spec.metricName, namespace: spec.namespace, value: '1' },
        dependsOn: props.logGroup.dependables ? [...props.logGroup.dependables] : undefined,
      });
      const alarm = new CloudwatchMetricAlarm(item, 'Alarm', {
        provider: props.provider,
        alarmName: name,
        alarmDescription: spec.description,
        namespace: spec.namespace,
        metricName: spec.metricName,
        // Each matching event adds 1 to the metric, so the Sum of a period is the count of events.
        statistic: 'Sum',
        period: evaluation.periodSeconds,
        evaluationPeriods: evaluation.evaluationPeriods,
        // Left out when equal: CloudWatch then needs every evaluated period to breach, as the benchmark's alarm does.
        datapointsToAlarm: evaluation.datapointsToAlarm === evaluation.evaluationPeriods ? undefined : evaluation.datapointsToAlarm,
        threshold: evaluation.threshold,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        treatMissingData: 'notBreaching',
        actionsEnabled: true,
        alarmActions,
        okActions: props.notifyOnOk ? alarmActions : undefined,
        tags: props.tags,
        dependsOn: props.topic.dependables ? [...props.topic.dependables] : undefined,
      });
      return {
        key: spec.key,
        source: spec.source,
        ...(spec.cisId ? { cisId: spec.cisId } : {}),
        metricName: spec.metricName,
        namespace: spec.namespace,
        filterPattern: spec.filterPattern,
        alarmName: name,
        alarmArn: cloudWatchAlarmArn(props.region, props.accountId, name),
        evaluation,
        metricFilter,
        alarm,
      };
    });
  }
}

/** What decides which alarms exist (and their patterns). */
type AlarmSpecInput = Pick<
  TrailAlarmsProps,
  'trail' | 'cis' | 'groups' | 'monitoringTampering' | 'namespace' | 'archiveBucketName' | 'archiveKeyArn' | 'archiveKeyAlias'
> & {
  readonly logGroup: Pick<AlarmLogGroup, 'logGroupName'>;
};

/**
 * The keys `tuning` accepts for a choice of CIS items and groups (every alarm that would exist,
 * the archive key alarm included), in alarm order. For config validation, before any construct.
 */
export function trailAlarmKeys(choice: Pick<TrailAlarmsProps, 'cis' | 'groups'> & { readonly monitoringTampering?: boolean }): string[] {
  const probe = {
    trailName: 'trail',
    trailArn: 'arn:aws:cloudtrail:us-east-1:111111111111:trail/trail',
    homeRegion: 'us-east-1',
    ownerAccountId: '111111111111',
  };
  const { monitoringTampering, ...rest } = choice;
  return alarmSpecs({
    ...rest,
    ...(monitoringTampering
      ? { monitoringTampering: { memberNamePrefix: 'probe-', stackNamePrefix: 'StackSet-probe', deadLetterQueueName: 'probe-dlq' } }
      : {}),
    trail: probe,
    logGroup: { logGroupName: 'logs' },
    archiveBucketName: 'bucket',
    archiveKeyAlias: 'alias/key',
  }).map((s) => s.key);
}

/** The enabled items as alarm specs: CIS first, then the extra groups. */
function alarmSpecs(props: AlarmSpecInput): AlarmSpec[] {
  const specs: AlarmSpec[] = [];
  const logGroup = props.logGroup.logGroupName;
  if (props.cis?.enabled ?? true) {
    const filters = {
      mfaFilter: props.cis?.mfaFilter ?? TRAIL_ALARMS_DEFAULTS.mfaFilter,
      unauthorizedCallsFilter: props.cis?.unauthorizedCallsFilter ?? TRAIL_ALARMS_DEFAULTS.unauthorizedCallsFilter,
    };
    for (const item of cisMonitoringItems(filters)) {
      specs.push({
        key: `cis-${item.id}`,
        source: 'cis',
        cisId: item.id,
        nameSuffix: `cis-${item.id}-${item.slug}`,
        metricName: item.metricName,
        namespace: props.namespace ?? TRAIL_ALARMS_DEFAULTS.cisNamespace,
        filterPattern: item.filterPattern,
        description: `CIS ${item.id}: ${item.whatHappened} ${item.whatToCheck} (metric filter on ${logGroup})`,
      });
    }
  }
  const extras = extraAlarmItems(
    {
      trail: props.trail,
      archiveBucketName: props.archiveBucketName,
      archiveKeyArn: props.archiveKeyArn,
      archiveKeyAlias: props.archiveKeyAlias,
    },
    props.groups,
  );
  const monitoring = props.monitoringTampering ? monitoringTamperingItems(props.monitoringTampering) : [];
  for (const item of [...extras, ...monitoring]) {
    specs.push({
      key: item.slug,
      source: item.group,
      nameSuffix: item.slug,
      metricName: item.metricName,
      namespace: props.namespace ?? TRAIL_ALARMS_DEFAULTS.extraNamespace,
      filterPattern: item.filterPattern,
      description: `${item.whatHappened} ${item.whatToCheck} (metric filter on ${logGroup})`,
    });
  }
  return specs;
}
