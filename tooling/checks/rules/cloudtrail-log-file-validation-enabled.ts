import { isTrue, shown } from '../../model';
import { compliant, nonCompliant, type Rule } from '../types';

/** CIS 3.2: digest files let anyone prove that a delivered log file was not changed or removed. */
export const CloudTrailLogFileValidationEnabled: Rule = {
  id: 'CloudTrailLogFileValidationEnabled',
  level: 'error',
  controls: ['CIS 3.2', 'CloudTrail.4', 'CKV_AWS_36'],
  finding: 'The trail does not validate its log files (enable_log_file_validation is not true).',
  reason: 'Without digest files nobody can prove that a log file was not modified, forged or deleted after delivery.',
  resourceTypes: ['aws_cloudtrail'],
  evaluate: (trail) =>
    isTrue(trail.config.enable_log_file_validation)
      ? compliant('enable_log_file_validation is true')
      : nonCompliant(`enable_log_file_validation is ${shown(trail.config.enable_log_file_validation)}; set it to true`),
};
