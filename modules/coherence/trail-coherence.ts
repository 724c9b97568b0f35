import type { IConstruct } from 'constructs';
import { withPrefix } from '../arns';
import { HardenedBucket } from '../hardened-bucket';
import { LogArchiveBucket } from '../log-archive-bucket';
import type { LogEncryptionKey } from '../log-encryption-key';
import { NotificationTopic } from '../notification-topic';
import type { ILogDeliveryTarget, INotificationTopic, ITrail } from '../references';
import { keyOwners, ownersOf, type RequiredAccess, refusal } from './policy-owners';

/*
 * Whether the policies a trail depends on admit it, checked at synth on the policies the owning
 * constructs render (aws-facts.md §1-3; CloudTrail user guide: create-s3-bucket-policy-for-cloudtrail,
 * create-kms-key-policy-for-cloudtrail, cloudtrail-permissions-for-sns-notifications). CloudTrail
 * checks all three when the trail is created or updated and refuses with
 * InsufficientS3BucketPolicyException, InsufficientEncryptionPolicyException or
 * InsufficientSnsTopicPolicyException; an organization trail's member copies fail silently instead.
 */

const CLOUDTRAIL = 'cloudtrail.amazonaws.com';

interface TrailDependencies {
  readonly destination: ILogDeliveryTarget;
  readonly notificationTopic?: INotificationTopic;
}

/** Every problem of a trail's bucket, key and topic policies, one line each. */
export function trailCoherenceProblems(trail: ITrail & IConstruct, deps: TrailDependencies): string[] {
  const buckets = ownersOf(trail, HardenedBucket, (b) => b.bucketArn === deps.destination.bucketArn);
  const keys = keyOwners(trail, deps.destination.encryptionKey);
  const bucketKey = buckets.some((b) => b.encryptionKey !== undefined);
  const topics = deps.notificationTopic ? ownersOf(trail, NotificationTopic, (t) => t.topicArn === deps.notificationTopic?.topicArn) : [];
  return [
    ...buckets.flatMap((bucket) => bucketProblems(trail, deps.destination, bucket)),
    ...keys.flatMap((key) => archiveKeyProblems(trail, deps.destination, key, bucketKey)),
    ...topics.flatMap((topic) => topicProblems(trail, topic)),
  ];
}

/** The `AWSLogs/<id>/` folders a trail writes under: its owner account, and its organization for an organization trail. */
function logFolders(trail: ITrail): string[] {
  return trail.organizationId ? [trail.ownerAccountId, trail.organizationId] : [trail.ownerAccountId];
}

function source(trail: ITrail): Record<string, string> {
  return { 'aws:SourceArn': trail.trailArn, 'aws:SourceAccount': trail.ownerAccountId };
}

function bucketProblems(trail: ITrail & IConstruct, destination: ILogDeliveryTarget, bucket: HardenedBucket): string[] {
  const archive = bucket.node.scope instanceof LogArchiveBucket ? bucket.node.scope : undefined;
  const prefix = destination.keyPrefix;
  const context = { ...source(trail), 'aws:PrincipalServiceName': CLOUDTRAIL };
  const where = `${trail.node.path}: CloudTrail cannot deliver trail ${trail.trailArn} to bucket ${destination.bucketName}: the bucket policy (${bucket.node.path})`;
  const rule = `a trail needs s3:GetBucketAcl on the bucket and s3:PutObject under ${withPrefix(prefix, 'AWSLogs/')}<owner account>/ (an organization trail also under <organization id>/) for its own aws:SourceArn; CreateTrail fails with InsufficientS3BucketPolicyException`;
  const grantFix = archive
    ? `call archive.grantTrailWrite(trail) on ${archive.node.path}${trail.organizationId ? ' with the organization trail (organizationId set)' : ''}`
    : `add CloudTrail's statements with addToResourcePolicy on ${bucket.node.path}`;
  const writeFix =
    archive && archive.keyPrefix !== prefix
      ? archive.keyPrefix
        ? `write where the archive grants: give the trail's destination keyPrefix "${archive.keyPrefix}" (it has ${prefix ? `"${prefix}"` : 'none'})`
        : `write where the archive grants: remove the trail's destination keyPrefix "${prefix}" (the archive grants AWSLogs/ at the bucket root)`
      : grantFix;
  const policy = bucket.policyDocument().toJSON();
  const lines: string[] = [];
  const check = (access: RequiredAccess, fix: string) => {
    const why = refusal(policy, access);
    if (why) lines.push(`${where} ${why}; ${rule}. Fix: ${fix}`);
  };

  check(
    {
      request: { service: CLOUDTRAIL, resource: bucket.bucketArn, context },
      actions: ['s3:GetBucketAcl'],
      shownResource: bucket.bucketArn,
      shownConditions: `aws:SourceArn ${trail.trailArn}`,
    },
    grantFix,
  );
  const write = { ...context, 's3:x-amz-acl': 'bucket-owner-full-control' };
  for (const folder of logFolders(trail)) {
    // A log file and a digest file (aws-facts.md §5); an organization trail nests member accounts under its ID.
    const base = withPrefix(prefix, `AWSLogs/${folder === trail.organizationId ? `${folder}/${trail.ownerAccountId}` : folder}`);
    const day = `${trail.homeRegion}/2025/01/01/${trail.ownerAccountId}`;
    const files = [
      `CloudTrail/${day}_CloudTrail_${trail.homeRegion}_20250101T0000Z_a.json.gz`,
      `CloudTrail-Digest/${day}_CloudTrail-Digest.json.gz`,
    ];
    const before = lines.length;
    for (const file of files) {
      if (lines.length > before) break;
      check(
        {
          request: { service: CLOUDTRAIL, resource: `${bucket.bucketArn}/${base}/${file}`, context: write },
          actions: ['s3:PutObject'],
          shownResource: `${bucket.bucketArn}/${withPrefix(prefix, `AWSLogs/${folder}/*`)}`,
          shownConditions: `aws:SourceArn ${trail.trailArn}, s3:x-amz-acl bucket-owner-full-control`,
        },
        writeFix,
      );
    }
  }
  return lines;
}

function archiveKeyProblems(
  trail: ITrail & IConstruct,
  destination: ILogDeliveryTarget,
  key: LogEncryptionKey,
  bucketKey: boolean,
): string[] {
  const policy = key.policyDocument().toJSON();
  const logFile = `${destination.bucketArn}/${withPrefix(destination.keyPrefix, `AWSLogs/${trail.ownerAccountId}/CloudTrail/`)}`;
  const encrypt = refusal(policy, {
    request: {
      service: CLOUDTRAIL,
      context: {
        ...source(trail),
        'kms:EncryptionContext:aws:cloudtrail:arn': trail.trailArn,
        'kms:EncryptionContext:aws:s3:arn': logFile,
      },
    },
    actions: ['kms:GenerateDataKey'],
    shownResource: '*',
    shownConditions: `kms:EncryptionContext:aws:cloudtrail:arn ${trail.trailArn}, aws:SourceArn ${trail.trailArn}`,
  });
  // With an S3 Bucket Key, CloudTrail also needs kms:Decrypt (aws-facts.md §2, CT-KMS).
  const describe = refusal(policy, {
    request: { service: CLOUDTRAIL, context: source(trail) },
    actions: ['kms:DescribeKey', ...(bucketKey ? ['kms:Decrypt'] : [])],
    shownResource: '*',
    shownConditions: `aws:SourceArn ${trail.trailArn}`,
  });
  const problems = [encrypt, describe].filter((p): p is string => p !== undefined);
  if (problems.length === 0) return [];
  return [
    `${trail.node.path}: CloudTrail cannot encrypt trail ${trail.trailArn}'s log files with key ${key.aliasName}: the key policy (${key.node.path}) ${problems.join('; ')}; a trail's key must admit its encryption context (kms:EncryptionContext:aws:cloudtrail:arn) and its source (aws:SourceArn), with kms:Decrypt when the bucket uses an S3 Bucket Key; CreateTrail fails with InsufficientEncryptionPolicyException. Fix: call key.grantCloudTrailEncrypt(trail) on ${key.node.path} (archive.grantTrailWrite(trail) does it for the archive's key)`,
  ];
}

function topicProblems(trail: ITrail & IConstruct, topic: NotificationTopic): string[] {
  const context = source(trail);
  const fix = `Fix: call topic.grantCloudTrailPublish(trail) on ${topic.node.path}`;
  const problems: string[] = [];
  const publish = refusal(topic.policyDocument().toJSON(), {
    request: { service: CLOUDTRAIL, resource: topic.topicArn, context },
    actions: ['SNS:Publish'],
    shownResource: topic.topicArn,
    shownConditions: `aws:SourceArn ${trail.trailArn}`,
  });
  if (publish) {
    problems.push(
      `${trail.node.path}: CloudTrail cannot publish trail ${trail.trailArn}'s delivery notifications to topic ${topic.topicName}: the topic policy (${topic.node.path}) ${publish}; a trail's topic must allow SNS:Publish for that trail (aws:SourceArn); CreateTrail fails with InsufficientSnsTopicPolicyException. ${fix}`,
    );
  }
  // The topic's own key: CloudTrail publishes to an encrypted topic with kms:GenerateDataKey* and kms:Decrypt (aws-facts.md §2).
  const key = refusal(topic.key.policyDocument().toJSON(), {
    request: { service: CLOUDTRAIL, context: { ...context, 'kms:EncryptionContext:aws:sns:topicArn': topic.topicArn } },
    actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
    shownResource: '*',
    shownConditions: `aws:SourceArn ${trail.trailArn}, kms:EncryptionContext:aws:sns:topicArn ${topic.topicArn}`,
  });
  if (key) {
    problems.push(
      `${trail.node.path}: CloudTrail cannot publish trail ${trail.trailArn}'s notifications to the encrypted topic ${topic.topicName}: the policy of its key (${topic.key.node.path}) ${key}; a publisher to an encrypted topic needs the topic key too. ${fix}`,
    );
  }
  return problems;
}
