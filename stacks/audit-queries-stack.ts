import type { Construct } from 'constructs';
import { AuditQueries } from '../modules/audit-queries/audit-queries';
import { suppressCheck } from '../modules/check-suppressions';
import { AccountStack } from './account-stack';
import { projectedRegions, projectionStartDate, queryAccountId, queryResultsBucketName } from './config/audit-queries';
import { archiveAdministrators, delegatedAdministrators } from './config/derived-names';
import type { OrganizationConfig } from './config/schema';
import { LOG_ARCHIVE_OUTPUTS, LOG_ARCHIVE_STACK } from './log-archive-stack';
import type { StackContext, StackKind } from './registry';

export const AUDIT_QUERIES_STACK = 'audit-queries';

/** Names of this stack's outputs (scripts and the README read them). */
export const AUDIT_QUERIES_OUTPUTS = {
  databaseName: 'database_name',
  organizationTableName: 'organization_table_name',
  accountTrailsTableName: 'account_trails_table_name',
  workgroupName: 'workgroup_name',
  resultsBucketName: 'results_bucket_name',
  resultsKeyArn: 'results_key_arn',
  queryPolicyArn: 'query_policy_arn',
  namedQueryIds: 'named_query_ids',
  refreshFunctionName: 'account_refresh_function_name',
} as const;

export const AUDIT_QUERIES_KIND: StackKind = {
  kind: 'audit-queries',
  // After the archive (its reader grants admit this account; its key ARN is read from its state)
  // and the trails (the refresh function's first run then finds their folders).
  order: 7,
  definitions: (config) =>
    config.auditQueries.enabled
      ? [
          {
            name: AUDIT_QUERIES_STACK,
            accountId: queryAccountId(config),
            region: config.homeRegion,
            role: 'audit queries (Athena over the archive: tables, workgroup, saved questions)',
            build: (scope, context) => new AuditQueriesStack(scope, context),
          },
        ]
      : [],
};

/**
 * The querying account (the audit account unless `auditQueries.accountId` says otherwise): Athena
 * over the archive in place. It reads the archive as one of its readers (the log-archive stack adds
 * this account to the archive's reader statements) and never writes there.
 */
export class AuditQueriesStack extends AccountStack {
  public readonly queries: AuditQueries;

  constructor(scope: Construct, context: StackContext) {
    super(scope, context);
    const config = this.config;
    const q = config.auditQueries;
    const archive = this.outputsOf(LOG_ARCHIVE_STACK, 'LogArchiveState');
    this.queries = new AuditQueries(this, 'AuditQueries', {
      accountId: this.accountId,
      region: this.region,
      organizationId: config.organizationId,
      archiveBucketName: config.archiveBucketName,
      archiveKeyPrefix: config.archive.keyPrefix,
      archiveKeyArn: archive.getString(LOG_ARCHIVE_OUTPUTS.keyArn),
      organizationAccountIds: organizationAccounts(config),
      // Account trails write under AWSLogs/<account>/: the external accounts, and the management
      // account should the organization trail ever become its account trail.
      accountTrailAccountIds: [config.managementAccountId, ...config.externalAccountIds],
      regions: projectedRegions(config),
      startDate: projectionStartDate(config),
      resultsBucketName: queryResultsBucketName(config),
      administrators: archiveAdministrators(config, this.accountId),
      databaseName: q.databaseName,
      organizationTableName: q.tableName,
      accountTrailsTableName: q.accountTrailsTableName,
      workgroupName: q.workgroupName,
      bytesScannedCutoffPerQuery: q.bytesScannedCutoffPerQuery,
      resultsExpirationDays: q.resultsExpirationDays,
      keyAliasName: q.keyAlias,
      queryPolicyName: q.queryPolicyName,
      accountRefresh: q.accountRefresh.enabled
        ? {
            functionName: q.accountRefresh.functionName,
            intervalHours: q.accountRefresh.intervalHours,
            logRetentionInDays: q.accountRefresh.logRetentionDays,
          }
        : false,
      provider: this.provider,
    });
    this.recordExceptions();

    const a = this.queries;
    const out = AUDIT_QUERIES_OUTPUTS;
    this.output(out.databaseName, a.databaseName, 'Glue database of the CloudTrail tables');
    this.output(out.organizationTableName, a.organizationTable.tableName, 'The organization trail, partition-projected');
    this.output(out.accountTrailsTableName, a.accountTrailsTable.tableName, 'Account trails (external accounts), partition-projected');
    this.output(
      out.workgroupName,
      a.workgroup.workgroupName,
      'Athena workgroup to run audit queries in (enforced: encrypted results, scan cap)',
    );
    this.output(out.resultsBucketName, a.resultsBucket.bucketName, 'Where query results are written (encrypted, expiring)');
    this.output(out.resultsKeyArn, a.key.keyArn, 'KMS key of the query results and the refresh logs');
    this.output(out.queryPolicyArn, a.accessPolicy.policyArn, 'Attach to the roles that may run audit queries');
    this.output(
      out.namedQueryIds,
      Object.fromEntries([...a.namedQueries.queries].map(([name, query]) => [name, query.id])),
      'Saved audit questions by name: aws athena get-named-query --named-query-id <id>',
    );
    if (a.refresh) this.output(out.refreshFunctionName, a.refresh.functionName, 'Adds new accounts to the tables; run it once after apply');
  }

  /** The rule pack's findings that do not apply here, each with the reason a reviewer reads. */
  private recordExceptions(): void {
    suppressCheck(
      this.queries.resultsBucket.hardened.bucket,
      'S3BucketAccessLogging',
      'The results bucket holds transient query output that expires within days; every query that writes it is recorded by CloudTrail (Athena StartQueryExecution with the workgroup and the query text), so server access logs would add cost without adding evidence.',
    );
    suppressCheck(
      this.queries.resultsBucket.hardened.bucket,
      'S3BucketObjectLockEnabled',
      'Query results are working copies meant to expire within days, not evidence: object lock would keep every version for its retention whatever the lifecycle says, and the evidence itself stays locked in the archive.',
    );
    const refresh = this.queries.refresh;
    if (refresh) {
      suppressCheck(
        refresh.function,
        'LambdaFunctionHasConcurrencyLimitOrDlq',
        'A failed refresh loses nothing: the next scheduled run lists the archive folders again from scratch, and the schedule itself retries twice. Reserved concurrency could fail the first apply in accounts with a low concurrency quota, and a dead-letter queue would only hold empty schedule events.',
      );
    }
  }
}

/** Every organization account the config names: what the organization table projects before the first refresh. */
function organizationAccounts(c: OrganizationConfig): string[] {
  return [
    ...new Set([
      c.managementAccountId,
      c.logArchiveAccountId,
      c.auditAccountId,
      queryAccountId(c),
      ...delegatedAdministrators(c),
      ...c.archive.readerAccountIds,
    ]),
  ];
}
