import { EvidenceResourcesPreventDestroy } from '../../../tooling/checks/rules/evidence-resources-prevent-destroy';
import type { JsonObject } from '../../../tooling/terraform';
import { describeRule, ref, res } from '../support';

const guarded = { lifecycle: { prevent_destroy: true } };
const archive = (attributes: JsonObject = {}) =>
  res('aws_s3_bucket', 'Archive', { bucket: 'acme-archive', ...attributes }, { stack: 'log-archive' });
// The trail lives in another stack and account and names the archive by its literal name.
const trail = (attributes: JsonObject = {}) =>
  res(
    'aws_cloudtrail',
    'Trail',
    {
      name: 'org',
      s3_bucket_name: 'acme-archive',
      cloud_watch_logs_group_arn: 'arn:aws:logs:eu-west-1:333333333333:log-group:trail-events:*',
      ...attributes,
    },
    { stack: 'trail', account: '333333333333' },
  );
const group = (attributes: JsonObject = {}) =>
  res('aws_cloudwatch_log_group', 'Group', { name: 'trail-events', ...attributes }, { stack: 'trail', account: '333333333333' });

describeRule(EvidenceResourcesPreventDestroy, {
  compliant: [
    { when: 'a trail has prevent_destroy', resource: trail(guarded) },
    { when: 'a key has prevent_destroy', resource: res('aws_kms_key', 'Key', guarded) },
    {
      when: 'the bucket a trail of another stack writes to has prevent_destroy',
      resource: archive(guarded),
      with: [trail()],
      detail: /trail logs \(trail\/aws_cloudtrail\.Trail\)/,
    },
    {
      when: 'the log group a trail delivers to has prevent_destroy',
      resource: group(guarded),
      with: [trail()],
      detail: /events of trail\/aws_cloudtrail\.Trail/,
    },
    {
      when: 'a replica bucket has prevent_destroy',
      resource: res('aws_s3_bucket', 'Replica', { bucket: 'acme-replica', ...guarded }),
      with: [
        res('aws_s3_bucket_replication_configuration', 'Replication', {
          bucket: 'x',
          rule: [{ destination: { bucket: 'arn:aws:s3:::acme-replica' } }],
        }),
      ],
      detail: /replica/,
    },
  ],
  nonCompliant: [
    { when: 'a trail has no lifecycle', resource: trail() },
    { when: 'a key has prevent_destroy false', resource: res('aws_kms_key', 'Key', { lifecycle: { prevent_destroy: false } }) },
    { when: 'the archive a trail writes to has no prevent_destroy', resource: archive(), with: [trail()] },
    {
      when: 'the archive has prevent_destroy but force_destroy',
      resource: archive({ ...guarded, force_destroy: true }),
      with: [trail()],
      detail: /force_destroy/,
    },
    {
      when: 'an access-log target bucket is unguarded',
      resource: res('aws_s3_bucket', 'Logs', { bucket: 'acme-logs' }),
      with: [
        res('aws_s3_bucket_logging', 'Logging', { bucket: ref('aws_s3_bucket.Source.id'), target_bucket: 'acme-logs' }),
        res('aws_s3_bucket', 'Source', { bucket: 'acme-source' }),
      ],
      detail: /server access logs of acme-source/,
    },
    {
      when: 'an object-locked bucket is unguarded',
      resource: res('aws_s3_bucket', 'Locked', { bucket: 'acme-locked', object_lock_enabled: true }),
    },
    { when: 'the trail log group is unguarded', resource: group(), with: [trail()] },
  ],
  notApplicable: [
    { when: 'a bucket holds no evidence', resource: res('aws_s3_bucket', 'Assets', { bucket: 'acme-assets' }) },
    {
      when: "a log group receives no trail (a function's logs)",
      resource: res('aws_cloudwatch_log_group', 'Fn', { name: '/aws/lambda/fn' }),
      with: [trail()],
    },
    { when: 'the resource is a topic', resource: res('aws_sns_topic', 'Topic', { name: 't' }) },
  ],
});
