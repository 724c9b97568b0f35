import { CloudFormationStackSetAutoDeploys } from '../../../tooling/checks/rules/cloudformation-stack-set-auto-deploys';
import { EventBusEncrypted } from '../../../tooling/checks/rules/event-bus-encrypted';
import { EventTargetHasDeadLetterQueue } from '../../../tooling/checks/rules/event-target-has-dead-letter-queue';
import { KinesisStreamEncrypted } from '../../../tooling/checks/rules/kinesis-stream-encrypted';
import { LambdaFunctionHasConcurrencyLimitOrDlq } from '../../../tooling/checks/rules/lambda-function-has-concurrency-limit-or-dlq';
import { LambdaFunctionLogGroupManaged } from '../../../tooling/checks/rules/lambda-function-log-group-managed';
import { SqsQueueEncrypted } from '../../../tooling/checks/rules/sqs-queue-encrypted';
import { SqsQueueHasDeadLetterQueue } from '../../../tooling/checks/rules/sqs-queue-has-dead-letter-queue';
import { SqsQueuePolicyNotPublic } from '../../../tooling/checks/rules/sqs-queue-policy-not-public';
import type { JsonObject } from '../../../tooling/terraform';
import { describeRule, policy, ref, res } from '../support';

// Deployment-event delivery: the central bus, its rules and targets, and the targets' queues, streams and functions.
const bus = (attributes: JsonObject = {}) => res('aws_cloudwatch_event_bus', 'Bus', { name: 'org-deployment-events', ...attributes });
const queue = (name: string, attributes: JsonObject = {}) => res('aws_sqs_queue', name, { name: name.toLowerCase(), ...attributes });
const target = (attributes: JsonObject = {}) =>
  res('aws_cloudwatch_event_target', 'Target', {
    rule: ref('aws_cloudwatch_event_rule.Rule.name'),
    arn: ref('aws_sqs_queue.Alerts.arn'),
    ...attributes,
  });
const fn = (attributes: JsonObject = {}) => res('aws_lambda_function', 'Fn', { function_name: 'chat-notifier', ...attributes });

describeRule(EventBusEncrypted, {
  compliant: [{ when: 'kms_key_identifier names a key', resource: bus({ kms_key_identifier: ref('aws_kms_key.Bus.arn') }) }],
  nonCompliant: [{ when: 'kms_key_identifier is not set (an AWS owned key)', resource: bus(), detail: /AWS owned key/ }],
  notApplicable: [{ when: 'the resource is a queue', resource: queue('Alerts') }],
});

describeRule(EventTargetHasDeadLetterQueue, {
  compliant: [
    {
      when: 'dead_letter_config names a queue',
      resource: target({ dead_letter_config: { arn: ref('aws_sqs_queue.Dlq.arn') }, retry_policy: { maximum_retry_attempts: 185 } }),
    },
    {
      when: 'dead_letter_config is synthesized as a list',
      resource: target({ dead_letter_config: [{ arn: 'arn:aws:sqs:eu-west-1:111111111111:dlq' }] }),
    },
  ],
  nonCompliant: [{ when: 'there is no dead_letter_config', resource: target({ retry_policy: { maximum_retry_attempts: 3 } }) }],
  notApplicable: [{ when: 'the resource is a bus', resource: bus() }],
});

describeRule(SqsQueueEncrypted, {
  compliant: [
    {
      when: 'kms_master_key_id names a customer managed key',
      resource: queue('Alerts', { kms_master_key_id: ref('aws_kms_key.Queue.arn') }),
    },
  ],
  nonCompliant: [
    { when: 'only SSE-SQS is enabled', resource: queue('Alerts', { sqs_managed_sse_enabled: true }), detail: /SSE-SQS/ },
    {
      when: 'the AWS managed key alias/aws/sqs is used',
      resource: queue('Alerts', { kms_master_key_id: 'alias/aws/sqs' }),
      detail: /AWS managed/,
    },
    { when: 'nothing is set', resource: queue('Alerts') },
  ],
  notApplicable: [{ when: 'the resource is a bus', resource: bus() }],
});

const redrive = (to: string) => JSON.stringify({ deadLetterTargetArn: to, maxReceiveCount: 5 });

describeRule(SqsQueueHasDeadLetterQueue, {
  compliant: [
    {
      when: 'redrive_policy names a dead-letter queue',
      resource: queue('Alerts', { redrive_policy: redrive(ref('aws_sqs_queue.AlertsDlq.arn')) }),
      detail: /AlertsDlq/,
    },
    {
      when: 'an aws_sqs_queue_redrive_policy names the queue',
      resource: queue('Alerts'),
      with: [
        res('aws_sqs_queue_redrive_policy', 'Redrive', {
          queue_url: ref('aws_sqs_queue.Alerts.id'),
          redrive_policy: redrive('arn:aws:sqs:eu-west-1:111111111111:dlq'),
        }),
      ],
    },
  ],
  nonCompliant: [{ when: 'no redrive policy exists', resource: queue('Alerts') }],
  notApplicable: [
    {
      when: "it is another queue's dead-letter queue (by reference)",
      resource: queue('AlertsDlq'),
      with: [queue('Alerts', { redrive_policy: redrive(ref('aws_sqs_queue.AlertsDlq.arn')) })],
    },
    {
      when: "it is an event target's dead-letter queue (by literal ARN)",
      resource: queue('TargetDlq'),
      with: [target({ dead_letter_config: { arn: 'arn:aws:sqs:eu-west-1:111111111111:targetdlq' } })],
      detail: /dead_letter_config of test\/aws_cloudwatch_event_target\.Target/,
    },
    {
      when: "it is an event bus's dead-letter queue (by literal ARN)",
      resource: queue('BusDlq'),
      with: [bus({ dead_letter_config: { arn: 'arn:aws:sqs:eu-west-1:111111111111:busdlq' } })],
      detail: /dead_letter_config of test\/aws_cloudwatch_event_bus\.Bus/,
    },
    {
      when: 'it allows redrive from other queues',
      resource: queue('Dlq', { redrive_allow_policy: JSON.stringify({ redrivePermission: 'byQueue' }) }),
    },
    { when: 'the resource is a bus', resource: bus() },
  ],
});

describeRule(SqsQueuePolicyNotPublic, {
  compliant: [
    {
      when: 'EventBridge may send only from our rule',
      resource: res('aws_sqs_queue_policy', 'Policy', {
        queue_url: ref('aws_sqs_queue.Alerts.id'),
        policy: policy({
          Effect: 'Allow',
          Principal: { Service: 'events.amazonaws.com' },
          Action: 'sqs:SendMessage',
          Resource: '*',
          Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:events:eu-west-1:111111111111:rule/r' } },
        }),
      }),
    },
  ],
  nonCompliant: [
    {
      when: 'anyone may send',
      resource: res('aws_sqs_queue_policy', 'Policy', {
        policy: policy({ Sid: 'Open', Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: '*' }),
      }),
      detail: /Open/,
    },
  ],
  notApplicable: [
    { when: 'the queue has no inline policy', resource: queue('Alerts') },
    { when: 'the resource is a bus', resource: bus() },
  ],
});

describeRule(KinesisStreamEncrypted, {
  compliant: [
    {
      when: 'KMS with a customer managed key',
      resource: res('aws_kinesis_stream', 'Stream', { name: 's', encryption_type: 'KMS', kms_key_id: ref('aws_kms_key.Stream.arn') }),
    },
  ],
  nonCompliant: [
    {
      when: 'encryption_type is NONE',
      resource: res('aws_kinesis_stream', 'Stream', { name: 's', encryption_type: 'NONE' }),
      detail: /NONE/,
    },
    { when: 'encryption is not set', resource: res('aws_kinesis_stream', 'Stream', { name: 's' }) },
    {
      when: 'the AWS managed key is used',
      resource: res('aws_kinesis_stream', 'Stream', { name: 's', encryption_type: 'KMS', kms_key_id: 'alias/aws/kinesis' }),
    },
  ],
  notApplicable: [{ when: 'the resource is a bus', resource: bus() }],
});

describeRule(LambdaFunctionHasConcurrencyLimitOrDlq, {
  compliant: [
    { when: 'reserved concurrency is set', resource: fn({ reserved_concurrent_executions: 5 }) },
    { when: 'a dead-letter target is set', resource: fn({ dead_letter_config: { target_arn: ref('aws_sqs_queue.FnDlq.arn') } }) },
    {
      when: 'an event invoke config has an on-failure destination',
      resource: fn(),
      with: [
        res('aws_lambda_function_event_invoke_config', 'Invoke', {
          function_name: ref('aws_lambda_function.Fn.function_name'),
          destination_config: { on_failure: { destination: 'arn:aws:sqs:eu-west-1:111111111111:f' } },
        }),
      ],
    },
  ],
  nonCompliant: [
    { when: 'none of them is set', resource: fn() },
    {
      when: 'reserved concurrency is 0 (the function never runs) and there is no dead-letter target',
      resource: fn({ reserved_concurrent_executions: 0 }),
      detail: /never runs/,
    },
    { when: 'reserved concurrency is -1 (unreserved)', resource: fn({ reserved_concurrent_executions: -1 }) },
  ],
  notApplicable: [{ when: 'the resource is a bus', resource: bus() }],
});

describeRule(LambdaFunctionLogGroupManaged, {
  compliant: [
    {
      when: 'a log group named /aws/lambda/<name> is in the stack',
      resource: fn(),
      with: [res('aws_cloudwatch_log_group', 'FnLogs', { name: '/aws/lambda/chat-notifier', retention_in_days: 30 })],
    },
    {
      when: 'the log group name references the function',
      resource: fn(),
      with: [res('aws_cloudwatch_log_group', 'FnLogs', { name: `/aws/lambda/${ref('aws_lambda_function.Fn.function_name')}` })],
    },
    {
      when: 'logging_config names a log group',
      resource: fn({ logging_config: { log_format: 'JSON', log_group: ref('aws_cloudwatch_log_group.Shared.name') } }),
    },
  ],
  nonCompliant: [
    { when: 'no log group is managed', resource: fn(), detail: /\/aws\/lambda\/chat-notifier/ },
    {
      when: 'the only log group is in another stack',
      resource: fn(),
      with: [res('aws_cloudwatch_log_group', 'FnLogs', { name: '/aws/lambda/chat-notifier' }, { stack: 'other' })],
    },
  ],
  notApplicable: [{ when: 'the resource is a bus', resource: bus() }],
});

describeRule(CloudFormationStackSetAutoDeploys, {
  compliant: [
    {
      when: 'it is service-managed with automatic deployment',
      resource: res('aws_cloudformation_stack_set', 'Forwarders', {
        name: 'org-deployment-monitoring',
        permission_model: 'SERVICE_MANAGED',
        auto_deployment: { enabled: true, retain_stacks_on_account_removal: false },
      }),
    },
  ],
  nonCompliant: [
    {
      when: 'it is self-managed',
      resource: res('aws_cloudformation_stack_set', 'Forwarders', { name: 'x', permission_model: 'SELF_MANAGED' }),
      detail: /SELF_MANAGED/,
    },
    {
      when: 'automatic deployment is off',
      resource: res('aws_cloudformation_stack_set', 'Forwarders', {
        name: 'x',
        permission_model: 'SERVICE_MANAGED',
        auto_deployment: [{ enabled: false }],
      }),
    },
  ],
  notApplicable: [{ when: 'the resource is a bus', resource: bus() }],
});
