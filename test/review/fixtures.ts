/**
 * Small hand-written synthesized stacks for the review tests: the deployment-monitoring resource
 * types other stacks will add (central bus with policy and archive, routing rules and targets,
 * queues, streams, the chat Lambda and its permission, a StackSet fanning forwarding rules out to
 * member accounts, alarms, an OAM sink), shaped as cdktf synthesizes them.
 */
import type { StackJson } from '../../tooling/terraform';

/** A terraform interpolation, `${expression}`, as synthesized JSON holds it. */
export function ref(expression: string): string {
  return `\${${expression}}`;
}

export const AUDIT = '456789012345';
export const MANAGEMENT = '210987654321';
export const ORG = 'o-7k3m9p2x4q';
export const BUS_ARN = `arn:aws:events:eu-west-1:${AUDIT}:event-bus/org-deployment-events`;

const provider = (account: string, role: string) => ({
  aws: [{ region: 'eu-west-1', allowed_account_ids: [account], assume_role: [{ role_arn: `arn:aws:iam::${account}:role/${role}` }] }],
});

const statePattern = (states: string[], kinds = ['CodeDeploy Deployment State-change Notification']) =>
  JSON.stringify({ source: ['aws.codedeploy'], 'detail-type': kinds, detail: { state: states } });

/** The audit account's monitoring stack: bus, routes, targets, chat Lambda, alarms, OAM sink. */
export function monitoringStack(): StackJson {
  return {
    terraform: { backend: { local: { path: '/state/deployment-monitoring.tfstate' } } },
    provider: provider(AUDIT, 'OrganizationAccountAccessRole'),
    resource: {
      aws_kms_key: { EventsKey: { description: 'deployment events', enable_key_rotation: true, lifecycle: { prevent_destroy: true } } },
      aws_kms_alias: { EventsKeyAlias: { name: 'alias/deployment-events', target_key_id: ref('aws_kms_key.EventsKey.key_id') } },
      aws_cloudwatch_event_bus: { Bus: { name: 'org-deployment-events' } },
      aws_cloudwatch_event_bus_policy: {
        BusPolicy: {
          event_bus_name: ref('aws_cloudwatch_event_bus.Bus.name'),
          policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'AllowOrganizationToPutCodeDeployEvents',
                Effect: 'Allow',
                Principal: '*',
                Action: 'events:PutEvents',
                Resource: BUS_ARN,
                Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG, 'events:source': 'aws.codedeploy' } },
              },
            ],
          }),
        },
      },
      aws_cloudwatch_event_archive: {
        Archive: { name: 'org-deployment-events-archive', event_source_arn: ref('aws_cloudwatch_event_bus.Bus.arn'), retention_days: 90 },
      },
      aws_cloudwatch_event_rule: {
        FailedDeployments: {
          name: 'failed-deployments',
          event_bus_name: ref('aws_cloudwatch_event_bus.Bus.name'),
          event_pattern: statePattern(['FAILURE', 'STOP']),
        },
        AllBilling: {
          name: 'billing-deployments',
          event_bus_name: ref('aws_cloudwatch_event_bus.Bus.name'),
          event_pattern: JSON.stringify({
            source: ['aws.codedeploy'],
            'detail-type': ['CodeDeploy Deployment State-change Notification', 'CodeDeploy Instance State-change Notification'],
            detail: { application: ['billing'] },
          }),
          state: 'DISABLED',
        },
      },
      aws_cloudwatch_event_target: {
        Chat: {
          rule: ref('aws_cloudwatch_event_rule.FailedDeployments.name'),
          event_bus_name: ref('aws_cloudwatch_event_bus.Bus.name'),
          target_id: 'chat',
          arn: ref('aws_lambda_function.ChatNotifier.arn'),
          retry_policy: { maximum_retry_attempts: 4, maximum_event_age_in_seconds: 3600 },
        },
        Queue: {
          rule: ref('aws_cloudwatch_event_rule.FailedDeployments.name'),
          event_bus_name: ref('aws_cloudwatch_event_bus.Bus.name'),
          target_id: 'deployment-events',
          arn: ref('aws_sqs_queue.Queue.arn'),
          dead_letter_config: { arn: ref('aws_sqs_queue.DeadLetters.arn') },
        },
        Stream: {
          rule: ref('aws_cloudwatch_event_rule.AllBilling.name'),
          event_bus_name: ref('aws_cloudwatch_event_bus.Bus.name'),
          arn: ref('aws_kinesis_stream.Stream.arn'),
          role_arn: ref('aws_iam_role.StreamWriter.arn'),
        },
      },
      aws_iam_role: {
        StreamWriter: {
          name: 'deployment-events-to-kinesis',
          assume_role_policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'events.amazonaws.com' },
                Action: 'sts:AssumeRole',
                Condition: { StringEquals: { 'aws:SourceAccount': AUDIT } },
              },
            ],
          }),
        },
      },
      aws_lambda_function: {
        ChatNotifier: {
          function_name: 'org-deployment-chat-notifier',
          role: 'arn:aws:iam::456789012345:role/chat',
          runtime: 'nodejs20.x',
          handler: 'index.handler',
        },
      },
      aws_lambda_permission: {
        ChatInvoke: {
          statement_id: 'AllowEventBridgeInvoke',
          action: 'lambda:InvokeFunction',
          function_name: ref('aws_lambda_function.ChatNotifier.function_name'),
          principal: 'events.amazonaws.com',
          source_arn: ref('aws_cloudwatch_event_rule.FailedDeployments.arn'),
        },
      },
      aws_sqs_queue: {
        Queue: {
          name: 'deployment-events',
          kms_master_key_id: ref('aws_kms_key.EventsKey.arn'),
          message_retention_seconds: 1_209_600,
          redrive_policy: JSON.stringify({
            deadLetterTargetArn: `arn:aws:sqs:eu-west-1:${AUDIT}:deployment-events-dlq`,
            maxReceiveCount: 5,
          }),
          lifecycle: { prevent_destroy: true },
        },
        DeadLetters: { name: 'deployment-events-dlq', sqs_managed_sse_enabled: true },
      },
      aws_sqs_queue_policy: {
        QueuePolicy: {
          queue_url: ref('aws_sqs_queue.Queue.id'),
          policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'AllowFailedDeploymentsRule',
                Effect: 'Allow',
                Principal: { Service: 'events.amazonaws.com' },
                Action: 'sqs:SendMessage',
                Resource: `arn:aws:sqs:eu-west-1:${AUDIT}:deployment-events`,
                Condition: {
                  ArnEquals: { 'aws:SourceArn': `arn:aws:events:eu-west-1:${AUDIT}:rule/org-deployment-events/failed-deployments` },
                },
              },
            ],
          }),
        },
      },
      aws_kinesis_stream: {
        Stream: {
          name: 'deployment-events',
          encryption_type: 'KMS',
          kms_key_id: 'alias/aws/kinesis',
          retention_period: 168,
          stream_mode_details: { stream_mode: 'ON_DEMAND' },
        },
      },
      aws_sns_topic: { Alerts: { name: 'deployment-alerts', kms_master_key_id: ref('aws_kms_key.EventsKey.arn') } },
      aws_cloudwatch_log_group: { ChatLogs: { name: '/aws/lambda/org-deployment-chat-notifier', retention_in_days: 30 } },
      aws_cloudwatch_log_metric_filter: {
        ChatErrors: {
          name: 'chat-notifier-errors',
          log_group_name: ref('aws_cloudwatch_log_group.ChatLogs.name'),
          pattern: '{ $.level = "ERROR" }',
          metric_transformation: { name: 'ChatNotifierErrors', namespace: 'DeploymentMonitoring', value: '1' },
        },
        Unwatched: {
          name: 'chat-notifier-warnings',
          log_group_name: ref('aws_cloudwatch_log_group.ChatLogs.name'),
          pattern: 'WARN',
          metric_transformation: { name: 'ChatNotifierWarnings', namespace: 'DeploymentMonitoring', value: '1' },
        },
      },
      aws_cloudwatch_metric_alarm: {
        ChatErrorsAlarm: {
          alarm_name: 'chat-notifier-errors',
          namespace: 'DeploymentMonitoring',
          metric_name: 'ChatNotifierErrors',
          statistic: 'Sum',
          comparison_operator: 'GreaterThanOrEqualToThreshold',
          threshold: 1,
          period: 300,
          evaluation_periods: 1,
          treat_missing_data: 'notBreaching',
          alarm_actions: [ref('aws_sns_topic.Alerts.arn')],
        },
      },
      aws_oam_sink: { Sink: { name: 'org-observability' } },
      aws_oam_sink_policy: {
        SinkPolicy: {
          sink_identifier: ref('aws_oam_sink.Sink.arn'),
          policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: '*',
                Action: ['oam:CreateLink', 'oam:UpdateLink'],
                Resource: '*',
                Condition: {
                  'ForAllValues:StringEquals': { 'oam:ResourceTypes': ['AWS::CloudWatch::Metric', 'AWS::Logs::LogGroup'] },
                  StringEquals: { 'aws:PrincipalOrgID': ORG },
                },
              },
            ],
          }),
        },
      },
    },
  };
}

/** The StackSet template every member account gets: a forwarding rule to the central bus, its role, an instance action. */
export function forwardingTemplate(): Record<string, unknown> {
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Resources: {
      ForwardRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: 'codedeploy-events-forwarder',
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'events.amazonaws.com' },
                Action: 'sts:AssumeRole',
                Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
              },
            ],
          },
          Policies: [
            {
              PolicyName: 'put-events',
              PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: BUS_ARN }] },
            },
          ],
        },
      },
      ForwardRule: {
        Type: 'AWS::Events::Rule',
        Properties: {
          Name: 'forward-codedeploy-events',
          EventPattern: {
            source: ['aws.codedeploy'],
            'detail-type': ['CodeDeploy Deployment State-change Notification', 'CodeDeploy Instance State-change Notification'],
          },
          Targets: [{ Id: 'central-bus', Arn: BUS_ARN, RoleArn: { 'Fn::GetAtt': ['ForwardRole', 'Arn'] } }],
        },
      },
      StopOnFailure: {
        Type: 'AWS::Events::Rule',
        Properties: {
          Name: 'stop-failed-instances',
          EventPattern: {
            source: ['aws.codedeploy'],
            'detail-type': ['CodeDeploy Instance State-change Notification'],
            detail: { state: ['FAILURE'] },
          },
          Targets: [
            {
              Id: 'stop',
              Arn: { 'Fn::Sub': `arn:aws:ssm:\${AWS::Region}:\${AWS::AccountId}:automation-definition/AWS-StopEC2Instance` },
              RoleArn: { 'Fn::Sub': `arn:aws:iam::\${AWS::AccountId}:role/codedeploy-stop` },
              InputTransformer: {
                InputPathsMap: { instanceId: '$.detail.instanceId' },
                InputTemplate: {
                  'Fn::Sub': `{"InstanceId":[<instanceId>],"AutomationAssumeRole":["arn:aws:iam::\${AWS::AccountId}:role/codedeploy-stop-runbook"]}`,
                },
              },
            },
          ],
        },
      },
    },
  };
}

/** Text as a Terraform string literal: `${` escaped as `$${`, as cdktf writes template bodies. */
function terraformString(text: string): string {
  return text.replace(/\$\{/g, '$$$${');
}

/** The management account's StackSets stack: the forwarding StackSet, where it deploys, and the same template as a stack of the management account itself. */
export function stackSetStack(): StackJson {
  return {
    terraform: { backend: { local: { path: '/state/deployment-rollout.tfstate' } } },
    provider: provider(MANAGEMENT, 'platform-deployer'),
    resource: {
      aws_cloudformation_stack_set: {
        Forwarding: {
          name: 'org-deployment-monitoring-forwarding',
          permission_model: 'SERVICE_MANAGED',
          auto_deployment: { enabled: true, retain_stacks_on_account_removal: false },
          capabilities: ['CAPABILITY_NAMED_IAM'],
          template_body: terraformString(JSON.stringify(forwardingTemplate())),
        },
      },
      aws_cloudformation_stack: {
        ManagementForwarding: {
          name: 'org-deployment-monitoring-forwarding',
          capabilities: ['CAPABILITY_NAMED_IAM'],
          template_body: terraformString(JSON.stringify(forwardingTemplate())),
        },
      },
      aws_cloudformation_stack_set_instance: {
        ForwardingRoot: {
          stack_set_name: ref('aws_cloudformation_stack_set.Forwarding.name'),
          deployment_targets: { organizational_unit_ids: ['r-7k3m'] },
          region: 'eu-west-1',
        },
        ForwardingRootCentral: {
          stack_set_name: ref('aws_cloudformation_stack_set.Forwarding.name'),
          deployment_targets: { organizational_unit_ids: ['r-7k3m'] },
          region: 'eu-central-1',
        },
      },
    },
  };
}
