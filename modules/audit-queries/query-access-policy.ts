import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import type { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';
import { logFileKeys } from '../archive-reader-statements';
import { bucketArn, glueArn, PARTITION, withPrefix } from '../arns';
import { PolicyDocument, PolicyStatement } from '../policy-document';
import { iamPolicyNameProblems } from '../rules/names';
import { addPropValidation, checkProp } from '../rules/prop-validation';

/**
 * The one customer managed policy that makes a principal of the querying account an auditor:
 * run queries in the audit workgroup (and only there), read the audit tables, read the log files of
 * the archive (not its digests) and decrypt them through S3, and write and read results in the results bucket with
 * its key. Attach it to the roles (or permission sets) of the people who may query; the archive's
 * bucket and key policies admit the account, this policy picks the principals. It grants no write
 * or delete on the archive: its bucket policy would deny them anyway.
 */

/** Defaults (the config schema reuses them). */
export const QUERY_ACCESS_POLICY_DEFAULTS = { policyName: 'org-audit-queries' } as const;

export interface AuditQueryAccessPolicyProps {
  readonly policyName: string;
  readonly accountId: string;
  readonly region: string;
  readonly workgroupArn: string;
  readonly databaseName: string;
  readonly tableNames: readonly string[];
  readonly archiveBucketName: string;
  /** @default - none */
  readonly archiveKeyPrefix?: string;
  /** The archive key (log-archive account): decrypt through S3 only. */
  readonly archiveKeyArn: string;
  readonly resultsBucketName: string;
  readonly resultsKeyArn: string;
  /** @default - the stack's default provider */
  readonly provider?: TerraformProvider;
}

export class AuditQueryAccessPolicy extends Construct {
  public readonly policyName: string;
  public readonly policyArn: string;
  public readonly policy: IamPolicy;
  public readonly document: PolicyDocument;

  constructor(scope: Construct, id: string, props: AuditQueryAccessPolicyProps) {
    super(scope, id);
    addPropValidation(this, () => checkProp('policyName', props.policyName, iamPolicyNameProblems));
    this.policyName = props.policyName;
    this.policyArn = `arn:${PARTITION}:iam::${props.accountId}:policy/${props.policyName}`;
    this.document = auditQueryAccessDocument(props);
    this.policy = new IamPolicy(this, 'Policy', {
      provider: props.provider,
      name: props.policyName,
      description: 'Run the audit queries: the audit workgroup, its tables, the CloudTrail archive (read only) and the query results',
      policy: this.document.render(),
    });
  }
}

/**
 * The policy's statements. Athena reads S3 and writes results with the caller's credentials
 * (athena/latest/ug/security-iam-athena.html, "Access to Amazon S3"); S3 then calls KMS, hence
 * `kms:ViaService`. Athena actions as AWS's AmazonAthenaFullAccess managed policy names them,
 * narrowed to one workgroup and the default data catalog; Glue actions on the catalog, database and
 * table ARNs, plus GetDatabase/CreateDatabase on the `default` database, which Athena's guide calls
 * mandatory for Athena to work with the Data Catalog (athena/latest/ug/fine-grained-access-to-glue-resources.html).
 */
export function auditQueryAccessDocument(props: AuditQueryAccessPolicyProps): PolicyDocument {
  const glue = (resource: string) => glueArn(props.region, props.accountId, resource);
  const archive = bucketArn(props.archiveBucketName);
  const results = bucketArn(props.resultsBucketName);
  const viaS3 = { StringEquals: { 'kms:ViaService': `s3.${props.region}.amazonaws.com` } };
  return new PolicyDocument([
    new PolicyStatement({
      sid: 'AllowQueriesInAuditWorkgroup',
      actions: [
        'athena:BatchGetNamedQuery',
        'athena:BatchGetQueryExecution',
        'athena:GetNamedQuery',
        'athena:GetQueryExecution',
        'athena:GetQueryResults',
        'athena:GetQueryResultsStream',
        'athena:GetQueryRuntimeStatistics',
        'athena:GetWorkGroup',
        'athena:ListNamedQueries',
        'athena:ListQueryExecutions',
        'athena:StartQueryExecution',
        'athena:StopQueryExecution',
      ],
      resources: [props.workgroupArn],
    }),
    new PolicyStatement({
      sid: 'AllowListWorkgroupsInConsole',
      actions: ['athena:ListWorkGroups', 'athena:ListEngineVersions', 'athena:ListDataCatalogs', 'athena:ListDatabases'],
      resources: ['*'],
    }),
    new PolicyStatement({
      sid: 'AllowBrowseDataCatalog',
      actions: ['athena:GetDataCatalog', 'athena:GetDatabase', 'athena:GetTableMetadata', 'athena:ListTableMetadata'],
      resources: [`arn:${PARTITION}:athena:${props.region}:${props.accountId}:datacatalog/AwsDataCatalog`],
    }),
    new PolicyStatement({
      sid: 'AllowAthenaDefaultDatabase',
      actions: ['glue:GetDatabase', 'glue:CreateDatabase'],
      resources: [glue('catalog'), glue('database/default')],
    }),
    new PolicyStatement({
      sid: 'AllowReadAuditTables',
      actions: ['glue:GetDatabase', 'glue:GetDatabases', 'glue:GetTable', 'glue:GetTables', 'glue:GetPartition', 'glue:GetPartitions'],
      resources: [
        glue('catalog'),
        glue(`database/${props.databaseName}`),
        ...props.tableNames.map((t) => glue(`table/${props.databaseName}/${t}`)),
      ],
    }),
    new PolicyStatement({
      sid: 'AllowListArchiveLogs',
      actions: ['s3:ListBucket'],
      resources: [archive],
      conditions: { StringLike: { 's3:prefix': withPrefix(props.archiveKeyPrefix, 'AWSLogs/*') } },
    }),
    new PolicyStatement({
      sid: 'AllowLocateArchive',
      actions: ['s3:GetBucketLocation'],
      resources: [archive],
    }),
    new PolicyStatement({
      sid: 'AllowReadArchiveLogs',
      actions: ['s3:GetObject'],
      // Log files only: Athena never reads the digests (CloudTrail-Digest/) or Insights files.
      resources: [`${archive}/${logFileKeys(props.archiveKeyPrefix)}`],
    }),
    new PolicyStatement({
      sid: 'AllowDecryptArchiveLogsThroughS3',
      actions: ['kms:Decrypt'],
      resources: [props.archiveKeyArn],
      conditions: viaS3,
    }),
    new PolicyStatement({
      sid: 'AllowQueryResultsBucket',
      actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
      resources: [results],
    }),
    new PolicyStatement({
      sid: 'AllowQueryResultsObjects',
      actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      resources: [`${results}/*`],
    }),
    new PolicyStatement({
      sid: 'AllowResultsKeyThroughS3',
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [props.resultsKeyArn],
      conditions: viaS3,
    }),
  ]);
}
