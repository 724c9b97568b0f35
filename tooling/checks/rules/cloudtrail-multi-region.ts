import { isTrue, shown } from '../../model';
import { compliant, nonCompliant, type Rule } from '../types';

/** CIS 3.1: one trail records every region, including regions nobody uses (where attackers go). */
export const CloudTrailMultiRegion: Rule = {
  id: 'CloudTrailMultiRegion',
  level: 'error',
  controls: ['CIS 3.1', 'CloudTrail.1', 'CKV_AWS_67'],
  finding: 'The trail records only its home region (is_multi_region_trail is not true).',
  reason: 'Activity in any other region, including regions nobody watches, would leave no record in the archive.',
  resourceTypes: ['aws_cloudtrail'],
  evaluate: (trail) =>
    isTrue(trail.config.is_multi_region_trail)
      ? compliant('is_multi_region_trail is true')
      : nonCompliant(`is_multi_region_trail is ${shown(trail.config.is_multi_region_trail)}; set it to true`),
};
