import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { trailArn } from '../modules/arns';
import { OrganizationTrail } from '../modules/organization-trail';
import { TrailLogGroup } from '../modules/trail-log-group';
import { TrailNotificationTopic } from '../modules/trail-notification-topic';
import { defaultDeliveryRoleName, defaultLogGroupName, defaultTopicName, type OrganizationConfig } from './config';
import { accountProvider, configureBackend, type SynthContext } from './deployment';
import { logArchiveBuckets } from './log-archive-stack';
import { logArchiveState } from './remote-state';

export const ORGANIZATION_TRAIL_STACK = 'organization-trail';

/**
 * The organization trail and its delivery: SNS notifications and CloudWatch Logs, in the account
 * that creates the trail (the management account, or the CloudTrail delegated administrator) and
 * the home region. Every policy names the management account's trail ARN, which is the trail's ARN
 * whichever account creates it. Reads the archive key ARN from the log-archive stack's state.
 */
export class OrganizationTrailStack extends TerraformStack {
  public readonly accountId: string;
  public readonly region: string;
  public readonly trail: OrganizationTrail;
  public readonly topic: TrailNotificationTopic;
  public readonly logGroup: TrailLogGroup;

  constructor(scope: Construct, config: OrganizationConfig, context: SynthContext) {
    super(scope, ORGANIZATION_TRAIL_STACK);
    this.accountId = config.trail.delegatedAdministratorAccountId ?? config.managementAccountId;
    this.region = config.homeRegion;
    configureBackend(this, ORGANIZATION_TRAIL_STACK, config, context);
    accountProvider(this, 'Aws', config, { accountId: this.accountId, region: this.region });
    const archive = logArchiveState(this, ORGANIZATION_TRAIL_STACK, config, context);
    const arn = trailArn(config.homeRegion, config.managementAccountId, config.trailName);

    this.topic = new TrailNotificationTopic(this, 'Notifications', {
      topicName: config.notifications.topicName ?? defaultTopicName(config.trailName),
      accountId: this.accountId,
      region: this.region,
      keyAliasName: config.notifications.keyAlias,
      subscriptions: config.notifications.subscriptions,
    });
    this.topic.grantCloudTrailPublish(arn);

    this.logGroup = new TrailLogGroup(this, 'CloudWatchLogs', {
      logGroupName: config.cloudWatchLogs.logGroupName ?? defaultLogGroupName(config.trailName),
      accountId: this.accountId,
      region: this.region,
      trailArn: arn,
      trailOwnerAccountId: config.managementAccountId,
      organizationId: config.organizationId,
      retentionInDays: config.cloudWatchLogs.retentionDays,
      keyAliasName: config.cloudWatchLogs.keyAlias,
      roleName: config.cloudWatchLogs.roleName ?? defaultDeliveryRoleName(config.trailName),
    });

    this.trail = new OrganizationTrail(this, 'Trail', {
      trailName: config.trailName,
      homeRegion: config.homeRegion,
      ownerAccountId: config.managementAccountId,
      deploymentAccountId: this.accountId,
      bucketName: config.archiveBucketName,
      keyPrefix: config.archive.keyPrefix,
      encryptionKey: { keyArn: archive.keyArn },
      notificationTopic: this.topic,
      cloudWatchLogs: this.logGroup,
      eventSelection: {
        managementEvents: config.trail.managementEvents,
        excludeManagementEventSources: config.trail.excludeManagementEventSources,
        s3Objects: config.trail.dataEvents.s3Objects,
        lambdaInvocations: config.trail.dataEvents.lambdaInvocations,
        dynamodbItems: config.trail.dataEvents.dynamodbItems,
        insights: config.trail.insights,
      },
      excludedDataEventBuckets: logArchiveBuckets(config),
    });

    const output = (id: string, value: string | string[], description: string) =>
      new TerraformOutput(this, id, { value, description, staticId: true });
    output('trail_arn', this.trail.trailArn, 'ARN of the organization trail (owned by the management account)');
    output('trail_name', this.trail.trailName, 'Name of the organization trail');
    output('trail_home_region', config.homeRegion, 'Region the trail is managed from');
    output('notification_topic_arn', this.topic.topicArn, 'SNS topic announcing every log-file delivery');
    output('notification_key_arn', this.topic.key.keyArn, 'KMS key of the notification topic');
    output(
      'pending_sqs_subscriptions',
      this.topic.pendingSubscriptions.map((s) => s.endpoint),
      'SQS queues in other accounts: subscribe them to the topic from their own account (the topic policy allows it)',
    );
    output('log_group_name', this.logGroup.logGroupName, 'CloudWatch Logs group receiving the trail (metric filters go here)');
    output('log_group_arn', this.logGroup.logGroupArn, 'ARN of that log group');
    output('log_group_key_arn', this.logGroup.key.keyArn, 'KMS key of the log group');
    output('cloudwatch_logs_role_arn', this.logGroup.deliveryRoleArn, 'Role CloudTrail assumes to deliver to CloudWatch Logs');
  }
}
