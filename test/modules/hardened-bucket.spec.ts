import { TerraformVariable } from 'cdktf';
import { HardenedBucket, type HardenedBucketProps } from '../../modules/hardened-bucket';
import { PolicyStatement } from '../../modules/policy-document';
import { addressAt, annotationsOf, LOG_ARCHIVE, preventDestroyFlags, resourceAt, statementsOf } from '../support/modules';
import { synthJson, testStack, validationErrors } from '../support/synth';

const NAME = 'org-logs';
const ARN = 'arn:aws:s3:::org-logs';
const KEY_ARN = `arn:aws:kms:us-east-1:${LOG_ARCHIVE}:key/archive`;

const ADMIN = `arn:aws:iam::${LOG_ARCHIVE}:role/deployment`;

/** A bucket administered by the whole account (the baseline policy alone), unless the test names administrators. */
function newBucket(props: Partial<HardenedBucketProps> = {}) {
  const stack = testStack();
  const bucket = new HardenedBucket(stack, 'Bucket', {
    bucketName: NAME,
    accountId: LOG_ARCHIVE,
    allowAccountAdministration: true,
    ...props,
  });
  return { stack, bucket };
}

const BASELINE = [
  {
    Sid: 'DenyInsecureTransport',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [ARN, `${ARN}/*`],
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  },
  {
    Sid: 'DenyTlsOlderThan12',
    Effect: 'Deny',
    Principal: '*',
    Action: 's3:*',
    Resource: [ARN, `${ARN}/*`],
    Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } },
  },
  {
    Sid: 'DenyBucketAdministrationFromOtherAccounts',
    Effect: 'Deny',
    Principal: '*',
    Action: [
      's3:PutBucketPolicy',
      's3:DeleteBucketPolicy',
      's3:PutBucketAcl',
      's3:PutObjectAcl',
      's3:PutEncryptionConfiguration',
      's3:PutBucketOwnershipControls',
      's3:PutBucketPublicAccessBlock',
      's3:PutBucketObjectLockConfiguration',
      's3:PutBucketVersioning',
      's3:PutLifecycleConfiguration',
      's3:PutReplicationConfiguration',
    ],
    Resource: [ARN, `${ARN}/*`],
    Condition: { StringNotEquals: { 'aws:PrincipalAccount': LOG_ARCHIVE } },
  },
];

const allowRead = (sid: string) =>
  new PolicyStatement({ sid, principal: { AWS: 'arn:aws:iam::333333333333:root' }, actions: ['s3:GetObject'], resources: [`${ARN}/*`] });

describe('HardenedBucket', () => {
  describe('bucket', () => {
    it('is named as given, never force-destroyed, guarded against destroy, without object lock by default', () => {
      const { stack, bucket } = newBucket();
      expect(resourceAt(synthJson(stack), 'aws_s3_bucket', 'Bucket/Bucket')).toEqual({
        bucket: NAME,
        force_destroy: false,
        object_lock_enabled: false,
        lifecycle: { prevent_destroy: true },
      });
      expect(bucket.objectLockEnabled).toBe(false);
    });

    it('has a literal ARN and object ARNs computed from the name', () => {
      const { bucket } = newBucket();
      expect(bucket.bucketArn).toBe(ARN);
      expect(bucket.objectArn('AWSLogs/*')).toBe(`${ARN}/AWSLogs/*`);
    });
  });

  describe('baseline', () => {
    it('blocks all four kinds of public access', () => {
      const { stack } = newBucket();
      expect(resourceAt(synthJson(stack), 'aws_s3_bucket_public_access_block', 'Bucket/PublicAccessBlock')).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
    });

    it('disables ACLs (bucket owner enforced)', () => {
      const { stack } = newBucket();
      expect(resourceAt(synthJson(stack), 'aws_s3_bucket_ownership_controls', 'Bucket/OwnershipControls')).toMatchObject({
        rule: { object_ownership: 'BucketOwnerEnforced' },
      });
    });

    it('exposes its ownership controls and policy, for resources that must wait for them', () => {
      const { bucket } = newBucket();
      expect(bucket.ownershipControls.node.path).toBe('test/Bucket/OwnershipControls');
      expect(bucket.policy.node.path).toBe('test/Bucket/Policy');
    });

    it('enables versioning', () => {
      const { stack } = newBucket();
      expect(resourceAt(synthJson(stack), 'aws_s3_bucket_versioning', 'Bucket/Versioning')).toMatchObject({
        versioning_configuration: { status: 'Enabled' },
      });
    });
  });

  describe('encryption', () => {
    it('uses SSE-S3 when no key is given', () => {
      const { stack } = newBucket();
      expect(resourceAt(synthJson(stack), 'aws_s3_bucket_server_side_encryption_configuration', 'Bucket/Encryption').rule).toEqual([
        { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } },
      ]);
    });

    it('uses SSE-KMS with the given key and an S3 Bucket Key', () => {
      const { stack } = newBucket({ encryptionKey: { keyArn: KEY_ARN } });
      expect(resourceAt(synthJson(stack), 'aws_s3_bucket_server_side_encryption_configuration', 'Bucket/Encryption').rule).toEqual([
        { apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: KEY_ARN }, bucket_key_enabled: true },
      ]);
    });
  });

  describe('object lock', () => {
    it('is absent unless asked for', () => {
      const { stack } = newBucket();
      expect(synthJson(stack).resource.aws_s3_bucket_object_lock_configuration).toBeUndefined();
    });

    it('enables object lock on the bucket and sets the default retention after versioning', () => {
      const { stack, bucket } = newBucket({ objectLock: { mode: 'COMPLIANCE', retentionDays: 2557 } });
      const json = synthJson(stack);
      expect(resourceAt(json, 'aws_s3_bucket', 'Bucket/Bucket')).toMatchObject({ object_lock_enabled: true });
      expect(resourceAt(json, 'aws_s3_bucket_object_lock_configuration', 'Bucket/ObjectLock')).toMatchObject({
        rule: { default_retention: { mode: 'COMPLIANCE', days: 2557 } },
        depends_on: [addressAt(json, 'aws_s3_bucket_versioning', 'Bucket/Versioning')],
      });
      expect(bucket.objectLockEnabled).toBe(true);
    });
  });

  describe('policy', () => {
    it('denies non-TLS, pre-TLS-1.2 and other-account administration, exactly', () => {
      const { stack, bucket } = newBucket();
      expect(bucket.policyDocument().toJSON().Statement).toEqual(BASELINE);
      expect(statementsOf(resourceAt(synthJson(stack), 'aws_s3_bucket_policy', 'Bucket/Policy'))).toEqual(BASELINE);
    });

    it('denies bucket administration and governance bypass to everyone but the named administrators, after the baseline', () => {
      const deployment = `arn:aws:iam::${LOG_ARCHIVE}:role/deployment`;
      const breakGlass = `arn:aws:iam::${LOG_ARCHIVE}:role/break-glass`;
      const { stack, bucket } = newBucket({ administratorArns: [deployment, breakGlass] });
      bucket.addToResourcePolicy(allowRead('AllowAuditRead'));
      const expected = [
        ...BASELINE,
        {
          Sid: 'DenyBucketAdministrationExceptAdministrators',
          Effect: 'Deny',
          Principal: '*',
          Action: [
            's3:DeleteBucket',
            's3:DeleteBucketPolicy',
            's3:PutBucketAcl',
            's3:PutBucketLogging',
            's3:PutBucketObjectLockConfiguration',
            's3:PutBucketOwnershipControls',
            's3:PutBucketPolicy',
            's3:PutBucketPublicAccessBlock',
            's3:PutBucketRequestPayment',
            's3:PutBucketVersioning',
            's3:PutEncryptionConfiguration',
            's3:PutLifecycleConfiguration',
            's3:PutReplicationConfiguration',
            's3:BypassGovernanceRetention',
          ],
          Resource: [ARN, `${ARN}/*`],
          Condition: { ArnNotLike: { 'aws:PrincipalArn': [deployment, breakGlass] } },
        },
        {
          Sid: 'AllowAuditRead',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::333333333333:root' },
          Action: 's3:GetObject',
          Resource: `${ARN}/*`,
        },
      ];
      expect(bucket.policyDocument().toJSON().Statement).toEqual(expected);
      expect(statementsOf(resourceAt(synthJson(stack), 'aws_s3_bucket_policy', 'Bucket/Policy'))).toEqual(expected);
    });

    it('denies no administration within the account for an empty administrator list', () => {
      expect(newBucket({ administratorArns: [] }).bucket.policyDocument().toJSON().Statement).toEqual(BASELINE);
    });

    it('is applied after the public access block', () => {
      const { stack } = newBucket();
      const json = synthJson(stack);
      expect(resourceAt(json, 'aws_s3_bucket_policy', 'Bucket/Policy').depends_on).toEqual([
        addressAt(json, 'aws_s3_bucket_public_access_block', 'Bucket/PublicAccessBlock'),
      ]);
    });

    it('adds statements after the baseline denies, in the order given', () => {
      const { stack, bucket } = newBucket();
      bucket.addToResourcePolicy(allowRead('AllowAuditRead'));
      bucket.addToResourcePolicy(allowRead('AllowSecondRead'));
      const rendered = statementsOf(resourceAt(synthJson(stack), 'aws_s3_bucket_policy', 'Bucket/Policy'));
      expect(rendered).toEqual([
        ...BASELINE,
        {
          Sid: 'AllowAuditRead',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::333333333333:root' },
          Action: 's3:GetObject',
          Resource: `${ARN}/*`,
        },
        {
          Sid: 'AllowSecondRead',
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws:iam::333333333333:root' },
          Action: 's3:GetObject',
          Resource: `${ARN}/*`,
        },
      ]);
    });

    it('renders producers when the policy is rendered, so grants made later are included', () => {
      const { stack, bucket } = newBucket();
      const granted: string[] = [];
      bucket.addPolicyProducer(() => granted.map(allowRead));
      granted.push('AllowLateGrant');
      expect(statementsOf(resourceAt(synthJson(stack), 'aws_s3_bucket_policy', 'Bucket/Policy')).map((s) => s.Sid)).toEqual([
        'DenyInsecureTransport',
        'DenyTlsOlderThan12',
        'DenyBucketAdministrationFromOtherAccounts',
        'AllowLateGrant',
      ]);
    });

    it('fails synth validation when the bucket policy outgrows 20 KB', () => {
      const { bucket } = newBucket();
      expect(bucket.node.validate()).toEqual([]);
      bucket.addToResourcePolicy(...Array.from({ length: 150 }, (_, i) => allowRead(`AllowRead${i}`)));
      const size = bucket.policyDocument().sizeBytes;
      expect(size).toBeGreaterThan(20480);
      expect(bucket.node.validate()).toEqual([
        `test/Bucket: policy is ${size} bytes; an S3 bucket policy holds at most 20480 bytes. Fix: grant fewer trails or readers on this bucket (each account trail adds a statement), or spread them over another bucket`,
      ]);
    });
  });

  describe('administrators', () => {
    it('fails synth without administrators or allowAccountAdministration, naming the prop, the rule and the fix', () => {
      const { stack } = newBucket({ allowAccountAdministration: undefined });
      expect(validationErrors(stack)).toEqual([
        `test/Bucket: administratorArns: is required: without it any principal of account ${LOG_ARCHIVE} that an IAM policy allows could change the bucket's policy, lifecycle, versioning and encryption or bypass governance retention. Fix: name the roles that administer it (the deployment role, a break-glass role), or set allowAccountAdministration: true (recorded as a warning)`,
      ]);
      expect(validationErrors(newBucket({ allowAccountAdministration: undefined, administratorArns: [ADMIN] }).stack)).toEqual([]);
    });

    it('with allowAccountAdministration denies only other accounts, and records a warning naming the account and the bucket', () => {
      const { stack, bucket } = newBucket();
      expect(validationErrors(stack)).toEqual([]);
      expect(bucket.allowAccountAdministration).toBe(true);
      expect(bucket.policyDocument().sids).not.toContain('DenyBucketAdministrationExceptAdministrators');
      expect(annotationsOf(bucket, 'warning')).toEqual([
        {
          path: 'Bucket',
          message: `allowAccountAdministration: any principal of account ${LOG_ARCHIVE} that an IAM policy allows can change bucket ${NAME}'s policy, lifecycle, versioning, encryption and object lock or bypass governance retention`,
        },
      ]);
    });

    it('records nothing, and ignores allowAccountAdministration, when administrators are named', () => {
      const { bucket } = newBucket({ administratorArns: [ADMIN] });
      expect(bucket.allowAccountAdministration).toBe(false);
      expect(annotationsOf(bucket, 'warning')).toEqual([]);
    });
  });

  describe('prop rules', () => {
    it.each([
      [
        'a bucket name with underscores',
        { bucketName: 'Logs_Bucket' },
        'test/Bucket: bucketName: "Logs_Bucket" is not a valid S3 bucket name (lowercase letters, digits, dots and hyphens; starts and ends with a letter or digit). Fix: choose a name of 3-63 lowercase letters, digits, dots and hyphens that starts and ends with a letter or digit',
      ],
      [
        'a lowercase bucket name with underscores',
        { bucketName: 'org_logs' },
        'test/Bucket: bucketName: "org_logs" is not a valid S3 bucket name (lowercase letters, digits, dots and hyphens; starts and ends with a letter or digit). Fix: choose a name of 3-63 lowercase letters, digits, dots and hyphens that starts and ends with a letter or digit',
      ],
      [
        'a reserved suffix',
        { bucketName: 'logs--ol-s3' },
        'test/Bucket: bucketName: "logs--ol-s3" ends with the reserved suffix "--ol-s3". Fix: choose a name of 3-63 lowercase letters, digits, dots and hyphens that starts and ends with a letter or digit',
      ],
      [
        'an account ID of 11 digits',
        { accountId: '12345678901' },
        'test/Bucket: accountId: "12345678901" is not an AWS account ID (exactly 12 digits). Fix: write the 12 digits as a string, keeping leading zeros',
      ],
      [
        'a fractional retention',
        { objectLock: { mode: 'GOVERNANCE', retentionDays: 1.5 } },
        'test/Bucket: objectLock.retentionDays: 1.5 must be a whole number of days. Fix: write a number from 1 to 36500 without decimals',
      ],
      [
        'an unknown lock mode',
        { objectLock: { mode: 'LEGAL_HOLD' as 'GOVERNANCE', retentionDays: 30 } },
        'test/Bucket: objectLock.mode: "LEGAL_HOLD" is not an object lock mode. Fix: use "GOVERNANCE" or "COMPLIANCE"',
      ],
    ])('fails synth on %s', (_what, props, line) => {
      const { stack } = newBucket(props as Partial<HardenedBucketProps>);
      expect(validationErrors(stack)).toEqual([line]);
      expect(() => synthJson(stack)).toThrow(line);
    });

    it('reports every broken prop at once', () => {
      const { stack } = newBucket({ bucketName: 'ab', accountId: 'x', allowAccountAdministration: undefined });
      expect(validationErrors(stack).map((line) => line.split(':')[1].trim())).toEqual(['administratorArns', 'bucketName', 'accountId']);
    });

    it('skips a name Terraform resolves at apply (a token), refusing nothing', () => {
      const stack = testStack();
      const name = new TerraformVariable(stack, 'name', { type: 'string' }).stringValue;
      new HardenedBucket(stack, 'Bucket', { bucketName: name, accountId: LOG_ARCHIVE, administratorArns: [ADMIN] });
      expect(validationErrors(stack)).toEqual([]);
    });
  });

  describe('allowDestroy', () => {
    it('records no warning by default', () => {
      expect(annotationsOf(newBucket({ administratorArns: [ADMIN] }).bucket, 'warning')).toEqual([]);
    });

    it('drops prevent_destroy, still never force-destroys, and records a warning naming the bucket', () => {
      const { stack, bucket } = newBucket({ allowDestroy: true, administratorArns: [ADMIN] });
      const json = synthJson(stack);
      expect(preventDestroyFlags(json)).toEqual({ 'aws_s3_bucket.Bucket': false });
      expect(resourceAt(json, 'aws_s3_bucket', 'Bucket/Bucket')).toMatchObject({ force_destroy: false });
      expect(annotationsOf(bucket, 'warning')).toEqual([
        { path: 'Bucket', message: `allowDestroy: bucket ${NAME} is not guarded by prevent_destroy` },
      ]);
    });
  });
});
