import { isSet } from '../../model';
import { compliant, nonCompliant, type Rule } from '../types';

/** CKV_AWS_43 / CKV_AWS_185: records at rest under a customer managed key. */
export const KinesisStreamEncrypted: Rule = {
  id: 'KinesisStreamEncrypted',
  level: 'error',
  controls: ['CKV_AWS_43', 'CKV_AWS_185'],
  finding: 'The stream is not encrypted with a customer managed KMS key (encryption_type KMS with kms_key_id).',
  reason:
    'Deployment events in the stream carry account and instance details; without a customer managed key no key policy limits who reads them.',
  resourceTypes: ['aws_kinesis_stream'],
  evaluate: (stream) => {
    const type = String(stream.config.encryption_type ?? 'NONE');
    const key = stream.config.kms_key_id;
    if (type !== 'KMS') return nonCompliant(`encryption_type is ${type}`);
    if (!isSet(key) || String(key) === 'alias/aws/kinesis')
      return nonCompliant('KMS with the AWS managed key (alias/aws/kinesis), whose policy nobody can restrict');
    return compliant(`KMS with ${String(key)}`);
  },
};
