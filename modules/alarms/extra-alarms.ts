import type { ITrail } from '../references';
import { anyOf, equals, jsonPattern, or } from './filter-pattern';

/*
 * Alarms beyond the CIS benchmark, on the same CloudTrail log group, in named groups that can each be
 * turned off. Event names are the API operation names CloudTrail records as `eventName`; every
 * pattern is scoped to the resources this library owns (the trail, the archive bucket and key), so
 * the same event on someone else's resource does not page anyone.
 *
 * Sources (event names and the request fields CloudTrail records):
 * - CloudTrail: StopLogging/DeleteTrail/UpdateTrail take `Name` ("the name or the CloudTrail ARN of
 *   the trail"), recorded as `requestParameters.name` (awscloudtrail/latest/APIReference/
 *   API_StopLogging.html; record example in awscloudtrail/latest/userguide/cloudtrail-event-reference.html);
 *   PutEventSelectors/PutInsightSelectors take `TrailName` (name or ARN), recorded as
 *   `requestParameters.trailName` (API_PutEventSelectors.html, API_PutInsightSelectors.html).
 * - S3: bucket-level calls are management events recorded with `requestParameters.bucketName`
 *   (AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html); lifecycle changes are recorded as
 *   PutBucketLifecycle / DeleteBucketLifecycle, the names the CIS 4.8 pattern uses.
 * - KMS: key operations record the key ARN in `resources[0].ARN` whatever identifier the caller
 *   passed (`requestParameters.keyId` holds the caller's key ID, alias or ARN); alias operations record
 *   `requestParameters.aliasName` (kms/latest/developerguide/ct-put-key-policy.html,
 *   ct-schedule-key-deletion.html, ct-updatealias.html).
 * - CodeDeploy: every API action is recorded with eventSource `codedeploy.amazonaws.com`
 *   (codedeploy/latest/userguide/monitoring-cloudtrail.html); a failed call carries `errorCode`.
 * - Pattern syntax: CloudWatch Logs JSON filter patterns, `$.field = "*"` matches any value (the
 *   field exists), `$.array[0].field` indexes arrays; at most 1,024 characters
 *   (AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html, AmazonCloudWatchLogs/latest/
 *   APIReference/API_PutMetricFilter.html).
 */

/** The groups of extra alarms, by config name. */
export type ExtraAlarmGroup = 'trail-tampering' | 'archive-changes' | 'codedeploy';

export const EXTRA_ALARM_GROUPS: readonly ExtraAlarmGroup[] = ['trail-tampering', 'archive-changes', 'codedeploy'];

/** Which groups are on; each defaults to on. */
export interface ExtraAlarmGroups {
  /** Stopping, deleting or reconfiguring this trail. @default true */
  readonly trailTampering?: boolean;
  /** Changes to the archive bucket's policy, lifecycle and protections, and to the archive key. @default true */
  readonly archiveChanges?: boolean;
  /** Failed CodeDeploy API calls, deletions, stopped deployments and deployment configuration changes. @default true */
  readonly codedeploy?: boolean;
}

/** What the extra alarms watch. */
export interface ExtraAlarmTargets {
  /** The organization trail (its name and ARN are both matched: callers may pass either). */
  readonly trail: ITrail;
  readonly archiveBucketName: string;
  /**
   * The archive key's ARN (it is in every key event's `resources`, whatever the caller passed).
   * @default - key events are matched by alias only, so calls naming the key by ID or ARN are missed
   */
  readonly archiveKeyArn?: string;
  /** The archive key's alias: alias changes, and key calls that name the key by alias. @default - none */
  readonly archiveKeyAlias?: string;
}

export interface ExtraAlarmItem {
  readonly group: ExtraAlarmGroup;
  /** Lowercase words for resource names: `trail-tampering`. */
  readonly slug: string;
  readonly title: string;
  /** Metric the filter publishes (PascalCase, unique; also the construct id). */
  readonly metricName: string;
  readonly filterPattern: string;
  readonly whatHappened: string;
  readonly whatToCheck: string;
}

const TRAIL_TAMPERING_EVENTS = ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors', 'PutInsightSelectors'];
const BUCKET_POLICY_EVENTS = ['PutBucketPolicy', 'DeleteBucketPolicy', 'PutBucketAcl'];
const BUCKET_LIFECYCLE_EVENTS = ['PutBucketLifecycle', 'DeleteBucketLifecycle'];
const BUCKET_PROTECTION_EVENTS = [
  'PutBucketVersioning',
  'PutObjectLockConfiguration',
  'PutBucketReplication',
  'DeleteBucketReplication',
  'PutBucketEncryption',
  'DeleteBucketEncryption',
  'PutBucketPublicAccessBlock',
  'DeleteBucketPublicAccessBlock',
  'PutBucketOwnershipControls',
  'DeleteBucketOwnershipControls',
  'PutBucketLogging',
  'DeleteBucket',
];
const KEY_EVENTS = ['PutKeyPolicy', 'DisableKey', 'ScheduleKeyDeletion', 'DisableKeyRotation', 'CreateGrant'];
const KEY_ALIAS_EVENTS = ['UpdateAlias', 'DeleteAlias'];
const CODEDEPLOY_DELETIONS = ['DeleteApplication', 'DeleteDeploymentGroup'];
const CODEDEPLOY_CONFIGURATION_EVENTS = ['CreateDeploymentConfig', 'DeleteDeploymentConfig', 'UpdateDeploymentGroup'];

const FIND = 'In CloudWatch Logs Insights on the trail log group, find the matching events and check userIdentity, sourceIPAddress';

/** The extra alarms of the groups that are on, in a fixed order. */
export function extraAlarmItems(targets: ExtraAlarmTargets, groups: ExtraAlarmGroups = {}): ExtraAlarmItem[] {
  const items: ExtraAlarmItem[] = [];
  if (groups.trailTampering ?? true) items.push(trailTampering(targets.trail));
  if (groups.archiveChanges ?? true) items.push(...archiveChanges(targets));
  if (groups.codedeploy ?? true) items.push(...codeDeploy());
  return items;
}

function trailTampering(trail: ITrail): ExtraAlarmItem {
  const names = [trail.trailName, trail.trailArn];
  return {
    group: 'trail-tampering',
    slug: 'trail-tampering',
    title: `The organization trail ${trail.trailName} was stopped, deleted or reconfigured`,
    metricName: 'TrailTampering',
    filterPattern: jsonPattern(
      equals('eventSource', 'cloudtrail.amazonaws.com'),
      anyOf('eventName', TRAIL_TAMPERING_EVENTS),
      or(anyOf('requestParameters.name', names), anyOf('requestParameters.trailName', names)),
    ),
    whatHappened: `Someone called ${TRAIL_TAMPERING_EVENTS.join(', ')} on the organization trail ${trail.trailArn}.`,
    whatToCheck: `${FIND} and errorCode (a denied attempt is still an attempt): if logging stopped, run aws cloudtrail start-logging in ${trail.homeRegion} now; compare the trail's event selectors with the deployed configuration.`,
  };
}

function archiveChanges(targets: ExtraAlarmTargets): ExtraAlarmItem[] {
  const bucket = targets.archiveBucketName;
  const onBucket = (events: readonly string[]) =>
    jsonPattern(equals('eventSource', 's3.amazonaws.com'), anyOf('eventName', events), equals('requestParameters.bucketName', bucket));
  const items: ExtraAlarmItem[] = [
    {
      group: 'archive-changes',
      slug: 'archive-bucket-policy-changes',
      title: `The log archive bucket ${bucket}'s policy or ACL changed`,
      metricName: 'ArchiveBucketPolicyChanges',
      filterPattern: onBucket(BUCKET_POLICY_EVENTS),
      whatHappened: `Someone called ${BUCKET_POLICY_EVENTS.join(', ')} on the log archive bucket ${bucket}.`,
      whatToCheck: `${FIND} and errorCode: only the deployment and break-glass roles may change it; compare the bucket policy with the deployed one (terraform plan on the log-archive stack).`,
    },
    {
      group: 'archive-changes',
      slug: 'archive-bucket-lifecycle-changes',
      title: `The log archive bucket ${bucket}'s lifecycle changed`,
      metricName: 'ArchiveBucketLifecycleChanges',
      filterPattern: onBucket(BUCKET_LIFECYCLE_EVENTS),
      whatHappened: `Someone called ${BUCKET_LIFECYCLE_EVENTS.join(', ')} on the log archive bucket ${bucket}.`,
      whatToCheck: `${FIND} and errorCode: a shortened expiration deletes evidence early; compare the lifecycle rules with the deployed ones (terraform plan on the log-archive stack).`,
    },
    {
      group: 'archive-changes',
      slug: 'archive-bucket-protection-changes',
      title: `The log archive bucket ${bucket}'s versioning, object lock, replication, encryption, public access, ownership or logging changed`,
      metricName: 'ArchiveBucketProtectionChanges',
      filterPattern: onBucket(BUCKET_PROTECTION_EVENTS),
      whatHappened: `Someone changed a protection of the log archive bucket ${bucket} (versioning, object lock, replication, default encryption, public access block, ownership, access logging) or tried to delete it.`,
      whatToCheck: `${FIND}, eventName and errorCode: compare the bucket with the deployed configuration (terraform plan on the log-archive stack) and restore what was weakened.`,
    },
  ];
  const key = archiveKeyChanges(targets);
  if (key) items.push(key);
  return items;
}

/** The archive key alarm, when the key is known by ARN or alias. */
function archiveKeyChanges(targets: ExtraAlarmTargets): ExtraAlarmItem | undefined {
  const { archiveKeyArn: keyArn, archiveKeyAlias: alias } = targets;
  if (!keyArn && !alias) return undefined;
  const keyScope: string[] = [];
  if (keyArn) keyScope.push(equals('resources[0].ARN', keyArn));
  // A caller may name the key by alias or alias ARN; then requestParameters.keyId holds it.
  if (alias) keyScope.push(equals('requestParameters.keyId', alias), equals('requestParameters.keyId', `*:${alias}`));
  const branches = [`(${anyOf('eventName', KEY_EVENTS)} && ${or(...keyScope)})`];
  if (alias) branches.push(`(${anyOf('eventName', KEY_ALIAS_EVENTS)} && ${equals('requestParameters.aliasName', alias)})`);
  const events = alias ? [...KEY_EVENTS, ...KEY_ALIAS_EVENTS] : KEY_EVENTS;
  const name = alias ?? 'the archive key';
  return {
    group: 'archive-changes',
    slug: 'archive-key-changes',
    title: `The log archive key ${name} was re-policied, disabled, scheduled for deletion or re-aliased`,
    metricName: 'ArchiveKeyChanges',
    filterPattern: jsonPattern(equals('eventSource', 'kms.amazonaws.com'), or(...branches)),
    whatHappened: `Someone called ${events.join(', ')} on the log archive key ${name}.`,
    whatToCheck: `${FIND} and errorCode: a disabled or deleted key makes every archived log unreadable; cancel a scheduled deletion (aws kms cancel-key-deletion) and compare the key policy with the deployed one.`,
  };
}

function codeDeploy(): ExtraAlarmItem[] {
  const source = equals('eventSource', 'codedeploy.amazonaws.com');
  return [
    {
      group: 'codedeploy',
      slug: 'codedeploy-failed-api-calls',
      title: 'CodeDeploy API calls failed',
      metricName: 'CodeDeployFailedApiCalls',
      filterPattern: jsonPattern(source, equals('errorCode', '*')),
      whatHappened: 'CodeDeploy API calls returned an error in some account of the organization.',
      whatToCheck: `${FIND}, eventName, errorCode and errorMessage: AccessDenied points at a pipeline role or a probing principal; throttling or validation errors at a broken pipeline.`,
    },
    {
      group: 'codedeploy',
      slug: 'codedeploy-deletions',
      title: 'CodeDeploy applications or deployment groups were deleted',
      metricName: 'CodeDeployDeletions',
      filterPattern: jsonPattern(source, anyOf('eventName', CODEDEPLOY_DELETIONS)),
      whatHappened: `Someone called ${CODEDEPLOY_DELETIONS.join(' or ')}.`,
      whatToCheck: `${FIND}, recipientAccountId and requestParameters: confirm the application or group was retired on purpose; a deleted deployment group also loses its deployment history and triggers.`,
    },
    {
      group: 'codedeploy',
      slug: 'codedeploy-stopped-deployments',
      title: 'CodeDeploy deployments were stopped',
      metricName: 'CodeDeployStoppedDeployments',
      filterPattern: jsonPattern(source, equals('eventName', 'StopDeployment')),
      whatHappened: 'Someone called StopDeployment.',
      whatToCheck: `${FIND}, recipientAccountId and requestParameters.deploymentId: a stopped deployment can leave instances on mixed revisions; check whether autoRollbackEnabled rolled it back.`,
    },
    {
      group: 'codedeploy',
      slug: 'codedeploy-configuration-changes',
      title: 'CodeDeploy deployment configurations or deployment groups changed',
      metricName: 'CodeDeployConfigurationChanges',
      filterPattern: jsonPattern(source, anyOf('eventName', CODEDEPLOY_CONFIGURATION_EVENTS)),
      whatHappened: `Someone called ${CODEDEPLOY_CONFIGURATION_EVENTS.join(', ')}.`,
      whatToCheck: `${FIND}, recipientAccountId and requestParameters: look for lowered minimum healthy hosts, removed alarms or disabled automatic rollback.`,
    },
  ];
}
