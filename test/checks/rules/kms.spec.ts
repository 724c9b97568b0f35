import { KmsKeyEnabled } from '../../../tooling/checks/rules/kms-key-enabled';
import { KmsKeyPolicyNoWildcardPrincipal } from '../../../tooling/checks/rules/kms-key-policy-no-wildcard-principal';
import { KmsKeyRotationEnabled } from '../../../tooling/checks/rules/kms-key-rotation-enabled';
import type { JsonObject } from '../../../tooling/terraform';
import { describeRule, policy, ref, res } from '../support';

const key = (attributes: JsonObject = {}) => res('aws_kms_key', 'Key', attributes);
const topic = res('aws_sns_topic', 'Topic', { name: 't' });
const root = { Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'kms:*', Resource: '*' };

describeRule(KmsKeyRotationEnabled, {
  compliant: [
    { when: 'a symmetric key rotates (default spec)', resource: key({ enable_key_rotation: true }), detail: /365 days/ },
    {
      when: 'a symmetric key rotates every 90 days',
      resource: key({ enable_key_rotation: true, rotation_period_in_days: 90, customer_master_key_spec: 'SYMMETRIC_DEFAULT' }),
      detail: /90 days/,
    },
  ],
  nonCompliant: [
    { when: 'enable_key_rotation is not set', resource: key() },
    { when: 'enable_key_rotation is false', resource: key({ enable_key_rotation: false }) },
  ],
  notApplicable: [
    {
      when: 'the key is asymmetric (KMS cannot rotate it)',
      resource: key({ customer_master_key_spec: 'RSA_2048', key_usage: 'SIGN_VERIFY' }),
      detail: /RSA_2048/,
    },
    { when: 'the key is an HMAC key', resource: key({ key_spec: 'HMAC_256', key_usage: 'GENERATE_VERIFY_MAC' }) },
    { when: 'the resource is a topic', resource: topic },
  ],
});

describeRule(KmsKeyPolicyNoWildcardPrincipal, {
  compliant: [
    { when: 'the key has no policy argument (the default key policy)', resource: key(), detail: /default key policy/ },
    { when: 'the policy names the account root only', resource: key({ policy: policy(root) }) },
    {
      when: "a wildcard principal is scoped by kms:CallerAccount (AWS's CloudTrail reader pattern)",
      resource: key({
        policy: policy(root, {
          Sid: 'Readers',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 'kms:Decrypt',
          Resource: '*',
          Condition: { StringEquals: { 'kms:CallerAccount': '111111111111' } },
        }),
      }),
    },
  ],
  nonCompliant: [
    {
      when: 'anyone may decrypt',
      resource: key({ policy: policy(root, { Sid: 'Open', Effect: 'Allow', Principal: '*', Action: 'kms:Decrypt', Resource: '*' }) }),
      detail: /Open allow/,
    },
    {
      when: 'the only condition is a value of "*"',
      resource: key({
        policy: policy({
          Sid: 'Fake',
          Effect: 'Allow',
          Principal: { AWS: '*' },
          Action: 'kms:*',
          Resource: '*',
          Condition: { StringLike: { 'aws:PrincipalOrgID': '*' } },
        }),
      }),
    },
    {
      when: 'the policy is not literal JSON',
      resource: key({ policy: ref('data.aws_iam_policy_document.key.json') }),
      detail: /not literal JSON/,
    },
  ],
  notApplicable: [{ when: 'the resource is a topic', resource: topic }],
});

describeRule(KmsKeyEnabled, {
  compliant: [
    { when: 'is_enabled is true', resource: key({ is_enabled: true }) },
    { when: 'is_enabled is not set (enabled by default)', resource: key() },
  ],
  nonCompliant: [{ when: 'is_enabled is false', resource: key({ is_enabled: false }) }],
  notApplicable: [{ when: 'the resource is a topic', resource: topic }],
});
