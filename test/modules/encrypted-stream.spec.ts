import { Testing } from 'cdktf';
import { EncryptedStream, type EncryptedStreamProps, STREAM_DEFAULTS } from '../../modules/deployment-monitoring/encrypted-stream';
import { AUDIT, addressAt, preventDestroyFlags, resourceAt, statementsOf } from '../support/modules';
import { synthJson, testStack, validationErrors } from '../support/synth';

const STREAM = `arn:aws:kinesis:us-east-1:${AUDIT}:stream/deploy-events`;
const RULE_A = `arn:aws:events:us-east-1:${AUDIT}:rule/deployments/failures-data`;
const RULE_B = `arn:aws:events:us-east-1:${AUDIT}:rule/deployments/all-data`;

function newStream(props: Partial<EncryptedStreamProps> = {}, grant = true) {
  const stack = testStack();
  const stream = new EncryptedStream(stack, 'Stream', { streamName: 'deploy-events', accountId: AUDIT, region: 'us-east-1', ...props });
  if (grant) stream.grantPutFromRule(RULE_A);
  return { stack, stream };
}

describe('EncryptedStream', () => {
  describe('stream', () => {
    it('is one provisioned shard by default, encrypted with its own key, keeping records 24 hours, with a literal ARN', () => {
      const { stack, stream } = newStream();
      const json = synthJson(stack);
      expect(resourceAt(json, 'aws_kinesis_stream', 'Stream/Stream')).toEqual({
        name: 'deploy-events',
        stream_mode_details: { stream_mode: 'PROVISIONED' },
        shard_count: 1,
        retention_period: 24,
        encryption_type: 'KMS',
        kms_key_id: `\${${addressAt(json, 'aws_kms_key', 'Stream/Key')}.arn}`,
      });
      expect(resourceAt(json, 'aws_kms_key', 'Stream/Key')).toMatchObject({
        description: 'Encrypts the deploy-events Kinesis data stream',
      });
      expect(resourceAt(json, 'aws_kms_alias', 'Stream/Key/Alias')).toMatchObject({ name: 'alias/kinesis/deploy-events' });
      expect(stream.streamArn).toBe(STREAM);
      expect(STREAM_DEFAULTS).toEqual({ capacityMode: 'PROVISIONED', shardCount: 1, retentionHours: 24 });
    });

    it('can run on demand, without a shard count', () => {
      const { stack } = newStream({ capacityMode: 'ON_DEMAND', retentionHours: 48 });
      const resource = resourceAt(synthJson(stack), 'aws_kinesis_stream', 'Stream/Stream');
      expect(resource).toMatchObject({ stream_mode_details: { stream_mode: 'ON_DEMAND' }, retention_period: 48 });
      expect(resource).not.toHaveProperty('shard_count');
    });

    it('takes a shard count for a provisioned stream, and refuses one on demand', () => {
      expect(resourceAt(synthJson(newStream({ shardCount: 2 }).stack), 'aws_kinesis_stream', 'Stream/Stream')).toMatchObject({
        shard_count: 2,
      });
      expect(() => newStream({ capacityMode: 'ON_DEMAND', shardCount: 2 })).toThrow(
        'shardCount: 2 applies to a PROVISIONED stream only. Fix: remove shardCount, or set capacityMode PROVISIONED',
      );
    });

    it('names its key after the stream with dots as hyphens, which KMS aliases do not allow', () => {
      const { stack, stream } = newStream({ streamName: 'deploy.events' });
      expect(stream.key.aliasName).toBe('alias/kinesis/deploy-events');
      expect(validationErrors(stack)).toEqual([]);
    });

    it('refuses at synth an invalid stream name, and a role name longer than IAM allows', () => {
      expect(validationErrors(newStream({ streamName: 'deploy events' }).stack)).toEqual([
        'test/Stream: streamName: "deploy events" is not a Kinesis stream name (1-128 of letters, digits, _ . and -). Fix: use only those characters',
        'test/Stream: roleName: "deploy events-eventbridge" is not an IAM role name (1-64 of letters, digits and + = , . @ _ -). Fix: use a shorter name of those characters',
      ]);
      expect(validationErrors(newStream({ streamName: 's'.repeat(60) }).stack)).toEqual([
        `test/Stream: roleName: "${'s'.repeat(60)}-eventbridge" is not an IAM role name (1-64 of letters, digits and + = , . @ _ -). Fix: use a shorter name of those characters`,
      ]);
      expect(validationErrors(newStream({ streamName: 's'.repeat(60), roleName: 'deploy-stream-writer' }).stack)).toEqual([]);
    });

    it('guards its key against destroy unless allowDestroy', () => {
      expect(preventDestroyFlags(synthJson(newStream().stack))).toEqual({ 'aws_kms_key.Stream_Key': true });
      expect(preventDestroyFlags(synthJson(newStream({ allowDestroy: true }).stack))).toEqual({ 'aws_kms_key.Stream_Key': false });
    });
  });

  describe('role', () => {
    it('is trusted by exactly the granted rules of its own account', () => {
      const { stack, stream } = newStream();
      stream.grantPutFromRule(RULE_B, RULE_A);
      const role = resourceAt(synthJson(stack), 'aws_iam_role', 'Stream/Role');
      expect(role).toMatchObject({
        name: 'deploy-events-eventbridge',
        description: 'EventBridge rules put records on the deploy-events stream',
      });
      expect(statementsOf(role, 'assume_role_policy')).toEqual([
        {
          Sid: 'AllowEventBridgeRulesAssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'aws:SourceAccount': AUDIT }, ArnEquals: { 'aws:SourceArn': [RULE_A, RULE_B] } },
        },
      ]);
      expect(stream.roleArn).toBe(`arn:aws:iam::${AUDIT}:role/deploy-events-eventbridge`);
    });

    it('may only put records on the stream and generate data keys for its records', () => {
      const { stack } = newStream();
      const json = synthJson(stack);
      const policy = resourceAt(json, 'aws_iam_role_policy', 'Stream/RolePolicy');
      expect(policy.role).toBe(`\${${addressAt(json, 'aws_iam_role', 'Stream/Role')}.name}`);
      expect(statementsOf(policy)).toEqual([
        {
          Sid: 'AllowPutRecordsOnStream',
          Effect: 'Allow',
          Action: ['kinesis:PutRecord', 'kinesis:PutRecords'],
          Resource: STREAM,
        },
        {
          Sid: 'AllowGenerateDataKeysForStream',
          Effect: 'Allow',
          Action: 'kms:GenerateDataKey',
          Resource: `arn:aws:kms:us-east-1:${AUDIT}:key/*`,
          Condition: { StringEquals: { 'kms:EncryptionContext:aws:kinesis:arn': STREAM } },
        },
      ]);
    });

    it('takes a role name', () => {
      const { stack, stream } = newStream({ roleName: 'deploy-stream-writer' });
      expect(resourceAt(synthJson(stack), 'aws_iam_role', 'Stream/Role')).toMatchObject({ name: 'deploy-stream-writer' });
      expect(stream.roleArn).toBe(`arn:aws:iam::${AUDIT}:role/deploy-stream-writer`);
    });

    it('exposes the stream, the role and its policy as what a sender must wait for', () => {
      const { stream } = newStream();
      expect(stream.dependables.map((d) => (d as unknown as { node: { path: string } }).node.path)).toEqual([
        'test/Stream/Stream',
        'test/Stream/Role',
        'test/Stream/RolePolicy',
      ]);
    });

    it('fails synth when no rule is granted: the role would trust no one', () => {
      const { stack } = newStream({}, false);
      expect(() => Testing.synth(stack, true)).toThrow('no EventBridge rule is granted; give the stream to an EventRoute');
      expect(() => Testing.synth(newStream().stack, true)).not.toThrow();
    });
  });
});
