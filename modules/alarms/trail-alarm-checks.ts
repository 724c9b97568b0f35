/** The AWS limits a trail alarm must fit and the checks of `tuning` (trail-alarms.ts builds the alarms). */
import { Token } from 'cdktf';
import { type AlarmEvaluation, alarmEvaluation, alarmEvaluationProblems } from './alarm-evaluation';
import type { CisMonitoringId } from './cis-monitoring';
import type { ExtraAlarmGroup } from './extra-alarms';
import type { MonitoringTamperingGroup } from './monitoring-tampering-alarms';

/** Limits of CloudWatch Logs metric filters and CloudWatch alarms (API_PutMetricFilter, API_PutMetricAlarm). */
export const LIMITS = {
  filterPattern: 1024,
  filterName: 512,
  alarmName: 255,
  alarmDescription: 1024,
  metricFiltersPerLogGroup: 100,
} as const;
/** Metric names and namespaces: `[^:*$]`, 1-255; custom namespaces must not start with `AWS/`. */
export const METRIC_NAMESPACE = /^(?!AWS\/)[^:*$]{1,255}$/;

/** One alarm to create: its metric filter, metric and description. */
export interface AlarmSpec {
  readonly key: string;
  readonly source: 'cis' | ExtraAlarmGroup | MonitoringTamperingGroup;
  readonly cisId?: CisMonitoringId;
  readonly nameSuffix: string;
  readonly metricName: string;
  readonly namespace: string;
  readonly filterPattern: string;
  readonly description: string;
}

/** Every `tuning` key names an alarm that exists, and every alarm's settings are ones CloudWatch evaluates. */
export function checkTuning(path: string, specs: readonly AlarmSpec[], tuning: Readonly<Record<string, Partial<AlarmEvaluation>>>): void {
  const keys = specs.map((s) => s.key);
  const unknown = Object.keys(tuning).filter((k) => !keys.includes(k));
  if (unknown.length > 0) {
    throw new Error(`${path}: tuning names ${unknown.join(', ')}, which is no alarm here. Fix: use one of ${keys.join(', ')}`);
  }
  const problems = Object.entries(tuning).flatMap(([key, override]) =>
    alarmEvaluationProblems(alarmEvaluation(key, override)).map((p) => `tuning.${key}.${p.field}: ${p.value} ${p.message}`),
  );
  if (problems.length > 0) throw new Error(`${path}: ${problems.join('; ')}`);
}

export function checkLimits(path: string, name: string, spec: AlarmSpec): void {
  const problems: string[] = [];
  // A token (the archive key ARN read from another stack) is shorter than the ARN it stands for.
  if (!Token.isUnresolved(spec.filterPattern) && spec.filterPattern.length > LIMITS.filterPattern) {
    problems.push(`filter pattern is ${spec.filterPattern.length} characters; CloudWatch Logs accepts at most ${LIMITS.filterPattern}`);
  }
  if (name.length > LIMITS.alarmName) problems.push(`name is ${name.length} characters; alarm names have at most ${LIMITS.alarmName}`);
  if (/[:*]/.test(name)) problems.push('name holds ":" or "*", which metric filter names cannot');
  if (spec.description.length > LIMITS.alarmDescription) {
    problems.push(`description is ${spec.description.length} characters; alarm descriptions have at most ${LIMITS.alarmDescription}`);
  }
  if (problems.length > 0) throw new Error(`${path}: alarm ${name}: ${problems.join('; ')}`);
}
