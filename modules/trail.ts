import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { trailArn } from './arns';
import { suppressCheck } from './check-suppressions';
import { trailCoherenceProblems } from './coherence/trail-coherence';
import { recordOptOut } from './record-opt-out';
import type { ICloudWatchLogsTarget, ILogDeliveryTarget, INotificationTopic, ITrail } from './references';
import { accountIdProblems, organizationIdProblems, regionProblems } from './rules/identifiers';
import { trailNameProblems } from './rules/names';
import { checkProp, propProblems } from './rules/prop-validation';
import { type EventSelection, eventSelectionProblems, eventSelectors } from './trail-event-selectors';

export interface TrailProps {
  readonly trailName: string;
  /** Home region: the trail is created and updated there only. */
  readonly homeRegion: string;
  /**
   * Account that owns the trail: the management account for an organization trail, even when a
   * delegated administrator creates it; otherwise the account the trail is created in.
   */
  readonly ownerAccountId: string;
  /**
   * Makes this an organization trail (all accounts of the organization), which also writes under
   * `AWSLogs/<organization id>/`.
   * @default - an account trail: this account only
   */
  readonly organizationId?: string;
  /**
   * Where log files go: the central archive (bucket, key prefix, encryption key). When the archive's
   * policies are ours (`LogArchiveBucket`), the trail grants itself write access.
   */
  readonly destination: ILogDeliveryTarget;
  /**
   * Announces each delivery. When the topic's policy is ours (`NotificationTopic`), the trail grants
   * itself publish access.
   * @default - no delivery notifications
   */
  readonly notificationTopic?: INotificationTopic;
  /** @default - no CloudWatch Logs delivery */
  readonly cloudWatchLogs?: ICloudWatchLogsTarget;
  /** @default - all management events, no data events, no Insights */
  readonly eventSelection?: EventSelection;
  /** @default false - the trail is guarded against `terraform destroy` */
  readonly allowDestroy?: boolean;
  /** @default - the stack's default provider */
  readonly provider?: TerraformProvider;
  /** @default - none beyond the provider's default tags */
  readonly tags?: Record<string, string>;
}

/**
 * A multi-region trail with global service events and log file validation, encrypted with the
 * archive key, delivering into the central archive: an organization trail when given an
 * organization ID, otherwise a single account's trail.
 */
export class Trail extends Construct implements ITrail {
  /** Literal ARN (`arn:aws:cloudtrail:<home>:<owner>:trail/<name>`), as policies see it. */
  public readonly trailArn: string;
  public readonly trailName: string;
  public readonly homeRegion: string;
  public readonly ownerAccountId: string;
  public readonly organizationId?: string;
  public readonly trail: Cloudtrail;

  constructor(scope: Construct, id: string, props: TrailProps) {
    super(scope, id);
    this.trailName = props.trailName;
    this.homeRegion = props.homeRegion;
    this.ownerAccountId = props.ownerAccountId;
    this.organizationId = props.organizationId;
    this.trailArn = trailArn(props.homeRegion, props.ownerAccountId, props.trailName);
    const selection = props.eventSelection ?? {};
    const insights = selection.insights ?? [];
    const excluded = selection.excludeManagementEventSources ?? [];
    if (excluded.length > 0) {
      recordOptOut(this, 'excludeManagementEventSources', `${excluded.join(', ')} not recorded; fails CIS 3.1 / Security Hub CloudTrail.1`);
    }
    if (selection.managementEvents === 'None') {
      recordOptOut(
        this,
        'managementEvents',
        `None: trail ${props.trailName} records data events only; CIS 3.1 / Security Hub CloudTrail.1 and the management-event alarms rely on another trail (such as Control Tower's organization trail) recording all management events`,
      );
    }
    if (props.allowDestroy) recordOptOut(this, 'allowDestroy', `trail ${props.trailName} is not guarded by prevent_destroy`);

    props.destination.grantTrailWrite?.(this);
    props.notificationTopic?.grantCloudTrailPublish?.(this);

    this.trail = new Cloudtrail(this, 'Trail', {
      provider: props.provider,
      name: props.trailName,
      s3BucketName: props.destination.bucketName,
      s3KeyPrefix: props.destination.keyPrefix,
      kmsKeyId: props.destination.encryptionKey.keyArn,
      isOrganizationTrail: props.organizationId !== undefined,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      snsTopicName: props.notificationTopic ? topicReference(props.notificationTopic, props.homeRegion, props.ownerAccountId) : undefined,
      cloudWatchLogsGroupArn: props.cloudWatchLogs?.trailLogGroupArn,
      cloudWatchLogsRoleArn: props.cloudWatchLogs?.deliveryRoleArn,
      advancedEventSelector: eventSelectors(selection, props.destination.logBucketNames),
      insightSelector: insights.length > 0 ? insights.map((insightType) => ({ insightType })) : undefined,
      tags: props.tags,
      lifecycle: { preventDestroy: !props.allowDestroy },
      // ARNs are literal (reviewable), so the ordering Terraform would infer from references is explicit.
      dependsOn: [...(props.notificationTopic?.dependables ?? []), ...(props.cloudWatchLogs?.dependables ?? [])],
    });

    if (selection.managementEvents === 'None') {
      suppressCheck(
        this.trail,
        'CloudTrailManagementEventsAll',
        "This is a data-events-only trail by choice (managementEvents None): another organization trail, such as Control Tower's, records every management event, and a second copy would be billed at $2.00 per 100,000 events (aws.amazon.com/cloudtrail/pricing).",
      );
    }

    // Fails synth when a name or identifier breaks AWS's rules, when the selection records nothing or
    // cannot work, and when the archive, its key or the topic (wherever in the app they are built)
    // would refuse this trail.
    this.node.addValidation({
      validate: () => [
        ...propProblems(this.node.path, [
          ...checkProp('trailName', props.trailName, trailNameProblems),
          ...checkProp('homeRegion', props.homeRegion, regionProblems),
          ...checkProp('ownerAccountId', props.ownerAccountId, accountIdProblems),
          ...checkProp('organizationId', props.organizationId, organizationIdProblems),
        ]),
        ...eventSelectionProblems(selection).map((p) => `${this.node.path}: eventSelection.${p}`),
        ...trailCoherenceProblems(this, props),
      ],
    });
  }
}

/**
 * The API takes a name for a topic of the trail owner's account and region, an ARN otherwise (a
 * name matches what CloudTrail reads back, so plans stay clean). An organization trail created by a
 * delegated administrator is owned by the management account, so its topic (in the delegated
 * administrator's account) is named by ARN.
 */
function topicReference(topic: INotificationTopic, region: string, accountId: string): string {
  const [, , , topicRegion, topicAccount] = topic.topicArn.split(':');
  return topicRegion === region && topicAccount === accountId ? topic.topicName : topic.topicArn;
}
