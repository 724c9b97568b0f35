import { auditQueriesSection, bucketNameProblem, COMMERCIAL_REGIONS, configSchema, queryResultsBucketName } from '../../stacks/config';
import { exampleInput, expectProblem, minimalInput, problemsOf, withChange } from '../support/config';

const q = (field: string) => `auditQueries.${field}`;

describe('config', () => {
  describe('auditQueries', () => {
    it('is on by default, in the audit account, with the documented defaults', () => {
      expect(auditQueriesSection.parse({})).toEqual({
        enabled: true,
        databaseName: 'org_audit_logs',
        tableName: 'cloudtrail',
        accountTrailsTableName: 'cloudtrail_account_trails',
        workgroupName: 'org-audit-queries',
        bytesScannedCutoffPerQuery: 10737418240,
        resultsExpirationDays: 30,
        keyAlias: 'alias/org-audit-queries',
        queryPolicyName: 'org-audit-queries',
        accountRefresh: { enabled: true, functionName: 'org-audit-query-accounts', intervalHours: 24, logRetentionDays: 365 },
      });
      const minimal = configSchema.parse(minimalInput());
      expect(minimal.auditQueries.enabled).toBe(true);
      expect(queryResultsBucketName(minimal)).toBe('audit-query-results-333333333333-us-east-1');
      expect(problemsOf(exampleInput())).toEqual([]);
    });

    it.each([
      ['databaseName', 'Audit_Logs'],
      ['databaseName', '1logs'],
      ['databaseName', '_logs'],
      ['databaseName', 'audit-logs'],
      ['tableName', 'CloudTrail'],
      ['accountTrailsTableName', 'x'.repeat(256)],
    ])('refuses %s %j: Glue names that Athena can use unquoted', (field, value) => {
      expectProblem(
        withChange(q(field), value),
        q(field),
        'is not a usable Glue name for Athena (a lowercase letter, then lowercase letters, digits and underscores, at most 255',
        'Fix: use a name like "org_audit_logs"',
      );
    });

    it('accepts the longest Glue name, 255 characters', () => {
      expect(problemsOf(withChange(q('databaseName'), `a${'b'.repeat(254)}`))).toEqual([]);
    });

    it('refuses the same name for both tables', () => {
      const input = withChange(q('accountTrailsTableName'), 'cloudtrail');
      expectProblem(input, q('accountTrailsTableName'), 'is also auditQueries.tableName', 'Fix: give each table its own name');
    });

    it.each([['audit queries'], ['a'.repeat(129)], ['audit/queries']])(
      'refuses the workgroup name %j (1-128 of letters, digits, . _ -)',
      (name) => {
        expectProblem(
          withChange(q('workgroupName'), name),
          q('workgroupName'),
          'is not an Athena workgroup name (1-128 of letters, digits, . _ -)',
          'Fix:',
        );
      },
    );

    it('accepts a workgroup name with dots, underscores and hyphens', () => {
      expect(problemsOf(withChange(q('workgroupName'), 'Security.audit_queries-1'))).toEqual([]);
    });

    it('refuses a scan cap below 10485760 bytes, the smallest Athena accepts, and a fractional one', () => {
      expectProblem(
        withChange(q('bytesScannedCutoffPerQuery'), 10_485_759),
        q('bytesScannedCutoffPerQuery'),
        'is below 10485760 bytes (10 MB), the smallest cap Athena accepts',
        'Fix: use 10485760 or more',
      );
      expectProblem(withChange(q('bytesScannedCutoffPerQuery'), 10_485_760.5), q('bytesScannedCutoffPerQuery'), 'whole number of bytes');
      expect(problemsOf(withChange(q('bytesScannedCutoffPerQuery'), 10_485_760))).toEqual([]);
    });

    it.each([[0], [3651], [1.5]])('refuses results kept %j days (1-3650)', (days) => {
      expectProblem(withChange(q('resultsExpirationDays'), days), q('resultsExpirationDays'), 'Fix:');
    });

    it.each([
      ['2024-13-01', 'is not a calendar date'],
      ['2023-02-29', 'is not a calendar date'],
      ['2024/01/01', 'is not a date written YYYY-MM-DD'],
      ['2012-12-31', 'is before CloudTrail existed'],
    ])('refuses the start date %j', (date, rule) => {
      expectProblem(withChange(q('startDate'), date), q('startDate'), rule, 'Fix:');
    });

    it('accepts a leap day as start date', () => {
      expect(problemsOf(withChange(q('startDate'), '2024-02-29'))).toEqual([]);
    });

    it('refuses projected regions that leave out a governed region, repeat one, or are not region IDs', () => {
      expectProblem(
        withChange(q('projectedRegions'), ['eu-west-1', 'us-east-1']),
        q('projectedRegions'),
        'leaves out the governed regions eu-central-1, whose logs could then never be queried',
        'Fix: add them, or leave the field out for every region',
      );
      expectProblem(
        withChange(q('projectedRegions'), ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-east-1']),
        `${q('projectedRegions')}[3]`,
        'is listed twice',
      );
      expectProblem(withChange(q('projectedRegions'), ['eu-west-1', 'Europe']), `${q('projectedRegions')}[1]`, 'is not an AWS region ID');
    });

    it('accepts regions newer than the pinned provider among the projected regions', () => {
      expect(problemsOf(withChange(q('projectedRegions'), ['eu-west-1', 'eu-central-1', 'us-east-1', 'ap-southeast-6']))).toEqual([]);
    });

    it('refuses the management account and external accounts as the querying account', () => {
      const input = exampleInput();
      expectProblem(withChange(q('accountId'), input.managementAccountId), q('accountId'), 'is the management account', 'Fix:');
      expectProblem(
        withChange(q('accountId'), (input.externalAccountIds as string[])[0]),
        q('accountId'),
        'is an external account; the archive admits readers of the organization only (aws:PrincipalOrgID)',
      );
      expectProblem(withChange(q('accountId'), '1234'), q('accountId'), 'is not an AWS account ID');
      expect(problemsOf(withChange(q('accountId'), input.logArchiveAccountId))).toEqual([]);
    });

    it("refuses a results bucket name that is invalid or another bucket's, and derives a valid one in every region", () => {
      expectProblem(withChange(q('resultsBucketName'), 'Audit_Results'), q('resultsBucketName'), 'is not a valid S3 bucket name');
      expectProblem(
        withChange(q('resultsBucketName'), exampleInput().archiveBucketName),
        q('resultsBucketName'),
        'is also an archive or state bucket',
        'Fix: choose another name',
      );
      for (const region of COMMERCIAL_REGIONS) {
        const name = queryResultsBucketName(configSchema.parse({ ...minimalInput(), homeRegion: region, regions: [region] }));
        expect({ region, problem: bucketNameProblem(name) }).toEqual({ region, problem: undefined });
      }
    });

    it('refuses a refresh function name Lambda or IAM would refuse, and an interval over a day', () => {
      expectProblem(
        withChange(q('accountRefresh.functionName'), 'refresh accounts'),
        q('accountRefresh.functionName'),
        'is not a Lambda function name',
      );
      expectProblem(
        withChange(q('accountRefresh.functionName'), 'f'.repeat(56)),
        q('accountRefresh.functionName'),
        'its scheduler role is named "<functionName>-schedule" and IAM role names have at most 64',
      );
      expectProblem(
        withChange(q('accountRefresh.intervalHours'), 25),
        q('accountRefresh.intervalHours'),
        'must be at most 24 hours',
        'Fix: use 1 to 24',
      );
      expectProblem(withChange(q('accountRefresh.intervalHours'), 0), q('accountRefresh.intervalHours'), 'must be at least 1 hour');
      expectProblem(
        withChange(q('accountRefresh.logRetentionDays'), 10),
        q('accountRefresh.logRetentionDays'),
        'is not a retention CloudWatch Logs accepts',
      );
    });

    it('refuses an IAM policy name IAM would refuse, a KMS alias under alias/aws/, and unknown fields', () => {
      expectProblem(withChange(q('queryPolicyName'), 'audit queries'), q('queryPolicyName'), 'is not an IAM policy name');
      expectProblem(withChange(q('keyAlias'), 'alias/aws/athena'), q('keyAlias'), 'is not a valid KMS alias');
      expectProblem(withChange(q('lookback'), 7), q('lookback'), 'is not a known field');
    });

    it('checks nothing else when disabled, and changes nothing then', () => {
      const input = withChange('auditQueries', { enabled: false, tableName: 'same', accountTrailsTableName: 'same' });
      expect(problemsOf(input)).toEqual([]);
    });
  });
});
