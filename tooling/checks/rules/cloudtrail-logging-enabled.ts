import { isFalse } from '../../model';
import { compliant, nonCompliant, type Rule } from '../types';

/** A trail that exists but does not log gives a false sense of coverage. */
export const CloudTrailLoggingEnabled: Rule = {
  id: 'CloudTrailLoggingEnabled',
  level: 'error',
  controls: ['CKV_AWS_251'],
  finding: 'The trail is created with logging stopped (enable_logging is false).',
  reason: 'A stopped trail records nothing while every review and dashboard still shows it as configured.',
  resourceTypes: ['aws_cloudtrail'],
  evaluate: (trail) =>
    isFalse(trail.config.enable_logging)
      ? nonCompliant('enable_logging is false; remove it or set it to true')
      : compliant(`enable_logging is ${trail.config.enable_logging === undefined ? 'not set (the default, true)' : 'true'}`),
};
