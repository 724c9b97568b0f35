import { isSet, valuesAt } from '../../model';
import { compliant, nonCompliant, type Rule } from '../types';

/** An event EventBridge cannot deliver after its retries goes to a dead-letter queue instead of being dropped. */
export const EventTargetHasDeadLetterQueue: Rule = {
  id: 'EventTargetHasDeadLetterQueue',
  level: 'warning',
  controls: [],
  finding: 'The event target has no dead-letter queue (dead_letter_config.arn is not set).',
  reason:
    'When a target is down, misconfigured or denied, EventBridge drops the event after its retries: a failed deployment alert would vanish without a trace.',
  resourceTypes: ['aws_cloudwatch_event_target'],
  evaluate: (target) => {
    const arn = valuesAt(target.config, 'dead_letter_config.arn').find(isSet);
    return arn ? compliant(`dead-letter queue ${String(arn)}`) : nonCompliant('dead_letter_config.arn is not set');
  },
};
