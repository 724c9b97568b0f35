import { App, Fn, type TerraformStack, Testing } from 'cdktf';
import { AlarmTopic } from '../../modules/alarms/alarm-topic';
import { LogArchiveBucket } from '../../modules/log-archive-bucket';
import { LogEncryptionKey } from '../../modules/log-encryption-key';
import { NotificationTopic } from '../../modules/notification-topic';
import { PolicyStatement } from '../../modules/policy-document';
import { type IEncryptionKey, logDeliveryTargetReference, trailReference } from '../../modules/references';
import { Trail, type TrailProps } from '../../modules/trail';
import { LOG_ARCHIVE, MANAGEMENT, ORGANIZATION_ID } from '../support/modules';
import { testStack, validationErrors } from '../support/synth';

const TRAIL = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/org`;
const ORG_TRAIL = trailReference({
  trailName: 'org',
  homeRegion: 'us-east-1',
  ownerAccountId: MANAGEMENT,
  organizationId: ORGANIZATION_ID,
});
/** A key no construct of the app owns: its policy cannot be read, so it is not checked. */
const FOREIGN_KEY: IEncryptionKey = { keyArn: `arn:aws:kms:us-east-1:${LOG_ARCHIVE}:key/elsewhere` };
const CLOUDTRAIL = { Service: 'cloudtrail.amazonaws.com' };

function newArchive(stack: TerraformStack, keyPrefix?: string) {
  const key = new LogEncryptionKey(stack, 'ArchiveKey', {
    accountId: LOG_ARCHIVE,
    region: 'us-east-1',
    aliasName: 'alias/logs',
    allowRootKeyAdministration: true,
  });
  const archive = new LogArchiveBucket(stack, 'Archive', {
    bucketName: 'org-logs',
    accountId: LOG_ARCHIVE,
    encryptionKey: key,
    keyPrefix,
    allowAccountAdministration: true,
  });
  return { key, archive };
}

function newTrail(stack: TerraformStack, props: Partial<TrailProps> = {}): Trail {
  return new Trail(stack, 'Trail', {
    trailName: 'org',
    homeRegion: 'us-east-1',
    ownerAccountId: MANAGEMENT,
    organizationId: ORGANIZATION_ID,
    destination: logDeliveryTargetReference({ bucketName: 'org-logs', encryptionKey: FOREIGN_KEY }),
    ...props,
  });
}

const bucketLine = (why: string, fix: string, prefix = '') =>
  `test/Trail: CloudTrail cannot deliver trail ${TRAIL} to bucket org-logs: the bucket policy (test/Archive/Storage) ${why}; a trail needs s3:GetBucketAcl on the bucket and s3:PutObject under ${prefix}AWSLogs/<owner account>/ (an organization trail also under <organization id>/) for its own aws:SourceArn; CreateTrail fails with InsufficientS3BucketPolicyException. Fix: ${fix}`;
const WRITE = `with aws:SourceArn ${TRAIL}, s3:x-amz-acl bucket-owner-full-control`;
const GRANT_FIX = 'call archive.grantTrailWrite(trail) on test/Archive with the organization trail (organizationId set)';

const keyLine = (path: string, alias: string, why: string) =>
  `test/Trail: CloudTrail cannot encrypt trail ${TRAIL}'s log files with key ${alias}: the key policy (${path}) ${why}; a trail's key must admit its encryption context (kms:EncryptionContext:aws:cloudtrail:arn) and its source (aws:SourceArn), with kms:Decrypt when the bucket uses an S3 Bucket Key; CreateTrail fails with InsufficientEncryptionPolicyException. Fix: call key.grantCloudTrailEncrypt(trail) on ${path} (archive.grantTrailWrite(trail) does it for the archive's key)`;
const GENERATE = `does not allow cloudtrail.amazonaws.com kms:GenerateDataKey on * with kms:EncryptionContext:aws:cloudtrail:arn ${TRAIL}, aws:SourceArn ${TRAIL}`;

describe('Trail coherence', () => {
  describe('bucket policy', () => {
    it('synthesizes cleanly when the trail is given the archive itself, which grants it', () => {
      const stack = testStack();
      const { archive } = newArchive(stack, 'cloudtrail');
      newTrail(stack, { destination: archive });
      expect(validationErrors(stack)).toEqual([]);
      expect(() => Testing.synth(stack, true)).not.toThrow();
    });

    it('fails synth when the archive admits no write for the trail (a reference to it grants nothing)', () => {
      const stack = testStack();
      newArchive(stack);
      newTrail(stack);
      const acl = `does not allow cloudtrail.amazonaws.com s3:GetBucketAcl on arn:aws:s3:::org-logs with aws:SourceArn ${TRAIL}`;
      const put = (folder: string) =>
        `does not allow cloudtrail.amazonaws.com s3:PutObject on arn:aws:s3:::org-logs/AWSLogs/${folder}/* ${WRITE}`;
      expect(validationErrors(stack)).toEqual([
        bucketLine(acl, GRANT_FIX),
        bucketLine(put(MANAGEMENT), GRANT_FIX),
        bucketLine(put(ORGANIZATION_ID), GRANT_FIX),
      ]);
      expect(() => Testing.synth(stack, true)).toThrow(bucketLine(acl, GRANT_FIX));
    });

    it('fails synth when the trail writes under another key prefix than the archive grants', () => {
      const stack = testStack();
      const { archive } = newArchive(stack, 'cloudtrail');
      archive.grantTrailWrite(ORG_TRAIL);
      newTrail(stack, {
        destination: logDeliveryTargetReference({ bucketName: 'org-logs', keyPrefix: 'org', encryptionKey: FOREIGN_KEY }),
      });
      const fix = `write where the archive grants: give the trail's destination keyPrefix "cloudtrail" (it has "org")`;
      const put = (folder: string) =>
        `does not allow cloudtrail.amazonaws.com s3:PutObject on arn:aws:s3:::org-logs/org/AWSLogs/${folder}/* ${WRITE}`;
      expect(validationErrors(stack)).toEqual([bucketLine(put(MANAGEMENT), fix, 'org/'), bucketLine(put(ORGANIZATION_ID), fix, 'org/')]);
    });

    it('names removing the prefix when the archive grants AWSLogs/ at the bucket root', () => {
      const stack = testStack();
      const { archive } = newArchive(stack);
      archive.grantTrailWrite(ORG_TRAIL);
      newTrail(stack, {
        destination: logDeliveryTargetReference({ bucketName: 'org-logs', keyPrefix: 'org', encryptionKey: FOREIGN_KEY }),
      });
      const fix = `write where the archive grants: remove the trail's destination keyPrefix "org" (the archive grants AWSLogs/ at the bucket root)`;
      const put = `does not allow cloudtrail.amazonaws.com s3:PutObject on arn:aws:s3:::org-logs/org/AWSLogs/${MANAGEMENT}/* ${WRITE}`;
      expect(validationErrors(stack)[0]).toBe(bucketLine(put, fix, 'org/'));
    });

    it('fails synth when an organization trail was granted as an account trail: AWSLogs/<organization id>/ is missing', () => {
      const stack = testStack();
      const { archive } = newArchive(stack);
      archive.grantTrailWrite(trailReference({ trailName: 'org', homeRegion: 'us-east-1', ownerAccountId: MANAGEMENT }));
      newTrail(stack);
      expect(validationErrors(stack)).toEqual([
        bucketLine(
          `does not allow cloudtrail.amazonaws.com s3:PutObject on arn:aws:s3:::org-logs/AWSLogs/${ORGANIZATION_ID}/* ${WRITE}`,
          GRANT_FIX,
        ),
      ]);
    });

    it('names the Deny statement that refuses a write', () => {
      const stack = testStack();
      const { archive } = newArchive(stack);
      archive.grantTrailWrite(ORG_TRAIL);
      archive.addToResourcePolicy(
        new PolicyStatement({
          sid: 'DenyOrganizationFolder',
          effect: 'Deny',
          principal: CLOUDTRAIL,
          actions: ['s3:PutObject'],
          resources: [`arn:aws:s3:::org-logs/AWSLogs/${ORGANIZATION_ID}/*`],
        }),
      );
      newTrail(stack);
      expect(validationErrors(stack)).toEqual([
        bucketLine(
          `denies cloudtrail.amazonaws.com s3:PutObject (statement DenyOrganizationFolder) on arn:aws:s3:::org-logs/AWSLogs/${ORGANIZATION_ID}/* ${WRITE}`,
          GRANT_FIX,
        ),
      ]);
    });

    it('checks a trail against the archive of another stack of the same app: app.synth() fails, then passes once granted', () => {
      const app = new App({ outdir: `${process.env.TMPDIR ?? '/tmp'}/trail-coherence-${process.pid}`, stackTraces: false });
      const { archive } = newArchive(testStackIn(app, 'log-archive'));
      newTrail(testStackIn(app, 'trail'));
      expect(() => app.synth()).toThrow(
        `trail/Trail: CloudTrail cannot deliver trail ${TRAIL} to bucket org-logs: the bucket policy (log-archive/Archive/Storage)`,
      );
      archive.grantTrailWrite(ORG_TRAIL);
      expect(validationErrors(app)).toEqual([]);
      expect(() => app.synth()).not.toThrow();
    });

    it('skips a bucket no construct of the app owns', () => {
      const stack = testStack();
      newTrail(stack, { destination: logDeliveryTargetReference({ bucketName: 'elsewhere-logs', encryptionKey: FOREIGN_KEY }) });
      expect(validationErrors(stack)).toEqual([]);
    });
  });

  describe('key policy', () => {
    const elsewhere = (encryptionKey: IEncryptionKey) => logDeliveryTargetReference({ bucketName: 'elsewhere-logs', encryptionKey });

    it("fails synth when the key policy admits neither the trail's encryption context nor its source", () => {
      const stack = testStack();
      const key = new LogEncryptionKey(stack, 'Key', {
        accountId: LOG_ARCHIVE,
        region: 'us-east-1',
        aliasName: 'alias/logs',
        allowRootKeyAdministration: true,
      });
      newTrail(stack, { destination: elsewhere(key) });
      expect(validationErrors(stack)).toEqual([
        keyLine(
          'test/Key',
          'alias/logs',
          `${GENERATE}; does not allow cloudtrail.amazonaws.com kms:DescribeKey on * with aws:SourceArn ${TRAIL}`,
        ),
      ]);
    });

    it("fails synth when the key admits the trail's source but another account's encryption context", () => {
      const stack = testStack();
      const key = new LogEncryptionKey(stack, 'Key', {
        accountId: LOG_ARCHIVE,
        region: 'us-east-1',
        aliasName: 'alias/logs',
        allowRootKeyAdministration: true,
      });
      const bySource = { StringEquals: { 'aws:SourceArn': TRAIL } };
      key.addToResourcePolicy(
        new PolicyStatement({
          sid: 'AllowEncryptOtherContext',
          principal: CLOUDTRAIL,
          actions: ['kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: {
            ...bySource,
            StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:999999999999:trail/*' },
          },
        }),
        new PolicyStatement({
          sid: 'AllowDescribe',
          principal: CLOUDTRAIL,
          actions: ['kms:DescribeKey'],
          resources: ['*'],
          conditions: bySource,
        }),
      );
      newTrail(stack, { destination: elsewhere(key) });
      expect(validationErrors(stack)).toEqual([keyLine('test/Key', 'alias/logs', GENERATE)]);
    });

    it('requires kms:Decrypt too when the destination bucket uses an S3 Bucket Key', () => {
      const stack = testStack();
      const { archive } = newArchive(stack);
      archive.grantTrailWrite(ORG_TRAIL);
      const trailKey = new LogEncryptionKey(stack, 'TrailKey', {
        accountId: LOG_ARCHIVE,
        region: 'us-east-1',
        aliasName: 'alias/trail',
        allowRootKeyAdministration: true,
      });
      trailKey.grantServiceUse({
        sid: 'AllowEncryptAndDescribe',
        service: 'cloudtrail.amazonaws.com',
        actions: ['kms:GenerateDataKey*', 'kms:DescribeKey'],
        sourceArns: [TRAIL],
      });
      newTrail(stack, { destination: logDeliveryTargetReference({ bucketName: 'org-logs', encryptionKey: trailKey }) });
      expect(validationErrors(stack)).toEqual([
        keyLine('test/TrailKey', 'alias/trail', `does not allow cloudtrail.amazonaws.com kms:Decrypt on * with aws:SourceArn ${TRAIL}`),
      ]);
    });

    it('finds a key known by a token ARN through its literal alias ARN, and skips one without it', () => {
      const app = Testing.app();
      const key = new LogEncryptionKey(testStackIn(app, 'log-archive'), 'ArchiveKey', {
        accountId: LOG_ARCHIVE,
        region: 'us-east-1',
        aliasName: 'alias/logs',
      });
      const stateArn = Fn.lower('ARN-READ-FROM-REMOTE-STATE');
      const trailStack = testStackIn(app, 'trail');
      newTrail(trailStack, { destination: elsewhere({ keyArn: stateArn, aliasArn: key.aliasArn }) });
      expect(validationErrors(trailStack)).toHaveLength(1);
      expect(validationErrors(trailStack)[0]).toContain('trail/Trail: CloudTrail cannot encrypt trail');
      expect(validationErrors(trailStack)[0]).toContain('the key policy (log-archive/ArchiveKey)');
      const blind = testStackIn(app, 'blind');
      newTrail(blind, { destination: elsewhere({ keyArn: stateArn }) });
      expect(validationErrors(blind)).toEqual([]);
    });
  });

  describe('topic policy', () => {
    const topicLine = (path: string, name: string, arn: string) =>
      `test/Trail: CloudTrail cannot publish trail ${TRAIL}'s delivery notifications to topic ${name}: the topic policy (${path}) does not allow cloudtrail.amazonaws.com SNS:Publish on ${arn} with aws:SourceArn ${TRAIL}; a trail's topic must allow SNS:Publish for that trail (aws:SourceArn); CreateTrail fails with InsufficientSnsTopicPolicyException. Fix: call topic.grantCloudTrailPublish(trail) on ${path}`;
    const topicKeyLine = (path: string, name: string, arn: string) =>
      `test/Trail: CloudTrail cannot publish trail ${TRAIL}'s notifications to the encrypted topic ${name}: the policy of its key (${path}/Key) does not allow cloudtrail.amazonaws.com kms:GenerateDataKey, kms:Decrypt on * with aws:SourceArn ${TRAIL}, kms:EncryptionContext:aws:sns:topicArn ${arn}; a publisher to an encrypted topic needs the topic key too. Fix: call topic.grantCloudTrailPublish(trail) on ${path}`;

    it('fails synth when the topic given to the trail cannot grant CloudTrail itself (an AlarmTopic: the reported case)', () => {
      const stack = testStack();
      const topic = new AlarmTopic(stack, 'AlarmTopic', { topicName: 'alarms', accountId: MANAGEMENT, region: 'us-east-1' });
      newTrail(stack, {
        destination: logDeliveryTargetReference({ bucketName: 'elsewhere-logs', encryptionKey: FOREIGN_KEY }),
        notificationTopic: topic,
      });
      const arn = `arn:aws:sns:us-east-1:${MANAGEMENT}:alarms`;
      expect(validationErrors(stack)).toEqual([
        topicLine('test/AlarmTopic/Topic', 'alarms', arn),
        topicKeyLine('test/AlarmTopic/Topic', 'alarms', arn),
      ]);
      expect(() => Testing.synth(stack, true)).toThrow(topicLine('test/AlarmTopic/Topic', 'alarms', arn));
    });

    it('fails synth for a reference to a topic of the app that never granted the trail, and passes once granted', () => {
      const stack = testStack();
      const topic = new NotificationTopic(stack, 'Topic', {
        topicName: 'deliveries',
        accountId: MANAGEMENT,
        region: 'us-east-1',
        keyAliasName: 'alias/d',
      });
      const trail = newTrail(stack, {
        destination: logDeliveryTargetReference({ bucketName: 'elsewhere-logs', encryptionKey: FOREIGN_KEY }),
        notificationTopic: { topicArn: topic.topicArn, topicName: topic.topicName },
      });
      expect(validationErrors(stack)).toEqual([
        topicLine('test/Topic', 'deliveries', topic.topicArn),
        topicKeyLine('test/Topic', 'deliveries', topic.topicArn),
      ]);
      topic.grantCloudTrailPublish(trail);
      expect(validationErrors(stack)).toEqual([]);
    });

    it('skips a topic no construct of the app owns', () => {
      const stack = testStack();
      newTrail(stack, {
        destination: logDeliveryTargetReference({ bucketName: 'elsewhere-logs', encryptionKey: FOREIGN_KEY }),
        notificationTopic: { topicArn: `arn:aws:sns:us-east-1:${MANAGEMENT}:elsewhere`, topicName: 'elsewhere' },
      });
      expect(validationErrors(stack)).toEqual([]);
    });
  });
});

function testStackIn(app: App, name: string): TerraformStack {
  return testStack('us-east-1', name, app);
}
