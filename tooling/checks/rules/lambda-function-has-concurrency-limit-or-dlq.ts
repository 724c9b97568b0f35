import { isSet, num, valuesAt } from '../../model';
import { compliant, nonCompliant, type Rule } from '../types';

/** CKV_AWS_115 / CKV_AWS_116: a bounded function, or one whose failed asynchronous events are kept. */
export const LambdaFunctionHasConcurrencyLimitOrDlq: Rule = {
  id: 'LambdaFunctionHasConcurrencyLimitOrDlq',
  level: 'warning',
  controls: ['CKV_AWS_115', 'CKV_AWS_116'],
  finding: 'The function has neither reserved concurrency nor a dead-letter queue or on-failure destination.',
  reason: 'A burst of deployment events can then starve the account of concurrency, and events that fail every retry are dropped unseen.',
  resourceTypes: ['aws_lambda_function'],
  evaluate: (fn, facts) => {
    const reserved = num(fn.config.reserved_concurrent_executions);
    if (reserved !== undefined && reserved > 0) return compliant(`reserved_concurrent_executions is ${reserved}`);
    const dlq = valuesAt(fn.config, 'dead_letter_config.target_arn').find(isSet);
    if (dlq) return compliant(`dead-letter target ${String(dlq)}`);
    const onFailure = facts
      .referencing(fn, 'aws_lambda_function_event_invoke_config', 'function_name')
      .find((c) => valuesAt(c.config, 'destination_config.on_failure.destination').some(isSet));
    if (onFailure) return compliant(`on-failure destination in ${onFailure.id}`);
    return nonCompliant(
      reserved === 0
        ? 'reserved_concurrent_executions is 0 (the function never runs) and no dead-letter target'
        : 'no reserved concurrency, dead-letter target or on-failure destination',
    );
  },
};
