import { S3BucketAccessLogging } from '../../../tooling/checks/rules/s3-bucket-access-logging';
import { S3BucketAclsDisabled } from '../../../tooling/checks/rules/s3-bucket-acls-disabled';
import { S3BucketEncryptedWithKms } from '../../../tooling/checks/rules/s3-bucket-encrypted-with-kms';
import { S3BucketObjectLockEnabled } from '../../../tooling/checks/rules/s3-bucket-object-lock-enabled';
import { S3BucketPolicyNoCrossAccountAdministration } from '../../../tooling/checks/rules/s3-bucket-policy-no-cross-account-administration';
import { S3BucketPolicyNoWildcardPrincipal } from '../../../tooling/checks/rules/s3-bucket-policy-no-wildcard-principal';
import { S3BucketPublicAccessBlocked } from '../../../tooling/checks/rules/s3-bucket-public-access-blocked';
import { S3BucketTlsOnly } from '../../../tooling/checks/rules/s3-bucket-tls-only';
import { S3BucketVersioningEnabled } from '../../../tooling/checks/rules/s3-bucket-versioning-enabled';
import type { JsonObject } from '../../../tooling/terraform';
import { ACCOUNT, describeRule, OTHER_ACCOUNT, policy, ref, res } from '../support';

const NAME = 'acme-archive';
const ARN = `arn:aws:s3:::${NAME}`;
const bucket = (attributes: JsonObject = {}) => res('aws_s3_bucket', 'Bucket', { bucket: NAME, ...attributes });
/** A settings resource of the bucket, by reference (as the constructs write it) or by literal name. */
const setting = (type: string, attributes: JsonObject, literal = false) =>
  res(type, `${type.replace('aws_s3_bucket_', '')}_1`, { bucket: literal ? NAME : ref('aws_s3_bucket.Bucket.id'), ...attributes });
const other = res('aws_kms_key', 'Key', {});

// A server access log target: the bucket receives the access logs of Source.
const source = res('aws_s3_bucket', 'Source', { bucket: 'acme-source' });
const logsTo = setting('aws_s3_bucket_logging', { bucket: ref('aws_s3_bucket.Source.id'), target_bucket: NAME });

const denyInsecure = {
  Sid: 'DenyInsecureTransport',
  Effect: 'Deny',
  Principal: '*',
  Action: 's3:*',
  Resource: [ARN, `${ARN}/*`],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
};
const bucketPolicy = (...statements: JsonObject[]) => setting('aws_s3_bucket_policy', { policy: policy(...statements) });

describeRule(S3BucketPublicAccessBlocked, {
  compliant: [
    {
      when: 'a public access block with all four settings names the bucket by reference',
      resource: bucket(),
      with: [
        setting('aws_s3_bucket_public_access_block', {
          block_public_acls: true,
          block_public_policy: true,
          ignore_public_acls: true,
          restrict_public_buckets: true,
        }),
      ],
    },
    {
      when: 'the public access block names the bucket by its literal name',
      resource: bucket(),
      with: [
        setting(
          'aws_s3_bucket_public_access_block',
          { block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true },
          true,
        ),
      ],
    },
  ],
  nonCompliant: [
    { when: 'no public access block names the bucket', resource: bucket(), detail: /no aws_s3_bucket_public_access_block/ },
    {
      when: 'restrict_public_buckets is false',
      resource: bucket(),
      with: [
        setting('aws_s3_bucket_public_access_block', {
          block_public_acls: true,
          block_public_policy: true,
          ignore_public_acls: true,
          restrict_public_buckets: false,
        }),
      ],
      detail: /restrict_public_buckets not true/,
    },
  ],
  notApplicable: [{ when: 'the resource is a key', resource: other }],
});

describeRule(S3BucketTlsOnly, {
  compliant: [
    { when: 'the policy denies s3:* without TLS on the bucket and its objects', resource: bucket(), with: [bucketPolicy(denyInsecure)] },
    {
      when: 'the deny names the bucket by reference',
      resource: bucket(),
      with: [bucketPolicy({ ...denyInsecure, Resource: [ref('aws_s3_bucket.Bucket.arn'), `${ref('aws_s3_bucket.Bucket.arn')}/*`] })],
    },
  ],
  nonCompliant: [
    { when: 'the bucket has no policy', resource: bucket(), detail: /no policy/ },
    {
      when: 'the deny covers only objects, not the bucket',
      resource: bucket(),
      with: [bucketPolicy({ ...denyInsecure, Resource: `${ARN}/*` })],
    },
    { when: 'the deny covers only s3:GetObject', resource: bucket(), with: [bucketPolicy({ ...denyInsecure, Action: 's3:GetObject' })] },
    {
      when: 'the condition only requires TLS 1.2 (no SecureTransport deny)',
      resource: bucket(),
      with: [bucketPolicy({ ...denyInsecure, Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } } })],
    },
    {
      when: 'the policy is not literal JSON',
      resource: bucket(),
      with: [setting('aws_s3_bucket_policy', { policy: ref('data.aws_iam_policy_document.p.json') })],
      detail: /not literal JSON/,
    },
  ],
  notApplicable: [{ when: 'the resource is a key', resource: other }],
});

describeRule(S3BucketVersioningEnabled, {
  compliant: [
    {
      when: 'aws_s3_bucket_versioning is Enabled',
      resource: bucket(),
      with: [setting('aws_s3_bucket_versioning', { versioning_configuration: { status: 'Enabled' } })],
    },
    { when: 'the legacy versioning block is enabled', resource: bucket({ versioning: [{ enabled: true }] }) },
  ],
  nonCompliant: [
    { when: 'no versioning resource names the bucket', resource: bucket() },
    {
      when: 'versioning is Suspended',
      resource: bucket(),
      with: [setting('aws_s3_bucket_versioning', { versioning_configuration: [{ status: 'Suspended' }] })],
      detail: /Suspended/,
    },
  ],
  notApplicable: [{ when: 'the resource is a key', resource: other }],
});

const sse = (byDefault: JsonObject) =>
  setting('aws_s3_bucket_server_side_encryption_configuration', { rule: [{ apply_server_side_encryption_by_default: byDefault }] });

describeRule(S3BucketEncryptedWithKms, {
  compliant: [
    {
      when: 'SSE-KMS uses a customer managed key',
      resource: bucket(),
      with: [sse({ sse_algorithm: 'aws:kms', kms_master_key_id: ref('aws_kms_key.Key.arn') })],
    },
    {
      when: 'DSSE-KMS uses a customer managed key',
      resource: bucket(),
      with: [sse({ sse_algorithm: 'aws:kms:dsse', kms_master_key_id: 'arn:aws:kms:eu-west-1:111111111111:key/k' })],
    },
  ],
  nonCompliant: [
    { when: 'no default encryption is configured', resource: bucket(), detail: /SSE-S3/ },
    { when: 'SSE-S3 (AES256) is the default', resource: bucket(), with: [sse({ sse_algorithm: 'AES256' })], detail: /AES256/ },
    { when: 'SSE-KMS uses the AWS managed key', resource: bucket(), with: [sse({ sse_algorithm: 'aws:kms' })], detail: /aws\/s3/ },
  ],
  notApplicable: [
    {
      when: 'the bucket is a server access log target (AWS supports only SSE-S3 there)',
      resource: bucket(),
      with: [source, logsTo],
      detail: /SSE-S3/,
    },
    { when: 'the resource is a key', resource: other },
  ],
});

describeRule(S3BucketAccessLogging, {
  compliant: [
    {
      when: 'aws_s3_bucket_logging names a target bucket',
      resource: bucket(),
      with: [setting('aws_s3_bucket_logging', { target_bucket: 'acme-logs', target_prefix: 'x/' })],
    },
    { when: 'the legacy logging block names a target', resource: bucket({ logging: { target_bucket: 'acme-logs' } }) },
  ],
  nonCompliant: [{ when: 'nothing logs the bucket', resource: bucket(), detail: /no aws_s3_bucket_logging/ }],
  notApplicable: [
    {
      when: 'the bucket is itself the access log target of another bucket',
      resource: bucket(),
      with: [source, logsTo],
      detail: /should not log itself/,
    },
    { when: 'the resource is a key', resource: other },
  ],
});

const lock = (retention: JsonObject) => setting('aws_s3_bucket_object_lock_configuration', { rule: { default_retention: retention } });

describeRule(S3BucketObjectLockEnabled, {
  compliant: [
    {
      when: 'object lock is enabled with a default retention in days',
      resource: bucket({ object_lock_enabled: true }),
      with: [lock({ mode: 'GOVERNANCE', days: 400 })],
      detail: /GOVERNANCE for 400 days/,
    },
    {
      when: 'the retention is in years',
      resource: bucket({ object_lock_enabled: true }),
      with: [lock({ mode: 'COMPLIANCE', years: 7 })],
      detail: /7 years/,
    },
  ],
  nonCompliant: [
    { when: 'object_lock_enabled is false', resource: bucket({ object_lock_enabled: false }) },
    {
      when: 'object lock is enabled without a default retention',
      resource: bucket({ object_lock_enabled: true }),
      detail: /without a default retention/,
    },
  ],
  notApplicable: [
    { when: 'the bucket is a server access log target (AWS refuses object lock there)', resource: bucket(), with: [source, logsTo] },
    { when: 'the resource is a key', resource: other },
  ],
});

describeRule(S3BucketAclsDisabled, {
  compliant: [
    {
      when: 'ownership is BucketOwnerEnforced',
      resource: bucket(),
      with: [setting('aws_s3_bucket_ownership_controls', { rule: { object_ownership: 'BucketOwnerEnforced' } })],
    },
  ],
  nonCompliant: [
    { when: 'no ownership controls name the bucket', resource: bucket() },
    {
      when: 'ownership is BucketOwnerPreferred (ACLs still apply)',
      resource: bucket(),
      with: [setting('aws_s3_bucket_ownership_controls', { rule: { object_ownership: 'BucketOwnerPreferred' } })],
      detail: /BucketOwnerPreferred/,
    },
  ],
  notApplicable: [{ when: 'the resource is a key', resource: other }],
});

const allow = (principal: unknown, action: string | string[], extra: JsonObject = {}) => ({
  Sid: 'Grant',
  Effect: 'Allow',
  Principal: principal,
  Action: action,
  Resource: [ARN, `${ARN}/*`],
  ...extra,
});

describeRule(S3BucketPolicyNoCrossAccountAdministration, {
  compliant: [
    {
      when: 'another account may only read',
      resource: bucket(),
      with: [bucketPolicy(allow({ AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, ['s3:GetObject', 's3:ListBucket']))],
    },
    {
      when: 'the owning account administers its own bucket',
      resource: bucket(),
      with: [bucketPolicy(allow({ AWS: `arn:aws:iam::${ACCOUNT}:role/deploy` }, 's3:PutBucketPolicy'))],
    },
    {
      when: "the bucket's account is unknown offline and no wildcard principal administers it",
      resource: res('aws_s3_bucket', 'Bucket', { bucket: NAME }, { account: null }),
      with: [bucketPolicy(allow({ AWS: `arn:aws:iam::${ACCOUNT}:role/deploy` }, 's3:PutBucketPolicy'))],
      detail: /not known offline/,
    },
  ],
  nonCompliant: [
    {
      when: 'another account may change the bucket policy',
      resource: bucket(),
      with: [bucketPolicy(allow({ AWS: `arn:aws:iam::${OTHER_ACCOUNT}:root` }, 's3:PutBucketPolicy'))],
      detail: /222222222222 s3:PutBucketPolicy/,
    },
    {
      when: 'another account is allowed s3:* (wildcard actions)',
      resource: bucket(),
      with: [bucketPolicy(allow({ AWS: OTHER_ACCOUNT }, 's3:*'))],
      detail: /s3:PutBucketAcl/,
    },
    {
      when: 'anyone may change object ACLs',
      resource: bucket(),
      with: [bucketPolicy(allow('*', 's3:PutObjectAcl'))],
      detail: /allows \* s3:PutObjectAcl/,
    },
  ],
  notApplicable: [
    { when: 'the bucket has no policy', resource: bucket() },
    { when: 'the resource is a key', resource: other },
  ],
});

describeRule(S3BucketPolicyNoWildcardPrincipal, {
  compliant: [
    { when: 'the only wildcard statement is a Deny', resource: bucket(), with: [bucketPolicy(denyInsecure)] },
    {
      when: 'a wildcard Allow is limited to the organization',
      resource: bucket(),
      with: [bucketPolicy(allow('*', 's3:GetObject', { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abcdefghij' } } }))],
    },
  ],
  nonCompliant: [
    { when: 'anyone may read objects', resource: bucket(), with: [bucketPolicy(allow('*', 's3:GetObject'))], detail: /Grant/ },
    {
      when: 'the only condition is an IfExists one (passes when the key is missing)',
      resource: bucket(),
      with: [
        bucketPolicy(
          allow({ AWS: '*' }, 's3:GetObject', { Condition: { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abcdefghij' } } }),
        ),
      ],
    },
  ],
  notApplicable: [
    { when: 'the bucket has no policy', resource: bucket() },
    { when: 'the resource is a key', resource: other },
  ],
});
