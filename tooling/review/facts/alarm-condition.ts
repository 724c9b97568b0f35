/** An alarm's firing condition in words, for the Alarms section and the security diff. */
import { num, text } from '../../model';
import type { JsonObject } from '../../terraform/plan-json';

const COMPARISONS: Record<string, string> = {
  GreaterThanOrEqualToThreshold: '≥',
  GreaterThanThreshold: '>',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '≤',
};

/** When an alarm fires: "Sum ≥ 100 over 300 s, 1 period", "Sum ≥ 1 over 300 s, 2 of 3 periods". */
export function alarmCondition(c: JsonObject): string {
  const evaluations = num(c.evaluation_periods) ?? 1;
  const datapoints = num(c.datapoints_to_alarm) ?? evaluations;
  const periods =
    evaluations === 1 ? '1 period' : datapoints === evaluations ? `${evaluations} periods` : `${datapoints} of ${evaluations} periods`;
  const operator = COMPARISONS[String(c.comparison_operator)] ?? String(c.comparison_operator ?? '?');
  return `${text(c.statistic) ?? text(c.extended_statistic) ?? '?'} ${operator} ${String(c.threshold ?? '?')} over ${num(c.period) ?? '?'} s, ${periods}`;
}
