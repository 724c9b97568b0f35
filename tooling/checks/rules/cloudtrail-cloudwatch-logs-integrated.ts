import { isSet } from '../../model';
import { compliant, nonCompliant, type Rule } from '../types';

/** CloudTrail.5: CIS section 4 metric filters and alarms need the events in CloudWatch Logs. */
export const CloudTrailCloudWatchLogsIntegrated: Rule = {
  id: 'CloudTrailCloudWatchLogsIntegrated',
  level: 'warning',
  controls: ['CloudTrail.5', 'CKV2_AWS_10'],
  finding: 'The trail does not deliver its events to CloudWatch Logs (cloud_watch_logs_group_arn or _role_arn is not set).',
  reason:
    'Without CloudWatch Logs delivery no metric filter or alarm sees these events: tampering and root use go unnoticed until someone reads the archive.',
  resourceTypes: ['aws_cloudtrail'],
  evaluate: (trail) => {
    const missing = ['cloud_watch_logs_group_arn', 'cloud_watch_logs_role_arn'].filter((a) => !isSet(trail.config[a]));
    return missing.length === 0
      ? compliant(`delivers to ${String(trail.config.cloud_watch_logs_group_arn)}`)
      : nonCompliant(`${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set`);
  },
};
