import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import type { ITerraformDependable, TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { iamRoleArn, logGroupArn } from './arns';
import { LogEncryptionKey } from './log-encryption-key';
import type { ICloudWatchLogsDelivery } from './organization-trail';
import { PolicyDocument, PolicyStatement } from './policy-document';

export interface TrailLogGroupProps {
  readonly logGroupName: string;
  /** Account and region of the log group (the trail's account and home region). */
  readonly accountId: string;
  readonly region: string;
  /** Literal ARN of the trail that delivers here (the management account's trail ARN). */
  readonly trailArn: string;
  /** Account whose ID prefixes the trail's log streams (the management account for an organization trail). */
  readonly trailOwnerAccountId: string;
  /** @default - none: a single-account trail (no `<org id>_*` streams) */
  readonly organizationId?: string;
  /** @default 365 (CIS / CloudWatch.16 want at least a year) */
  readonly retentionInDays?: number;
  readonly keyAliasName: string;
  readonly roleName: string;
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
export class TrailLogGroup extends Construct implements ICloudWatchLogsDelivery {
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
    this.logGroupName = props.logGroupName;
    this.logGroupArn = logGroupArn(props.region, props.accountId, props.logGroupName);
    this.trailLogGroupArn = `${this.logGroupArn}:*`;
    this.deliveryRoleArn = iamRoleArn(props.accountId, props.roleName);

    this.key = new LogEncryptionKey(this, 'Key', {
      accountId: props.accountId,
      region: props.region,
      aliasName: props.keyAliasName,
      description: `Encrypts the ${props.logGroupName} log group`,
      allowDestroy: props.allowDestroy,
      provider: props.provider,
      tags: props.tags,
    });
    this.key.grantToService(
      'AllowCloudWatchLogsForTheTrailLogGroup',
      `logs.${props.region}.amazonaws.com`,
      ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': this.logGroupArn } },
    );

    this.logGroup = new CloudwatchLogGroup(this, 'LogGroup', {
      provider: props.provider,
      name: props.logGroupName,
      retentionInDays: props.retentionInDays ?? 365,
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
      name: props.roleName,
      description: `Lets CloudTrail deliver ${props.trailArn} events to ${props.logGroupName}`,
      assumeRolePolicy: trust.render(),
      maxSessionDuration: 3600,
      tags: props.tags,
    });
    const streams = [`${this.logGroupArn}:log-stream:${props.trailOwnerAccountId}_CloudTrail_${props.region}*`];
    if (props.organizationId) streams.push(`${this.logGroupArn}:log-stream:${props.organizationId}_*`);
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
