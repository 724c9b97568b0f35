/**
 * Policy-simulation tier for the audit queries: who may query what, evaluated with an IAM
 * simulator on the literal synthesized policies. The archive's bucket and key policies come from
 * the log-archive stack; the auditor policy, the refresh function's role policy and the results
 * bucket and key policies from the audit-queries stack. Expected ARNs are derived from the config.
 *
 * Two values are only known after apply and appear as Terraform expressions in the auditor
 * policy: the archive key ARN (read from the log-archive state) and the results key ARN. Each is
 * replaced by one literal key ARN of its account before simulating, named in `literal` below.
 */
import { configSchema, type OrganizationConfigInput } from '../../stacks/config';
import { exampleInput } from '../support/config';
import { allowIdentity, literalPolicy, type PolicyJson, policyAt, simulate, synthesizedPolicies } from '../support/simulate';
import { buildExample } from '../support/synth';

const TLS = { 'aws:SecureTransport': 'true', 's3:TlsVersion': '1.3' } as const;
const ARCHIVE_KEY_ID = '0b6f3c2e-6a2d-4d8e-9a51-3f4f1c1b2a7e';
const RESULTS_KEY_ID = '5d1c1e0a-7e1f-4c3b-8a9d-2b6e4f3a1c0d';
const OTHER_ORG_ACCOUNT = '999988887777';

/** The example, and a variant whose only reader is the querying account of auditQueries (no archive.readerAccountIds). */
const variants: [string, OrganizationConfigInput][] = [
  ['example', exampleInput()],
  [
    'no archive readers: the querying account reads through auditQueries alone',
    { ...exampleInput(), archive: { ...exampleInput().archive, readerAccountIds: [] } },
  ],
];

describe.each(variants)('audit query policies (%s)', (_, input) => {
  const config = configSchema.parse(input);
  const built = buildExample(config);
  const archivePolicies = synthesizedPolicies(built.stacks.get('log-archive'));
  const queryPolicies = synthesizedPolicies(built.stacks.get('audit-queries'));
  const region = config.homeRegion;
  const org = config.organizationId;
  const audit = config.auditAccountId;
  const logArchive = config.logArchiveAccountId;
  const prefix = config.archive.keyPrefix ? `${config.archive.keyPrefix}/` : '';
  const bucketArn = `arn:aws:s3:::${config.archiveBucketName}`;
  const archiveKeyArn = `arn:aws:kms:${region}:${logArchive}:key/${ARCHIVE_KEY_ID}`;
  const resultsBucket = `audit-query-results-${audit}-${region}`;
  const resultsBucketArn = `arn:aws:s3:::${resultsBucket}`;
  const resultsKeyArn = `arn:aws:kms:${region}:${audit}:key/${RESULTS_KEY_ID}`;
  const orgLog = `${prefix}AWSLogs/${org}/${config.managementAccountId}/CloudTrail/${region}/2026/11/30/${config.managementAccountId}_CloudTrail_${region}_20261130T1205Z_aBcD1234eFgH5678.json.gz`;
  const externalLog = `${prefix}AWSLogs/${config.externalAccountIds[0]}/CloudTrail/${region}/2026/11/30/x.json.gz`;

  const archivePolicy = policyAt(archivePolicies, 'log-archive/Archive/Storage/Policy');
  const archiveKeyPolicy = policyAt(archivePolicies, 'log-archive/ArchiveKey/Key');
  const resultsPolicy = policyAt(queryPolicies, 'audit-queries/AuditQueries/Results/Storage/Policy');
  const resultsKeyPolicy = policyAt(queryPolicies, 'audit-queries/AuditQueries/Key/Key');
  const refreshPolicy = policyAt(queryPolicies, 'audit-queries/AuditQueries/AccountRefresh/RolePolicy');

  /** The auditor policy with the two key ARNs Terraform fills in at apply written out. */
  const literal = (text: string): PolicyJson =>
    literalPolicy(
      text
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform expression, not a JS template
        .replace('${data.terraform_remote_state.LogArchiveState.outputs.archive_key_arn}', archiveKeyArn)
        .replace(/\$\{aws_kms_key\.AuditQueries_Key_[A-F0-9]{8}\.arn\}/g, resultsKeyArn),
      'auditor policy',
    );
  const auditorPolicy = literal(queryPolicies.get('audit-queries/AuditQueries/AccessPolicy/Policy') as string);
  const auditor = `arn:aws:sts::${audit}:assumed-role/SecurityAuditor/jane`;
  const refreshRole = `arn:aws:sts::${audit}:assumed-role/${config.auditQueries.accountRefresh.functionName}/run`;

  const archive = (principal: string, action: string, resource: string, identityPolicy: PolicyJson, context: Record<string, string> = {}) =>
    simulate({
      policy: archivePolicy,
      action,
      resource,
      resourceAccount: logArchive,
      principal,
      identityPolicy,
      context: { ...TLS, 'aws:PrincipalOrgID': org, ...context },
    });

  it('simulates literal policies only: the auditor policy has exactly the two key ARNs filled in', () => {
    expect(JSON.stringify(auditorPolicy)).toContain(archiveKeyArn);
    expect(JSON.stringify(auditorPolicy)).toContain(resultsKeyArn);
    for (const policy of [archivePolicy, archiveKeyPolicy, resultsPolicy, resultsKeyPolicy, refreshPolicy]) {
      expect(JSON.stringify(policy)).not.toContain('${');
    }
  });

  describe('an auditor of the querying account (the auditor policy attached)', () => {
    it('may read log files of the organization trail and of account trails', async () => {
      expect(await archive(auditor, 's3:GetObject', `${bucketArn}/${orgLog}`, auditorPolicy)).toBe('Allowed');
      expect(await archive(auditor, 's3:GetObject', `${bucketArn}/${externalLog}`, auditorPolicy)).toBe('Allowed');
    });

    it('may list the log folders, and nothing outside AWSLogs/', async () => {
      const list = (p: string) => archive(auditor, 's3:ListBucket', bucketArn, auditorPolicy, { 's3:prefix': p });
      expect(await list(`${prefix}AWSLogs/${org}/${config.managementAccountId}/CloudTrail/${region}/2026/11/30/`)).toBe('Allowed');
      expect(await list('')).toBe('ImplicitlyDenied');
    });

    it.each(['s3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion'])(
      'may not %s a log file, even with s3:* in its own policies',
      async (action) => {
        // The archive's evidence statements deny every writer but CloudTrail, and every deleter.
        expect(await archive(auditor, action, `${bucketArn}/${orgLog}`, auditorPolicy)).toBe('ExplicitlyDenied');
        expect(await archive(auditor, action, `${bucketArn}/${orgLog}`, allowIdentity(['s3:*']))).toBe('ExplicitlyDenied');
      },
    );

    it('may not change the bucket policy, even with s3:* in its own policies', async () => {
      expect(await archive(auditor, 's3:PutBucketPolicy', bucketArn, allowIdentity(['s3:*']))).toBe('ExplicitlyDenied');
    });

    it('may decrypt log files with the archive key through S3 only', async () => {
      const decrypt = (context: Record<string, string>) =>
        simulate({
          policy: archiveKeyPolicy,
          action: 'kms:Decrypt',
          resource: archiveKeyArn,
          resourceAccount: logArchive,
          principal: auditor,
          identityPolicy: auditorPolicy,
          context: { 'aws:SecureTransport': 'true', 'aws:PrincipalOrgID': org, ...context },
        });
      const trailContext = {
        'kms:EncryptionContext:aws:cloudtrail:arn': `arn:aws:cloudtrail:${region}:${config.managementAccountId}:trail/${config.trailName}`,
      };
      expect(await decrypt({ ...trailContext, 'kms:ViaService': `s3.${region}.amazonaws.com` })).toBe('Allowed');
      expect(await decrypt({ 'kms:EncryptionContext:aws:s3:arn': bucketArn, 'kms:ViaService': `s3.${region}.amazonaws.com` })).toBe(
        'Allowed',
      );
      expect(await decrypt(trailContext)).toBe('ImplicitlyDenied');
      expect(await decrypt({ ...trailContext, 'kms:ViaService': `s3.us-west-2.amazonaws.com` })).toBe('ImplicitlyDenied');
    });

    it('may write and read results in the results bucket, with the results key through S3', async () => {
      const results = (action: string, resource: string) =>
        simulate({
          policy: resultsPolicy,
          action,
          resource,
          resourceAccount: audit,
          principal: auditor,
          identityPolicy: auditorPolicy,
          context: TLS,
        });
      expect(await results('s3:PutObject', `${resultsBucketArn}/abc.csv`)).toBe('Allowed');
      expect(await results('s3:GetObject', `${resultsBucketArn}/abc.csv`)).toBe('Allowed');
      const key = (context: Record<string, string>) =>
        simulate({
          policy: resultsKeyPolicy,
          action: 'kms:GenerateDataKey',
          resource: resultsKeyArn,
          resourceAccount: audit,
          principal: auditor,
          identityPolicy: auditorPolicy,
          context: { 'aws:SecureTransport': 'true', ...context },
        });
      expect(
        await key({
          'kms:ViaService': `s3.${region}.amazonaws.com`,
          'kms:CallerAccount': audit,
          'kms:EncryptionContext:aws:s3:arn': resultsBucketArn,
        }),
      ).toBe('Allowed');
      expect(await key({ 'kms:CallerAccount': audit, 'kms:EncryptionContext:aws:s3:arn': resultsBucketArn })).toBe('ImplicitlyDenied');
    });
  });

  describe('principals that may not query', () => {
    it('a principal of the querying account without the auditor policy reads nothing', async () => {
      const plain = `arn:aws:sts::${audit}:assumed-role/Developer/sam`;
      expect(await archive(plain, 's3:GetObject', `${bucketArn}/${orgLog}`, allowIdentity(['sts:GetCallerIdentity']))).toBe(
        'ImplicitlyDenied',
      );
    });

    it('a principal of another account of the organization is not a reader, whatever its own policy says', async () => {
      const other = `arn:aws:sts::${OTHER_ORG_ACCOUNT}:assumed-role/SecurityAuditor/jane`;
      expect(await archive(other, 's3:GetObject', `${bucketArn}/${orgLog}`, auditorPolicy)).toBe('ImplicitlyDenied');
    });

    it('the results bucket and key admit only the querying account', async () => {
      const foreign = `arn:aws:sts::${logArchive}:assumed-role/Admin/x`;
      expect(
        await simulate({
          policy: resultsPolicy,
          action: 's3:GetObject',
          resource: `${resultsBucketArn}/abc.csv`,
          resourceAccount: audit,
          principal: foreign,
          identityPolicy: allowIdentity(['s3:*']),
          context: TLS,
        }),
      ).toBe('ExplicitlyDenied');
      expect(
        await simulate({
          policy: resultsKeyPolicy,
          action: 'kms:Decrypt',
          resource: resultsKeyArn,
          resourceAccount: audit,
          principal: foreign,
          identityPolicy: allowIdentity(['kms:*']),
          context: {
            'kms:ViaService': `s3.${region}.amazonaws.com`,
            'kms:CallerAccount': logArchive,
            'kms:EncryptionContext:aws:s3:arn': resultsBucketArn,
          },
        }),
      ).toBe('ImplicitlyDenied');
    });
  });

  describe('the refresh function', () => {
    /** ListObjectsV2 as the function sends it; `null` leaves a parameter out of the request. */
    const list = (p: string | null, delimiter: string | null = '/') =>
      archive(refreshRole, 's3:ListBucket', bucketArn, refreshPolicy, {
        ...(p === null ? {} : { 's3:prefix': p }),
        ...(delimiter === null ? {} : { 's3:delimiter': delimiter }),
      });

    it('may list the AWSLogs/ and AWSLogs/<organization id>/ folders, one level deep', async () => {
      expect(await list(`${prefix}AWSLogs/`)).toBe('Allowed');
      expect(await list(`${prefix}AWSLogs/${org}/`)).toBe('Allowed');
    });

    it('may list nothing else: not the bucket root, not deeper folders, not without the delimiter', async () => {
      expect({ root: await list('') }).toEqual({ root: 'ImplicitlyDenied' });
      expect({ noPrefix: await list(null) }).toEqual({ noPrefix: 'ImplicitlyDenied' });
      expect({ deeper: await list(`${prefix}AWSLogs/${org}/${config.managementAccountId}/`) }).toEqual({ deeper: 'ImplicitlyDenied' });
      expect({ noDelimiter: await list(`${prefix}AWSLogs/`, null) }).toEqual({ noDelimiter: 'ImplicitlyDenied' });
    });

    it('may not read log files', async () => {
      expect(await archive(refreshRole, 's3:GetObject', `${bucketArn}/${orgLog}`, refreshPolicy)).toBe('ImplicitlyDenied');
    });

    it('may update the two audit tables and no other table', async () => {
      const glue = (action: string, table: string) =>
        simulate({
          policy: undefined,
          action,
          resource: `arn:aws:glue:${region}:${audit}:table/${config.auditQueries.databaseName}/${table}`,
          resourceAccount: audit,
          principal: refreshRole,
          identityPolicy: refreshPolicy,
        });
      expect(await glue('glue:UpdateTable', config.auditQueries.tableName)).toBe('Allowed');
      expect(await glue('glue:UpdateTable', config.auditQueries.accountTrailsTableName)).toBe('Allowed');
      expect(await glue('glue:UpdateTable', 'other_table')).toBe('ImplicitlyDenied');
      expect(await glue('glue:DeleteTable', config.auditQueries.tableName)).toBe('ImplicitlyDenied');
    });
  });
});
