import { AuditQueries, type AuditQueriesProps } from '../../modules/audit-queries/audit-queries';
import { CLOUDTRAIL_COLUMNS, CLOUDTRAIL_PARTITION_COLUMNS } from '../../modules/audit-queries/cloudtrail-columns';
import { hiveType } from '../../modules/audit-queries/cloudtrail-table';
import { auditQuerySource } from '../../modules/audit-queries/named-queries';
import { AUDIT_QUESTIONS } from '../../modules/audit-queries/questions';
import { AUDIT, LOG_ARCHIVE, MANAGEMENT, ORGANIZATION_ID, resourceAt, statementsOf, statementWithSid } from '../support/modules';
import { type SynthesizedJson, synthJson, testStack } from '../support/synth';

const REGION = 'eu-west-1';
const BUCKET = 'org-archive-222222222222';
const ARCHIVE_KEY = `arn:aws:kms:${REGION}:${LOG_ARCHIVE}:key/0b6f3c2e-6a2d-4d8e-9a51-3f4f1c1b2a7e`;
const RESULTS = 'audit-results-333333333333';
const DEPLOY_ROLE = `arn:aws:iam::${AUDIT}:role/deploy`;

function build(props: Partial<AuditQueriesProps> = {}): { queries: AuditQueries; json: SynthesizedJson } {
  const stack = testStack(REGION);
  const queries = new AuditQueries(stack, 'Queries', {
    accountId: AUDIT,
    region: REGION,
    organizationId: ORGANIZATION_ID,
    archiveBucketName: BUCKET,
    archiveKeyPrefix: 'trails',
    archiveKeyArn: ARCHIVE_KEY,
    organizationAccountIds: [MANAGEMENT, LOG_ARCHIVE, AUDIT],
    accountTrailAccountIds: [MANAGEMENT, '444444444444'],
    regions: ['us-east-1', 'eu-west-1'],
    startDate: 'NOW-2557DAYS',
    resultsBucketName: RESULTS,
    administrators: { deploymentRoleArn: DEPLOY_ROLE },
    ...props,
  });
  return { queries, json: synthJson(stack) };
}

describe('AuditQueries', () => {
  describe('CloudTrail tables', () => {
    it('projects account, region and date over the organization path, as Athena reads CloudTrail', () => {
      const { json } = build();
      const table = resourceAt(json, 'aws_glue_catalog_table', 'Queries/OrganizationTable/Table');
      const logs = `s3://${BUCKET}/trails/AWSLogs/${ORGANIZATION_ID}/`;
      expect(table).toMatchObject({
        catalog_id: AUDIT,
        database_name: 'org_audit_logs',
        name: 'cloudtrail',
        table_type: 'EXTERNAL_TABLE',
        parameters: {
          EXTERNAL: 'TRUE',
          'projection.enabled': 'true',
          'projection.account.type': 'enum',
          'projection.account.values': [AUDIT, MANAGEMENT, LOG_ARCHIVE].sort().join(','),
          'projection.region.type': 'enum',
          'projection.region.values': 'us-east-1,eu-west-1',
          'projection.date.type': 'date',
          'projection.date.range': 'NOW-2557DAYS,NOW',
          'projection.date.format': 'yyyy/MM/dd',
          'projection.date.interval': '1',
          'projection.date.interval.unit': 'DAYS',
          // Terraform reads $${ as a literal ${: Athena gets its own placeholders.
          'storage.location.template': `${logs}$\${account}/CloudTrail/$\${region}/$\${date}/`,
        },
        partition_keys: [
          { name: 'account', type: 'string' },
          { name: 'region', type: 'string' },
          { name: 'date', type: 'string' },
        ],
        storage_descriptor: {
          location: logs,
          input_format: 'com.amazon.emr.cloudtrail.CloudTrailInputFormat',
          output_format: 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat',
          ser_de_info: { serialization_library: 'org.apache.hive.hcatalog.data.JsonSerDe' },
        },
        lifecycle: { ignore_changes: ['parameters["projection.account.values"]'] },
      });
      expect(Object.keys(table.parameters as object)).toHaveLength(12);
    });

    it('reads the account trails under AWSLogs/<account>/ in a second table with the same columns', () => {
      const { json } = build();
      const org = resourceAt(json, 'aws_glue_catalog_table', 'Queries/OrganizationTable/Table');
      const accounts = resourceAt(json, 'aws_glue_catalog_table', 'Queries/AccountTrailsTable/Table');
      expect(accounts).toMatchObject({
        name: 'cloudtrail_account_trails',
        parameters: {
          'projection.account.values': `${MANAGEMENT},444444444444`,
          'storage.location.template': `s3://${BUCKET}/trails/AWSLogs/$\${account}/CloudTrail/$\${region}/$\${date}/`,
        },
        storage_descriptor: { location: `s3://${BUCKET}/trails/AWSLogs/` },
      });
      expect((accounts.storage_descriptor as { columns: unknown }).columns).toEqual(
        (org.storage_descriptor as { columns: unknown }).columns,
      );
      expect(accounts.partition_keys).toEqual(org.partition_keys);
    });

    it('has the documented CloudTrail columns in order, types as Glue stores them, and the shared partition columns', () => {
      const { json } = build();
      const columns = (
        resourceAt(json, 'aws_glue_catalog_table', 'Queries/OrganizationTable/Table').storage_descriptor as { columns: unknown[] }
      ).columns;
      expect(columns.length).toBeGreaterThan(20);
      expect(columns).toEqual(CLOUDTRAIL_COLUMNS.map((c) => ({ name: c.name, type: hiveType(c.type) })));
      expect(columns).toContainEqual({ name: 'eventsource', type: 'string' });
      expect(CLOUDTRAIL_PARTITION_COLUMNS.map((c) => c.name)).toEqual(['account', 'region', 'date']);
      expect(hiveType('STRUCT< type: STRING,\n arn: STRING>')).toBe('struct<type:string,arn:string>');
    });

    it('drops ignore_changes when the account list is config-only (no refresh function)', () => {
      const { json, queries } = build({ accountRefresh: false });
      expect(resourceAt(json, 'aws_glue_catalog_table', 'Queries/OrganizationTable/Table').lifecycle).toBeUndefined();
      expect(queries.refresh).toBeUndefined();
      expect(json.resource.aws_lambda_function).toBeUndefined();
    });

    it('refuses an empty account list: Athena needs at least one enum value', () => {
      expect(() => build({ accountTrailAccountIds: [] })).toThrow(
        'test/Queries/AccountTrailsTable: accountIds: [] is empty; a projected enum needs at least one value. Fix: list the accounts whose trails the table reads',
      );
    });
  });

  describe('workgroup', () => {
    it('enforces encrypted results in the results bucket of its own account, the scan cap, metrics and engine 3', () => {
      const { json } = build({ bytesScannedCutoffPerQuery: 50 * 1024 ** 3 });
      expect(resourceAt(json, 'aws_athena_workgroup', 'Queries/Workgroup/Workgroup')).toEqual({
        name: 'org-audit-queries',
        description: 'Audit questions over the CloudTrail archive: encrypted results, capped scans',
        state: 'ENABLED',
        force_destroy: false,
        configuration: {
          enforce_workgroup_configuration: true,
          publish_cloudwatch_metrics_enabled: true,
          bytes_scanned_cutoff_per_query: 53687091200,
          requester_pays_enabled: false,
          engine_version: { selected_engine_version: 'Athena engine version 3' },
          result_configuration: {
            output_location: `s3://${RESULTS}/`,
            expected_bucket_owner: AUDIT,
            encryption_configuration: {
              encryption_option: 'SSE_KMS',
              kms_key_arn: expect.stringMatching(/^\$\{aws_kms_key\.Queries_Key_[A-F0-9]{8}\.arn\}$/),
            },
          },
        },
      });
    });

    it('caps scans at 10 GiB by default and refuses less than Athena accepts', () => {
      const { json } = build();
      expect(resourceAt(json, 'aws_athena_workgroup', 'Queries/Workgroup/Workgroup')).toMatchObject({
        configuration: { bytes_scanned_cutoff_per_query: 10737418240 },
      });
      expect(() => build({ bytesScannedCutoffPerQuery: 10_485_759 })).toThrow(
        'test/Queries/Workgroup: bytesScannedCutoffPerQuery: 10485759 is below 10485760 bytes (10 MB), the smallest cap Athena accepts. Fix: use 10485760 or more, e.g. 10737418240 (10 GiB, about $0.05 a query)',
      );
    });
  });

  describe('prop rules', () => {
    it.each([
      [
        'a database name Athena must quote',
        { databaseName: '_audit' },
        'test/Queries: databaseName: "_audit" is not a usable Glue name for Athena (a lowercase letter, then lowercase letters, digits and underscores, at most 255; Glue stores names lowercase and Athena needs quotes around names that start with a digit or an underscore). Fix: use a name like "org_audit_logs"',
      ],
      [
        'an upper-case table name',
        { organizationTableName: 'CloudTrail' },
        'test/Queries/OrganizationTable: tableName: "CloudTrail" is not a usable Glue name for Athena (a lowercase letter, then lowercase letters, digits and underscores, at most 255; Glue stores names lowercase and Athena needs quotes around names that start with a digit or an underscore). Fix: use a name like "org_audit_logs"',
      ],
      [
        'a workgroup name with a slash',
        { workgroupName: 'audit/queries' },
        'test/Queries/Workgroup: workgroupName: "audit/queries" is not an Athena workgroup name (1-128 of letters, digits, . _ -). Fix: use a name like "org-audit-queries"',
      ],
      [
        'a policy name with a space',
        { queryPolicyName: 'audit queries' },
        'test/Queries/AccessPolicy: policyName: "audit queries" is not an IAM policy name (1-128 of letters, digits and + = , . @ _ -). Fix: use only those characters',
      ],
      [
        'a results bucket name with underscores',
        { resultsBucketName: 'audit_results' },
        'test/Queries/Results/Storage: bucketName: "audit_results" is not a valid S3 bucket name (lowercase letters, digits, dots and hyphens; starts and ends with a letter or digit). Fix: choose a name of 3-63 lowercase letters, digits, dots and hyphens that starts and ends with a letter or digit',
      ],
      [
        'results kept longer than ten years',
        { resultsExpirationDays: 4000 },
        'test/Queries/Results: expirationDays: 4000 must be at most 3650 days. Fix: use 3650 or fewer',
      ],
      [
        'an alias without alias/',
        { keyAliasName: 'org-audit-queries' },
        'test/Queries/Key: aliasName: "org-audit-queries" is not a valid KMS alias ("alias/" then letters, digits, / _ -; "alias/aws/" is reserved for AWS). Fix: use a name like "alias/org-logs"',
      ],
    ])('refuses %s at synth', (_what, props, line) => {
      expect(() => build(props as Partial<AuditQueriesProps>)).toThrow(line);
    });

    it('refuses a question name Athena would refuse and a name two questions share, both at once', () => {
      const [first, second] = AUDIT_QUESTIONS;
      const long = 'q'.repeat(129);
      const questions = [first, { ...second, name: long }, { ...second, name: first.name }];
      let message = '';
      try {
        build({ questions });
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toContain(
        `test/Queries/NamedQueries: questions[1].name: "${long}" is 129 characters; an Athena saved query name has at most 128. Fix: shorten the name to 128 characters or fewer`,
      );
      expect(message).toContain(
        `test/Queries/NamedQueries: questions[2].name: "${first.name}" is the name of questions[0] too; each question is saved under its own name. Fix: rename one of them`,
      );
    });
  });

  describe('named queries', () => {
    it('saves every audit question once, its text the question SQL over both tables, in the workgroup and database', () => {
      const { json, queries } = build();
      const source = auditQuerySource('org_audit_logs', ['cloudtrail', 'cloudtrail_account_trails']);
      expect(source).toBe(
        '(SELECT * FROM "org_audit_logs"."cloudtrail" UNION ALL SELECT * FROM "org_audit_logs"."cloudtrail_account_trails")',
      );
      const saved = Object.values(json.resource.aws_athena_named_query);
      expect(saved).toHaveLength(AUDIT_QUESTIONS.length);
      expect(AUDIT_QUESTIONS.length).toBeGreaterThanOrEqual(3);
      for (const question of AUDIT_QUESTIONS) {
        const query = resourceAt(json, 'aws_athena_named_query', `Queries/NamedQueries/Query-${question.name}`);
        expect({ name: question.name, query }).toMatchObject({
          name: question.name,
          query: {
            name: question.name,
            database: 'org_audit_logs',
            workgroup: 'org-audit-queries',
            query: question.sql(source),
            description: expect.stringContaining(question.title),
          },
        });
        expect(queries.namedQueries.sql.get(question.name)).toBe(question.sql(source));
      }
    });

    it('creates the tables and the saved queries after the database (and the workgroup) exist', () => {
      const { json } = build();
      const query = resourceAt(json, 'aws_athena_named_query', `Queries/NamedQueries/Query-${AUDIT_QUESTIONS[0].name}`);
      expect(query.depends_on).toEqual([
        expect.stringMatching(/^aws_athena_workgroup\.Queries_Workgroup_/),
        expect.stringMatching(/^aws_glue_catalog_database\.Queries_Database_/),
      ]);
      for (const table of ['Queries/OrganizationTable', 'Queries/AccountTrailsTable']) {
        expect(resourceAt(json, 'aws_glue_catalog_table', table).depends_on).toEqual([
          expect.stringMatching(/^aws_glue_catalog_database\.Queries_Database_[A-F0-9]{8}$/),
        ]);
      }
    });
  });

  describe('results bucket and key', () => {
    it('expires results, and denies every principal of another account', () => {
      const { json } = build({ resultsExpirationDays: 7 });
      expect(resourceAt(json, 'aws_s3_bucket_lifecycle_configuration', 'Queries/Results/Lifecycle')).toMatchObject({
        rule: [
          {
            id: 'expire-query-results',
            status: 'Enabled',
            expiration: [{ days: 7 }],
            noncurrent_version_expiration: [{ noncurrent_days: 1 }],
            abort_incomplete_multipart_upload: [{ days_after_initiation: 1 }],
          },
        ],
      });
      const statements = statementsOf(resourceAt(json, 'aws_s3_bucket_policy', 'Queries/Results/Storage/Policy'));
      expect(statementWithSid(statements, 'DenyOtherAccounts')).toEqual({
        Sid: 'DenyOtherAccounts',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: [`arn:aws:s3:::${RESULTS}`, `arn:aws:s3:::${RESULTS}/*`],
        Condition: { StringNotEquals: { 'aws:PrincipalAccount': AUDIT } },
      });
      expect(statements.map((s) => s.Sid)).toEqual(
        expect.arrayContaining(['DenyInsecureTransport', 'DenyTlsOlderThan12', 'DenyBucketAdministrationExceptAdministrators']),
      );
    });

    it('refuses results written with another algorithm, another key, no key ID or a customer key, naming the results key', () => {
      const { json } = build();
      const statements = statementsOf(resourceAt(json, 'aws_s3_bucket_policy', 'Queries/Results/Storage/Policy'));
      const sse = 's3:x-amz-server-side-encryption';
      const keyArn = expect.stringMatching(/^\$\{aws_kms_key\.Queries_Key_[A-F0-9]{8}\.arn\}$/);
      const deny = (sid: string, Condition: unknown) => ({
        Sid: sid,
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:PutObject',
        Resource: `arn:aws:s3:::${RESULTS}/*`,
        Condition,
      });
      expect(statements.filter((s) => String(s.Sid).startsWith('DenyResultsWith'))).toEqual([
        deny('DenyResultsWithAnotherEncryption', { Null: { [sse]: 'false' }, StringNotEquals: { [sse]: 'aws:kms' } }),
        deny('DenyResultsWithAnotherKey', { Null: { [sse]: 'false' }, ArnNotEqualsIfExists: { [`${sse}-aws-kms-key-id`]: keyArn } }),
        deny('DenyResultsWithCustomerKeys', { Null: { [`${sse}-customer-algorithm`]: 'false' } }),
      ]);
    });

    it('lets the account use the key only through S3 for the results bucket, and CloudWatch Logs only for the refresh log group', () => {
      const { json } = build();
      const statements = statementsOf(resourceAt(json, 'aws_kms_key', 'Queries/Key/Key'));
      expect(statementWithSid(statements, 'AllowQueryAccountUseThroughS3')).toEqual({
        Sid: 'AllowQueryAccountUseThroughS3',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${AUDIT}:root` },
        Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
        Resource: '*',
        Condition: {
          StringEquals: { 'kms:CallerAccount': AUDIT, 'kms:ViaService': `s3.${REGION}.amazonaws.com` },
          StringLike: { 'kms:EncryptionContext:aws:s3:arn': [`arn:aws:s3:::${RESULTS}`, `arn:aws:s3:::${RESULTS}/*`] },
        },
      });
      expect(statementWithSid(statements, 'AllowCloudWatchLogsForRefreshLogGroup')).toMatchObject({
        Principal: { Service: `logs.${REGION}.amazonaws.com` },
        Condition: {
          ArnEquals: {
            'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:${REGION}:${AUDIT}:log-group:/aws/lambda/org-audit-query-accounts`,
          },
        },
      });
      expect(statements.map((s) => s.Sid)).not.toContain('EnableKeyAdministrationByOwningAccount');
    });
  });

  describe('auditor policy', () => {
    it('grants queries in the one workgroup, reads of the tables and archive logs, decrypt through S3, and results', () => {
      const { json } = build();
      const policy = resourceAt(json, 'aws_iam_policy', 'Queries/AccessPolicy/Policy');
      expect(policy.name).toBe('org-audit-queries');
      const statements = statementsOf(policy);
      expect(statementWithSid(statements, 'AllowQueriesInAuditWorkgroup').Resource).toBe(
        `arn:aws:athena:${REGION}:${AUDIT}:workgroup/org-audit-queries`,
      );
      expect(statementWithSid(statements, 'AllowReadArchiveLogs')).toEqual({
        Sid: 'AllowReadArchiveLogs',
        Effect: 'Allow',
        Action: 's3:GetObject',
        Resource: `arn:aws:s3:::${BUCKET}/trails/AWSLogs/*/CloudTrail/*`,
      });
      expect(statementWithSid(statements, 'AllowListArchiveLogs')).toMatchObject({
        Action: 's3:ListBucket',
        Condition: { StringLike: { 's3:prefix': 'trails/AWSLogs/*' } },
      });
      expect(statementWithSid(statements, 'AllowDecryptArchiveLogsThroughS3')).toEqual({
        Sid: 'AllowDecryptArchiveLogsThroughS3',
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: ARCHIVE_KEY,
        Condition: { StringEquals: { 'kms:ViaService': `s3.${REGION}.amazonaws.com` } },
      });
      expect(statementWithSid(statements, 'AllowReadAuditTables').Resource).toEqual([
        `arn:aws:glue:${REGION}:${AUDIT}:catalog`,
        `arn:aws:glue:${REGION}:${AUDIT}:database/org_audit_logs`,
        `arn:aws:glue:${REGION}:${AUDIT}:table/org_audit_logs/cloudtrail`,
        `arn:aws:glue:${REGION}:${AUDIT}:table/org_audit_logs/cloudtrail_account_trails`,
      ]);
      const everything = JSON.stringify(statements);
      for (const write of ['s3:DeleteObject', 's3:PutObjectAcl', 'glue:UpdateTable', 'glue:DeleteTable', 'kms:Encrypt']) {
        expect(everything).not.toContain(`"${write}"`);
      }
    });
  });
});
