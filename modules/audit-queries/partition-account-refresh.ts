import * as path from 'node:path';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { bucketArn, glueArn, iamRoleArn, lambdaFunctionArn, logGroupArn, PARTITION, withPrefix } from '../arns';
import { type LambdaCode, LambdaCodeAsset } from '../lambda-code-asset';
import type { LogEncryptionKey } from '../log-encryption-key';
import { PolicyDocument, PolicyStatement } from '../policy-document';
import { logRetentionProblems } from '../rules/names';
import { problem } from '../rules/problem';
import { addPropValidation, checkProp } from '../rules/prop-validation';
import { lambdaFunctionNameProblems } from '../rules/service-names';

/**
 * Keeps the account enum of the CloudTrail tables current without anyone editing config: a
 * function (assets/partition-accounts/) that lists the archive's `AWSLogs/<organization id>/` and
 * `AWSLogs/` folders and adds every account it finds to the tables' `projection.account.values`,
 * run on a schedule by EventBridge Scheduler (scheduled rules are a legacy feature; AWS recommends
 * Scheduler: eventbridge/latest/userguide/eb-create-rule-schedule.html). No Organizations
 * permission; external accounts and accounts that left are found too.
 */

/** The handler's package. */
export const PARTITION_ACCOUNTS_CODE = {
  sourceDir: path.join('assets', 'partition-accounts'),
  entryName: 'index.mjs',
  handler: 'index.handler',
  zipName: 'partition-accounts.zip',
  label: 'partition account refresh',
} as const satisfies LambdaCode;

/** Defaults of the refresh (the config schema reuses them). */
export const PARTITION_ACCOUNT_REFRESH_DEFAULTS = {
  functionName: 'org-audit-query-accounts',
  /** Daily, as AWS's sample does; a new account's first logs arrive within minutes of joining. */
  intervalHours: 24,
  /** A year: a handful of lines a day, and the record of when each account became queryable. */
  logRetentionInDays: 365,
  /** Node.js 22: the newest runtime the pinned provider accepts; includes the AWS SDK for JavaScript v3. */
  runtime: 'nodejs22.x',
  architecture: 'arm64',
  memorySize: 128,
  /** Seconds: two LIST requests per 1,000 accounts and two Glue calls per table. */
  timeout: 60,
} as const;

/** The function names its scheduler's role `<functionName>-schedule`, and IAM role names have at most 64 characters. */
export const FUNCTION_NAME_FOR_SCHEDULER = {
  max: 55,
  rule: 'is longer than 55 characters; its scheduler role is named "<functionName>-schedule" and IAM role names have at most 64',
  fix: 'shorten it',
} as const;

export interface PartitionAccountRefreshProps {
  /** The querying account: function, role, schedule and tables live there. */
  readonly accountId: string;
  readonly region: string;
  readonly organizationId: string;
  readonly archiveBucketName: string;
  /** @default - none */
  readonly archiveKeyPrefix?: string;
  readonly databaseName: string;
  readonly organizationTableName: string;
  readonly accountTrailsTableName: string;
  /** Encrypts the function's log group (a grant for CloudWatch Logs is added). */
  readonly logKey: LogEncryptionKey;
  /** @default 'org-audit-query-accounts' */
  readonly functionName?: string;
  /** @default 24 */
  readonly intervalHours?: number;
  /** @default 365 */
  readonly logRetentionInDays?: number;
  /** @default false - the log group is guarded against `terraform destroy` */
  readonly allowDestroy?: boolean;
  /** @default - the stack's default provider */
  readonly provider?: TerraformProvider;
}

export class PartitionAccountRefresh extends Construct {
  public readonly functionName: string;
  public readonly functionArn: string;
  public readonly roleArn: string;
  public readonly logGroupName: string;
  public readonly logGroupArn: string;
  /** `[<prefix>/]AWSLogs/` and `[<prefix>/]AWSLogs/<organization id>/`: the only prefixes the function may list. */
  public readonly listedPrefixes: readonly string[];
  public readonly scheduleExpression: string;
  public readonly function: LambdaFunction;
  public readonly role: IamRole;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly schedule: SchedulerSchedule;
  public readonly schedulerRole: IamRole;
  public readonly code: LambdaCodeAsset;

  constructor(scope: Construct, id: string, props: PartitionAccountRefreshProps) {
    super(scope, id);
    const d = PARTITION_ACCOUNT_REFRESH_DEFAULTS;
    const { accountId, region, provider } = props;
    this.functionName = props.functionName ?? d.functionName;
    this.functionArn = lambdaFunctionArn(region, accountId, this.functionName);
    this.roleArn = iamRoleArn(accountId, this.functionName);
    this.logGroupName = `/aws/lambda/${this.functionName}`;
    this.logGroupArn = logGroupArn(region, accountId, this.logGroupName);
    const logsPrefix = withPrefix(props.archiveKeyPrefix, 'AWSLogs/');
    this.listedPrefixes = [logsPrefix, `${logsPrefix}${props.organizationId}/`];
    const hours = props.intervalHours ?? d.intervalHours;
    addPropValidation(this, () => [
      ...checkProp('functionName', this.functionName, lambdaFunctionNameProblems),
      // The scheduler's role is named after the function (IAM role names: at most 64 characters).
      ...checkProp('functionName', this.functionName, (name) =>
        name.length > FUNCTION_NAME_FOR_SCHEDULER.max
          ? [problem(name, FUNCTION_NAME_FOR_SCHEDULER.rule, FUNCTION_NAME_FOR_SCHEDULER.fix)]
          : [],
      ),
      ...checkProp('intervalHours', hours, (h) =>
        Number.isInteger(h) && h >= 1 && h <= 24
          ? []
          : [problem(h, 'must be a whole number of hours from 1 to 24: a new account would otherwise wait more than a day', 'use 1 to 24')],
      ),
      ...checkProp('logRetentionInDays', props.logRetentionInDays, (r) => logRetentionProblems(r)),
    ]);
    this.scheduleExpression = `rate(${hours} ${hours === 1 ? 'hour' : 'hours'})`;

    props.logKey.grantServiceUse({
      sid: 'AllowCloudWatchLogsForRefreshLogGroup',
      service: `logs.${region}.amazonaws.com`,
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      conditions: { ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': this.logGroupArn } },
    });
    this.logGroup = new CloudwatchLogGroup(this, 'LogGroup', {
      provider,
      name: this.logGroupName,
      retentionInDays: props.logRetentionInDays ?? d.logRetentionInDays,
      kmsKeyId: props.logKey.keyArn,
      lifecycle: { preventDestroy: !props.allowDestroy },
    });

    this.role = new IamRole(this, 'Role', {
      provider,
      name: this.functionName,
      description: 'Adds the archive accounts it finds to the audit query tables (partition projection enum)',
      assumeRolePolicy: lambdaTrust(accountId).render(),
      maxSessionDuration: 3600,
    });
    const rolePolicy = new IamRolePolicy(this, 'RolePolicy', {
      provider,
      name: 'partition-account-refresh',
      role: this.role.id,
      policy: this.rolePolicyDocument(props).render(),
    });

    this.code = new LambdaCodeAsset(this, 'Code', PARTITION_ACCOUNTS_CODE);
    this.function = new LambdaFunction(this, 'Function', {
      provider,
      functionName: this.functionName,
      description: 'Adds every account found under the archive AWSLogs/ folders to the Athena CloudTrail tables',
      role: this.role.arn,
      runtime: d.runtime,
      architectures: [d.architecture],
      handler: this.code.handler,
      filename: this.code.filename,
      sourceCodeHash: this.code.sourceCodeHash,
      memorySize: d.memorySize,
      timeout: d.timeout,
      environment: {
        variables: {
          ARCHIVE_BUCKET: props.archiveBucketName,
          LOGS_PREFIX: logsPrefix,
          ORGANIZATION_ID: props.organizationId,
          DATABASE_NAME: props.databaseName,
          ORGANIZATION_TABLE: props.organizationTableName,
          ACCOUNT_TRAILS_TABLE: props.accountTrailsTableName,
        },
      },
      loggingConfig: { logFormat: 'JSON', logGroup: this.logGroupName, applicationLogLevel: 'INFO', systemLogLevel: 'WARN' },
      // The role cannot create its log group, and needs its permissions before the first run.
      dependsOn: [this.logGroup, rolePolicy],
    });

    // EventBridge Scheduler assumes this role to invoke the function. Its trust names this account
    // and the schedule (scheduler/latest/UserGuide/setting-up.html, "Set up the execution role";
    // Scheduler may present the schedule's or its group's ARN as aws:SourceArn, so both are listed).
    const scheduleName = this.functionName;
    const scheduleArn = `arn:${PARTITION}:scheduler:${region}:${accountId}:schedule/default/${scheduleName}`;
    const groupArn = `arn:${PARTITION}:scheduler:${region}:${accountId}:schedule-group/default`;
    this.schedulerRole = new IamRole(this, 'SchedulerRole', {
      provider,
      name: `${this.functionName}-schedule`,
      description: `Lets EventBridge Scheduler invoke ${this.functionName}`,
      assumeRolePolicy: new PolicyDocument([
        new PolicyStatement({
          sid: 'AllowSchedulerToAssume',
          principal: { Service: 'scheduler.amazonaws.com' },
          actions: ['sts:AssumeRole'],
          conditions: { StringEquals: { 'aws:SourceAccount': accountId }, ArnEquals: { 'aws:SourceArn': [scheduleArn, groupArn] } },
        }),
      ]).render(),
      maxSessionDuration: 3600,
    });
    const schedulerPolicy = new IamRolePolicy(this, 'SchedulerRolePolicy', {
      provider,
      name: 'invoke-partition-account-refresh',
      role: this.schedulerRole.id,
      policy: new PolicyDocument([
        new PolicyStatement({ sid: 'AllowInvokeRefreshFunction', actions: ['lambda:InvokeFunction'], resources: [this.functionArn] }),
      ]).render(),
    });
    this.schedule = new SchedulerSchedule(this, 'Schedule', {
      provider,
      name: scheduleName,
      groupName: 'default',
      description: `Runs ${this.functionName}: new accounts become queryable without editing config`,
      scheduleExpression: this.scheduleExpression,
      flexibleTimeWindow: { mode: 'FLEXIBLE', maximumWindowInMinutes: 60 },
      state: 'ENABLED',
      target: {
        arn: this.function.arn,
        roleArn: this.schedulerRole.arn,
        // A missed run is retried; the next run lists everything again anyway.
        retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 },
      },
      dependsOn: [schedulerPolicy],
    });
  }

  /**
   * The function's permissions: its own log group; ListBucket on the archive only for the two
   * folders it lists, one level deep; GetTable and UpdateTable on the two tables (Glue checks the
   * catalog and the database too: glue/latest/dg/glue-specifying-resource-arns.html).
   */
  private rolePolicyDocument(props: PartitionAccountRefreshProps): PolicyDocument {
    const glue = (resource: string) => glueArn(props.region, props.accountId, resource);
    return new PolicyDocument([
      new PolicyStatement({
        sid: 'AllowWriteOwnLogGroup',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [`${this.logGroupArn}:*`],
      }),
      new PolicyStatement({
        sid: 'AllowListArchiveAccountFolders',
        actions: ['s3:ListBucket'],
        resources: [bucketArn(props.archiveBucketName)],
        conditions: { StringEquals: { 's3:prefix': [...this.listedPrefixes], 's3:delimiter': '/' } },
      }),
      new PolicyStatement({
        sid: 'AllowUpdateTableAccounts',
        actions: ['glue:GetTable', 'glue:UpdateTable'],
        resources: [
          glue('catalog'),
          glue(`database/${props.databaseName}`),
          glue(`table/${props.databaseName}/${props.organizationTableName}`),
          glue(`table/${props.databaseName}/${props.accountTrailsTableName}`),
        ],
      }),
    ]);
  }
}

/**
 * Lambda's trust. `aws:SourceAccount` pins it to functions of this account, as AWS's own samples
 * write it (aws/agent-toolkit-for-aws, serverless-skills lambda-trust-policy.json) and the IAM
 * guide's confused-deputy page recommends. Not `aws:SourceArn`: the Lambda guide applies it only
 * where the function is the target (lambda-intro-execution-role.html), so Lambda may not send it
 * when it assumes the role, and CreateFunction would then fail.
 */
function lambdaTrust(accountId: string): PolicyDocument {
  return new PolicyDocument([
    new PolicyStatement({
      sid: 'AllowLambdaToAssume',
      principal: { Service: 'lambda.amazonaws.com' },
      actions: ['sts:AssumeRole'],
      conditions: { StringEquals: { 'aws:SourceAccount': accountId } },
    }),
  ]);
}
