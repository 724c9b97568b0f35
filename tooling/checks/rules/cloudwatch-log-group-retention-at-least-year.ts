import { num } from '../../model';
import { compliant, nonCompliant, type Rule } from '../types';

/** CKV_AWS_338 / CloudWatch.16: keep log events at least a year (or never expire them). */
export const CloudWatchLogGroupRetentionAtLeastYear: Rule = {
  id: 'CloudWatchLogGroupRetentionAtLeastYear',
  level: 'warning',
  controls: ['CloudWatch.16', 'CKV_AWS_338'],
  finding: 'The log group keeps its events for less than 365 days.',
  reason: 'Intrusions are often found months later; shorter retention deletes the events an investigation needs.',
  resourceTypes: ['aws_cloudwatch_log_group'],
  evaluate: (group) => {
    const raw = group.config.retention_in_days;
    const days = num(raw);
    if (raw === undefined || days === 0) return compliant('events never expire');
    if (days === undefined) return compliant(`retention_in_days is ${String(raw)} (computed; not checked offline)`);
    return days >= 365 ? compliant(`retention_in_days is ${days}`) : nonCompliant(`retention_in_days is ${days}; use 365 or more`);
  },
};
