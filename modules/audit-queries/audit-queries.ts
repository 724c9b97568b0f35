import { GlueCatalogDatabase } from '@cdktf/provider-aws/lib/glue-catalog-database';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import type { KeyAdministrators } from '../key-policy-statements';
import { LogEncryptionKey } from '../log-encryption-key';
import { organizationIdProblems } from '../rules/identifiers';
import { addPropValidation, checkProp } from '../rules/prop-validation';
import { bucketNameProblems, trailKeyPrefixProblems } from '../rules/s3';
import { glueNameProblems } from '../rules/service-names';
import type { CloudTrailColumn } from './cloudtrail-columns';
import { CloudTrailTable } from './cloudtrail-table';
import { AuditNamedQueries } from './named-queries';
import { PartitionAccountRefresh } from './partition-account-refresh';
import { AuditQueryAccessPolicy, QUERY_ACCESS_POLICY_DEFAULTS } from './query-access-policy';
import { QueryResultsBucket } from './query-results-bucket';
import { AuditQueryWorkgroup } from './query-workgroup';
import { AUDIT_QUESTIONS, type AuditQuestion } from './questions';

/**
 * Audit questions over the archive in place, with Amazon Athena, from the querying account: a Glue
 * database with two partition-projected CloudTrail tables (the organization trail's folders and the
 * account trails' folders), a workgroup that enforces encrypted results in a hardened bucket and a
 * scan cap, the questions as saved queries, a function that keeps the tables' account lists
 * current, and the managed policy that makes a principal an auditor. Idle, it costs the results
 * key ($1 a month) and a daily function run; queries cost what they scan.
 *
 * The archive must admit the querying account as a reader (its bucket policy and key policy: see
 * `LogArchiveBucket.grantRead`); this construct lives in the querying account and never writes there.
 */

/** Defaults of the Glue names (the config schema reuses them). */
export const AUDIT_QUERIES_DEFAULTS = {
  databaseName: 'org_audit_logs',
  organizationTableName: 'cloudtrail',
  accountTrailsTableName: 'cloudtrail_account_trails',
  workgroupName: 'org-audit-queries',
  keyAliasName: 'alias/org-audit-queries',
} as const;

export interface AuditQueriesProps {
  /** The querying account. */
  readonly accountId: string;
  /** Region of the archive bucket: Athena reads it from there, and the archive key admits decrypts through S3 in that region only. */
  readonly region: string;
  readonly organizationId: string;
  readonly archiveBucketName: string;
  /** @default - none */
  readonly archiveKeyPrefix?: string;
  /** The archive key's ARN (auditors decrypt through S3 with it). */
  readonly archiveKeyArn: string;
  /** @default CLOUDTRAIL_COLUMNS - the documented CloudTrail columns */
  readonly columns?: readonly CloudTrailColumn[];
  /** @default AUDIT_QUESTIONS - the audit questions, saved as named queries */
  readonly questions?: readonly AuditQuestion[];
  /** Accounts the organization table projects before the refresh function runs. */
  readonly organizationAccountIds: readonly string[];
  /** Accounts the account-trails table projects before the refresh function runs. */
  readonly accountTrailAccountIds: readonly string[];
  /** Every region a multi-region trail can log. */
  readonly regions: readonly string[];
  /** First projected day: `yyyy/MM/dd` or `NOW-<n>DAYS`. */
  readonly startDate: string;
  readonly resultsBucketName: string;
  /** Who administers the results key and bucket (no `root` `kms:*`). */
  readonly administrators: KeyAdministrators;
  /** @default AUDIT_QUERIES_DEFAULTS.databaseName */
  readonly databaseName?: string;
  /** @default AUDIT_QUERIES_DEFAULTS.organizationTableName */
  readonly organizationTableName?: string;
  /** @default AUDIT_QUERIES_DEFAULTS.accountTrailsTableName */
  readonly accountTrailsTableName?: string;
  /** @default AUDIT_QUERIES_DEFAULTS.workgroupName */
  readonly workgroupName?: string;
  /** @default 10 GiB */
  readonly bytesScannedCutoffPerQuery?: number;
  /** @default 30 */
  readonly resultsExpirationDays?: number;
  /** @default AUDIT_QUERIES_DEFAULTS.keyAliasName */
  readonly keyAliasName?: string;
  /** @default 'org-audit-queries' */
  readonly queryPolicyName?: string;
  /**
   * The scheduled function that adds new accounts to the tables, or `false` to keep the lists as
   * configured. @default - on, daily
   */
  readonly accountRefresh?:
    | false
    | { readonly functionName?: string; readonly intervalHours?: number; readonly logRetentionInDays?: number };
  /** @default - the stack's default provider */
  readonly provider?: TerraformProvider;
}

export class AuditQueries extends Construct {
  public readonly key: LogEncryptionKey;
  public readonly resultsBucket: QueryResultsBucket;
  public readonly database: GlueCatalogDatabase;
  public readonly databaseName: string;
  public readonly organizationTable: CloudTrailTable;
  public readonly accountTrailsTable: CloudTrailTable;
  public readonly workgroup: AuditQueryWorkgroup;
  public readonly namedQueries: AuditNamedQueries;
  public readonly accessPolicy: AuditQueryAccessPolicy;
  public readonly refresh?: PartitionAccountRefresh;

  constructor(scope: Construct, id: string, props: AuditQueriesProps) {
    super(scope, id);
    const d = AUDIT_QUERIES_DEFAULTS;
    const { accountId, region, provider } = props;
    const adminArns = [
      props.administrators.deploymentRoleArn,
      ...(props.administrators.breakGlassRoleArn ? [props.administrators.breakGlassRoleArn] : []),
    ];
    this.databaseName = props.databaseName ?? d.databaseName;
    addPropValidation(this, () => [
      ...checkProp('databaseName', this.databaseName, glueNameProblems),
      ...checkProp('organizationId', props.organizationId, organizationIdProblems),
      ...checkProp('archiveBucketName', props.archiveBucketName, bucketNameProblems),
      ...checkProp('archiveKeyPrefix', props.archiveKeyPrefix, trailKeyPrefixProblems),
    ]);
    const organizationTableName = props.organizationTableName ?? d.organizationTableName;
    const accountTrailsTableName = props.accountTrailsTableName ?? d.accountTrailsTableName;

    // One key for what this account keeps: query results and the refresh function's logs.
    this.key = new LogEncryptionKey(this, 'Key', {
      accountId,
      region,
      administrators: props.administrators,
      aliasName: props.keyAliasName ?? d.keyAliasName,
      description: 'Encrypts audit query results and the partition refresh logs',
      provider,
    });
    this.resultsBucket = new QueryResultsBucket(this, 'Results', {
      bucketName: props.resultsBucketName,
      accountId,
      region,
      encryptionKey: this.key,
      expirationDays: props.resultsExpirationDays,
      administratorArns: adminArns,
      provider,
    });

    this.database = new GlueCatalogDatabase(this, 'Database', {
      provider,
      catalogId: accountId,
      name: this.databaseName,
      description: 'CloudTrail logs of the organization archive, read in place (partition projection)',
    });
    const shared = {
      databaseName: this.databaseName,
      catalogAccountId: accountId,
      bucketName: props.archiveBucketName,
      keyPrefix: props.archiveKeyPrefix,
      columns: props.columns,
      regions: props.regions,
      startDate: props.startDate,
      accountsManagedOutsideTerraform: props.accountRefresh !== false,
      dependsOn: [this.database],
      provider,
    };
    this.organizationTable = new CloudTrailTable(this, 'OrganizationTable', {
      ...shared,
      tableName: organizationTableName,
      layout: { kind: 'organization', organizationId: props.organizationId },
      accountIds: props.organizationAccountIds,
      description: `The organization trail: AWSLogs/${props.organizationId}/<account>/CloudTrail/<region>/<yyyy/MM/dd>/`,
    });
    this.accountTrailsTable = new CloudTrailTable(this, 'AccountTrailsTable', {
      ...shared,
      tableName: accountTrailsTableName,
      layout: { kind: 'account' },
      accountIds: props.accountTrailAccountIds,
      description: 'Account trails (accounts outside the organization): AWSLogs/<account>/CloudTrail/<region>/<yyyy/MM/dd>/',
    });

    this.workgroup = new AuditQueryWorkgroup(this, 'Workgroup', {
      workgroupName: props.workgroupName ?? d.workgroupName,
      accountId,
      region,
      outputLocation: `s3://${this.resultsBucket.bucketName}/`,
      outputBucketOwner: accountId,
      resultsKeyArn: this.key.keyArn,
      bytesScannedCutoffPerQuery: props.bytesScannedCutoffPerQuery,
      description: 'Audit questions over the CloudTrail archive: encrypted results, capped scans',
      provider,
    });
    this.namedQueries = new AuditNamedQueries(this, 'NamedQueries', {
      questions: props.questions ?? AUDIT_QUESTIONS,
      databaseName: this.databaseName,
      workgroupName: this.workgroup.workgroupName,
      tableNames: [organizationTableName, accountTrailsTableName],
      provider,
      dependsOn: [this.workgroup.workgroup, this.database],
    });

    if (props.accountRefresh !== false) {
      this.refresh = new PartitionAccountRefresh(this, 'AccountRefresh', {
        accountId,
        region,
        organizationId: props.organizationId,
        archiveBucketName: props.archiveBucketName,
        archiveKeyPrefix: props.archiveKeyPrefix,
        databaseName: this.databaseName,
        organizationTableName,
        accountTrailsTableName,
        logKey: this.key,
        ...(props.accountRefresh ?? {}),
        provider,
      });
    }

    this.accessPolicy = new AuditQueryAccessPolicy(this, 'AccessPolicy', {
      policyName: props.queryPolicyName ?? QUERY_ACCESS_POLICY_DEFAULTS.policyName,
      accountId,
      region,
      workgroupArn: this.workgroup.workgroupArn,
      databaseName: this.databaseName,
      tableNames: [organizationTableName, accountTrailsTableName],
      archiveBucketName: props.archiveBucketName,
      archiveKeyPrefix: props.archiveKeyPrefix,
      archiveKeyArn: props.archiveKeyArn,
      resultsBucketName: this.resultsBucket.bucketName,
      resultsKeyArn: this.key.keyArn,
      provider,
    });
  }
}
