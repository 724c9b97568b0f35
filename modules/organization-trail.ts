import {
  Cloudtrail,
  type CloudtrailAdvancedEventSelector,
  type CloudtrailAdvancedEventSelectorFieldSelector,
} from '@cdktf/provider-aws/lib/cloudtrail';
import { Annotations, type ITerraformDependable, type TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { bucketArn, trailArn } from './arns';
import type { IEncryptionKey } from './hardened-bucket';

export type ManagementEvents = 'All' | 'ReadOnly' | 'WriteOnly';
export type DataEventScope = 'None' | 'All' | 'ReadOnly' | 'WriteOnly';
export type InsightType = 'ApiCallRateInsight' | 'ApiErrorRateInsight';
/** The only management event sources CloudTrail can exclude (high-volume). */
export type ExcludableEventSource = 'kms.amazonaws.com' | 'rdsdata.amazonaws.com';

/** What the trail records. Defaults are cheap and secure: all management events, no data events. */
export interface EventSelection {
  /** @default 'All' (CIS 3.1 / CloudTrail.1 want read and write) */
  readonly managementEvents?: ManagementEvents;
  /**
   * High-volume sources to leave out. Any exclusion fails Security Hub CloudTrail.1.
   * @default - none
   */
  readonly excludeManagementEventSources?: readonly ExcludableEventSource[];
  /** @default 'None' - S3 object-level events (the log buckets themselves are always excluded) */
  readonly s3Objects?: DataEventScope;
  /** @default false - Lambda Invoke data events */
  readonly lambdaInvocations?: boolean;
  /** @default false - DynamoDB item-level data events */
  readonly dynamodbItems?: boolean;
  /** @default - none (Insights are billed per event analysed) */
  readonly insights?: readonly InsightType[];
}

/** A published SNS topic, as the trail needs it. */
export interface INotificationTopic {
  readonly topicArn: string;
  readonly topicName: string;
  /** Resources the trail must wait for (the topic policy), when they are in the same stack. */
  readonly dependables?: readonly ITerraformDependable[];
}

/** CloudWatch Logs delivery, as the trail needs it. */
export interface ICloudWatchLogsDelivery {
  /** `<log group arn>:*`, the form CloudTrail expects. */
  readonly trailLogGroupArn: string;
  readonly deliveryRoleArn: string;
  /** Resources the trail must wait for (log group, role policy), when they are in the same stack. */
  readonly dependables?: readonly ITerraformDependable[];
}

export interface OrganizationTrailProps {
  readonly trailName: string;
  /** Home region: the trail is created and updated there only. */
  readonly homeRegion: string;
  /**
   * Account that owns the trail: the management account for an organization trail, even when a
   * delegated administrator creates it. Used for the literal trail ARN.
   */
  readonly ownerAccountId: string;
  /**
   * Account the trail resource is created in (a delegated administrator creates it in its own).
   * @default - the owner account
   */
  readonly deploymentAccountId?: string;
  /** Central archive bucket (possibly in another account). */
  readonly bucketName: string;
  /** @default - none */
  readonly keyPrefix?: string;
  /** The archive key; CloudTrail encrypts log files with it (SSE-KMS). */
  readonly encryptionKey: IEncryptionKey;
  /** @default true - an organization trail (all accounts); false for a single account's trail */
  readonly organizationTrail?: boolean;
  /** @default - no delivery notifications */
  readonly notificationTopic?: INotificationTopic;
  /** @default - no CloudWatch Logs delivery */
  readonly cloudWatchLogs?: ICloudWatchLogsDelivery;
  /** @default - all management events, no data events, no Insights */
  readonly eventSelection?: EventSelection;
  /**
   * Buckets whose object-level events are never recorded, because recording them would log every
   * delivery of the trail itself. The archive bucket is always included.
   * @default - the archive bucket only
   */
  readonly excludedDataEventBuckets?: readonly string[];
  /** @default false - the trail is guarded against `terraform destroy` */
  readonly allowDestroy?: boolean;
  /** @default - the stack's default provider */
  readonly provider?: TerraformProvider;
  /** @default - none beyond the provider's default tags */
  readonly tags?: Record<string, string>;
}

/**
 * A multi-region trail with global service events and log file validation, encrypted with the
 * archive key, delivering into the central archive. By default an organization trail.
 */
export class OrganizationTrail extends Construct {
  /** Literal ARN (`arn:aws:cloudtrail:<home>:<owner>:trail/<name>`), as policies see it. */
  public readonly trailArn: string;
  public readonly trailName: string;
  public readonly trail: Cloudtrail;

  constructor(scope: Construct, id: string, props: OrganizationTrailProps) {
    super(scope, id);
    this.trailName = props.trailName;
    this.trailArn = trailArn(props.homeRegion, props.ownerAccountId, props.trailName);
    const selection = props.eventSelection ?? {};
    const insights = selection.insights ?? [];
    const excluded = selection.excludeManagementEventSources ?? [];
    if (excluded.length > 0) {
      Annotations.of(this).addWarning(
        `excludeManagementEventSources: ${excluded.join(', ')} not recorded; fails CIS 3.1 / Security Hub CloudTrail.1`,
      );
    }
    if (props.allowDestroy) Annotations.of(this).addWarning(`allowDestroy: trail ${props.trailName} is not guarded by prevent_destroy`);

    this.trail = new Cloudtrail(this, 'Trail', {
      provider: props.provider,
      name: props.trailName,
      s3BucketName: props.bucketName,
      s3KeyPrefix: props.keyPrefix,
      kmsKeyId: props.encryptionKey.keyArn,
      isOrganizationTrail: props.organizationTrail ?? true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      enableLogging: true,
      // The API takes a name for a topic of the trail's own account and region, an ARN otherwise;
      // a name matches what CloudTrail reads back, so plans stay clean.
      snsTopicName: props.notificationTopic
        ? topicReference(props.notificationTopic, props.homeRegion, props.deploymentAccountId ?? props.ownerAccountId)
        : undefined,
      cloudWatchLogsGroupArn: props.cloudWatchLogs?.trailLogGroupArn,
      cloudWatchLogsRoleArn: props.cloudWatchLogs?.deliveryRoleArn,
      advancedEventSelector: eventSelectors(selection, [props.bucketName, ...(props.excludedDataEventBuckets ?? [])]),
      insightSelector: insights.length > 0 ? insights.map((insightType) => ({ insightType })) : undefined,
      tags: props.tags,
      lifecycle: { preventDestroy: !props.allowDestroy },
      // ARNs are literal (reviewable), so the ordering Terraform would infer from references is explicit.
      dependsOn: [...(props.notificationTopic?.dependables ?? []), ...(props.cloudWatchLogs?.dependables ?? [])],
    });
  }
}

function topicReference(topic: INotificationTopic, region: string, accountId: string): string {
  const [, , , topicRegion, topicAccount] = topic.topicArn.split(':');
  return topicRegion === region && topicAccount === accountId ? topic.topicName : topic.topicArn;
}

/** Advanced event selectors for a selection; exported for review tooling and tests. */
export function eventSelectors(selection: EventSelection, excludedBuckets: readonly string[]): CloudtrailAdvancedEventSelector[] {
  const selectors: CloudtrailAdvancedEventSelector[] = [];
  const management = selection.managementEvents ?? 'All';
  const excluded = selection.excludeManagementEventSources ?? [];
  selectors.push({
    name: excluded.length > 0 ? `Management events (${management}) except ${excluded.join(', ')}` : `Management events (${management})`,
    fieldSelector: [
      { field: 'eventCategory', equalTo: ['Management'] },
      ...readOnlySelector(management),
      ...(excluded.length > 0 ? [{ field: 'eventSource', notEquals: [...excluded] }] : []),
    ],
  });
  const s3 = selection.s3Objects ?? 'None';
  if (s3 !== 'None') {
    const unique = [...new Set(excludedBuckets)];
    selectors.push(
      dataEventSelector(`S3 object events (${s3}) except the log buckets`, 'AWS::S3::Object', [
        ...readOnlySelector(s3),
        { field: 'resources.ARN', notStartsWith: unique.map((name) => `${bucketArn(name)}/`) },
      ]),
    );
  }
  if (selection.lambdaInvocations) selectors.push(dataEventSelector('Lambda invocations', 'AWS::Lambda::Function'));
  if (selection.dynamodbItems) selectors.push(dataEventSelector('DynamoDB item events', 'AWS::DynamoDB::Table'));
  return selectors;
}

/** Data events of one resource type, narrowed by `extra` field selectors. */
function dataEventSelector(
  name: string,
  resourceType: string,
  extra: CloudtrailAdvancedEventSelectorFieldSelector[] = [],
): CloudtrailAdvancedEventSelector {
  return {
    name,
    fieldSelector: [{ field: 'eventCategory', equalTo: ['Data'] }, { field: 'resources.type', equalTo: [resourceType] }, ...extra],
  };
}

function readOnlySelector(scope: ManagementEvents | DataEventScope): { field: string; equalTo: string[] }[] {
  if (scope === 'ReadOnly') return [{ field: 'readOnly', equalTo: ['true'] }];
  if (scope === 'WriteOnly') return [{ field: 'readOnly', equalTo: ['false'] }];
  return [];
}
