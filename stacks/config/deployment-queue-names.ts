import { busDeadLetterQueueName } from '../../modules/deployment-monitoring/central-event-bus';
import type { IssueFn } from './fields';
import type { DeploymentMonitoringConfig } from './sections/deployment-monitoring';

/*
 * The SQS queues the deployment-events stack creates in the audit account and home region, by the
 * config field that names each. SQS queue names are unique per account and region (CreateQueue
 * returns the existing queue for the same name and attributes, QueueAlreadyExists otherwise), so two
 * fields that make the same name must fail validation instead of the apply.
 */

/** The central bus's own dead-letter queue, as the bus names it. */
export { busDeadLetterQueueName };

/** The chat notifier's failure queue (Lambda on-failure destination). */
export function chatFailureQueueName(functionName: string): string {
  return `${functionName}-failures`;
}

interface QueueName {
  readonly queue: string;
  readonly path: (string | number)[];
  readonly value: string;
  readonly what: string;
}

function queueNames(m: DeploymentMonitoringConfig): QueueName[] {
  return [
    ...m.queues.flatMap((q, i) => [
      { queue: q.name, path: ['queues', i, 'name'], value: q.name, what: `queue ${q.name}` },
      { queue: `${q.name}-dlq`, path: ['queues', i, 'name'], value: q.name, what: `the dead-letter queue of queue ${q.name}` },
    ]),
    ...m.routes.map((r, i) => ({
      queue: `${r.name}-dlq`,
      path: ['routes', i, 'name'],
      value: r.name,
      what: `the dead-letter queue of route ${r.name}`,
    })),
    ...(m.chat
      ? [
          {
            queue: chatFailureQueueName(m.chat.functionName),
            path: ['chat', 'functionName'],
            value: m.chat.functionName,
            what: 'the chat notifier failure queue',
          },
        ]
      : []),
    { queue: busDeadLetterQueueName(m.busName), path: ['busName'], value: m.busName, what: "the central bus's dead-letter queue" },
  ];
}

/** Every SQS queue name of the stack made twice, reported at the field of the later one. */
export function checkQueueNames(
  m: DeploymentMonitoringConfig,
  at: (...p: (string | number)[]) => (string | number)[],
  issue: IssueFn,
): void {
  const seen = new Map<string, QueueName>();
  for (const entry of queueNames(m)) {
    const first = seen.get(entry.queue);
    if (!first) {
      seen.set(entry.queue, entry);
      continue;
    }
    issue(
      at(...entry.path),
      entry.value,
      `makes SQS queue "${entry.queue}" (${entry.what}), which ${first.what} also makes; SQS queue names are unique per account and region. Fix: rename one of them`,
    );
  }
}
