import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { iamRoleArn, logGroupArn } from './arns';
import { suppressCheck } from './check-suppressions';
import { type LogEncryptionKey, resourceKey } from './log-encryption-key';
import { PolicyDocument, PolicyStatement } from './policy-document';
import { recordOptOut } from './record-opt-out';
import type { ICloudWatchLogsTarget, ITrail } from './references';
import { iamRoleNameProblems, logGroupNameProblems, logRetentionProblems } from './rules/names';
import { addPropValidation, checkProp } from './rules/prop-validation';

/** Defaults of the trail's log group (the config schema reuses them). */
export const TRAIL_LOG_GROUP_DEFAULTS = {
  /** CIS / CloudWatch.16 want at least a year. */
  retentionInDays: 365,
  keyAliasName: 'alias/org-trail-cloudwatch-logs',
  logGroupName: (trailName: string): string => `cloudtrail/${trailName}`,
  roleName: (trailName: string): string => `${trailName}-cloudwatch-logs`,
} as const;

export interface TrailLogGroupProps {
  /**
   * The trail that delivers here (usually a `trailReference`, since the trail needs this group
   * first). Its owner account prefixes the log streams; an organization trail adds `<org id>_*`.
   */
  readonly trail: ITrail;
  /** Account and region of the log group (the trail's deploying account and home region). */
  readonly accountId: string;
  readonly region: string;
  /** @default `cloudtrail/<trail name>` */
  readonly logGroupName?: string;
  /** @default 365 (CIS / CloudWatch.16 want at least a year); a value CloudWatch Logs accepts, or 0 to never expire */
  readonly retentionInDays?: number;
  /** @default 'alias/org-trail-cloudwatch-logs' */
  readonly keyAliasName?: string;
  /** @default `<trail name>-cloudwatch-logs` */
  readonly roleName?: string;
  /** @default false */
  readonly allowDestroy?: boolean;
  /** @default - the stack's default provider */
  readonly provider?: TerraformProvider;
  /** @default - none beyond the provider's default tags */
  readonly tags?: Record<string, string>;
}

/**
 * CloudTrail delivery to CloudWatch Logs: a KMS-encrypted log group (key policy scoped to this log
 * group), and a delivery role that only CloudTrail can assume and that may only create streams and
 * put events on the trail's stream names in this log group. Metric filters and alarms hang on
 * `logGroupName`.
 */
export class TrailLogGroup extends Construct implements ICloudWatchLogsTarget {
  public readonly logGroupName: string;
  /** Literal log group ARN (without the `:*` suffix). */
  public readonly logGroupArn: string;
  public readonly trailLogGroupArn: string;
  /** Literal delivery role ARN. */
  public readonly deliveryRoleArn: string;
  public readonly key: LogEncryptionKey;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly role: IamRole;
  public readonly dependables: readonly ITerraformDependable[];

  constructor(scope: Construct, id: string, props: TrailLogGroupProps) {
    super(scope, id);
    const trail = props.trail;
    const roleName = props.roleName ?? TRAIL_LOG_GROUP_DEFAULTS.roleName(trail.trailName);
    this.logGroupName = props.logGroupName ?? TRAIL_LOG_GROUP_DEFAULTS.logGroupName(trail.trailName);
    this.logGroupArn = logGroupArn(props.region, props.accountId, this.logGroupName);
    this.trailLogGroupArn = `${this.logGroupArn}:*`;
    this.deliveryRoleArn = iamRoleArn(props.accountId, roleName);
    if (props.allowDestroy) {
      recordOptOut(this, 'allowDestroy', `log group ${this.logGroupName} is not guarded by prevent_destroy`);
    }

    addPropValidation(this, () => [
      ...checkProp('logGroupName', this.logGroupName, logGroupNameProblems),
      ...checkProp('retentionInDays', props.retentionInDays, (d) => logRetentionProblems(d, true)),
      ...checkProp('roleName', roleName, iamRoleNameProblems),
    ]);
    this.key = resourceKey(this, 'Key', {
      accountId: props.accountId,
      region: props.region,
      aliasName: props.keyAliasName ?? TRAIL_LOG_GROUP_DEFAULTS.keyAliasName,
      description: `Encrypts the ${this.logGroupName} log group`,
      allowDestroy: props.allowDestroy,
      provider: props.provider,
      tags: props.tags,
    });
    // AWS's documented grant, scoped to this log group's encryption context (CloudWatch Logs
    // user guide, encrypt-log-data-kms).
    this.key.grantCloudWatchLogs('AllowCloudWatchLogsForTheTrailLogGroup', [this.logGroupArn]);

    this.logGroup = new CloudwatchLogGroup(this, 'LogGroup', {
      provider: props.provider,
      name: this.logGroupName,
      retentionInDays: props.retentionInDays ?? TRAIL_LOG_GROUP_DEFAULTS.retentionInDays,
      kmsKeyId: this.key.keyArn,
      tags: props.tags,
      lifecycle: { preventDestroy: !props.allowDestroy },
    });

    // CloudTrail does not send aws:SourceArn / aws:SourceAccount when it assumes this role (AWS:
    // "confused deputy prevention is not applicable" here), so a condition would break delivery.
    // The permissions below are what limit the role: this log group's trail streams only.
    const trust = new PolicyDocument([
      new PolicyStatement({
        sid: 'AllowCloudTrailToAssume',
        principal: { Service: 'cloudtrail.amazonaws.com' },
        actions: ['sts:AssumeRole'],
      }),
    ]);
    this.role = new IamRole(this, 'DeliveryRole', {
      provider: props.provider,
      name: roleName,
      description: `Lets CloudTrail deliver ${trail.trailArn} events to ${this.logGroupName}`,
      assumeRolePolicy: trust.render(),
      maxSessionDuration: 3600,
      tags: props.tags,
    });
    suppressCheck(
      this.role,
      'IamRoleTrustHasConfusedDeputyCondition',
      'AWS documents confused-deputy prevention as not applicable to the role CloudTrail assumes to deliver to CloudWatch Logs: CloudTrail sends no aws:SourceArn or aws:SourceAccount when it assumes it, so a condition would stop delivery (CloudTrail user guide, cw_role_policy).',
    );
    const streams = [`${this.logGroupArn}:log-stream:${trail.ownerAccountId}_CloudTrail_${props.region}*`];
    if (trail.organizationId) streams.push(`${this.logGroupArn}:log-stream:${trail.organizationId}_*`);
    const permissions = new PolicyDocument([
      new PolicyStatement({ sid: 'AllowCreateTrailLogStreams', actions: ['logs:CreateLogStream'], resources: streams }),
      new PolicyStatement({ sid: 'AllowPutTrailLogEvents', actions: ['logs:PutLogEvents'], resources: streams }),
    ]);
    const rolePolicy = new IamRolePolicy(this, 'DeliveryPolicy', {
      provider: props.provider,
      name: 'cloudtrail-to-cloudwatch-logs',
      role: this.role.id,
      policy: permissions.render(),
    });
    this.dependables = [this.logGroup, rolePolicy];
  }
}
