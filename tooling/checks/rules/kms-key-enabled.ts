import { isFalse } from '../../model';
import { compliant, nonCompliant, type Rule } from '../types';

/** A disabled key stops every encrypt and decrypt with it. */
export const KmsKeyEnabled: Rule = {
  id: 'KmsKeyEnabled',
  level: 'error',
  controls: ['CKV_AWS_227'],
  finding: 'The key is created disabled (is_enabled is false).',
  reason: 'CloudTrail, S3 and SNS cannot encrypt with a disabled key: delivery stops and nobody can read what the key protects.',
  resourceTypes: ['aws_kms_key'],
  evaluate: (key) => (isFalse(key.config.is_enabled) ? nonCompliant('is_enabled is false') : compliant('the key is enabled')),
};
