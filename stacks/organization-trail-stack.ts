import type { Construct } from 'constructs';
import { AlarmTopic } from '../modules/alarms/alarm-topic';
import type { MonitoringTamperingTargets } from '../modules/alarms/monitoring-tampering-alarms';
import { TrailAlarms } from '../modules/alarms/trail-alarms';
import { NotificationTopic } from '../modules/notification-topic';
import { logDeliveryTargetReference } from '../modules/references';
import { subscribeCommand } from '../modules/topic-subscriptions';
import { Trail } from '../modules/trail';
import { TrailLogGroup } from '../modules/trail-log-group';
import { AccountStack } from './account-stack';
import { alarmChatFunctionArn, alarmTopicName } from './config/alarms';
import {
  archiveKeyReference,
  logArchiveBucketNames,
  organizationTrailReference,
  trailAccountId,
  trailDeliveryNames,
} from './config/derived-names';
import { monitoringProtection } from './config/guardrails';
import type { OrganizationConfig } from './config/schema';
import { LOG_ARCHIVE_OUTPUTS, LOG_ARCHIVE_STACK } from './log-archive-stack';
import type { StackContext, StackKind } from './registry';

export const ORGANIZATION_TRAIL_STACK = 'organization-trail';

export const ORGANIZATION_TRAIL_KIND: StackKind = {
  kind: 'organization-trail',
  order: 3,
  definitions: (config) => [
    {
      name: ORGANIZATION_TRAIL_STACK,
      accountId: trailAccountId(config),
      region: config.homeRegion,
      role: config.trail.delegatedAdministratorAccountId
        ? 'organization trail (delegated administrator)'
        : 'organization trail (management)',
      build: (scope, context) => new OrganizationTrailStack(scope, context),
    },
  ],
};

/**
 * The organization trail and its delivery: SNS notifications and CloudWatch Logs, in the account
 * that creates the trail (the management account, or the CloudTrail delegated administrator) and
 * the home region. Every policy names the management account's trail ARN, which is the trail's ARN
 * whichever account creates it. Reads the archive key ARN from the log-archive stack's state.
 */
export class OrganizationTrailStack extends AccountStack {
  public readonly trail: Trail;
  public readonly topic: NotificationTopic;
  public readonly logGroup: TrailLogGroup;
  /** CIS 4.1-4.15, tamper and CodeDeploy alarms on the log group, when `alarms.enabled`. */
  public readonly alarmTopic?: AlarmTopic;
  public readonly alarms?: TrailAlarms;

  constructor(scope: Construct, context: StackContext) {
    super(scope, context);
    const config = this.config;
    const names = trailDeliveryNames(config);
    const archiveState = this.outputsOf(LOG_ARCHIVE_STACK, 'LogArchiveState');
    // The trail's identity is known from config before it exists: the log group's role needs it first.
    const trailIdentity = organizationTrailReference(config);

    this.topic = new NotificationTopic(this, 'Notifications', {
      topicName: names.topicName,
      accountId: this.accountId,
      region: this.region,
      keyAliasName: config.notifications.keyAlias,
      subscriptions: config.notifications.subscriptions,
      highVolume: true,
    });
    this.logGroup = new TrailLogGroup(this, 'CloudWatchLogs', {
      trail: trailIdentity,
      logGroupName: names.logGroupName,
      accountId: this.accountId,
      region: this.region,
      retentionInDays: config.cloudWatchLogs.retentionDays,
      keyAliasName: config.cloudWatchLogs.keyAlias,
      roleName: names.roleName,
    });
    this.trail = new Trail(this, 'Trail', {
      trailName: config.trailName,
      homeRegion: config.homeRegion,
      ownerAccountId: config.managementAccountId,
      organizationId: config.organizationId,
      destination: logDeliveryTargetReference({
        bucketName: config.archiveBucketName,
        keyPrefix: config.archive.keyPrefix,
        encryptionKey: archiveKeyReference(config, archiveState.getString(LOG_ARCHIVE_OUTPUTS.keyArn)),
        logBucketNames: logArchiveBucketNames(config),
      }),
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
    });

    const alarmSettings = config.alarms;
    if (alarmSettings.enabled) {
      this.alarmTopic = new AlarmTopic(this, 'AlarmTopic', {
        topicName: alarmTopicName(config),
        accountId: this.accountId,
        region: this.region,
        keyAliasName: alarmSettings.keyAlias,
        subscriptions: alarmSettings.subscriptions,
      });
      // alarms.notifyChat: the audit account subscribes its chat notifier (deployment-events stack,
      // applied after this one), which this topic must let it do.
      const chatFunctionArn = alarmChatFunctionArn(config);
      if (chatFunctionArn) {
        this.alarmTopic.grantSubscribe({ sid: 'AllowChatNotifierToSubscribe', protocol: 'lambda', endpoint: chatFunctionArn });
      }
      this.alarms = new TrailAlarms(this, 'Alarms', {
        logGroup: this.logGroup,
        trail: this.trail,
        accountId: this.accountId,
        region: this.region,
        topic: this.alarmTopic,
        namespace: alarmSettings.namespace,
        cis: alarmSettings.cis,
        groups: alarmSettings.groups,
        monitoringTampering: monitoringTamperingTargets(config),
        tuning: alarmSettings.tuning,
        notifyOnOk: alarmSettings.notifyOnOk,
        archiveBucketName: config.archiveBucketName,
        archiveKeyArn: archiveState.getString(LOG_ARCHIVE_OUTPUTS.keyArn),
        archiveKeyAlias: config.archive.keyAlias,
      });
    }

    this.output('trail_arn', this.trail.trailArn, 'ARN of the organization trail (owned by the management account)');
    this.output('trail_name', this.trail.trailName, 'Name of the organization trail');
    this.output('trail_home_region', config.homeRegion, 'Region the trail is managed from');
    this.output('notification_topic_arn', this.topic.topicArn, 'SNS topic announcing every log-file delivery');
    this.output('notification_key_arn', this.topic.key.keyArn, 'KMS key of the notification topic');
    this.output(
      'pending_subscriptions',
      this.topic.pendingSubscriptions.map((s) => subscribeCommand(s, this.topic.topicArn)),
      'SQS queues and Lambda functions in other accounts: run each command with credentials of the endpoint account (the topic policy allows exactly these)',
    );
    this.output('log_group_name', this.logGroup.logGroupName, 'CloudWatch Logs group receiving the trail (metric filters go here)');
    this.output('log_group_arn', this.logGroup.logGroupArn, 'ARN of that log group');
    this.output('log_group_key_arn', this.logGroup.key.keyArn, 'KMS key of the log group');
    this.output('cloudwatch_logs_role_arn', this.logGroup.deliveryRoleArn, 'Role CloudTrail assumes to deliver to CloudWatch Logs');
    const alarmTopic = this.alarmTopic;
    if (alarmTopic && this.alarms) {
      this.output('alarm_topic_arn', alarmTopic.topicArn, 'SNS topic every alarm notifies (CIS 4.1-4.15, tampering, CodeDeploy)');
      this.output(
        'alarm_names',
        this.alarms.alarms.map((a) => a.alarmName),
        'Alarms on the trail log group',
      );
      this.output(
        'pending_alarm_subscriptions',
        alarmTopic.pendingSubscriptions.map((s) => subscribeCommand(s, alarmTopic.topicArn)),
        'Queues and functions in other accounts: run each command with credentials of the endpoint account',
      );
    }
  }
}

/** What the monitoring-tampering alarm watches, when deploymentMonitoring and its alarm group are on. */
function monitoringTamperingTargets(config: OrganizationConfig): MonitoringTamperingTargets | undefined {
  const protection = config.alarms.groups.monitoringTampering ? monitoringProtection(config) : undefined;
  return protection ? { ...protection, managementAccountId: config.managementAccountId } : undefined;
}
