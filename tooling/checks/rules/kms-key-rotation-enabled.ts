import { isTrue } from '../../model';
import { compliant, nonCompliant, notApplicable, type Rule } from '../types';

/** CIS 3.6 / KMS.4: yearly (or more frequent) rotation of symmetric customer managed keys. */
export const KmsKeyRotationEnabled: Rule = {
  id: 'KmsKeyRotationEnabled',
  level: 'error',
  controls: ['CIS 3.6', 'KMS.4', 'CKV_AWS_7'],
  finding: 'The symmetric key does not rotate its key material (enable_key_rotation is not true).',
  reason:
    'Rotation limits how much evidence one compromised key version exposes, and CIS requires it for every customer managed symmetric key.',
  resourceTypes: ['aws_kms_key'],
  evaluate: (key) => {
    const spec = String(key.config.customer_master_key_spec ?? key.config.key_spec ?? 'SYMMETRIC_DEFAULT');
    const usage = String(key.config.key_usage ?? 'ENCRYPT_DECRYPT');
    if (spec !== 'SYMMETRIC_DEFAULT' || usage !== 'ENCRYPT_DECRYPT') {
      return notApplicable(`${spec} ${usage} key: KMS rotates only symmetric encryption keys`);
    }
    return isTrue(key.config.enable_key_rotation)
      ? compliant(`rotates every ${String(key.config.rotation_period_in_days ?? 365)} days`)
      : nonCompliant('enable_key_rotation is not true');
  },
};
