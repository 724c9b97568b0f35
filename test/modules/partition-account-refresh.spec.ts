import * as fs from 'node:fs';
import * as path from 'node:path';
import { ACCOUNT_VALUES_PARAMETER } from '../../modules/audit-queries/cloudtrail-table';
import {
  PARTITION_ACCOUNTS_CODE,
  PartitionAccountRefresh,
  type PartitionAccountRefreshProps,
} from '../../modules/audit-queries/partition-account-refresh';
import { LogEncryptionKey } from '../../modules/log-encryption-key';
import { REPO_ROOT } from '../support/config';
import { AUDIT, ORGANIZATION_ID, resourceAt, statementsOf } from '../support/modules';
import { type SynthesizedJson, synthJson, testStack } from '../support/synth';

const REGION = 'eu-west-1';
const BUCKET = 'org-archive-222222222222';
const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${AUDIT}:function:org-audit-query-accounts`;
const LOG_GROUP_ARN = `arn:aws:logs:${REGION}:${AUDIT}:log-group:/aws/lambda/org-audit-query-accounts`;

function build(props: Partial<PartitionAccountRefreshProps> = {}): { refresh: PartitionAccountRefresh; json: SynthesizedJson } {
  const stack = testStack(REGION);
  const logKey = new LogEncryptionKey(stack, 'Key', {
    accountId: AUDIT,
    region: REGION,
    aliasName: 'alias/test',
    allowRootKeyAdministration: true,
  });
  const refresh = new PartitionAccountRefresh(stack, 'Refresh', {
    accountId: AUDIT,
    region: REGION,
    organizationId: ORGANIZATION_ID,
    archiveBucketName: BUCKET,
    archiveKeyPrefix: 'trails',
    databaseName: 'audit_db',
    organizationTableName: 'org_table',
    accountTrailsTableName: 'account_table',
    logKey,
    ...props,
  });
  return { refresh, json: synthJson(stack) };
}

describe('PartitionAccountRefresh', () => {
  it('runs the shipped handler on Node.js 22 with the tables and folders it refreshes in its environment', () => {
    const { json, refresh } = build();
    expect(resourceAt(json, 'aws_lambda_function', 'Refresh/Function')).toMatchObject({
      function_name: 'org-audit-query-accounts',
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      handler: 'index.handler',
      memory_size: 128,
      timeout: 60,
      source_code_hash: refresh.code.sourceCodeHash,
      environment: {
        variables: {
          ARCHIVE_BUCKET: BUCKET,
          LOGS_PREFIX: 'trails/AWSLogs/',
          ORGANIZATION_ID,
          DATABASE_NAME: 'audit_db',
          ORGANIZATION_TABLE: 'org_table',
          ACCOUNT_TRAILS_TABLE: 'account_table',
        },
      },
      logging_config: { log_format: 'JSON', log_group: '/aws/lambda/org-audit-query-accounts' },
    });
    expect(refresh.functionArn).toBe(FUNCTION_ARN);
    expect(refresh.listedPrefixes).toEqual(['trails/AWSLogs/', `trails/AWSLogs/${ORGANIZATION_ID}/`]);
  });

  it('ships the handler folder and names the table parameter the tables leave to it', () => {
    expect(fs.existsSync(path.join(REPO_ROOT, PARTITION_ACCOUNTS_CODE.sourceDir, PARTITION_ACCOUNTS_CODE.entryName))).toBe(true);
    const handler = fs.readFileSync(path.join(REPO_ROOT, 'assets', 'partition-accounts', 'index.mjs'), 'utf8');
    expect(handler).toContain(`export const ACCOUNT_VALUES_PARAMETER = '${ACCOUNT_VALUES_PARAMETER}';`);
    expect(handler).not.toMatch(/from '(?!@aws-sdk\/)[^.]/);
  });

  it('keeps its log group a year, encrypted with the given key', () => {
    const { json } = build();
    expect(resourceAt(json, 'aws_cloudwatch_log_group', 'Refresh/LogGroup')).toMatchObject({
      name: '/aws/lambda/org-audit-query-accounts',
      retention_in_days: 365,
      kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\.Key_[A-F0-9]{8}\.arn\}$/),
      lifecycle: { prevent_destroy: true },
    });
  });

  it('may write its log group, list only the two AWSLogs folders one level deep, and read and update only the two tables', () => {
    const { json } = build();
    const glue = (r: string) => `arn:aws:glue:${REGION}:${AUDIT}:${r}`;
    expect(statementsOf(resourceAt(json, 'aws_iam_role_policy', 'Refresh/RolePolicy'))).toEqual([
      {
        Sid: 'AllowWriteOwnLogGroup',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: `${LOG_GROUP_ARN}:*`,
      },
      {
        Sid: 'AllowListArchiveAccountFolders',
        Effect: 'Allow',
        Action: 's3:ListBucket',
        Resource: `arn:aws:s3:::${BUCKET}`,
        Condition: { StringEquals: { 's3:prefix': ['trails/AWSLogs/', `trails/AWSLogs/${ORGANIZATION_ID}/`], 's3:delimiter': '/' } },
      },
      {
        Sid: 'AllowUpdateTableAccounts',
        Effect: 'Allow',
        Action: ['glue:GetTable', 'glue:UpdateTable'],
        Resource: [glue('catalog'), glue('database/audit_db'), glue('table/audit_db/org_table'), glue('table/audit_db/account_table')],
      },
    ]);
  });

  it('is assumed by Lambda for functions of its own account only', () => {
    const { json } = build();
    expect(statementsOf(resourceAt(json, 'aws_iam_role', 'Refresh/Role'), 'assume_role_policy')).toEqual([
      {
        Sid: 'AllowLambdaToAssume',
        Effect: 'Allow',
        Principal: { Service: 'lambda.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'aws:SourceAccount': AUDIT } },
      },
    ]);
  });

  it('runs daily from EventBridge Scheduler, whose role may invoke only this function and trusts only this schedule', () => {
    const { json } = build();
    expect(resourceAt(json, 'aws_scheduler_schedule', 'Refresh/Schedule')).toMatchObject({
      name: 'org-audit-query-accounts',
      group_name: 'default',
      schedule_expression: 'rate(24 hours)',
      state: 'ENABLED',
      target: { retry_policy: { maximum_retry_attempts: 2, maximum_event_age_in_seconds: 3600 } },
    });
    expect(statementsOf(resourceAt(json, 'aws_iam_role_policy', 'Refresh/SchedulerRolePolicy'))).toEqual([
      { Sid: 'AllowInvokeRefreshFunction', Effect: 'Allow', Action: 'lambda:InvokeFunction', Resource: FUNCTION_ARN },
    ]);
    expect(statementsOf(resourceAt(json, 'aws_iam_role', 'Refresh/SchedulerRole'), 'assume_role_policy')).toEqual([
      {
        Sid: 'AllowSchedulerToAssume',
        Effect: 'Allow',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Action: 'sts:AssumeRole',
        Condition: {
          StringEquals: { 'aws:SourceAccount': AUDIT },
          ArnEquals: {
            'aws:SourceArn': [
              `arn:aws:scheduler:${REGION}:${AUDIT}:schedule/default/org-audit-query-accounts`,
              `arn:aws:scheduler:${REGION}:${AUDIT}:schedule-group/default`,
            ],
          },
        },
      },
    ]);
  });

  it('takes an interval of 1 to 24 hours', () => {
    expect(build({ intervalHours: 1 }).refresh.scheduleExpression).toBe('rate(1 hour)');
    expect(build({ intervalHours: 6 }).refresh.scheduleExpression).toBe('rate(6 hours)');
    expect(() => build({ intervalHours: 25 })).toThrow(
      'test/Refresh: intervalHours: 25 must be a whole number of hours from 1 to 24: a new account would otherwise wait more than a day. Fix: use 1 to 24',
    );
  });

  it('refuses at synth a function name Lambda refuses, and one too long for its scheduler role', () => {
    expect(() => build({ functionName: 'audit query accounts' })).toThrow(
      'test/Refresh: functionName: "audit query accounts" is not a Lambda function name (1-64 of letters, digits, - and _). Fix: use only those characters',
    );
    const long = 'f'.repeat(56);
    expect(() => build({ functionName: long })).toThrow(
      `test/Refresh: functionName: "${long}" is longer than 55 characters; its scheduler role is named "<functionName>-schedule" and IAM role names have at most 64. Fix: shorten it`,
    );
    expect(() => build({ logRetentionInDays: 0 })).toThrow(
      'test/Refresh: logRetentionInDays: 0 is not a retention CloudWatch Logs accepts.',
    );
  });
});
