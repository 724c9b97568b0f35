import { App, TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { EncryptedQueue } from '../../modules/deployment-monitoring/encrypted-queue';
import { EncryptedStream } from '../../modules/deployment-monitoring/encrypted-stream';
import { HardenedBucket } from '../../modules/hardened-bucket';
import { NotificationTopic } from '../../modules/notification-topic';
import { addPolicySizeValidation, PolicyDocument, PolicyStatement } from '../../modules/policy-document';
import { AUDIT, LOG_ARCHIVE, REGION } from '../support/modules';
import { testStack, validationErrors } from '../support/synth';

const RULE = `arn:aws:events:${REGION}:${AUDIT}:rule/deployments/route`;

const allowRead = (sid: string, resource: string) =>
  new PolicyStatement({ sid, principal: { AWS: `arn:aws:iam::${AUDIT}:root` }, actions: ['sqs:ReceiveMessage'], resources: [resource] });

describe('policy limits at synth', () => {
  describe('addPolicySizeValidation', () => {
    const owner = (limit: number, statements: number, maxStatements?: number) => {
      const scope = new Construct(testStack(), 'Owner');
      const doc = new PolicyDocument(Array.from({ length: statements }, (_, i) => allowRead(`Read${i}`, 'arn:aws:sqs:us-east-1:1:q')));
      addPolicySizeValidation(scope, 'a test policy', limit, () => doc, { fix: 'grant less', maxStatements });
      return { scope, doc };
    };

    it('names the fix after the rule', () => {
      const { scope, doc } = owner(10, 1);
      expect(scope.node.validate()).toEqual([
        `test/Owner: policy is ${doc.sizeBytes} bytes; a test policy holds at most 10 bytes. Fix: grant less`,
      ]);
    });

    it("counts statements against the service's statement quota, passing at the quota", () => {
      expect(owner(1e6, 3, 3).scope.node.validate()).toEqual([]);
      expect(owner(1e6, 4, 3).scope.node.validate()).toEqual([
        'test/Owner: policy has 4 statements; a test policy holds at most 3. Fix: grant less',
      ]);
    });
  });

  it('fails synth when an SQS queue policy holds more than 20 statements (SQS policy quotas)', () => {
    const stack = testStack(REGION);
    const queue = new EncryptedQueue(stack, 'Queue', { queueName: 'events', accountId: AUDIT, region: REGION });
    queue.grantSendFromRule(RULE);
    queue.addToResourcePolicy(...Array.from({ length: 18 }, (_, i) => allowRead(`Read${i}`, queue.queueArn)));
    expect(queue.policyDocument().statementCount).toBe(20);
    expect(validationErrors(stack)).toEqual([]);
    queue.addToResourcePolicy(allowRead('OneTooMany', queue.queueArn));
    expect(validationErrors(stack)).toEqual([
      'test/Queue: policy has 21 statements; an SQS queue policy holds at most 20. Fix: feed the queue from fewer rules or add fewer statements, or split its senders over another queue',
    ]);
    expect(() => Testing.synth(stack, true)).toThrow('test/Queue: policy has 21 statements');
  });

  it('fails synth when an SNS topic policy holds more than 100 statements (SNS policy quotas)', () => {
    const stack = testStack(REGION);
    const topic = new NotificationTopic(stack, 'Topic', { topicName: 'alerts', accountId: AUDIT, region: REGION, keyAliasName: 'alias/t' });
    const publish = (sid: string) =>
      new PolicyStatement({ sid, principal: { AWS: `arn:aws:iam::${AUDIT}:root` }, actions: ['SNS:Publish'], resources: [topic.topicArn] });
    topic.addToResourcePolicy(...Array.from({ length: 99 }, (_, i) => publish(`Publish${i}`)));
    expect(topic.policyDocument().statementCount).toBe(101);
    expect(validationErrors(stack)).toEqual([
      'test/Topic: policy has 101 statements; an SNS topic policy holds at most 100. Fix: grant fewer publishers or subscribers on this topic, or split them over another topic',
    ]);
  });

  it("fails synth when the stream role's trust policy outgrows the 2,048-character IAM default", () => {
    const stack = testStack(REGION);
    const stream = new EncryptedStream(stack, 'Stream', { streamName: 'events', accountId: AUDIT, region: REGION });
    const rules = Array.from({ length: 40 }, (_, i) => `${RULE}-${i}`);
    let granted = 0;
    while (stream.trustPolicyDocument().sizeBytes <= 2048) stream.grantPutFromRule(rules[granted++]);
    const size = stream.trustPolicyDocument().sizeBytes;
    expect(granted).toBeGreaterThan(15);
    expect(validationErrors(stack)).toEqual([
      `test/Stream: policy is ${size} bytes; an IAM role trust policy (default quota) holds at most 2048 bytes. Fix: feed the stream from fewer rules, or give some routes another stream`,
    ]);
  });

  it('makes app.synth() fail, naming the construct, for a bucket policy over 20 KB', () => {
    const app = new App({ outdir: `${process.env.TMPDIR ?? '/tmp'}/policy-limits-${process.pid}`, stackTraces: false });
    const stack = new TerraformStack(app, 'archive');
    const bucket = new HardenedBucket(stack, 'Bucket', {
      bucketName: 'org-logs',
      accountId: LOG_ARCHIVE,
      allowAccountAdministration: true,
    });
    bucket.addToResourcePolicy(...Array.from({ length: 150 }, (_, i) => allowRead(`Read${i}`, bucket.objectArn(`logs/${i}/*`))));
    expect(() => app.synth()).toThrow(/archive\/Bucket: policy is \d+ bytes; an S3 bucket policy holds at most 20480 bytes\. Fix: /);
  });
});
