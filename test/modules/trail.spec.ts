import type { TerraformStack } from 'cdktf';
import { checkSuppressionsOf } from '../../modules/check-suppressions';
import { LogArchiveBucket } from '../../modules/log-archive-bucket';
import { LogEncryptionKey } from '../../modules/log-encryption-key';
import { NotificationTopic } from '../../modules/notification-topic';
import { type ILogDeliveryTarget, type INotificationTopic, logDeliveryTargetReference, trailReference } from '../../modules/references';
import { Trail, type TrailProps } from '../../modules/trail';
import { TrailLogGroup } from '../../modules/trail-log-group';
import {
  AUDIT,
  addressAt,
  annotationsOf,
  EXTERNAL,
  LOG_ARCHIVE,
  MANAGEMENT,
  ORGANIZATION_ID,
  preventDestroyFlags,
  resourceAt,
  statementsOf,
  statementWithSid,
} from '../support/modules';
import { synthJson, testStack, validationErrors } from '../support/synth';

const ARCHIVE = 'org-logs';
const ARCHIVE_ARN = 'arn:aws:s3:::org-logs';
const ARCHIVE_KEY_ARN = `arn:aws:kms:us-east-1:${LOG_ARCHIVE}:key/archive`;
const ORG_TRAIL_ARN = `arn:aws:cloudtrail:us-east-1:${MANAGEMENT}:trail/org`;
const TOPIC_ARN = `arn:aws:sns:us-east-1:${MANAGEMENT}:deliveries`;
/** What a LogArchiveBucket's policy holds of its own, before any grant: the baseline and evidence denies. */
const ARCHIVE_OWN_SIDS = [
  'DenyInsecureTransport',
  'DenyTlsOlderThan12',
  'DenyBucketAdministrationFromOtherAccounts',
  'DenyLogWritesExceptCloudTrail',
  'DenyLogDeletion',
];

/** The archive as the trail's stack sees it when it lives in another account: literal attributes only. */
const archiveReference = (props: Partial<Parameters<typeof logDeliveryTargetReference>[0]> = {}) =>
  logDeliveryTargetReference({ bucketName: ARCHIVE, encryptionKey: { keyArn: ARCHIVE_KEY_ARN }, ...props });

function newTrail(props: Partial<TrailProps> = {}, stack: TerraformStack = testStack(), validate = true) {
  const trail = new Trail(stack, 'Trail', {
    trailName: 'org',
    homeRegion: 'us-east-1',
    ownerAccountId: MANAGEMENT,
    organizationId: ORGANIZATION_ID,
    destination: archiveReference(),
    ...props,
  });
  const json = synthJson(stack, { validate });
  return { stack, trail, json, resource: resourceAt(json, 'aws_cloudtrail', 'Trail/Trail') };
}

/** Archive, archive key and topic whose policies are ours, in the trail's stack. */
function ownedDependencies() {
  const stack = testStack();
  const key = new LogEncryptionKey(stack, 'ArchiveKey', {
    accountId: MANAGEMENT,
    region: 'us-east-1',
    aliasName: 'alias/logs',
    allowRootKeyAdministration: true,
  });
  const archive = new LogArchiveBucket(stack, 'Archive', {
    bucketName: ARCHIVE,
    accountId: MANAGEMENT,
    encryptionKey: key,
    keyPrefix: 'cloudtrail',
    allowAccountAdministration: true,
  });
  const topic = new NotificationTopic(stack, 'Topic', {
    topicName: 'deliveries',
    accountId: MANAGEMENT,
    region: 'us-east-1',
    keyAliasName: 'alias/deliveries',
  });
  return { stack, key, archive, topic };
}

describe('Trail', () => {
  describe('organization trail', () => {
    it('is a multi-region organization trail with global events, log file validation and logging on, guarded against destroy', () => {
      const { resource } = newTrail({ destination: archiveReference({ keyPrefix: 'cloudtrail' }) });
      expect(resource).toMatchObject({
        name: 'org',
        is_organization_trail: true,
        is_multi_region_trail: true,
        include_global_service_events: true,
        enable_log_file_validation: true,
        enable_logging: true,
        s3_bucket_name: ARCHIVE,
        s3_key_prefix: 'cloudtrail',
        kms_key_id: ARCHIVE_KEY_ARN,
        lifecycle: { prevent_destroy: true },
      });
    });

    it("exposes the owner account's literal ARN and the organization", () => {
      const { trail } = newTrail();
      expect(trail.trailArn).toBe(ORG_TRAIL_ARN);
      expect(trail.ownerAccountId).toBe(MANAGEMENT);
      expect(trail.organizationId).toBe(ORGANIZATION_ID);
      expect(trail.homeRegion).toBe('us-east-1');
      expect(trail.trailName).toBe('org');
    });

    it('keeps the management account trail ARN in every policy when a delegated administrator creates it', () => {
      const { stack, archive } = ownedDependencies();
      const topic = new NotificationTopic(stack, 'AdministratorTopic', {
        topicName: 'deliveries',
        accountId: AUDIT,
        region: 'us-east-1',
        keyAliasName: 'alias/administrator-deliveries',
      });
      const { trail, json } = newTrail({ destination: archive, notificationTopic: topic }, stack);
      expect(trail.trailArn).toBe(ORG_TRAIL_ARN);
      const text = JSON.stringify(json);
      expect(text).toContain(ORG_TRAIL_ARN);
      expect(text).not.toContain(`:${AUDIT}:trail/`);
    });
  });

  describe('account trail', () => {
    it('is a multi-region trail of its own account only', () => {
      const { trail, resource } = newTrail({ ownerAccountId: EXTERNAL, organizationId: undefined });
      expect(resource).toMatchObject({ is_organization_trail: false, is_multi_region_trail: true, enable_log_file_validation: true });
      expect(resource).not.toHaveProperty('s3_key_prefix');
      expect(trail.trailArn).toBe(`arn:aws:cloudtrail:us-east-1:${EXTERNAL}:trail/org`);
      expect(trail.organizationId).toBeUndefined();
    });
  });

  describe('self-grants', () => {
    it('grants itself write on a LogArchiveBucket in the same stack: ACL check and both organization trail paths', () => {
      const { stack, archive } = ownedDependencies();
      const { json } = newTrail({ destination: archive }, stack);
      const statements = statementsOf(resourceAt(json, 'aws_s3_bucket_policy', 'Archive/Storage/Policy'));
      const cloudtrail = { Service: 'cloudtrail.amazonaws.com' };
      const write = { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': ORG_TRAIL_ARN };
      expect(statements.map((s) => s.Sid).slice(0, ARCHIVE_OWN_SIDS.length)).toEqual(ARCHIVE_OWN_SIDS);
      expect(statements.slice(ARCHIVE_OWN_SIDS.length)).toEqual([
        {
          Sid: 'AllowCloudTrailAclCheck',
          Effect: 'Allow',
          Principal: cloudtrail,
          Action: 's3:GetBucketAcl',
          Resource: ARCHIVE_ARN,
          Condition: { StringEquals: { 'aws:SourceArn': ORG_TRAIL_ARN } },
        },
        {
          Sid: 'AllowCloudTrailWriteManagementAccountPath',
          Effect: 'Allow',
          Principal: cloudtrail,
          Action: 's3:PutObject',
          Resource: `${ARCHIVE_ARN}/cloudtrail/AWSLogs/${MANAGEMENT}/*`,
          Condition: { StringEquals: write },
        },
        {
          Sid: 'AllowCloudTrailWriteOrganizationPath',
          Effect: 'Allow',
          Principal: cloudtrail,
          Action: 's3:PutObject',
          Resource: `${ARCHIVE_ARN}/cloudtrail/AWSLogs/${ORGANIZATION_ID}/*`,
          Condition: { StringEquals: write },
        },
      ]);
    });

    it("grants itself encryption with the archive's key", () => {
      const { stack, archive } = ownedDependencies();
      const { json } = newTrail({ destination: archive }, stack);
      const statements = statementsOf(resourceAt(json, 'aws_kms_key', 'ArchiveKey'));
      expect(statements.map((s) => s.Sid)).toEqual([
        'EnableKeyAdministrationByOwningAccount',
        'AllowCloudTrailEncryptLogs',
        'AllowCloudTrailDecryptForBucketKey',
        'AllowCloudTrailDescribeKey',
      ]);
      expect(statementWithSid(statements, 'AllowCloudTrailEncryptLogs')).toEqual({
        Sid: 'AllowCloudTrailEncryptLogs',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'kms:GenerateDataKey*',
        Resource: '*',
        Condition: {
          StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:*:${MANAGEMENT}:trail/*` },
          StringEquals: { 'aws:SourceArn': ORG_TRAIL_ARN },
        },
      });
    });

    it('grants an account trail its own account path only', () => {
      const { stack, archive } = ownedDependencies();
      const { json } = newTrail({ ownerAccountId: EXTERNAL, organizationId: undefined, destination: archive }, stack);
      const sids = statementsOf(resourceAt(json, 'aws_s3_bucket_policy', 'Archive/Storage/Policy')).map((s) => s.Sid);
      expect(sids).toEqual([...ARCHIVE_OWN_SIDS, 'AllowCloudTrailAclCheck', `AllowCloudTrailWriteAccount${EXTERNAL}Path`]);
    });

    it('grants itself publish on a NotificationTopic in the same stack, and the topic key', () => {
      const { stack, archive, topic } = ownedDependencies();
      const { json } = newTrail({ destination: archive, notificationTopic: topic }, stack);
      expect(statementsOf(resourceAt(json, 'aws_sns_topic_policy', 'Topic/Policy'))[0]).toEqual({
        Sid: 'AllowCloudTrailPublishForOurTrails',
        Effect: 'Allow',
        Principal: { Service: 'cloudtrail.amazonaws.com' },
        Action: 'SNS:Publish',
        Resource: TOPIC_ARN,
        Condition: { StringEquals: { 'aws:SourceArn': ORG_TRAIL_ARN } },
      });
      expect(statementWithSid(statementsOf(resourceAt(json, 'aws_kms_key', 'Topic/Key')), 'AllowCloudTrailToEncryptNotifications')).toEqual(
        {
          Sid: 'AllowCloudTrailToEncryptNotifications',
          Effect: 'Allow',
          Principal: { Service: 'cloudtrail.amazonaws.com' },
          Action: ['kms:GenerateDataKey*', 'kms:Decrypt'],
          Resource: '*',
          Condition: { StringEquals: { 'aws:SourceArn': ORG_TRAIL_ARN, 'kms:EncryptionContext:aws:sns:topicArn': TOPIC_ARN } },
        },
      );
    });

    it('grants nothing through plain references, even to an archive of ours in the same stack', () => {
      const { stack, key, archive, topic } = ownedDependencies();
      const plainTopic: INotificationTopic = { topicArn: topic.topicArn, topicName: topic.topicName };
      const { json } = newTrail({ destination: archiveReference({ encryptionKey: key }), notificationTopic: plainTopic }, stack, false);
      expect(statementsOf(resourceAt(json, 'aws_s3_bucket_policy', 'Archive/Storage/Policy')).map((s) => s.Sid)).toEqual(ARCHIVE_OWN_SIDS);
      expect(statementsOf(resourceAt(json, 'aws_kms_key', 'ArchiveKey')).map((s) => s.Sid)).toEqual([
        'EnableKeyAdministrationByOwningAccount',
      ]);
      expect(statementsOf(resourceAt(json, 'aws_sns_topic_policy', 'Topic/Policy')).map((s) => s.Sid)).toEqual([
        'DenyPublishWithoutTls',
        'DenyTopicAdministrationFromOtherAccounts',
      ]);
      expect(archive.grantedTrails).toEqual([]);
      // Which synth refuses: the bucket, key and topic policies do not admit the trail (test/coherence).
      expect(validationErrors(stack).map((line) => line.slice(0, line.indexOf(' trail ')))).toEqual([
        ...Array(3).fill('test/Trail: CloudTrail cannot deliver'),
        'test/Trail: CloudTrail cannot encrypt',
        ...Array(2).fill('test/Trail: CloudTrail cannot publish'),
      ]);
    });

    it('calls the grant of a target that offers one', () => {
      const granted: string[] = [];
      const destination: ILogDeliveryTarget = {
        ...archiveReference(),
        grantTrailWrite: (...trails) => granted.push(...trails.map((t) => t.trailArn)),
      };
      newTrail({ destination });
      expect(granted).toEqual([ORG_TRAIL_ARN]);
    });
  });

  describe('notifications', () => {
    const withTopic = (topicArn: string, props: Partial<TrailProps> = {}) =>
      newTrail({ notificationTopic: { topicArn, topicName: topicArn.split(':')[5] }, ...props }).resource.sns_topic_name;

    it('names a topic of its own account and region by name, as CloudTrail reads it back', () => {
      expect(withTopic(TOPIC_ARN)).toBe('deliveries');
    });

    it('names a topic of another account or region by ARN', () => {
      expect(withTopic(`arn:aws:sns:us-east-1:${AUDIT}:deliveries`)).toBe(`arn:aws:sns:us-east-1:${AUDIT}:deliveries`);
      expect(withTopic(`arn:aws:sns:eu-west-1:${MANAGEMENT}:deliveries`)).toBe(`arn:aws:sns:eu-west-1:${MANAGEMENT}:deliveries`);
    });

    it("names the delegated administrator's own topic by ARN when it creates the organization trail (the management account owns the trail)", () => {
      const stack = testStack();
      const topic = new NotificationTopic(stack, 'Topic', {
        topicName: 'deliveries',
        accountId: AUDIT,
        region: 'us-east-1',
        keyAliasName: 'alias/deliveries',
      });
      const { json, resource } = newTrail({ notificationTopic: topic }, stack);
      expect(resource.sns_topic_name).toBe(`arn:aws:sns:us-east-1:${AUDIT}:deliveries`);
      expect(statementsOf(resourceAt(json, 'aws_sns_topic_policy', 'Topic/Policy'))[0]).toMatchObject({
        Sid: 'AllowCloudTrailPublishForOurTrails',
        Condition: { StringEquals: { 'aws:SourceArn': ORG_TRAIL_ARN } },
      });
    });

    it('has no topic by default', () => {
      expect(newTrail().resource).not.toHaveProperty('sns_topic_name');
    });
  });

  describe('CloudWatch Logs', () => {
    it('delivers to the log group through literal ARNs and waits for the log group, role policy and topic policy', () => {
      const { stack, archive, topic } = ownedDependencies();
      const logs = new TrailLogGroup(stack, 'Logs', {
        trail: trailReference({ trailName: 'org', homeRegion: 'us-east-1', ownerAccountId: MANAGEMENT, organizationId: ORGANIZATION_ID }),
        accountId: MANAGEMENT,
        region: 'us-east-1',
      });
      const { json, resource } = newTrail({ destination: archive, notificationTopic: topic, cloudWatchLogs: logs }, stack);
      expect(resource).toMatchObject({
        cloud_watch_logs_group_arn: `arn:aws:logs:us-east-1:${MANAGEMENT}:log-group:cloudtrail/org:*`,
        cloud_watch_logs_role_arn: `arn:aws:iam::${MANAGEMENT}:role/org-cloudwatch-logs`,
      });
      expect(resource.depends_on).toEqual([
        addressAt(json, 'aws_sns_topic_policy', 'Topic/Policy'),
        addressAt(json, 'aws_cloudwatch_log_group', 'Logs/LogGroup'),
        addressAt(json, 'aws_iam_role_policy', 'Logs/DeliveryPolicy'),
      ]);
    });

    it('has no CloudWatch Logs delivery and nothing to wait for by default', () => {
      const { resource } = newTrail();
      expect(resource).not.toHaveProperty('cloud_watch_logs_group_arn');
      expect(resource).not.toHaveProperty('cloud_watch_logs_role_arn');
      expect(resource.depends_on ?? []).toEqual([]);
    });
  });

  describe('event selection', () => {
    it('records all management events, no data events and no Insights by default', () => {
      const { resource } = newTrail();
      expect(resource.advanced_event_selector).toEqual([
        { name: 'Management events (All)', field_selector: [{ field: 'eventCategory', equals: ['Management'] }] },
      ]);
      expect(resource).not.toHaveProperty('insight_selector');
    });

    it("never records object events of the archive's log buckets, the replica included", () => {
      const { stack, archive } = ownedDependencies();
      archive.addLogBucket('org-logs-replica');
      const { resource } = newTrail({ destination: archive, eventSelection: { s3Objects: 'All' } }, stack);
      const selectors = resource.advanced_event_selector as { name: string; field_selector: unknown[] }[];
      expect(selectors.map((s) => s.name)).toEqual(['Management events (All)', 'S3 object events (All) except the log buckets']);
      expect(selectors[1].field_selector).toContainEqual({
        field: 'resources.ARN',
        not_starts_with: [`${ARCHIVE_ARN}/`, `${ARCHIVE_ARN}-access-logs/`, 'arn:aws:s3:::org-logs-replica/'],
      });
    });

    it('never records object events of the log buckets of a referenced archive', () => {
      const { resource } = newTrail({
        destination: archiveReference({ logBucketNames: [`${ARCHIVE}-access-logs`] }),
        eventSelection: { s3Objects: 'WriteOnly' },
      });
      expect((resource.advanced_event_selector as { field_selector: unknown[] }[])[1].field_selector).toContainEqual({
        field: 'resources.ARN',
        not_starts_with: [`${ARCHIVE_ARN}/`, `${ARCHIVE_ARN}-access-logs/`],
      });
    });

    it('records Insights as asked', () => {
      const { resource } = newTrail({ eventSelection: { insights: ['ApiCallRateInsight', 'ApiErrorRateInsight'] } });
      expect(resource.insight_selector).toEqual([{ insight_type: 'ApiCallRateInsight' }, { insight_type: 'ApiErrorRateInsight' }]);
    });

    it('leaves out excluded management event sources and records a warning naming them and the failed controls', () => {
      const { trail, resource } = newTrail({
        eventSelection: { excludeManagementEventSources: ['kms.amazonaws.com', 'rdsdata.amazonaws.com'] },
      });
      expect((resource.advanced_event_selector as { field_selector: unknown[] }[])[0].field_selector).toContainEqual({
        field: 'eventSource',
        not_equals: ['kms.amazonaws.com', 'rdsdata.amazonaws.com'],
      });
      expect(annotationsOf(trail, 'warning')).toEqual([
        {
          path: 'Trail',
          message:
            'excludeManagementEventSources: kms.amazonaws.com, rdsdata.amazonaws.com not recorded; fails CIS 3.1 / Security Hub CloudTrail.1',
        },
      ]);
    });

    it("records only data events for managementEvents 'None', with a warning and the CIS 3.1 finding suppressed with its reason", () => {
      const { trail, resource } = newTrail({ eventSelection: { managementEvents: 'None', s3Objects: 'WriteOnly' } });
      expect((resource.advanced_event_selector as { name: string }[]).map((s) => s.name)).toEqual([
        'S3 object events (WriteOnly) except the log buckets',
      ]);
      expect(annotationsOf(trail, 'warning')).toEqual([
        {
          path: 'Trail',
          message:
            "managementEvents: None: trail org records data events only; CIS 3.1 / Security Hub CloudTrail.1 and the management-event alarms rely on another trail (such as Control Tower's organization trail) recording all management events",
        },
      ]);
      expect(checkSuppressionsOf(trail.trail)).toEqual([
        { rule: 'CloudTrailManagementEventsAll', reason: expect.stringContaining('$2.00 per 100,000 events') },
      ]);
    });

    it("fails synth for managementEvents 'None' without data events, naming the construct and the fix", () => {
      const stack = testStack();
      newTrail({ eventSelection: { managementEvents: 'None' } }, stack, false);
      expect(validationErrors(stack)).toContain(
        'test/Trail: eventSelection.managementEvents: "None" with no data events records nothing. Fix: turn on s3Objects, lambdaInvocations or dynamodbItems, or record management events',
      );
    });

    it('records no warning for an empty exclusion list', () => {
      expect(annotationsOf(newTrail({ eventSelection: { excludeManagementEventSources: [] } }).trail, 'warning')).toEqual([]);
    });
  });

  describe('allowDestroy', () => {
    it('drops prevent_destroy and records a warning naming the trail', () => {
      const { trail, json } = newTrail({ allowDestroy: true });
      expect(preventDestroyFlags(json)).toEqual({ 'aws_cloudtrail.Trail': false });
      expect(annotationsOf(trail, 'warning')).toEqual([
        { path: 'Trail', message: 'allowDestroy: trail org is not guarded by prevent_destroy' },
      ]);
    });

    it('is guarded and records nothing by default', () => {
      const { trail, json } = newTrail();
      expect(preventDestroyFlags(json)).toEqual({ 'aws_cloudtrail.Trail': true });
      expect(annotationsOf(trail, 'warning')).toEqual([]);
    });
  });
});
