import { isFalse, texts } from '../../model';
import { compliant, nonCompliant, type Rule } from '../types';

/** CloudWatch.15 / CloudWatch.17: an alarm that changes to ALARM notifies someone. */
export const CloudWatchMetricAlarmHasAction: Rule = {
  id: 'CloudWatchMetricAlarmHasAction',
  level: 'warning',
  controls: ['CloudWatch.15', 'CloudWatch.17', 'CKV_AWS_319'],
  finding: 'The alarm notifies nobody (no alarm_actions, or actions_enabled is false).',
  reason: 'An alarm without an action turns red on a dashboard nobody watches; the CIS monitors need a subscriber.',
  resourceTypes: ['aws_cloudwatch_metric_alarm'],
  evaluate: (alarm) => {
    if (isFalse(alarm.config.actions_enabled)) return nonCompliant('actions_enabled is false');
    const actions = texts(alarm.config.alarm_actions);
    return actions.length > 0 ? compliant(`alarm_actions: ${actions.join(', ')}`) : nonCompliant('alarm_actions is empty');
  },
};
