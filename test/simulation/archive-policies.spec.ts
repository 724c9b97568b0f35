/**
 * Policy-simulation tier: evaluates the literal bucket and key policies of the synthesized
 * log-archive stack with an IAM simulator, request by request. Expected ARNs and paths are
 * derived from the configuration, never from the module code under test.
 */
import { readFileSync } from 'node:fs';
import { configSchema, type OrganizationConfig, type OrganizationConfigInput } from '../../stacks/config';
import { EXAMPLE_CONFIG_FILE } from '../support/config';
import {
  ANONYMOUS,
  allowIdentity,
  literalPolicy,
  type PolicyJson,
  policyAt,
  policyDocument,
  type SimulationInput,
  simulate,
  synthesizedPolicies,
} from '../support/simulate';
import { buildExample } from '../support/synth';

const FOREIGN_ACCOUNT = '999988887777';
const OTHER_ORGANIZATION = 'o-otherorg1234';
const CLOUDTRAIL = 'cloudtrail.amazonaws.com';
const S3_LOGGING = 'logging.s3.amazonaws.com';
/** A TLS 1.3 request: what every legitimate caller sends. */
const TLS = { 'aws:SecureTransport': 'true', 's3:TlsVersion': '1.3' } as const;
/** The key ARN is only known after apply; key policies use `Resource: "*"`, so any key of the account stands in. */
const KEY_ID = '0b6f3c2e-6a2d-4d8e-9a51-3f4f1c1b2a7e';

const exampleInput = JSON.parse(readFileSync(EXAMPLE_CONFIG_FILE, 'utf8')) as OrganizationConfigInput;

/** Another organization: no key prefix, other accounts, region, trail name, bucket names, external accounts and readers. */
const variantInput: OrganizationConfigInput = {
  ...exampleInput,
  organizationId: 'o-abcdefgh1234',
  managementAccountId: '100000000001',
  logArchiveAccountId: '100000000002',
  auditAccountId: '100000000003',
  homeRegion: 'us-east-1',
  trailName: 'org-audit-trail',
  archiveBucketName: 'variant-trail-logs-100000000002',
  externalAccountIds: ['111122223333', '444455556666'],
  deploymentMonitoring: undefined,
  alarms: { ...exampleInput.alarms, notifyChat: false }, // the chat notifier lives in deploymentMonitoring
  archive: {
    ...exampleInput.archive,
    keyPrefix: undefined,
    replication: undefined,
    accessLogs: { expirationDays: 400 },
    readerAccountIds: ['100000000003', '100000000004'],
  },
};

/** No external accounts and no readers (audit queries off: their account would read): only the organization trail is admitted. */
const minimalInput: OrganizationConfigInput = {
  ...exampleInput,
  externalAccountIds: [],
  archive: { ...exampleInput.archive, readerAccountIds: [] },
  auditQueries: { enabled: false },
};

/** A configuration with its synthesized policies and the values a reviewer expects in them. */
interface Scenario {
  readonly name: string;
  readonly config: OrganizationConfig;
  readonly archivePolicy: PolicyJson;
  readonly keyPolicy: PolicyJson;
  readonly accessLogPolicy: PolicyJson;
  readonly policies: ReadonlyMap<string, string>;
  readonly logArchiveAccount: string;
  readonly orgTrailArn: string;
  readonly bucketArn: string;
  readonly keyArn: string;
  readonly accessLogBucketArn: string;
  /** Object key of a log file (or a digest file) under `[<prefix>/]AWSLogs/<owner>/`. */
  readonly logKey: (owner: string, accountId?: string, kind?: 'CloudTrail' | 'CloudTrail-Digest') => string;
}

const ARCHIVE_POLICY = 'log-archive/Archive/Storage/Policy';
const KEY_POLICY = 'log-archive/ArchiveKey/Key';
const ACCESS_LOG_POLICY = 'log-archive/AccessLogBucket/Storage/Policy';

function scenario(name: string, input: OrganizationConfigInput): Scenario {
  const config = configSchema.parse(input);
  const logArchive = buildExample(config).stacks.get('log-archive');
  const policies = synthesizedPolicies(logArchive);
  const region = config.homeRegion;
  const prefix = config.archive.keyPrefix ? `${config.archive.keyPrefix}/` : '';
  const accessLogBucket = config.archive.accessLogs.bucketName ?? `${config.archiveBucketName}-access-logs`;
  return {
    name,
    config,
    policies,
    archivePolicy: policyAt(policies, ARCHIVE_POLICY),
    keyPolicy: policyAt(policies, KEY_POLICY),
    accessLogPolicy: policyAt(policies, ACCESS_LOG_POLICY),
    logArchiveAccount: config.logArchiveAccountId,
    orgTrailArn: trailArn(region, config.managementAccountId, config.trailName),
    bucketArn: `arn:aws:s3:::${config.archiveBucketName}`,
    keyArn: `arn:aws:kms:${region}:${config.logArchiveAccountId}:key/${KEY_ID}`,
    accessLogBucketArn: `arn:aws:s3:::${accessLogBucket}`,
    logKey: (owner, accountId = owner, kind = 'CloudTrail') => {
      const member = owner === accountId ? '' : `${accountId}/`;
      const file = `${accountId}_${kind}_${region}_20250601T1205Z_${kind === 'CloudTrail' ? 'aBcD1234eFgH5678.json.gz' : 'Digest.json.gz'}`;
      return `${prefix}AWSLogs/${owner}/${member}${kind}/${region}/2025/06/01/${file}`;
    },
  };
}

function trailArn(region: string, accountId: string, name: string): string {
  return `arn:aws:cloudtrail:${region}:${accountId}:trail/${name}`;
}

function roleArn(accountId: string, name = 'LogReader'): string {
  return `arn:aws:iam::${accountId}:role/${name}`;
}

/** Context overrides: `undefined` removes a key. */
type Overrides = Readonly<Record<string, string | readonly string[] | undefined>>;

function merge(base: Overrides, overrides: Overrides = {}): Record<string, string | readonly string[]> {
  const context: Record<string, string | readonly string[]> = {};
  for (const [key, value] of Object.entries({ ...base, ...overrides })) if (value !== undefined) context[key] = value;
  return context;
}

const scenarios = [scenario('example', exampleInput), scenario('variant (no key prefix, other accounts)', variantInput)];

describe.each(scenarios)('$name configuration', (s) => {
  const { config } = s;
  const org = config.organizationId;
  const mgmt = config.managementAccountId;
  const [firstExternal, secondExternal] = config.externalAccountIds;
  const reader = config.archive.readerAccountIds[0];
  const otherRegion = config.regions.find((r) => r !== config.homeRegion) ?? 'ap-south-1';

  /** CloudTrail delivering an object to the archive as the organization trail, unless overridden. */
  const cloudTrailPut = (objectKey: string, overrides?: Overrides) =>
    simulate({
      policy: s.archivePolicy,
      action: 's3:PutObject',
      resource: `${s.bucketArn}/${objectKey}`,
      resourceAccount: s.logArchiveAccount,
      principal: CLOUDTRAIL,
      context: merge({ ...TLS, 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': s.orgTrailArn }, overrides),
    });

  /** A principal calling the archive bucket as a member of the organization (identity policy allowing `identityActions`, if given). */
  const archiveRequest = (
    principal: SimulationInput['principal'],
    action: string,
    resource: string,
    identityActions: readonly string[] | undefined,
    overrides?: Overrides,
  ) =>
    simulate({
      policy: s.archivePolicy,
      action,
      resource,
      resourceAccount: s.logArchiveAccount,
      principal,
      identityPolicy: identityActions ? allowIdentity(identityActions) : undefined,
      context: merge({ ...TLS, 'aws:PrincipalOrgID': org }, overrides),
    });

  /** A principal calling the archive key; IAM principals get an identity policy allowing `identityActions`. */
  const keyRequest = (principal: string, action: string, context: Overrides, identityActions: readonly string[] = ['kms:Decrypt']) =>
    simulate({
      policy: s.keyPolicy,
      action,
      resource: s.keyArn,
      resourceAccount: s.logArchiveAccount,
      principal,
      identityPolicy: principal === CLOUDTRAIL ? undefined : allowIdentity(identityActions),
      context: merge({ 'aws:SecureTransport': 'true' }, context),
    });

  it('simulates the literal synthesized policies (no Terraform expressions in them)', () => {
    for (const policyPath of [ARCHIVE_POLICY, KEY_POLICY, ACCESS_LOG_POLICY]) {
      expect(s.policies.get(policyPath)).toEqual(expect.any(String));
      expect(s.policies.get(policyPath)).not.toContain('${');
    }
  });

  describe('archive bucket policy', () => {
    describe('organization trail delivery', () => {
      it('allows CloudTrail to write a member account log file under AWSLogs/<organization id>/', async () => {
        expect(await cloudTrailPut(s.logKey(org, FOREIGN_ACCOUNT))).toBe('Allowed');
      });

      it('allows CloudTrail to write a digest file under AWSLogs/<organization id>/', async () => {
        expect(await cloudTrailPut(s.logKey(org, mgmt, 'CloudTrail-Digest'))).toBe('Allowed');
      });

      it('allows CloudTrail to write under the management account path AWSLogs/<management account>/', async () => {
        expect(await cloudTrailPut(s.logKey(mgmt))).toBe('Allowed');
      });

      it('denies a write without the bucket-owner-full-control ACL header', async () => {
        expect(await cloudTrailPut(s.logKey(org, mgmt), { 's3:x-amz-acl': undefined })).toBe('ImplicitlyDenied');
      });

      it('denies a write with another canned ACL', async () => {
        expect(await cloudTrailPut(s.logKey(org, mgmt), { 's3:x-amz-acl': 'private' })).toBe('ImplicitlyDenied');
      });

      it('denies a write without aws:SourceArn (confused deputy protection)', async () => {
        expect(await cloudTrailPut(s.logKey(org, mgmt), { 'aws:SourceArn': undefined })).toBe('ImplicitlyDenied');
      });

      it.each([
        ['a trail of a foreign account', () => trailArn(config.homeRegion, FOREIGN_ACCOUNT, config.trailName)],
        ['another trail of the management account', () => trailArn(config.homeRegion, mgmt, `${config.trailName}-other`)],
        ['a same-named trail in another region', () => trailArn(otherRegion, mgmt, config.trailName)],
      ])('denies a write whose aws:SourceArn is %s', async (_, sourceArn) => {
        expect(await cloudTrailPut(s.logKey(org, mgmt), { 'aws:SourceArn': sourceArn() })).toBe('ImplicitlyDenied');
        expect(await cloudTrailPut(s.logKey(mgmt), { 'aws:SourceArn': sourceArn() })).toBe('ImplicitlyDenied');
      });

      it("denies a write to another organization's path", async () => {
        expect(await cloudTrailPut(s.logKey(OTHER_ORGANIZATION, mgmt))).toBe('ImplicitlyDenied');
      });

      it("denies a write to a foreign account's path", async () => {
        expect(await cloudTrailPut(s.logKey(FOREIGN_ACCOUNT))).toBe('ImplicitlyDenied');
      });

      it('denies a write outside [<prefix>/]AWSLogs/', async () => {
        expect(await cloudTrailPut(`elsewhere/${s.logKey(org, mgmt)}`)).toBe('ImplicitlyDenied');
        expect(await cloudTrailPut(`${config.archive.keyPrefix ?? 'prefix'}-other/AWSLogs/${org}/x.json.gz`)).toBe('ImplicitlyDenied');
      });

      it('explicitly denies a write over plain HTTP (aws:SecureTransport false)', async () => {
        expect(await cloudTrailPut(s.logKey(org, mgmt), { 'aws:SecureTransport': 'false' })).toBe('ExplicitlyDenied');
      });

      it.each(['1.0', '1.1'])('explicitly denies a write over TLS %s', async (version) => {
        expect(await cloudTrailPut(s.logKey(org, mgmt), { 's3:TlsVersion': version })).toBe('ExplicitlyDenied');
      });

      it('allows a write over TLS 1.2', async () => {
        expect(await cloudTrailPut(s.logKey(org, mgmt), { 's3:TlsVersion': '1.2' })).toBe('Allowed');
      });
    });

    describe('bucket ACL check', () => {
      const aclCheck = (sourceArn: string) =>
        simulate({
          policy: s.archivePolicy,
          action: 's3:GetBucketAcl',
          resource: s.bucketArn,
          resourceAccount: s.logArchiveAccount,
          principal: CLOUDTRAIL,
          context: { ...TLS, 'aws:SourceArn': sourceArn },
        });

      it('allows CloudTrail to read the bucket ACL for the organization trail', async () => {
        expect(await aclCheck(s.orgTrailArn)).toBe('Allowed');
      });

      it.each(config.externalAccountIds)(
        'allows CloudTrail to read the bucket ACL for the trail of external account %s',
        async (account) => {
          expect(await aclCheck(trailArn(config.homeRegion, account, config.trailName))).toBe('Allowed');
        },
      );

      it('denies the ACL check for a foreign trail', async () => {
        expect(await aclCheck(trailArn(config.homeRegion, FOREIGN_ACCOUNT, config.trailName))).toBe('ImplicitlyDenied');
      });
    });

    describe('external account trails', () => {
      it.each([
        [firstExternal, secondExternal],
        [secondExternal, firstExternal],
      ])('lets the trail of external account %s write only to its own AWSLogs/<account>/ path', async (own, other) => {
        const sourceArn = trailArn(config.homeRegion, own, config.trailName);
        expect(await cloudTrailPut(s.logKey(own), { 'aws:SourceArn': sourceArn })).toBe('Allowed');
        expect(await cloudTrailPut(s.logKey(own, own, 'CloudTrail-Digest'), { 'aws:SourceArn': sourceArn })).toBe('Allowed');
        expect(await cloudTrailPut(s.logKey(other), { 'aws:SourceArn': sourceArn })).toBe('ImplicitlyDenied');
        expect(await cloudTrailPut(s.logKey(org, own), { 'aws:SourceArn': sourceArn })).toBe('ImplicitlyDenied');
        expect(await cloudTrailPut(s.logKey(mgmt), { 'aws:SourceArn': sourceArn })).toBe('ImplicitlyDenied');
      });

      it("denies the organization trail writing into an external account's path", async () => {
        expect(await cloudTrailPut(s.logKey(firstExternal))).toBe('ImplicitlyDenied');
      });

      it('denies an external account trail without the ACL header or with another trail name', async () => {
        const sourceArn = trailArn(config.homeRegion, firstExternal, config.trailName);
        expect(await cloudTrailPut(s.logKey(firstExternal), { 'aws:SourceArn': sourceArn, 's3:x-amz-acl': undefined })).toBe(
          'ImplicitlyDenied',
        );
        const renamed = trailArn(config.homeRegion, firstExternal, `${config.trailName}-2`);
        expect(await cloudTrailPut(s.logKey(firstExternal), { 'aws:SourceArn': renamed })).toBe('ImplicitlyDenied');
      });
    });

    describe('log readers', () => {
      const readActions = ['s3:GetObject', 's3:GetObjectVersion', 's3:ListBucket'];
      const logObject = () => `${s.bucketArn}/${s.logKey(org, mgmt)}`;

      it('allows a reader account role to get a log file', async () => {
        expect(await archiveRequest(roleArn(reader), 's3:GetObject', logObject(), readActions)).toBe('Allowed');
        expect(await archiveRequest(roleArn(reader), 's3:GetObjectVersion', logObject(), readActions)).toBe('Allowed');
      });

      it('allows a reader account role to list the bucket', async () => {
        expect(await archiveRequest(roleArn(reader), 's3:ListBucket', s.bucketArn, readActions)).toBe('Allowed');
      });

      it.each(config.archive.readerAccountIds)('allows every configured reader account (%s) to get a log file', async (account) => {
        expect(await archiveRequest(roleArn(account), 's3:GetObject', logObject(), readActions)).toBe('Allowed');
      });

      it('denies a reader account role whose aws:PrincipalOrgID is another organization', async () => {
        const otherOrg = { 'aws:PrincipalOrgID': OTHER_ORGANIZATION };
        expect(await archiveRequest(roleArn(reader), 's3:GetObject', logObject(), readActions, otherOrg)).toBe('ImplicitlyDenied');
        expect(await archiveRequest(roleArn(reader), 's3:ListBucket', s.bucketArn, readActions, otherOrg)).toBe('ImplicitlyDenied');
      });

      it('denies a reader account role without an identity policy allowing the read (cross-account needs both)', async () => {
        expect(await archiveRequest(roleArn(reader), 's3:GetObject', logObject(), undefined)).toBe('ImplicitlyDenied');
      });

      it('denies a reader getting an object outside [<prefix>/]AWSLogs/', async () => {
        expect(await archiveRequest(roleArn(reader), 's3:GetObject', `${s.bucketArn}/elsewhere/file.txt`, readActions)).toBe(
          'ImplicitlyDenied',
        );
      });

      it.each(['s3:PutObject', 's3:DeleteObject', 's3:DeleteObjectVersion'])(
        'explicitly denies %s on a log file to a reader whose identity policy allows it',
        async (action) => {
          expect(await archiveRequest(roleArn(reader), action, logObject(), [...readActions, action])).toBe('ExplicitlyDenied');
        },
      );

      it('explicitly denies a reader changing the bucket policy', async () => {
        expect(await archiveRequest(roleArn(reader), 's3:PutBucketPolicy', s.bucketArn, ['s3:PutBucketPolicy'])).toBe('ExplicitlyDenied');
      });

      it('denies a foreign account role, even one that claims the organization and has an identity allow', async () => {
        expect(await archiveRequest(roleArn(FOREIGN_ACCOUNT), 's3:GetObject', logObject(), readActions)).toBe('ImplicitlyDenied');
        expect(await archiveRequest(roleArn(FOREIGN_ACCOUNT), 's3:ListBucket', s.bucketArn, readActions)).toBe('ImplicitlyDenied');
      });

      it('denies an organization account that is not a reader (the management account)', async () => {
        expect(await archiveRequest(roleArn(mgmt), 's3:GetObject', logObject(), readActions)).toBe('ImplicitlyDenied');
      });

      it('denies anonymous requests', async () => {
        expect(await archiveRequest(ANONYMOUS, 's3:GetObject', logObject(), undefined, { 'aws:PrincipalOrgID': undefined })).toBe(
          'ImplicitlyDenied',
        );
        expect(await archiveRequest(ANONYMOUS, 's3:ListBucket', s.bucketArn, undefined, { 'aws:PrincipalOrgID': undefined })).toBe(
          'ImplicitlyDenied',
        );
      });
    });

    describe('bucket administration', () => {
      const administration = [
        's3:PutBucketPolicy',
        's3:DeleteBucketPolicy',
        's3:PutBucketAcl',
        's3:PutEncryptionConfiguration',
        's3:PutBucketOwnershipControls',
        's3:PutBucketPublicAccessBlock',
        's3:PutBucketObjectLockConfiguration',
        's3:PutBucketVersioning',
        's3:PutLifecycleConfiguration',
        's3:PutReplicationConfiguration',
      ];

      it.each(administration)('explicitly denies %s to a reader account role allowed s3:* by its identity policy', async (action) => {
        expect(await archiveRequest(roleArn(reader), action, s.bucketArn, ['s3:*'])).toBe('ExplicitlyDenied');
      });

      it.each(administration)('explicitly denies %s to a foreign account role allowed s3:* by its identity policy', async (action) => {
        expect(await archiveRequest(roleArn(FOREIGN_ACCOUNT), action, s.bucketArn, ['s3:*'], { 'aws:PrincipalOrgID': undefined })).toBe(
          'ExplicitlyDenied',
        );
      });

      it('explicitly denies s3:PutObjectAcl on a log file to another account', async () => {
        expect(await archiveRequest(roleArn(reader), 's3:PutObjectAcl', `${s.bucketArn}/${s.logKey(org, mgmt)}`, ['s3:*'])).toBe(
          'ExplicitlyDenied',
        );
      });

      it('leaves administration to the deployment role of the log-archive account (its identity policy decides)', async () => {
        const deployer = roleArn(s.logArchiveAccount, config.deployment.roleName);
        expect(await archiveRequest(deployer, 's3:PutBucketPolicy', s.bucketArn, ['s3:*'])).toBe('Allowed');
        expect(await archiveRequest(deployer, 's3:PutBucketPolicy', s.bucketArn, ['s3:GetObject'])).toBe('ImplicitlyDenied');
      });

      it.each(administration)(
        'explicitly denies %s to any other role of the log-archive account, even one allowed s3:*',
        async (action) => {
          expect(await archiveRequest(roleArn(s.logArchiveAccount, 'LogArchiveAdmin'), action, s.bucketArn, ['s3:*'])).toBe(
            'ExplicitlyDenied',
          );
        },
      );

      it('still explicitly denies the log-archive account plain HTTP', async () => {
        const admin = roleArn(s.logArchiveAccount, 'LogArchiveAdmin');
        expect(await archiveRequest(admin, 's3:PutBucketPolicy', s.bucketArn, ['s3:*'], { 'aws:SecureTransport': 'false' })).toBe(
          'ExplicitlyDenied',
        );
      });
    });
  });

  describe('archive key policy', () => {
    const orgTrailContext = (sourceArn: string = s.orgTrailArn, contextTrail: string = s.orgTrailArn) => ({
      'aws:SourceArn': sourceArn,
      'kms:EncryptionContext:aws:cloudtrail:arn': contextTrail,
      'kms:EncryptionContext:aws:s3:arn': `${s.bucketArn}/${s.logKey(org, mgmt)}`,
    });

    describe('CloudTrail encryption', () => {
      it('allows CloudTrail to generate a data key for the organization trail', async () => {
        expect(await keyRequest(CLOUDTRAIL, 'kms:GenerateDataKey', orgTrailContext())).toBe('Allowed');
      });

      it('allows the encryption context of a management account trail in any region', async () => {
        const context = orgTrailContext(s.orgTrailArn, trailArn(otherRegion, mgmt, config.trailName));
        expect(await keyRequest(CLOUDTRAIL, 'kms:GenerateDataKey', context)).toBe('Allowed');
      });

      it("denies a data key with the encryption context of a foreign account's trail", async () => {
        const context = orgTrailContext(s.orgTrailArn, trailArn(config.homeRegion, FOREIGN_ACCOUNT, config.trailName));
        expect(await keyRequest(CLOUDTRAIL, 'kms:GenerateDataKey', context)).toBe('ImplicitlyDenied');
      });

      it('denies a data key without the CloudTrail encryption context', async () => {
        const context = { ...orgTrailContext(), 'kms:EncryptionContext:aws:cloudtrail:arn': undefined };
        expect(await keyRequest(CLOUDTRAIL, 'kms:GenerateDataKey', context)).toBe('ImplicitlyDenied');
      });

      it.each([
        ['a foreign account trail', () => trailArn(config.homeRegion, FOREIGN_ACCOUNT, config.trailName)],
        ['another trail of the management account', () => trailArn(config.homeRegion, mgmt, `${config.trailName}-other`)],
      ])('denies a data key whose aws:SourceArn is %s', async (_, sourceArn) => {
        expect(await keyRequest(CLOUDTRAIL, 'kms:GenerateDataKey', orgTrailContext(sourceArn()))).toBe('ImplicitlyDenied');
      });

      it.each(config.externalAccountIds)('allows the trail of external account %s with its own encryption context', async (account) => {
        const own = trailArn(config.homeRegion, account, config.trailName);
        expect(await keyRequest(CLOUDTRAIL, 'kms:GenerateDataKey', orgTrailContext(own, own))).toBe('Allowed');
      });

      it('allows CloudTrail to describe the key for the organization trail, and not for a foreign trail', async () => {
        expect(await keyRequest(CLOUDTRAIL, 'kms:DescribeKey', { 'aws:SourceArn': s.orgTrailArn })).toBe('Allowed');
        const foreign = trailArn(config.homeRegion, FOREIGN_ACCOUNT, config.trailName);
        expect(await keyRequest(CLOUDTRAIL, 'kms:DescribeKey', { 'aws:SourceArn': foreign })).toBe('ImplicitlyDenied');
      });

      it('allows CloudTrail to decrypt for the organization trail (needed with an S3 Bucket Key), and not for a foreign trail', async () => {
        expect(await keyRequest(CLOUDTRAIL, 'kms:Decrypt', { 'aws:SourceArn': s.orgTrailArn })).toBe('Allowed');
        const foreign = trailArn(config.homeRegion, FOREIGN_ACCOUNT, config.trailName);
        expect(await keyRequest(CLOUDTRAIL, 'kms:Decrypt', { 'aws:SourceArn': foreign })).toBe('ImplicitlyDenied');
      });

      it('denies CloudTrail key administration', async () => {
        expect(await keyRequest(CLOUDTRAIL, 'kms:PutKeyPolicy', { 'aws:SourceArn': s.orgTrailArn })).toBe('ImplicitlyDenied');
      });
    });

    describe('log readers', () => {
      const readerContext = (overrides?: Overrides) =>
        merge(
          {
            'aws:PrincipalOrgID': org,
            'kms:ViaService': `s3.${config.homeRegion}.amazonaws.com`,
            'kms:EncryptionContext:aws:cloudtrail:arn': s.orgTrailArn,
          },
          overrides,
        );
      const viaS3 = (objectArn: string, overrides?: Overrides) =>
        merge(
          {
            'aws:PrincipalOrgID': org,
            'kms:ViaService': `s3.${config.homeRegion}.amazonaws.com`,
            'kms:EncryptionContext:aws:s3:arn': objectArn,
          },
          overrides,
        );

      it('allows a reader account role to decrypt log files (CloudTrail encryption context)', async () => {
        expect(await keyRequest(roleArn(reader), 'kms:Decrypt', readerContext())).toBe('Allowed');
      });

      it('allows a reader to decrypt files of an external account trail', async () => {
        const context = readerContext({ 'kms:EncryptionContext:aws:cloudtrail:arn': trailArn(config.homeRegion, firstExternal, 'any') });
        expect(await keyRequest(roleArn(reader), 'kms:Decrypt', context)).toBe('Allowed');
      });

      it('denies a reader whose aws:PrincipalOrgID is another organization', async () => {
        expect(await keyRequest(roleArn(reader), 'kms:Decrypt', readerContext({ 'aws:PrincipalOrgID': OTHER_ORGANIZATION }))).toBe(
          'ImplicitlyDenied',
        );
      });

      it('denies a reader decrypting log files directly, not through S3 (no kms:ViaService)', async () => {
        expect(await keyRequest(roleArn(reader), 'kms:Decrypt', readerContext({ 'kms:ViaService': undefined }))).toBe('ImplicitlyDenied');
        expect(await keyRequest(roleArn(reader), 'kms:Decrypt', readerContext({ 'kms:ViaService': 'sqs.eu-west-1.amazonaws.com' }))).toBe(
          'ImplicitlyDenied',
        );
      });

      it('denies a reader decrypting data that CloudTrail did not encrypt (another encryption context, not through S3 for this bucket)', async () => {
        const context = readerContext({
          'kms:EncryptionContext:aws:cloudtrail:arn': undefined,
          'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::another-bucket/x',
        });
        expect(await keyRequest(roleArn(reader), 'kms:Decrypt', context)).toBe('ImplicitlyDenied');
      });

      it('denies a reader without an identity policy allowing kms:Decrypt', async () => {
        expect(await keyRequest(roleArn(reader), 'kms:Decrypt', readerContext(), ['kms:DescribeKey'])).toBe('ImplicitlyDenied');
      });

      it('allows a reader to decrypt archive objects through S3 in the home region (bucket key and object contexts)', async () => {
        expect(await keyRequest(roleArn(reader), 'kms:Decrypt', viaS3(s.bucketArn))).toBe('Allowed');
        expect(await keyRequest(roleArn(reader), 'kms:Decrypt', viaS3(`${s.bucketArn}/${s.logKey(org, mgmt)}`))).toBe('Allowed');
      });

      it("denies decrypting through S3 with another bucket's ARN", async () => {
        expect(await keyRequest(roleArn(reader), 'kms:Decrypt', viaS3('arn:aws:s3:::some-other-bucket'))).toBe('ImplicitlyDenied');
        expect(await keyRequest(roleArn(reader), 'kms:Decrypt', viaS3(`${s.bucketArn}-copy`))).toBe('ImplicitlyDenied');
        expect(await keyRequest(roleArn(reader), 'kms:Decrypt', viaS3(`${s.bucketArn}-copy/object`))).toBe('ImplicitlyDenied');
      });

      it('denies decrypting through S3 of another region or another organization', async () => {
        const otherRegionS3 = { 'kms:ViaService': `s3.${otherRegion}.amazonaws.com` };
        expect(await keyRequest(roleArn(reader), 'kms:Decrypt', viaS3(s.bucketArn, otherRegionS3))).toBe('ImplicitlyDenied');
        expect(await keyRequest(roleArn(reader), 'kms:Decrypt', viaS3(s.bucketArn, { 'aws:PrincipalOrgID': OTHER_ORGANIZATION }))).toBe(
          'ImplicitlyDenied',
        );
      });

      it.each(['kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy', 'kms:DisableKey', 'kms:Encrypt'])(
        'denies %s to a reader allowed kms:* by its identity policy',
        async (action) => {
          expect(await keyRequest(roleArn(reader), action, { 'aws:PrincipalOrgID': org }, ['kms:*'])).toBe('ImplicitlyDenied');
        },
      );

      it('denies a foreign account role allowed kms:* by its identity policy', async () => {
        expect(await keyRequest(roleArn(FOREIGN_ACCOUNT), 'kms:Decrypt', readerContext(), ['kms:*'])).toBe('ImplicitlyDenied');
        expect(await keyRequest(roleArn(FOREIGN_ACCOUNT), 'kms:Decrypt', viaS3(s.bucketArn), ['kms:*'])).toBe('ImplicitlyDenied');
      });
    });

    describe('key administration', () => {
      const admin = () => roleArn(s.logArchiveAccount, 'LogArchiveAdmin');
      const deployer = () => roleArn(s.logArchiveAccount, config.deployment.roleName);

      it.each(['kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion', 'kms:Decrypt', 'kms:DisableKey', 'kms:CreateGrant'])(
        'denies %s to any other role of the log-archive account, even one allowed kms:* (the key names its administrators, not root)',
        async (action) => {
          expect(await keyRequest(admin(), action, {}, ['kms:*'])).toBe('ImplicitlyDenied');
        },
      );

      it('lets the deployment role update the key policy, so the account cannot be locked out', async () => {
        expect(await keyRequest(deployer(), 'kms:PutKeyPolicy', {}, ['kms:*'])).toBe('Allowed');
        expect(await keyRequest(deployer(), 'kms:EnableKeyRotation', {}, ['kms:*'])).toBe('Allowed');
      });

      it.each(['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:Decrypt', 'kms:CreateGrant'])(
        'denies %s to the deployment role',
        async (action) => {
          expect(await keyRequest(deployer(), action, {}, ['kms:*'])).toBe('ImplicitlyDenied');
        },
      );
    });
  });

  describe('access-log bucket policy', () => {
    const archiveBucket = config.archiveBucketName;
    const accessLogKey = `${archiveBucket}/${config.logArchiveAccountId}/${config.homeRegion}/${archiveBucket}/2025/06/01/2025-06-01-12-05-00-0A1B2C3D4E5F6A7B`;
    const delivery = (objectKey: string, overrides?: Overrides) =>
      simulate({
        policy: s.accessLogPolicy,
        action: 's3:PutObject',
        resource: `${s.accessLogBucketArn}/${objectKey}`,
        resourceAccount: s.logArchiveAccount,
        principal: S3_LOGGING,
        context: merge({ ...TLS, 'aws:SourceArn': s.bucketArn, 'aws:SourceAccount': s.logArchiveAccount }, overrides),
      });

    it('allows S3 server access logging of the archive bucket to deliver under <archive bucket>/', async () => {
      expect(await delivery(accessLogKey)).toBe('Allowed');
    });

    it('denies delivery with the aws:SourceAccount of another account', async () => {
      expect(await delivery(accessLogKey, { 'aws:SourceAccount': FOREIGN_ACCOUNT })).toBe('ImplicitlyDenied');
    });

    it('denies delivery with the aws:SourceArn of another bucket', async () => {
      expect(await delivery(accessLogKey, { 'aws:SourceArn': 'arn:aws:s3:::some-other-bucket' })).toBe('ImplicitlyDenied');
      expect(await delivery(accessLogKey, { 'aws:SourceArn': `${s.bucketArn}-copy` })).toBe('ImplicitlyDenied');
    });

    it('denies delivery without aws:SourceArn or aws:SourceAccount', async () => {
      expect(await delivery(accessLogKey, { 'aws:SourceArn': undefined })).toBe('ImplicitlyDenied');
      expect(await delivery(accessLogKey, { 'aws:SourceAccount': undefined })).toBe('ImplicitlyDenied');
    });

    it('denies delivery outside the <archive bucket>/ prefix', async () => {
      expect(await delivery(`other-bucket/${config.logArchiveAccountId}/x`)).toBe('ImplicitlyDenied');
    });

    it('explicitly denies delivery over plain HTTP or TLS 1.1', async () => {
      expect(await delivery(accessLogKey, { 'aws:SecureTransport': 'false' })).toBe('ExplicitlyDenied');
      expect(await delivery(accessLogKey, { 's3:TlsVersion': '1.1' })).toBe('ExplicitlyDenied');
    });

    it('denies CloudTrail writing into the access-log bucket', async () => {
      const request = { ...TLS, 'aws:SourceArn': s.orgTrailArn, 's3:x-amz-acl': 'bucket-owner-full-control' };
      expect(
        await simulate({
          policy: s.accessLogPolicy,
          action: 's3:PutObject',
          resource: `${s.accessLogBucketArn}/${accessLogKey}`,
          resourceAccount: s.logArchiveAccount,
          principal: CLOUDTRAIL,
          context: request,
        }),
        // No allow for CloudTrail there (DenyWritesExceptAccessLogDelivery stops non-service principals only).
      ).toBe('ImplicitlyDenied');
    });
  });
});

describe('policies follow the configuration', () => {
  const [example, variant] = scenarios;
  const minimal = scenario('minimal', minimalInput);

  const put = (s: Scenario, sourceArn: string, objectKey: string) =>
    simulate({
      policy: s.archivePolicy,
      action: 's3:PutObject',
      resource: `${s.bucketArn}/${objectKey}`,
      resourceAccount: s.logArchiveAccount,
      principal: CLOUDTRAIL,
      context: { ...TLS, 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': sourceArn },
    });

  it("denies one configuration's organization trail in the other's bucket", async () => {
    expect(await put(variant, example.orgTrailArn, variant.logKey(example.config.organizationId, example.config.managementAccountId))).toBe(
      'ImplicitlyDenied',
    );
    expect(await put(example, variant.orgTrailArn, example.logKey(variant.config.organizationId, variant.config.managementAccountId))).toBe(
      'ImplicitlyDenied',
    );
  });

  it('writes at the bucket root without a key prefix, and only under the prefix with one', async () => {
    const org = example.config.organizationId;
    const mgmt = example.config.managementAccountId;
    expect(await put(example, example.orgTrailArn, `AWSLogs/${org}/${mgmt}/CloudTrail/x.json.gz`)).toBe('ImplicitlyDenied');
    expect(await put(example, example.orgTrailArn, `${example.config.archive.keyPrefix}/AWSLogs/${org}/${mgmt}/CloudTrail/x.json.gz`)).toBe(
      'Allowed',
    );
    const variantOrg = variant.config.organizationId;
    const variantMgmt = variant.config.managementAccountId;
    expect(await put(variant, variant.orgTrailArn, `AWSLogs/${variantOrg}/${variantMgmt}/CloudTrail/x.json.gz`)).toBe('Allowed');
  });

  it('admits no external account trail when none is configured', async () => {
    for (const account of example.config.externalAccountIds) {
      const sourceArn = trailArn(example.config.homeRegion, account, example.config.trailName);
      expect(await put(minimal, sourceArn, minimal.logKey(account))).toBe('ImplicitlyDenied');
      expect(
        await simulate({
          policy: minimal.keyPolicy,
          action: 'kms:GenerateDataKey',
          resource: minimal.keyArn,
          resourceAccount: minimal.logArchiveAccount,
          principal: CLOUDTRAIL,
          context: { 'aws:SourceArn': sourceArn, 'kms:EncryptionContext:aws:cloudtrail:arn': sourceArn },
        }),
      ).toBe('ImplicitlyDenied');
    }
    expect(await put(minimal, minimal.orgTrailArn, minimal.logKey(minimal.config.organizationId, FOREIGN_ACCOUNT))).toBe('Allowed');
  });

  it('grants no reads when no reader account is configured', async () => {
    const reader = example.config.archive.readerAccountIds[0];
    const common = {
      resourceAccount: minimal.logArchiveAccount,
      principal: roleArn(reader),
      context: { ...TLS, 'aws:PrincipalOrgID': minimal.config.organizationId },
    };
    const logObject = `${minimal.bucketArn}/${minimal.logKey(minimal.config.organizationId, reader)}`;
    const s3Read = allowIdentity(['s3:GetObject', 's3:ListBucket']);
    expect(
      await simulate({ ...common, policy: example.archivePolicy, action: 's3:GetObject', resource: logObject, identityPolicy: s3Read }),
    ).toBe('Allowed');
    expect(
      await simulate({ ...common, policy: minimal.archivePolicy, action: 's3:GetObject', resource: logObject, identityPolicy: s3Read }),
    ).toBe('ImplicitlyDenied');
    expect(
      await simulate({
        policy: minimal.keyPolicy,
        action: 'kms:Decrypt',
        resource: minimal.keyArn,
        resourceAccount: minimal.logArchiveAccount,
        principal: roleArn(reader),
        identityPolicy: allowIdentity(['kms:Decrypt']),
        context: { 'aws:PrincipalOrgID': minimal.config.organizationId, 'kms:EncryptionContext:aws:cloudtrail:arn': minimal.orgTrailArn },
      }),
    ).toBe('ImplicitlyDenied');
  });
});

describe('simulator guard (the tier is not vacuous)', () => {
  const bucket = 'arn:aws:s3:::guard-bucket';
  const request = {
    action: 's3:GetObject',
    resource: `${bucket}/file.txt`,
    resourceAccount: '111111111111',
    principal: 'arn:aws:iam::111111111111:role/Guard',
  } as const;
  const allowGet = { Sid: 'AllowGet', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:role/Guard' }, Action: 's3:GetObject' };

  it('denies a request when the policy has no statements', async () => {
    expect(await simulate({ ...request, policy: policyDocument() })).toBe('ImplicitlyDenied');
  });

  it('allows a request that a hand-written statement allows', async () => {
    expect(await simulate({ ...request, policy: policyDocument({ ...allowGet, Resource: `${bucket}/*` }) })).toBe('Allowed');
  });

  it('lets a matching explicit deny win over the allow', async () => {
    const deny = { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: `${bucket}/*` };
    expect(await simulate({ ...request, policy: policyDocument({ ...allowGet, Resource: `${bucket}/*` }, deny) })).toBe('ExplicitlyDenied');
  });

  it('honours kms:EncryptionContext keys (which the validated engine would silently drop)', async () => {
    const key = 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const policy = policyDocument({
      Effect: 'Allow',
      Principal: { Service: CLOUDTRAIL },
      Action: 'kms:GenerateDataKey*',
      Resource: '*',
      Condition: { StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:111111111111:trail/*' } },
    });
    const generate = (trail: string) =>
      simulate({
        policy,
        action: 'kms:GenerateDataKey',
        resource: key,
        resourceAccount: '111111111111',
        principal: CLOUDTRAIL,
        context: { 'kms:EncryptionContext:aws:cloudtrail:arn': trail },
      });
    expect(await generate('arn:aws:cloudtrail:us-east-1:111111111111:trail/t')).toBe('Allowed');
    expect(await generate('arn:aws:cloudtrail:us-east-1:222222222222:trail/t')).toBe('ImplicitlyDenied');
  });

  it('rejects an unknown action and a context key that does not apply to the action', async () => {
    const policy = policyDocument({ ...allowGet, Resource: `${bucket}/*` });
    await expect(simulate({ ...request, policy, action: 's3:GetObjekt' })).rejects.toThrow(/invalid input/);
    await expect(simulate({ ...request, policy, context: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' } })).rejects.toThrow(
      /do not apply/,
    );
  });

  it('refuses a policy holding a Terraform expression (the simulator would read it as a wildcard)', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform expression, as cdktf renders an unresolved token
    const text = JSON.stringify(policyDocument({ ...allowGet, Resource: '${aws_s3_bucket.archive.arn}/*' }));
    expect(() => literalPolicy(text)).toThrow(/Terraform expression/);
  });

  it('refuses a policy with a misspelled condition operator (the simulator would never match it)', () => {
    const deny = { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: `${bucket}/*` };
    const misspelled = { ...deny, Condition: { NumericLesThan: { 's3:TlsVersion': '1.2' } } };
    expect(() => literalPolicy(JSON.stringify(policyDocument(misspelled)))).toThrow(/NumericLesThan/);
    const valid = {
      ...deny,
      Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' }, 'ForAnyValue:StringLikeIfExists': { 'aws:TagKeys': 'x*' } },
    };
    expect(literalPolicy(JSON.stringify(policyDocument(valid)))).toEqual(policyDocument(valid));
  });
});
