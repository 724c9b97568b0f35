import { isSet } from '../../model';
import { compliant, nonCompliant, type Rule } from '../types';

/** SNS.1: messages at rest under a KMS key. */
export const SnsTopicEncrypted: Rule = {
  id: 'SnsTopicEncrypted',
  level: 'error',
  controls: ['SNS.1', 'CKV_AWS_26'],
  finding: 'The topic is not encrypted with a KMS key (kms_master_key_id is not set).',
  reason: 'Notifications name buckets, keys, accounts and deployments; at rest they should be as protected as the events they announce.',
  resourceTypes: ['aws_sns_topic'],
  evaluate: (topic) =>
    isSet(topic.config.kms_master_key_id)
      ? compliant(`kms_master_key_id is ${String(topic.config.kms_master_key_id)}`)
      : nonCompliant('kms_master_key_id is not set'),
};
