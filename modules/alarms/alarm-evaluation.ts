/*
 * How each trail alarm turns its metric filter's count into ALARM: the threshold, the period, and
 * how many periods (of how many) must breach. The alarms watch the organization trail's log group,
 * which receives the events of every account of the organization, so a setting that suits one
 * account (the benchmark's "one event in five minutes") pages all day for some items across
 * hundreds of accounts. The defaults below keep the benchmark's settings wherever one event is
 * worth a page, and raise the threshold only where routine activity of many accounts crosses it.
 *
 * Sources:
 * - CIS AWS Foundations Benchmark v3.0.0 4.1-4.15 remediation (`--statistic Sum --period 300
 *   --threshold 1 --evaluation-periods 1`) and audit steps (a filter with the pattern, an alarm on
 *   its metric, an SNS topic with a subscriber; no step reads the threshold, period or evaluation
 *   periods), as reproduced in turbot/steampipe-mod-aws-compliance cis_v400/docs/cis_v400_4_1.md
 *   and mitre/aws-foundations-cis-baseline controls/aws-foundations-cis-4.2.rb. 4.1's Impact:
 *   "This alert may be triggered by normal read-only console activities that attempt to
 *   opportunistically gather optional information, but gracefully fail if they don't have
 *   permissions."
 * - Security Hub CloudWatch.1-14 (securityhub/latest/userguide/cloudwatch-controls.html): "custom
 *   logic to perform the exact audit steps prescribed" by CIS; the control "fails if the exact
 *   metric filters prescribed by CIS are not used", nothing about the threshold.
 * - AWS CloudTrail user guide, cloudwatch-alarms-for-cloudtrail.html, "Console sign-in failures":
 *   an alarm "triggered when there are three or more sign-in failures during a five minute period".
 * - PutMetricAlarm (AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html): Period "Valid
 *   values are 10, 20, 30, and any multiple of 60", and 10/20/30 only for metrics stored at
 *   one-second resolution (a metric filter's transformation has no storage resolution, so its
 *   metric is a one-minute metric and a shorter period leaves the alarm without data); Period x
 *   EvaluationPeriods at most 604,800 seconds, and at most 86,400 for periods under 3,600 seconds;
 *   DatapointsToAlarm is the M of an "M out of N" alarm whose N is EvaluationPeriods.
 * Where no source gives a number (4.1's 100, CodeDeploy's 10), README "Alarms" gives the reasoning.
 */

/** When one alarm fires: the summed count of matching events compared with `threshold`. */
export interface AlarmEvaluation {
  /** Matching events in one period that make the period breach (`Sum >= threshold`); 0 or more. */
  readonly threshold: number;
  /** Seconds in one period: a multiple of 60. */
  readonly periodSeconds: number;
  /** Periods the alarm looks back over (the N of "M out of N"). */
  readonly evaluationPeriods: number;
  /** Breaching periods among them that raise the alarm (the M); at most `evaluationPeriods`. */
  readonly datapointsToAlarm: number;
}

/** The benchmark's remediation settings: Sum over five minutes, one event raises the alarm. */
export const BENCHMARK_EVALUATION: AlarmEvaluation = { threshold: 1, periodSeconds: 300, evaluationPeriods: 1, datapointsToAlarm: 1 };

/**
 * Alarms whose organization-wide count would cross one event in five minutes on routine activity,
 * by alarm key (see `TrailAlarm.key`); every other alarm keeps `BENCHMARK_EVALUATION`.
 */
export const ORGANIZATION_EVALUATION_DEFAULTS: Readonly<Record<string, Partial<AlarmEvaluation>>> = {
  // Denied calls from consoles, tools and services probing optional permissions happen in every
  // account; a credential enumerating its permissions makes hundreds within minutes.
  'cis-4.1': { threshold: 100 },
  // AWS's own example alarm on console sign-in failures: three or more in five minutes.
  'cis-4.6': { threshold: 3 },
  // A failed pipeline step retries a few times; a broken pipeline or a probe makes dozens.
  'codedeploy-failed-api-calls': { threshold: 10 },
};

/** The settings of one alarm: the benchmark's, the organization default for its key, then `override`. */
export function alarmEvaluation(key: string, override: Partial<AlarmEvaluation> = {}): AlarmEvaluation {
  const merged = { ...BENCHMARK_EVALUATION, ...ORGANIZATION_EVALUATION_DEFAULTS[key], ...definedOnly(override) };
  // Without a datapoint count of its own, an alarm that looks back over more periods alarms when all of them breach.
  const datapoints = override.datapointsToAlarm ?? (override.evaluationPeriods !== undefined ? merged.evaluationPeriods : undefined);
  return datapoints === undefined ? merged : { ...merged, datapointsToAlarm: datapoints };
}

/** One broken CloudWatch rule: the field, its value, and the message (rule, then `Fix:`). */
export interface AlarmEvaluationProblem {
  readonly field: keyof AlarmEvaluation;
  readonly value: number;
  readonly message: string;
}

const ONE_DAY = 86_400;
const SEVEN_DAYS = 604_800;

/** What PutMetricAlarm (or a one-minute metric) would refuse or never evaluate; empty when it is valid. */
export function alarmEvaluationProblems(e: AlarmEvaluation): AlarmEvaluationProblem[] {
  const problems: AlarmEvaluationProblem[] = [];
  const add = (field: keyof AlarmEvaluation, message: string) => problems.push({ field, value: e[field], message });
  if (!Number.isFinite(e.threshold) || e.threshold < 0) {
    add('threshold', 'is not a count of 0 or more (matching events in one period). Fix: use a number such as 1 or 100');
  }
  if (!Number.isInteger(e.periodSeconds) || e.periodSeconds < 60 || e.periodSeconds % 60 !== 0) {
    add(
      'periodSeconds',
      'is not a multiple of 60 seconds: CloudWatch alarms take 10, 20, 30 or a multiple of 60, and metric filter metrics have one-minute resolution, so a shorter period never gets data. Fix: use 60, 300, 900 or 3600',
    );
  }
  if (!Number.isInteger(e.evaluationPeriods) || e.evaluationPeriods < 1) {
    add('evaluationPeriods', 'is not a whole number of 1 or more. Fix: use 1 to alarm on one period, more to look back further');
  } else if (!Number.isInteger(e.datapointsToAlarm) || e.datapointsToAlarm < 1 || e.datapointsToAlarm > e.evaluationPeriods) {
    add(
      'datapointsToAlarm',
      `is not a whole number from 1 to evaluationPeriods (${e.evaluationPeriods}): it counts the breaching periods among them. Fix: use a number from 1 to ${e.evaluationPeriods}`,
    );
  }
  const span = e.periodSeconds * e.evaluationPeriods;
  const limit = e.periodSeconds < 3_600 ? ONE_DAY : SEVEN_DAYS;
  if (problems.length === 0 && span > limit) {
    add(
      'evaluationPeriods',
      `times periodSeconds (${e.periodSeconds}) is ${span} seconds; CloudWatch evaluates at most ${limit === ONE_DAY ? '86,400 seconds (one day) for periods under an hour' : '604,800 seconds (seven days)'}. Fix: use at most ${Math.floor(limit / e.periodSeconds)} periods, or longer periods`,
    );
  }
  return problems;
}

function definedOnly(o: Partial<AlarmEvaluation>): Partial<AlarmEvaluation> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<AlarmEvaluation>;
}
