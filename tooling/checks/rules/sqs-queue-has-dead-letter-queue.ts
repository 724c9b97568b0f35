import type { AppResource } from '../../model';
import { isSet, valuesAt } from '../../model';
import { isJsonObject } from '../../terraform';
import { compliant, nonCompliant, notApplicable, type ResourceFacts, type Rule } from '../types';

/** Messages consumers keep failing on move to a dead-letter queue instead of expiring unseen. */
export const SqsQueueHasDeadLetterQueue: Rule = {
  id: 'SqsQueueHasDeadLetterQueue',
  level: 'warning',
  controls: [],
  finding: 'The queue has no dead-letter queue (no redrive_policy).',
  reason:
    'A message its consumer cannot process is retried until retention ends and then lost without a trace; a dead-letter queue keeps it for inspection.',
  resourceTypes: ['aws_sqs_queue'],
  evaluate: (queue, facts) => {
    const usedAs = deadLetterUses(queue, facts);
    if (usedAs.length > 0) return notApplicable(`it is itself a dead-letter queue (${usedAs.join(', ')})`);
    const own = deadLetterTarget(queue.config.redrive_policy);
    if (own) return compliant(`redrives to ${own}`);
    const separate = facts.referencing(queue, 'aws_sqs_queue_redrive_policy', 'queue_url');
    if (separate.length > 0) return compliant(`redrive policy in ${separate[0]!.id}`);
    return nonCompliant('no redrive_policy with a deadLetterTargetArn');
  },
};

/** `deadLetterTargetArn` of a redrive policy (JSON string or object), if any. */
function deadLetterTarget(policy: unknown): string | undefined {
  let parsed: unknown = policy;
  if (typeof policy === 'string') {
    try {
      parsed = JSON.parse(policy);
    } catch {
      return undefined;
    }
  }
  const arn = isJsonObject(parsed) ? parsed.deadLetterTargetArn : undefined;
  return typeof arn === 'string' && arn !== '' ? arn : undefined;
}

/** Where `queue` is named as a dead-letter queue: another queue's redrive, an event target or bus, a function. */
function deadLetterUses(queue: AppResource, facts: ResourceFacts): string[] {
  const uses: string[] = [];
  if (isSet(queue.config.redrive_allow_policy)) uses.push('it has a redrive_allow_policy');
  for (const other of [...facts.ofType('aws_sqs_queue'), ...facts.ofType('aws_sqs_queue_redrive_policy')]) {
    const target = deadLetterTarget(other.config.redrive_policy);
    if (target && facts.resolve(other, target).includes(queue)) uses.push(`redrive of ${other.id}`);
  }
  const named = (type: string, path: string) =>
    facts.ofType(type).filter((r) => valuesAt(r.config, path).some((v) => facts.resolve(r, v).includes(queue)));
  for (const r of named('aws_cloudwatch_event_target', 'dead_letter_config.arn')) uses.push(`dead_letter_config of ${r.id}`);
  for (const r of named('aws_cloudwatch_event_bus', 'dead_letter_config.arn')) uses.push(`dead_letter_config of ${r.id}`);
  for (const r of named('aws_lambda_function', 'dead_letter_config.target_arn')) uses.push(`dead_letter_config of ${r.id}`);
  for (const r of named('aws_lambda_function_event_invoke_config', 'destination_config.on_failure.destination'))
    uses.push(`on_failure of ${r.id}`);
  return uses;
}
