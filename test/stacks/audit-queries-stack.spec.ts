/**
 * The audit-queries stack: Athena over the archive from the querying account (the audit account
 * by default), built from config; expectations derived from the example config.
 */
import { COMMERCIAL_REGIONS } from '../../stacks/config';
import { exampleConfig } from '../support/config';
import { resourceAt, statementsOf, statementWithSid } from '../support/modules';
import { buildExample, resourceCount } from '../support/synth';

const example = exampleConfig();
const built = buildExample(example);
const json = built.synth('audit-queries');
const region = example.homeRegion;
const audit = example.auditAccountId;

describe('AuditQueriesStack', () => {
  it('is built in the audit account and home region, assuming the deployment role there', () => {
    expect(built.stacks.all.find((s) => s.name === 'audit-queries')).toMatchObject({ accountId: audit, region, order: 7 });
    expect(json.provider.aws).toEqual([
      expect.objectContaining({
        region,
        allowed_account_ids: [audit],
        assume_role: [expect.objectContaining({ role_arn: `arn:aws:iam::${audit}:role/${example.deployment.roleName}` })],
      }),
    ]);
  });

  it('reads the archive key ARN from the log-archive state, for the auditor policy', () => {
    expect(Object.keys(json.data?.terraform_remote_state ?? {})).toEqual(['LogArchiveState']);
    const decrypt = statementWithSid(
      statementsOf(resourceAt(json, 'aws_iam_policy', 'AuditQueries/AccessPolicy')),
      'AllowDecryptArchiveLogsThroughS3',
    );
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform expression, not a JS template
    expect(decrypt.Resource).toBe('${data.terraform_remote_state.LogArchiveState.outputs.archive_key_arn}');
  });

  it('projects the organization accounts the config names, the account trails, every region and every archived day', () => {
    const org = resourceAt(json, 'aws_glue_catalog_table', 'AuditQueries/OrganizationTable').parameters as Record<string, string>;
    const accounts = resourceAt(json, 'aws_glue_catalog_table', 'AuditQueries/AccountTrailsTable').parameters as Record<string, string>;
    expect(org['projection.account.values']).toBe([example.managementAccountId, example.logArchiveAccountId, audit].sort().join(','));
    expect(accounts['projection.account.values']).toBe([example.managementAccountId, ...example.externalAccountIds].sort().join(','));
    expect(org['projection.region.values'].split(',')).toEqual([...COMMERCIAL_REGIONS, 'ap-east-2', 'ap-southeast-6']);
    expect(org['projection.date.range']).toBe(`NOW-${example.archive.lifecycle.expirationDays}DAYS,NOW`);
    expect(org['storage.location.template']).toBe(
      `s3://${example.archiveBucketName}/${example.archive.keyPrefix}/AWSLogs/${example.organizationId}/$\${account}/CloudTrail/$\${region}/$\${date}/`,
    );
  });

  it('names the results bucket after the account and region, as Athena names its own', () => {
    expect(resourceAt(json, 'aws_s3_bucket', 'AuditQueries/Results/Storage/Bucket').bucket).toBe(`audit-query-results-${audit}-${region}`);
  });

  it('takes names, cap, expiry, start date, regions and refresh from auditQueries', () => {
    const custom = buildExample(
      exampleConfig((c) => {
        c.auditQueries = {
          databaseName: 'sec_logs',
          tableName: 'org_trail',
          accountTrailsTableName: 'other_trails',
          workgroupName: 'security.audit',
          bytesScannedCutoffPerQuery: 20_000_000,
          resultsBucketName: 'acme-audit-results',
          resultsExpirationDays: 3,
          startDate: '2024-02-29',
          projectedRegions: ['eu-west-1', 'eu-central-1', 'us-east-1'],
          keyAlias: 'alias/audit',
          queryPolicyName: 'auditors',
          accountRefresh: { functionName: 'refresh-accounts', intervalHours: 6, logRetentionDays: 30 },
        };
      }),
    ).synth('audit-queries');
    expect(resourceAt(custom, 'aws_glue_catalog_table', 'AuditQueries/OrganizationTable')).toMatchObject({
      database_name: 'sec_logs',
      name: 'org_trail',
      parameters: { 'projection.date.range': '2024/02/29,NOW', 'projection.region.values': 'eu-west-1,eu-central-1,us-east-1' },
    });
    expect(resourceAt(custom, 'aws_glue_catalog_table', 'AuditQueries/AccountTrailsTable').name).toBe('other_trails');
    expect(resourceAt(custom, 'aws_athena_workgroup', 'AuditQueries/Workgroup')).toMatchObject({
      name: 'security.audit',
      configuration: { bytes_scanned_cutoff_per_query: 20000000, result_configuration: { output_location: 's3://acme-audit-results/' } },
    });
    expect(resourceAt(custom, 'aws_s3_bucket_lifecycle_configuration', 'AuditQueries/Results/Lifecycle')).toMatchObject({
      rule: [{ expiration: [{ days: 3 }] }],
    });
    expect(resourceAt(custom, 'aws_kms_alias', 'AuditQueries/Key/Alias').name).toBe('alias/audit');
    expect(resourceAt(custom, 'aws_iam_policy', 'AuditQueries/AccessPolicy').name).toBe('auditors');
    expect(resourceAt(custom, 'aws_lambda_function', 'AuditQueries/AccountRefresh/Function').function_name).toBe('refresh-accounts');
    expect(resourceAt(custom, 'aws_scheduler_schedule', 'AuditQueries/AccountRefresh/Schedule').schedule_expression).toBe('rate(6 hours)');
    expect(resourceAt(custom, 'aws_cloudwatch_log_group', 'AuditQueries/AccountRefresh/LogGroup').retention_in_days).toBe(30);
  });

  it('moves to the log-archive account when auditQueries.accountId says so', () => {
    const inArchive = buildExample(
      exampleConfig((c) => {
        c.auditQueries = { accountId: c.logArchiveAccountId };
      }),
    );
    expect(inArchive.stacks.all.find((s) => s.name === 'audit-queries')?.accountId).toBe(example.logArchiveAccountId);
  });

  it('keeps the account lists config-only, without function or schedule, when the refresh is off', () => {
    const off = buildExample(
      exampleConfig((c) => {
        c.auditQueries = { accountRefresh: { enabled: false } };
      }),
    ).synth('audit-queries');
    expect(resourceCount(off, 'aws_lambda_function')).toBe(0);
    expect(resourceCount(off, 'aws_scheduler_schedule')).toBe(0);
    expect(resourceAt(off, 'aws_glue_catalog_table', 'AuditQueries/OrganizationTable').lifecycle).toBeUndefined();
  });

  it('is not built, and adds no reader, when auditQueries.enabled is false', () => {
    const off = buildExample(
      exampleConfig((c) => {
        c.auditQueries = { enabled: false };
        (c.archive as { readerAccountIds: string[] }).readerAccountIds = [];
      }),
    );
    expect(off.stacks.has('audit-queries')).toBe(false);
    expect(JSON.stringify(off.synth('log-archive'))).not.toContain('AllowLogReaders');
  });

  it('outputs the database, tables, workgroup, results bucket and key, auditor policy, saved queries and refresh function', () => {
    expect(Object.keys(json.output ?? {}).sort()).toEqual(
      [
        'account_refresh_function_name',
        'account_trails_table_name',
        'database_name',
        'named_query_ids',
        'organization_table_name',
        'query_policy_arn',
        'results_bucket_name',
        'results_key_arn',
        'workgroup_name',
      ].sort(),
    );
    expect(json.output?.workgroup_name.value).toBe('org-audit-queries');
    expect(json.output?.query_policy_arn.value).toBe(`arn:aws:iam::${audit}:policy/org-audit-queries`);
    expect(Object.keys(json.output?.named_query_ids.value as object)).toContain('codedeploy-changes');
  });
});
