import { CloudTrailCloudWatchLogsIntegrated } from '../../../tooling/checks/rules/cloudtrail-cloudwatch-logs-integrated';
import { CloudTrailEncryptedWithKms } from '../../../tooling/checks/rules/cloudtrail-encrypted-with-kms';
import { CloudTrailLogFileValidationEnabled } from '../../../tooling/checks/rules/cloudtrail-log-file-validation-enabled';
import { CloudTrailLoggingEnabled } from '../../../tooling/checks/rules/cloudtrail-logging-enabled';
import { CloudTrailManagementEventsAll } from '../../../tooling/checks/rules/cloudtrail-management-events-all';
import { CloudTrailMultiRegion } from '../../../tooling/checks/rules/cloudtrail-multi-region';
import type { JsonObject } from '../../../tooling/terraform';
import { describeRule, ref, res } from '../support';

const trail = (attributes: JsonObject) => res('aws_cloudtrail', 'Trail', { name: 'org-trail', s3_bucket_name: 'archive', ...attributes });
const bucket = res('aws_s3_bucket', 'Bucket', { bucket: 'archive' });
const management = (...extra: JsonObject[]) => ({ field_selector: [{ field: 'eventCategory', equals: ['Management'] }, ...extra] });

describeRule(CloudTrailLogFileValidationEnabled, {
  compliant: [{ when: 'enable_log_file_validation is true', resource: trail({ enable_log_file_validation: true }) }],
  nonCompliant: [
    { when: 'enable_log_file_validation is not set', resource: trail({}), detail: /undefined/ },
    { when: 'enable_log_file_validation is false', resource: trail({ enable_log_file_validation: false }), detail: /false/ },
  ],
  notApplicable: [{ when: 'the resource is a bucket', resource: bucket }],
});

describeRule(CloudTrailMultiRegion, {
  compliant: [{ when: 'is_multi_region_trail is true', resource: trail({ is_multi_region_trail: true }) }],
  nonCompliant: [{ when: 'is_multi_region_trail is not set (single region)', resource: trail({}) }],
  notApplicable: [{ when: 'the resource is a bucket', resource: bucket }],
});

describeRule(CloudTrailManagementEventsAll, {
  compliant: [
    { when: 'the trail has no event selectors (CloudTrail records all management events)', resource: trail({}) },
    {
      when: 'an advanced selector records management events without filters',
      resource: trail({ advanced_event_selector: [management()] }),
    },
    {
      when: 'advanced selectors record read and write management events separately',
      resource: trail({
        advanced_event_selector: [
          management({ field: 'readOnly', equals: ['true'] }),
          management({ field: 'readOnly', equals: ['false'] }),
        ],
      }),
    },
    {
      when: 'a basic selector records All management events',
      resource: trail({ event_selector: [{ read_write_type: 'All', include_management_events: true }] }),
    },
  ],
  nonCompliant: [
    {
      when: 'an advanced selector excludes KMS events',
      resource: trail({ advanced_event_selector: [management({ field: 'eventSource', not_equals: ['kms.amazonaws.com'] })] }),
      detail: /kms\.amazonaws\.com are excluded/,
    },
    {
      when: 'only write management events are recorded',
      resource: trail({ advanced_event_selector: [management({ field: 'readOnly', equals: ['false'] })] }),
      detail: /only write/,
    },
    {
      when: 'advanced selectors record data events only',
      resource: trail({ advanced_event_selector: [{ field_selector: [{ field: 'eventCategory', equals: ['Data'] }] }] }),
      detail: /no event selector records management events/,
    },
    {
      when: 'a basic selector records ReadOnly events',
      resource: trail({ event_selector: [{ read_write_type: 'ReadOnly' }] }),
      detail: /only read/,
    },
    {
      when: 'a basic selector excludes RDS Data API events',
      resource: trail({ event_selector: [{ read_write_type: 'All', exclude_management_event_sources: ['rdsdata.amazonaws.com'] }] }),
      detail: /rdsdata/,
    },
    { when: 'a basic selector leaves management events out', resource: trail({ event_selector: [{ include_management_events: false }] }) },
  ],
  notApplicable: [{ when: 'the resource is a bucket', resource: bucket }],
});

describeRule(CloudTrailEncryptedWithKms, {
  compliant: [
    { when: 'kms_key_id names a key (a reference resolved at apply)', resource: trail({ kms_key_id: ref('aws_kms_key.Key.arn') }) },
  ],
  nonCompliant: [
    { when: 'kms_key_id is not set', resource: trail({}) },
    { when: 'kms_key_id is empty', resource: trail({ kms_key_id: '' }) },
  ],
  notApplicable: [{ when: 'the resource is a bucket', resource: bucket }],
});

describeRule(CloudTrailLoggingEnabled, {
  compliant: [
    { when: 'enable_logging is not set (the default is true)', resource: trail({}), detail: /default/ },
    { when: 'enable_logging is true', resource: trail({ enable_logging: true }) },
  ],
  nonCompliant: [{ when: 'enable_logging is false', resource: trail({ enable_logging: false }) }],
  notApplicable: [{ when: 'the resource is a bucket', resource: bucket }],
});

describeRule(CloudTrailCloudWatchLogsIntegrated, {
  compliant: [
    {
      when: 'a log group and a delivery role are named',
      resource: trail({
        cloud_watch_logs_group_arn: 'arn:aws:logs:eu-west-1:111111111111:log-group:trail:*',
        cloud_watch_logs_role_arn: 'arn:aws:iam::111111111111:role/delivery',
      }),
    },
  ],
  nonCompliant: [
    { when: 'neither is set', resource: trail({}), detail: /cloud_watch_logs_group_arn and cloud_watch_logs_role_arn are not set/ },
    {
      when: 'the role is missing',
      resource: trail({ cloud_watch_logs_group_arn: 'arn:aws:logs:eu-west-1:1:log-group:x:*' }),
      detail: /^cloud_watch_logs_role_arn is not set/,
    },
  ],
  notApplicable: [{ when: 'the resource is a bucket', resource: bucket }],
});
