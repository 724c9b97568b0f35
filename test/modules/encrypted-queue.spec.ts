import { Testing } from 'cdktf';
import { EncryptedQueue, type EncryptedQueueProps, QUEUE_DEFAULTS } from '../../modules/deployment-monitoring/encrypted-queue';
import { LogEncryptionKey } from '../../modules/log-encryption-key';
import { PolicyStatement } from '../../modules/policy-document';
import { AUDIT, addressAt, preventDestroyFlags, resourceAt, statementsOf } from '../support/modules';
import { resourcesOf, synthJson, testStack, validationErrors } from '../support/synth';

const QUEUE = `arn:aws:sqs:us-east-1:${AUDIT}:deploy-events`;
const DLQ = `arn:aws:sqs:us-east-1:${AUDIT}:deploy-events-dlq`;
const RULE_A = `arn:aws:events:us-east-1:${AUDIT}:rule/deployments/failures-data`;
const RULE_B = `arn:aws:events:us-east-1:${AUDIT}:rule/deployments/all-data`;

function newQueue(props: Partial<EncryptedQueueProps> = {}) {
  const stack = testStack();
  const queue = new EncryptedQueue(stack, 'Queue', { queueName: 'deploy-events', accountId: AUDIT, region: 'us-east-1', ...props });
  return { stack, queue };
}

const denyInsecureTransport = (resource: string) => ({
  Sid: 'DenyInsecureTransport',
  Effect: 'Deny',
  Principal: '*',
  Action: 'sqs:*',
  Resource: resource,
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
});

describe('EncryptedQueue', () => {
  describe('queues', () => {
    it('encrypts the queue and its dead-letter queue with its own key, keeps messages 14 days, and has literal ARNs', () => {
      const { stack, queue } = newQueue();
      const json = synthJson(stack);
      const keyArn = `\${${addressAt(json, 'aws_kms_key', 'Queue/Key')}.arn}`;
      expect(resourceAt(json, 'aws_sqs_queue', 'Queue/Queue')).toEqual({
        name: 'deploy-events',
        kms_master_key_id: keyArn,
        kms_data_key_reuse_period_seconds: 300,
        message_retention_seconds: 1_209_600,
        redrive_policy: JSON.stringify({ deadLetterTargetArn: DLQ, maxReceiveCount: 5 }),
        depends_on: [addressAt(json, 'aws_sqs_queue', 'Queue/DeadLetterQueue')],
      });
      expect(resourceAt(json, 'aws_sqs_queue', 'Queue/DeadLetterQueue')).toEqual({
        name: 'deploy-events-dlq',
        kms_master_key_id: keyArn,
        kms_data_key_reuse_period_seconds: 300,
        message_retention_seconds: 1_209_600,
        redrive_allow_policy: JSON.stringify({ redrivePermission: 'byQueue', sourceQueueArns: [QUEUE] }),
      });
      expect(resourceAt(json, 'aws_kms_key', 'Queue/Key')).toMatchObject({ description: 'Encrypts the deploy-events SQS queue' });
      expect(resourceAt(json, 'aws_kms_alias', 'Queue/Key/Alias')).toMatchObject({ name: 'alias/sqs/deploy-events' });
      expect(queue.queueArn).toBe(QUEUE);
      expect(queue.deadLetterQueueArn).toBe(DLQ);
      expect(QUEUE_DEFAULTS).toEqual({ messageRetentionSeconds: 1_209_600, maxReceiveCount: 5 });
    });

    it('takes retention, visibility timeout, receive count, key alias and tags', () => {
      const { stack } = newQueue({
        messageRetentionSeconds: 86_400,
        visibilityTimeoutSeconds: 120,
        maxReceiveCount: 3,
        keyAliasName: 'alias/custom',
        tags: { Team: 'platform' },
      });
      const json = synthJson(stack);
      expect(resourceAt(json, 'aws_sqs_queue', 'Queue/Queue')).toMatchObject({
        message_retention_seconds: 86_400,
        visibility_timeout_seconds: 120,
        redrive_policy: JSON.stringify({ deadLetterTargetArn: DLQ, maxReceiveCount: 3 }),
        tags: { Team: 'platform' },
      });
      expect(resourceAt(json, 'aws_sqs_queue', 'Queue/DeadLetterQueue')).toMatchObject({ message_retention_seconds: 86_400 });
      expect(resourceAt(json, 'aws_kms_alias', 'Queue/Key/Alias')).toMatchObject({ name: 'alias/custom' });
    });

    it('has no dead-letter queue of its own when it is one', () => {
      const { stack, queue } = newQueue({ deadLetterQueue: false });
      const json = synthJson(stack);
      expect(Object.keys(json.resource.aws_sqs_queue)).toHaveLength(1);
      expect(Object.keys(json.resource.aws_sqs_queue_policy)).toHaveLength(1);
      expect(resourceAt(json, 'aws_sqs_queue', 'Queue/Queue')).not.toHaveProperty('redrive_policy');
      expect(queue.deadLetterQueueArn).toBeUndefined();
      expect(() => queue.deadLetterQueuePolicyDocument()).toThrow('the queue has no dead-letter queue');
    });

    it('guards its key against destroy unless allowDestroy', () => {
      expect(preventDestroyFlags(synthJson(newQueue().stack))).toEqual({ 'aws_kms_key.Queue_Key': true });
      expect(preventDestroyFlags(synthJson(newQueue({ allowDestroy: true }).stack))).toEqual({ 'aws_kms_key.Queue_Key': false });
    });

    it('exposes the queue and its policy as what a sender must wait for', () => {
      const { queue } = newQueue();
      expect(queue.dependables.map((d) => (d as unknown as { node: { path: string } }).node.path)).toEqual([
        'test/Queue/Queue',
        'test/Queue/Policy',
      ]);
    });

    it.each([
      [
        'a name with a dot',
        { queueName: 'deploy.events' },
        'test/Queue: queueName: "deploy.events" is not an SQS queue name (1-80 of letters, digits, _ and -). Fix: use a shorter name of those characters',
      ],
      [
        'a name too long for its dead-letter queue',
        { queueName: 'q'.repeat(77) },
        `test/Queue: queueName: "${'q'.repeat(77)}" makes the dead-letter queue name "${'q'.repeat(77)}-dlq", which is not an SQS queue name (1-80 of letters, digits, _ and -). Fix: shorten the queue name, or pass deadLetterQueue: false for a queue that is itself a dead-letter queue`,
      ],
      [
        'a retention SQS does not keep',
        { messageRetentionSeconds: 30 },
        'test/Queue: messageRetentionSeconds: 30 is not a message retention SQS accepts (a whole number of seconds from 60 to 1209600, 14 days). Fix: use 60 to 1209600',
      ],
    ])('refuses %s at synth', (_label, props, line) => {
      const { stack } = newQueue(props);
      expect(validationErrors(stack)).toEqual([line]);
      expect(() => Testing.synth(stack, true)).toThrow(line);
    });

    it('accepts an 80-character name when it has no dead-letter queue', () => {
      expect(validationErrors(newQueue({ queueName: 'q'.repeat(80), deadLetterQueue: false }).stack)).toEqual([]);
    });
  });

  describe('queue policy', () => {
    it('only denies insecure transport until a rule is granted', () => {
      const { stack, queue } = newQueue();
      expect(queue.policyDocument().toJSON().Statement).toEqual([denyInsecureTransport(QUEUE)]);
      const json = synthJson(stack);
      expect(statementsOf(resourceAt(json, 'aws_sqs_queue_policy', 'Queue/Policy'))).toEqual([denyInsecureTransport(QUEUE)]);
      expect(resourceAt(json, 'aws_sqs_queue_policy', 'Queue/Policy').queue_url).toBe(
        `\${${addressAt(json, 'aws_sqs_queue', 'Queue/Queue')}.url}`,
      );
    });

    it('admits exactly the granted rules, merged into one statement, before the TLS deny', () => {
      const { stack, queue } = newQueue();
      queue.grantSendFromRule(RULE_A);
      queue.grantSendFromRule(RULE_B, RULE_A);
      expect(statementsOf(resourceAt(synthJson(stack), 'aws_sqs_queue_policy', 'Queue/Policy'))).toEqual([
        {
          Sid: 'AllowEventBridgeRulesSendMessage',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Resource: QUEUE,
          Condition: { ArnEquals: { 'aws:SourceArn': [RULE_A, RULE_B] } },
        },
        denyInsecureTransport(QUEUE),
      ]);
    });

    it("lets EventBridge use the queue key for this queue's encryption context, without a source key, and nothing else", () => {
      const { stack, queue } = newQueue();
      queue.grantSendFromRule(RULE_A);
      queue.grantSendFromRule(RULE_B);
      expect(statementsOf(resourceAt(synthJson(stack), 'aws_kms_key', 'Queue/Key'))).toEqual([
        {
          Sid: 'EnableKeyAdministrationByOwningAccount',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${AUDIT}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
        {
          Sid: 'AllowEventBridgeUseQueueKey',
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
          Resource: '*',
          Condition: { StringEquals: { 'kms:EncryptionContext:aws:sqs:arn': QUEUE } },
        },
      ]);
    });

    it("admits an event bus's dead letters by the bus ARN, and can use a key it is given instead of its own", () => {
      const stack = testStack();
      const bus = `arn:aws:events:us-east-1:${AUDIT}:event-bus/deployments`;
      const key = new LogEncryptionKey(stack, 'Shared', {
        accountId: AUDIT,
        region: 'us-east-1',
        aliasName: 'alias/shared',
        allowRootKeyAdministration: true,
      });
      const queue = new EncryptedQueue(stack, 'Queue', {
        queueName: 'deploy-events',
        accountId: AUDIT,
        region: 'us-east-1',
        deadLetterQueue: false,
        encryptionKey: key,
      });
      queue.grantSendFromEventBus(bus);
      expect(queue.key).toBe(key);
      expect(queue.policyDocument().toJSON().Statement[0]).toEqual({
        Sid: 'AllowEventBusDeadLetters',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: QUEUE,
        Condition: { ArnEquals: { 'aws:SourceArn': bus } },
      });
      const json = synthJson(stack);
      expect(Object.keys(resourcesOf(json, 'aws_kms_key'))).toHaveLength(1);
      expect(statementsOf(resourceAt(json, 'aws_kms_key', 'Shared/Key')).map((st) => st.Sid)).toEqual([
        'EnableKeyAdministrationByOwningAccount',
        'AllowEventBridgeUseQueueKey',
      ]);
      expect(
        () =>
          new EncryptedQueue(stack, 'Elsewhere', {
            queueName: 'elsewhere',
            accountId: AUDIT,
            region: 'eu-west-1',
            encryptionKey: key,
          }),
      ).toThrow('test/Elsewhere: encryptionKey alias/shared is in 333333333333 us-east-1, the queue in 333333333333 eu-west-1');
    });

    it('ignores an empty grant', () => {
      const { queue } = newQueue();
      queue.grantSendFromRule();
      expect(queue.policyDocument().sids).toEqual(['DenyInsecureTransport']);
      expect(queue.key.policyDocument().sids).toEqual(['EnableKeyAdministrationByOwningAccount']);
    });

    it('adds statements after the grants, before the TLS deny', () => {
      const { queue } = newQueue();
      queue.addToResourcePolicy(
        new PolicyStatement({
          sid: 'AllowAuditReaders',
          principal: { AWS: `arn:aws:iam::${AUDIT}:role/reader` },
          actions: ['sqs:ReceiveMessage'],
          resources: [QUEUE],
        }),
      );
      queue.grantSendFromRule(RULE_A);
      expect(queue.policyDocument().sids).toEqual(['AllowEventBridgeRulesSendMessage', 'AllowAuditReaders', 'DenyInsecureTransport']);
    });

    it("gives the queue's own dead-letter queue only the TLS deny", () => {
      const { stack } = newQueue();
      expect(statementsOf(resourceAt(synthJson(stack), 'aws_sqs_queue_policy', 'Queue/DeadLetterQueuePolicy'))).toEqual([
        denyInsecureTransport(DLQ),
      ]);
    });

    it('fails synth when the policy outgrows the 8 KB SQS limit', () => {
      const { stack, queue } = newQueue();
      queue.grantSendFromRule(...Array.from({ length: 120 }, (_, i) => `${RULE_A}-${i}`));
      expect(queue.policyDocument().sizeBytes).toBeGreaterThan(8192);
      expect(() => Testing.synth(stack, true)).toThrow(/Queue: policy is \d+ bytes; an SQS queue policy holds at most 8192 bytes/);
    });

    it('passes synth validation at a realistic size', () => {
      const { stack, queue } = newQueue();
      queue.grantSendFromRule(RULE_A, RULE_B);
      expect(() => Testing.synth(stack, true)).not.toThrow();
    });
  });
});
