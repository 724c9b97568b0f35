import type { AppResource } from '../../model';
import { block, isFalse, texts } from '../../model';
import { CIS_MONITORS, patternCovers } from '../cis-monitoring';
import { trailsDeliveringTo } from '../facts';
import { compliant, nonCompliant, notApplicable, type ResourceFacts, type Rule } from '../types';

/** CIS 4.1-4.15: on the log group a trail delivers to, a metric filter and an alarm with an action for each monitor. */
export const CloudWatchLogGroupHasCisAlarms: Rule = {
  id: 'CloudWatchLogGroupHasCisAlarms',
  level: 'warning',
  controls: CIS_MONITORS.map((m) => m.id),
  finding: 'The trail log group lacks the CIS section 4 metric filters with alarms that notify someone.',
  reason:
    'These alarms are how root use, trail changes, key deletion and policy changes are noticed within minutes instead of at the next audit.',
  resourceTypes: ['aws_cloudwatch_log_group'],
  evaluate: (group, facts) => {
    const trails = trailsDeliveringTo(group, facts);
    if (trails.length === 0) return notApplicable('no trail delivers to this log group');
    const alarmed = alarmedPatterns(group, facts);
    const missing = CIS_MONITORS.filter((m) => !alarmed.some((pattern) => patternCovers(pattern, m)));
    return missing.length === 0
      ? compliant(`all ${CIS_MONITORS.length} CIS monitors have a filter and an alarm with an action`)
      : nonCompliant(`no filter with an alarm that has an action for ${missing.map((m) => `${m.id} (${m.title})`).join(', ')}`);
  },
};

/** Patterns of this group's metric filters whose metric has an alarm with an action. */
function alarmedPatterns(group: AppResource, facts: ResourceFacts): string[] {
  const alarms = facts
    .ofType('aws_cloudwatch_metric_alarm')
    .filter((a) => !isFalse(a.config.actions_enabled) && texts(a.config.alarm_actions).length > 0);
  return facts
    .referencing(group, 'aws_cloudwatch_log_metric_filter', 'log_group_name')
    .filter((filter) => {
      const metric = block(filter.config.metric_transformation);
      return alarms.some(
        (a) =>
          a.stack === filter.stack &&
          facts.substitute(a, String(a.config.metric_name)) === facts.substitute(filter, String(metric.name)) &&
          facts.substitute(a, String(a.config.namespace)) === facts.substitute(filter, String(metric.namespace)),
      );
    })
    .map((filter) => String(filter.config.pattern ?? ''));
}
