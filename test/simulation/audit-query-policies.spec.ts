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
import { ANONYMOUS, allowIdentity, literalPolicy, type PolicyJson, policyAt, simulate, synthesizedPolicies } from '../support/simulate';
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
  const resultsPolicyPath = 'audit-queries/AuditQueries/Results/Storage/Policy';
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
  /** The results bucket policy names the results key (its ARN filled in at apply). */
  const resultsPolicy = literal(queryPolicies.get(resultsPolicyPath) as string);
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

  it('simulates literal policies only: the auditor policy has exactly the two key ARNs filled in, the results policy the results key', () => {
    expect(JSON.stringify(auditorPolicy)).toContain(archiveKeyArn);
    expect(JSON.stringify(auditorPolicy)).toContain(resultsKeyArn);
    expect(JSON.stringify(resultsPolicy)).toContain(resultsKeyArn);
    for (const policy of [archivePolicy, archiveKeyPolicy, resultsKeyPolicy, refreshPolicy]) {
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

  describe('attacks on the archive', () => {
    const digest = `${prefix}AWSLogs/${org}/${config.managementAccountId}/CloudTrail-Digest/${region}/2026/11/30/${config.managementAccountId}_CloudTrail-Digest_${region}_${config.trailName}_${region}_20261130T130000Z.json.gz`;
    const insight = `${prefix}AWSLogs/${org}/${config.managementAccountId}/CloudTrail-Insight/${region}/2026/11/30/x.json.gz`;
    const admin = `arn:aws:sts::${audit}:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/mallory`;
    const everything = allowIdentity(['s3:*', 'kms:*', 'athena:*', 'glue:*']);
    const isReader = config.archive.readerAccountIds.includes(audit);
    const decrypt = (principal: string, identityPolicy: PolicyJson, context: Record<string, string>, account = audit) =>
      simulate({
        policy: archiveKeyPolicy,
        action: 'kms:Decrypt',
        resource: archiveKeyArn,
        resourceAccount: logArchive,
        principal,
        identityPolicy,
        context: { 'aws:SecureTransport': 'true', 'aws:PrincipalOrgID': org, 'kms:CallerAccount': account, ...context },
      });
    const viaS3 = { 'kms:ViaService': `s3.${region}.amazonaws.com`, 'kms:EncryptionContext:aws:s3:arn': bucketArn };

    it('an auditor reads log files but never a digest or an Insights file (Athena reads neither)', async () => {
      expect(await archive(auditor, 's3:GetObject', `${bucketArn}/${orgLog}`, auditorPolicy)).toBe('Allowed');
      expect(await archive(auditor, 's3:GetObject', `${bucketArn}/${digest}`, auditorPolicy)).toBe('ImplicitlyDenied');
      expect(await archive(auditor, 's3:GetObject', `${bucketArn}/${insight}`, auditorPolicy)).toBe('ImplicitlyDenied');
    });

    it('the archive admits the querying account to digests only when it is also a reader (archive.readerAccountIds)', async () => {
      // A reader fetches copies to verify them (digests needed); a query-only account reads log files.
      expect(await archive(admin, 's3:GetObject', `${bucketArn}/${orgLog}`, everything)).toBe('Allowed');
      expect(await archive(admin, 's3:GetObject', `${bucketArn}/${externalLog}`, everything)).toBe('Allowed');
      expect(await archive(admin, 's3:GetObject', `${bucketArn}/${digest}`, everything)).toBe(isReader ? 'Allowed' : 'ImplicitlyDenied');
      expect(await archive(admin, 's3:GetObject', `${bucketArn}/${insight}`, everything)).toBe(isReader ? 'Allowed' : 'ImplicitlyDenied');
    });

    it('an administrator of the querying account (s3:*, kms:* on *) reads as an auditor does: the archive trusts that account to pick its readers', async () => {
      // No resource policy can tell an auditor from another principal of the admitted account: its
      // own IAM policies decide (the README's "Who may query" says so).
      expect(await archive(admin, 's3:GetObject', `${bucketArn}/${orgLog}`, everything)).toBe('Allowed');
      expect(await decrypt(admin, everything, viaS3)).toBe('Allowed');
      // ...but only through S3, in the archive's region, and never writing.
      expect(await decrypt(admin, everything, { 'kms:EncryptionContext:aws:s3:arn': bucketArn })).toBe('ImplicitlyDenied');
      expect(await decrypt(admin, everything, { ...viaS3, 'kms:ViaService': 's3.us-west-2.amazonaws.com' })).toBe('ImplicitlyDenied');
      for (const action of ['kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:CreateGrant', 'kms:PutKeyPolicy']) {
        expect({
          action,
          decision: await simulate({
            policy: archiveKeyPolicy,
            action,
            resource: archiveKeyArn,
            resourceAccount: logArchive,
            principal: admin,
            identityPolicy: everything,
            context: { 'aws:SecureTransport': 'true', 'aws:PrincipalOrgID': org, 'kms:ViaService': `s3.${region}.amazonaws.com` },
          }),
        }).toEqual({ action, decision: 'ImplicitlyDenied' });
      }
    });

    it.each([
      ['s3:PutObject', 'log'],
      ['s3:PutObject', 'other'],
      ['s3:DeleteObject', 'log'],
      ['s3:DeleteObjectVersion', 'log'],
      ['s3:PutObjectAcl', 'log'],
      ['s3:PutObjectRetention', 'log'],
      ['s3:PutObjectLegalHold', 'log'],
      ['s3:PutObjectTagging', 'log'],
      ['s3:DeleteObjectTagging', 'log'],
      ['s3:RestoreObject', 'log'],
      ['s3:BypassGovernanceRetention', 'log'],
      ['s3:GetObject', 'other'],
    ])('an administrator of the querying account may not %s (%s object)', async (action, where) => {
      const key = where === 'log' ? orgLog : 'terraform/state.tfstate';
      expect(await archive(admin, action, `${bucketArn}/${key}`, everything)).not.toBe('Allowed');
    });

    it.each([
      's3:PutBucketPolicy',
      's3:DeleteBucketPolicy',
      's3:PutBucketVersioning',
      's3:PutBucketObjectLockConfiguration',
      's3:PutLifecycleConfiguration',
      's3:PutBucketPublicAccessBlock',
      's3:PutBucketAcl',
      's3:PutEncryptionConfiguration',
      's3:PutReplicationConfiguration',
      's3:DeleteBucket',
    ])('an administrator of the querying account may not %s on the archive', async (action) => {
      expect(await archive(admin, action, bucketArn, everything)).toBe('ExplicitlyDenied');
    });

    it.each([
      ['the management account', config.managementAccountId],
      ['another organization account', OTHER_ORG_ACCOUNT],
    ])('an administrator of %s reads and decrypts nothing', async (_, account) => {
      const other = `arn:aws:sts::${account}:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/eve`;
      expect(await archive(other, 's3:GetObject', `${bucketArn}/${orgLog}`, everything)).toBe('ImplicitlyDenied');
      expect(await archive(other, 's3:ListBucket', bucketArn, everything, { 's3:prefix': `${prefix}AWSLogs/` })).toBe('ImplicitlyDenied');
      expect(await decrypt(other, everything, viaS3, account)).toBe('ImplicitlyDenied');
    });

    it('an administrator of an external account (outside the organization) reads and decrypts nothing, even its own folder', async () => {
      const external = config.externalAccountIds[0];
      const outsider = `arn:aws:sts::${external}:assumed-role/Admin/eve`;
      const outside = { 'aws:PrincipalOrgID': 'o-0utsider00' };
      expect(await archive(outsider, 's3:GetObject', `${bucketArn}/${externalLog}`, everything, outside)).toBe('ImplicitlyDenied');
      expect(await decrypt(outsider, everything, { ...viaS3, ...outside }, external)).toBe('ImplicitlyDenied');
    });

    it('an administrator of the log-archive account gets objects of its own bucket but cannot decrypt them (no root in the key policy)', async () => {
      const archiveAdmin = `arn:aws:sts::${logArchive}:assumed-role/AWSReservedSSO_AdministratorAccess_0123456789abcdef/trent`;
      expect(await decrypt(archiveAdmin, everything, viaS3, logArchive)).toBe('ImplicitlyDenied');
    });
  });

  describe('attacks on the results', () => {
    const object = `${resultsBucketArn}/2026/12/01/abc.csv`;
    const put = (principal: string, identityPolicy: PolicyJson, context: Record<string, string> = {}) =>
      simulate({
        policy: resultsPolicy,
        action: 's3:PutObject',
        resource: object,
        resourceAccount: audit,
        principal,
        identityPolicy,
        context: { ...TLS, ...context },
      });
    const sse = 's3:x-amz-server-side-encryption';
    const otherKey = `arn:aws:kms:${region}:${audit}:key/11111111-2222-3333-4444-555555555555`;

    it('an auditor writes results with the results key (as Athena does) or with the bucket default', async () => {
      expect(await put(auditor, auditorPolicy, { [sse]: 'aws:kms', [`${sse}-aws-kms-key-id`]: resultsKeyArn })).toBe('Allowed');
      expect(await put(auditor, auditorPolicy)).toBe('Allowed');
    });

    it.each([
      ['SSE-S3', { [sse]: 'AES256' }],
      ['DSSE-KMS with the results key', { [sse]: 'aws:kms:dsse', [`${sse}-aws-kms-key-id`]: resultsKeyArn }],
      ['SSE-KMS with another key', { [sse]: 'aws:kms', [`${sse}-aws-kms-key-id`]: otherKey }],
      ['SSE-KMS without a key ID (S3 would use aws/s3)', { [sse]: 'aws:kms' }],
      ['SSE-C (a key of the caller)', { [`${sse}-customer-algorithm`]: 'AES256' }],
    ])('nobody writes a result with %s, not even an administrator', async (_, context) => {
      expect(await put(auditor, auditorPolicy, context)).toBe('ExplicitlyDenied');
      expect(await put(`arn:aws:sts::${audit}:assumed-role/Admin/mallory`, allowIdentity(['s3:*']), context)).toBe('ExplicitlyDenied');
    });

    it('nobody of another account, nor anonymous, reads or writes results', async () => {
      for (const account of [logArchive, config.managementAccountId, OTHER_ORG_ACCOUNT]) {
        const foreign = `arn:aws:sts::${account}:assumed-role/Admin/x`;
        expect(await put(foreign, allowIdentity(['s3:*']))).toBe('ExplicitlyDenied');
      }
      for (const action of ['s3:GetObject', 's3:PutObject']) {
        expect(
          await simulate({ policy: resultsPolicy, action, resource: object, resourceAccount: audit, principal: ANONYMOUS, context: TLS }),
        ).not.toBe('Allowed');
      }
    });

    it('nobody reads results over plain HTTP', async () => {
      expect(
        await simulate({
          policy: resultsPolicy,
          action: 's3:GetObject',
          resource: object,
          resourceAccount: audit,
          principal: auditor,
          identityPolicy: auditorPolicy,
          context: { 'aws:SecureTransport': 'false' },
        }),
      ).toBe('ExplicitlyDenied');
    });

    it.each(['s3:PutBucketPolicy', 's3:PutBucketPublicAccessBlock', 's3:PutLifecycleConfiguration', 's3:PutEncryptionConfiguration'])(
      'an administrator of the querying account may not %s on the results bucket (only the named administrators)',
      async (action) => {
        expect(
          await simulate({
            policy: resultsPolicy,
            action,
            resource: resultsBucketArn,
            resourceAccount: audit,
            principal: `arn:aws:sts::${audit}:assumed-role/Admin/mallory`,
            identityPolicy: allowIdentity(['s3:*']),
            context: TLS,
          }),
        ).toBe('ExplicitlyDenied');
      },
    );
  });

  describe('attacks on the catalog and the workgroup', () => {
    const glueArn = (resource: string) => `arn:aws:glue:${region}:${audit}:${resource}`;
    const db = config.auditQueries.databaseName;
    const identity = (principal: string, identityPolicy: PolicyJson, action: string, resource: string) =>
      simulate({ policy: undefined, action, resource, resourceAccount: audit, principal, identityPolicy });

    it('an auditor reads the tables but may not repoint, widen, replace or drop them', async () => {
      const table = glueArn(`table/${db}/${config.auditQueries.tableName}`);
      expect(await identity(auditor, auditorPolicy, 'glue:GetTable', table)).toBe('Allowed');
      for (const action of [
        'glue:UpdateTable',
        'glue:DeleteTable',
        'glue:CreateTable',
        'glue:CreatePartition',
        'glue:BatchCreatePartition',
      ]) {
        expect({ action, decision: await identity(auditor, auditorPolicy, action, table) }).toEqual({
          action,
          decision: 'ImplicitlyDenied',
        });
      }
      expect(await identity(auditor, auditorPolicy, 'glue:UpdateDatabase', glueArn(`database/${db}`))).toBe('ImplicitlyDenied');
      expect(await identity(auditor, auditorPolicy, 'glue:CreateTable', glueArn('database/default'))).toBe('ImplicitlyDenied');
    });

    it('an auditor queries only in the audit workgroup and may not change or leave it', async () => {
      const workgroup = (name: string) => `arn:aws:athena:${region}:${audit}:workgroup/${name}`;
      const audited = workgroup(config.auditQueries.workgroupName);
      expect(await identity(auditor, auditorPolicy, 'athena:StartQueryExecution', audited)).toBe('Allowed');
      expect(await identity(auditor, auditorPolicy, 'athena:StartQueryExecution', workgroup('primary'))).toBe('ImplicitlyDenied');
      for (const action of [
        'athena:UpdateWorkGroup',
        'athena:DeleteWorkGroup',
        'athena:CreateWorkGroup',
        'athena:CreateNamedQuery',
        'athena:DeleteNamedQuery',
      ]) {
        expect({ action, decision: await identity(auditor, auditorPolicy, action, audited) }).toEqual({
          action,
          decision: 'ImplicitlyDenied',
        });
      }
    });

    it('an auditor writes nowhere but the results bucket (UNLOAD or CTAS to another bucket fails on its own policy)', async () => {
      expect(await identity(auditor, auditorPolicy, 's3:PutObject', 'arn:aws:s3:::exfiltration-bucket/x.csv')).toBe('ImplicitlyDenied');
      expect(await identity(auditor, auditorPolicy, 's3:PutObject', `${resultsBucketArn}/x.csv`)).toBe('Allowed');
    });

    it('the refresh function may update its two tables only: not create, drop or change the database, read or write the archive', async () => {
      const table = glueArn(`table/${db}/${config.auditQueries.tableName}`);
      expect(await identity(refreshRole, refreshPolicy, 'glue:UpdateTable', table)).toBe('Allowed');
      for (const [action, resource] of [
        ['glue:CreateTable', glueArn(`database/${db}`)],
        ['glue:UpdateDatabase', glueArn(`database/${db}`)],
        ['glue:DeleteDatabase', glueArn(`database/${db}`)],
        ['glue:UpdateTable', glueArn(`table/default/${config.auditQueries.tableName}`)],
        ['s3:GetObject', `${bucketArn}/${orgLog}`],
        ['s3:PutObject', `${bucketArn}/${orgLog}`],
        ['kms:Decrypt', archiveKeyArn],
      ]) {
        expect({ action, decision: await identity(refreshRole, refreshPolicy, action, resource) }).toEqual({
          action,
          decision: 'ImplicitlyDenied',
        });
      }
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
