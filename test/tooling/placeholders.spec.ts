import { arnPlaceholder, PLACEHOLDER_ACCOUNT, PLACEHOLDER_UUID, placeholderOutputs, type StackJson } from '../../tooling/terraform';
import { ARCHIVE_ACCOUNT, archiveStack, ref, TRAIL_ACCOUNT, trailStack } from './fixtures';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A stack with one default provider and the given outputs over a few resources. */
function withOutputs(output: Record<string, unknown>, provider: StackJson['provider'] = { aws: [{ region: 'ap-south-1' }] }): StackJson {
  return {
    provider,
    resource: {
      aws_kms_key: { Key: {} },
      aws_s3_bucket: { Logs: { bucket: 'acme-logs' }, Computed: { bucket_prefix: 'tmp-' } },
      aws_iam_role: { Role: { name: 'delivery-role' } },
      aws_cloudwatch_log_group: { Group: { name: 'cloudtrail/org' } },
    },
    output: Object.fromEntries(Object.entries(output).map(([name, value]) => [name, { value }])),
  };
}

describe('placeholderOutputs', () => {
  it('keeps literal outputs as they are, strings, numbers, booleans, lists and maps', () => {
    const literal = { name: 'acme-archive', days: 365, enabled: true, list: ['a', 'b'], map: { k: 'v' } };
    expect(placeholderOutputs(withOutputs(literal))).toEqual(literal);
  });

  it('gives ARNs in the account of allowed_account_ids and the region of the provider the resource uses', () => {
    const defaults = placeholderOutputs(archiveStack());
    expect(defaults.archive_key_arn).toBe(`arn:aws:kms:eu-west-1:${ARCHIVE_ACCOUNT}:key/${PLACEHOLDER_UUID}`);
    expect(defaults.replica_key_arn).toBe(`arn:aws:kms:eu-central-1:${ARCHIVE_ACCOUNT}:key/${PLACEHOLDER_UUID}`);
    expect(defaults.archive_bucket_arn).toBe('arn:aws:s3:::acme-archive');
    expect(defaults.archive_bucket_name).toBe('acme-archive');
    expect(placeholderOutputs(trailStack()).trail_arn).toBe(`arn:aws:cloudtrail:eu-west-1:${TRAIL_ACCOUNT}:trail/org-trail`);
  });

  it('takes the account from the assume_role ARN without allowed_account_ids, else a placeholder account', () => {
    const assumed = withOutputs(
      { arn: ref('aws_kms_key.Key.arn') },
      {
        aws: { region: 'us-west-2', assume_role: [{ role_arn: 'arn:aws:iam::999988887777:role/Deploy' }] },
      },
    );
    expect(placeholderOutputs(assumed).arn).toBe(`arn:aws:kms:us-west-2:999988887777:key/${PLACEHOLDER_UUID}`);
    expect(placeholderOutputs(withOutputs({ arn: ref('aws_kms_key.Key.arn') })).arn).toBe(
      `arn:aws:kms:ap-south-1:${PLACEHOLDER_ACCOUNT}:key/${PLACEHOLDER_UUID}`,
    );
    expect(placeholderOutputs(withOutputs({ arn: ref('aws_kms_key.Key.arn') }, {})).arn).toMatch(
      /^arn:aws:kms:us-east-1:123456789012:key\//,
    );
  });

  it('gives key ids as UUIDs, bucket ids as the bucket name and names from the config', () => {
    const defaults = placeholderOutputs(
      withOutputs({
        key_id: ref('aws_kms_key.Key.key_id'),
        key: ref('aws_kms_key.Key.id'),
        bucket: ref('aws_s3_bucket.Logs.id'),
        role: ref('aws_iam_role.Role.name'),
        group: ref('aws_cloudwatch_log_group.Group.arn'),
        region: ref('aws_s3_bucket.Logs.region'),
      }),
    );
    expect(defaults.key_id).toMatch(UUID);
    expect(defaults.key).toBe(PLACEHOLDER_UUID);
    expect(defaults).toMatchObject({
      bucket: 'acme-logs',
      role: 'delivery-role',
      group: `arn:aws:logs:ap-south-1:${PLACEHOLDER_ACCOUNT}:log-group:cloudtrail/org`,
      region: 'ap-south-1',
    });
  });

  it('labels resources without a literal name after their construct id', () => {
    expect(placeholderOutputs(withOutputs({ arn: ref('aws_s3_bucket.Computed.arn') })).arn).toBe('arn:aws:s3:::placeholder-computed');
  });

  it('replaces references inside longer strings and inside lists and maps', () => {
    const defaults = placeholderOutputs(
      withOutputs({
        path: `s3://${ref('aws_s3_bucket.Logs.bucket')}/AWSLogs/`,
        arns: [ref('aws_iam_role.Role.arn')],
        byName: { key: ref('aws_kms_key.Key.arn') },
      }),
    );
    expect(defaults.path).toBe('s3://acme-logs/AWSLogs/');
    expect(defaults.arns).toEqual([`arn:aws:iam::${PLACEHOLDER_ACCOUNT}:role/delivery-role`]);
    expect((defaults.byName as { key: string }).key).toMatch(/^arn:aws:kms:ap-south-1:/);
  });

  it('fills account, region and partition data sources from the provider', () => {
    const stack = withOutputs(
      {
        account: ref('data.aws_caller_identity.current.account_id'),
        region: ref('data.aws_region.current.name'),
        partition: ref('data.aws_partition.current.partition'),
      },
      { aws: { region: 'eu-north-1', allowed_account_ids: ['111122223333'] } },
    );
    expect(placeholderOutputs(stack)).toEqual({ account: '111122223333', region: 'eu-north-1', partition: 'aws' });
  });

  it('keeps the promised shape for expressions it does not understand', () => {
    const stack = withOutputs({ joined_arn: ref('join(",", aws_iam_role.Role.*.arn)'), joined: ref('join(",", var.x)') });
    expect(placeholderOutputs(stack)).toEqual({
      joined_arn: `arn:aws:placeholder:ap-south-1:${PLACEHOLDER_ACCOUNT}:joined_arn`,
      joined: 'placeholder-joined',
    });
  });
});

describe('arnPlaceholder', () => {
  it.each([
    ['aws_kms_key', 'k', `arn:aws:kms:eu-west-1:111122223333:key/${PLACEHOLDER_UUID}`],
    ['aws_kms_alias', 'alias/logs', 'arn:aws:kms:eu-west-1:111122223333:alias/logs'],
    ['aws_kms_alias', 'logs', 'arn:aws:kms:eu-west-1:111122223333:alias/logs'],
    ['aws_s3_bucket', 'acme-logs', 'arn:aws:s3:::acme-logs'],
    ['aws_iam_role', 'r', 'arn:aws:iam::111122223333:role/r'],
    ['aws_iam_policy', 'p', 'arn:aws:iam::111122223333:policy/p'],
    ['aws_sns_topic', 't', 'arn:aws:sns:eu-west-1:111122223333:t'],
    ['aws_sqs_queue', 'q', 'arn:aws:sqs:eu-west-1:111122223333:q'],
    ['aws_cloudtrail', 'org', 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/org'],
    ['aws_cloudwatch_log_group', 'g', 'arn:aws:logs:eu-west-1:111122223333:log-group:g'],
    ['aws_cloudwatch_event_rule', 'e', 'arn:aws:events:eu-west-1:111122223333:rule/e'],
    ['aws_lambda_function', 'f', 'arn:aws:lambda:eu-west-1:111122223333:function:f'],
    ['aws_cloudwatch_metric_alarm', 'a', 'arn:aws:cloudwatch:eu-west-1:111122223333:metric-alarm/a'],
  ])('gives %s %s the ARN %s', (type, name, arn) => {
    expect(arnPlaceholder(type, 'eu-west-1', '111122223333', name)).toBe(arn);
  });
});
