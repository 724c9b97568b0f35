import { isSet } from '../../model';
import { compliant, nonCompliant, type Rule } from '../types';

/** Events on the central bus (and in its archive) under a customer managed key. */
export const EventBusEncrypted: Rule = {
  id: 'EventBusEncrypted',
  level: 'error',
  controls: [],
  finding: 'The event bus is not encrypted with a customer managed KMS key (kms_key_identifier is not set).',
  reason:
    'The central bus and its archive hold every deployment event of the organization; an AWS owned key leaves them outside any key policy or key audit trail.',
  resourceTypes: ['aws_cloudwatch_event_bus'],
  evaluate: (bus) =>
    isSet(bus.config.kms_key_identifier)
      ? compliant(`kms_key_identifier is ${String(bus.config.kms_key_identifier)}`)
      : nonCompliant('kms_key_identifier is not set: EventBridge uses an AWS owned key'),
};
