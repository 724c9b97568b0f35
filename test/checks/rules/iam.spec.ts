import { IamPolicyNoKmsDecryptOnAllKeys } from '../../../tooling/checks/rules/iam-policy-no-kms-decrypt-on-all-keys';
import { IamRoleTrustHasConfusedDeputyCondition } from '../../../tooling/checks/rules/iam-role-trust-has-confused-deputy-condition';
import { ResourcePolicyServiceGrantScopedToSource } from '../../../tooling/checks/rules/resource-policy-service-grant-scoped-to-source';
import type { JsonObject } from '../../../tooling/terraform';
import { describeRule, policy, ref, res } from '../support';

const role = (...statements: JsonObject[]) => res('aws_iam_role', 'Role', { name: 'r', assume_role_policy: policy(...statements) });
const trust = (service: string | string[], condition?: JsonObject) => ({
  Sid: 'Trust',
  Effect: 'Allow',
  Principal: { Service: service },
  Action: 'sts:AssumeRole',
  ...(condition ? { Condition: condition } : {}),
});
const bucket = res('aws_s3_bucket', 'Bucket', { bucket: 'b' });

describeRule(IamRoleTrustHasConfusedDeputyCondition, {
  compliant: [
    {
      when: 'EventBridge may assume it only for our rule',
      resource: role(trust('events.amazonaws.com', { ArnEquals: { 'aws:SourceArn': 'arn:aws:events:eu-west-1:111111111111:rule/r' } })),
    },
    {
      when: 'the service is scoped by aws:SourceAccount',
      resource: role(trust('lambda.amazonaws.com', { StringEquals: { 'aws:SourceAccount': '111111111111' } })),
    },
    {
      when: 'the service is scoped to the organization',
      resource: role(trust(['events.amazonaws.com'], { StringEquals: { 'aws:SourceOrgID': 'o-abcdefghij' } })),
    },
  ],
  nonCompliant: [
    {
      when: 'CloudTrail may assume it without a condition',
      resource: role(trust('cloudtrail.amazonaws.com')),
      detail: /Trust trusts cloudtrail\.amazonaws\.com without a source condition/,
    },
    {
      when: 'the only condition is not a source key',
      resource: role(trust('s3.amazonaws.com', { StringEquals: { 'sts:ExternalId': 'x' } })),
    },
    {
      when: 'the source condition is IfExists (passes when the service sends none)',
      resource: role(trust('s3.amazonaws.com', { StringEqualsIfExists: { 'aws:SourceAccount': '111111111111' } })),
    },
    {
      when: 'the trust policy is not literal JSON',
      resource: res('aws_iam_role', 'Role', { assume_role_policy: ref('data.aws_iam_policy_document.t.json') }),
    },
  ],
  notApplicable: [
    {
      when: 'the role trusts only an account',
      resource: role({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole' }),
    },
    { when: 'the resource is a bucket', resource: bucket },
  ],
});

const serviceGrant = (service: string, condition?: JsonObject) => ({
  Sid: 'Grant',
  Effect: 'Allow',
  Principal: { Service: service },
  Action: '*',
  Resource: '*',
  ...(condition ? { Condition: condition } : {}),
});

describeRule(ResourcePolicyServiceGrantScopedToSource, {
  compliant: [
    {
      when: 'a bucket policy admits CloudTrail for our trail only',
      resource: res('aws_s3_bucket_policy', 'P', {
        bucket: 'b',
        policy: policy(
          serviceGrant('cloudtrail.amazonaws.com', { StringEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:eu-west-1:1:trail/t' } }),
        ),
      }),
    },
    {
      when: "a key policy scopes CloudWatch Logs by encryption context (AWS's documented pattern)",
      resource: res('aws_kms_key', 'Key', {
        policy: policy(
          serviceGrant('logs.eu-west-1.amazonaws.com', {
            ArnEquals: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-1:1:log-group:g' },
          }),
        ),
      }),
    },
    {
      when: 'a Lambda permission names the source rule',
      resource: res('aws_lambda_permission', 'Invoke', {
        principal: 'events.amazonaws.com',
        action: 'lambda:InvokeFunction',
        function_name: 'f',
        source_arn: ref('aws_cloudwatch_event_rule.R.arn'),
      }),
    },
  ],
  nonCompliant: [
    {
      when: 'a topic policy lets EventBridge publish from any rule',
      resource: res('aws_sns_topic_policy', 'P', { policy: policy(serviceGrant('events.amazonaws.com')) }),
      detail: /Grant grants events\.amazonaws\.com/,
    },
    {
      when: 'a bucket policy scopes a service by encryption context only (that counts for keys alone)',
      resource: res('aws_s3_bucket_policy', 'P', {
        policy: policy(serviceGrant('logging.s3.amazonaws.com', { StringEquals: { 'kms:EncryptionContext:aws:s3:arn': 'x' } })),
      }),
    },
    {
      when: 'a Lambda permission lets SNS invoke from any topic',
      resource: res('aws_lambda_permission', 'Invoke', { principal: 'sns.amazonaws.com', function_name: 'f' }),
      detail: /without source_arn/,
    },
    {
      when: 'an event bus policy is not literal JSON',
      resource: res('aws_cloudwatch_event_bus_policy', 'P', { policy: ref('data.aws_iam_policy_document.b.json') }),
    },
  ],
  notApplicable: [
    {
      when: 'the policy grants only accounts',
      resource: res('aws_sqs_queue_policy', 'P', {
        policy: policy({ Effect: 'Allow', Principal: { AWS: '111111111111' }, Action: 'sqs:*', Resource: '*' }),
      }),
    },
    {
      when: 'a Lambda permission names an account, not a service',
      resource: res('aws_lambda_permission', 'Invoke', { principal: '222222222222', function_name: 'f' }),
    },
    { when: 'a key has no policy argument', resource: res('aws_kms_key', 'Key', {}) },
    { when: 'the resource is a trail', resource: res('aws_cloudtrail', 'Trail', { name: 't' }) },
  ],
});

const decrypt = (resource: string | string[], action: string | string[] = 'kms:Decrypt') => ({
  Sid: 'Decrypt',
  Effect: 'Allow',
  Action: action,
  Resource: resource,
});

describeRule(IamPolicyNoKmsDecryptOnAllKeys, {
  compliant: [
    {
      when: 'decrypt names one key',
      resource: res('aws_iam_role_policy', 'P', { role: 'r', policy: policy(decrypt(ref('aws_kms_key.Archive.arn'))) }),
    },
    {
      when: 'the only all-keys action is DescribeKey',
      resource: res('aws_iam_policy', 'P', { policy: policy(decrypt('*', 'kms:DescribeKey')) }),
    },
    {
      when: 'a role inline policy names one key',
      resource: res('aws_iam_role', 'R', {
        inline_policy: [
          { name: 'i', policy: policy(decrypt('arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab')) },
        ],
      }),
    },
  ],
  nonCompliant: [
    {
      when: 'kms:Decrypt is allowed on "*"',
      resource: res('aws_iam_role_policy', 'P', { policy: policy(decrypt('*')) }),
      detail: /Decrypt allows kms:Decrypt on \*/,
    },
    {
      when: 'kms:* is allowed on every key of the account',
      resource: res('aws_iam_policy', 'P', { policy: policy(decrypt('arn:aws:kms:eu-west-1:111111111111:key/*', 'kms:*')) }),
      detail: /kms:Decrypt, kms:ReEncryptFrom/,
    },
    {
      when: 'kms:ReEncrypt* is allowed on every key everywhere',
      resource: res('aws_iam_user_policy', 'P', { policy: policy(decrypt('arn:aws:kms:*:*:key/*', 'kms:ReEncrypt*')) }),
    },
  ],
  notApplicable: [
    { when: 'a role has no inline policy blocks', resource: role(trust('cloudtrail.amazonaws.com')) },
    { when: 'the resource is a bucket', resource: bucket },
  ],
});
