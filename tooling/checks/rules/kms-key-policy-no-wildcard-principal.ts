import { noUnscopedPublicAllow } from '../facts';
import { compliant, type Rule } from '../types';

/** CKV_AWS_33 / KMS.5: no key policy statement opens the key to anyone without a scoping condition. */
export const KmsKeyPolicyNoWildcardPrincipal: Rule = {
  id: 'KmsKeyPolicyNoWildcardPrincipal',
  level: 'error',
  controls: ['KMS.5', 'CKV_AWS_33'],
  finding: 'The key policy allows any principal ("*") without a condition that limits who.',
  reason: 'An unscoped wildcard in a key policy lets any AWS account use the key that protects the evidence.',
  resourceTypes: ['aws_kms_key'],
  evaluate: (key) => noUnscopedPublicAllow(key, compliant('no policy argument: the default key policy trusts only the owning account')),
};
