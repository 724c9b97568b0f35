import type { MonitoringProtection } from '../guardrail-targets';
import { STACKSETS_EXECUTION_ROLE_PREFIX } from '../protection-actions';
import type { ExtraAlarmItem } from './extra-alarms';
import { equals, isFalse, jsonPattern, notEquals, notExists, or } from './filter-pattern';

/*
 * The alarm that fires when someone other than the StackSets execution role changes deployment
 * monitoring's member resources (the forwarding and instance-action rules, their roles, their
 * dead-letter queue, the stacks the StackSets created), in any account and region the organization
 * trail records: the same resources the deployment-monitoring service control policy protects
 * (monitoring-guardrail-statements.ts). CloudTrail records a call the SCP denied too, with
 * `errorCode` AccessDenied, so an attempt raises the alarm as well as a success.
 *
 * Sources (the request fields CloudTrail records, named after the API's request parameters with a
 * lower-case first letter, awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html):
 * - EventBridge: PutRule, DeleteRule, DisableRule, EnableRule take `Name`; PutTargets and
 *   RemoveTargets take `Rule` (eventbridge/latest/APIReference/API_PutRule.html, API_PutTargets.html).
 * - IAM: every role operation takes `RoleName` (IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html).
 * - CloudFormation: DeleteStack, UpdateStack, SetStackPolicy and ExecuteChangeSet take `StackName`,
 *   a name or a stack ID (ARN), hence the wildcard before the prefix (AWSCloudFormation/latest/APIReference/API_DeleteStack.html).
 * - SQS: queue operations take `QueueUrl`, ending in the queue name (AWSSimpleQueueService/latest/APIReference/API_DeleteQueue.html).
 * - `readOnly` is false for every call that changes something, so new write operations are covered
 *   without listing them; `userIdentity.sessionContext.sessionIssuer.userName` is the role of an
 *   assumed-role session (cloudtrail-event-reference-user-identity.html), absent for other identities.
 * - Pattern syntax: `*` before or after a term, `!=`, `NOT EXISTS`, `IS FALSE`
 *   (AmazonCloudWatch/latest/logs/FilterAndPatternSyntax.html). *To verify in a sandbox:* the leading
 *   and trailing wildcard together (`*StackSet-...*`), documented for space-delimited filters.
 */

export type MonitoringTamperingGroup = 'monitoring-tampering';

/** What the monitoring-tampering alarm watches. */
export interface MonitoringTamperingTargets extends MonitoringProtection {
  /**
   * The management account: StackSets never deploy there, its copies of the member resources are
   * plain stacks Terraform updates, so its events are not counted (SCPs do not reach it either).
   * @default - events of every account are counted
   */
  readonly managementAccountId?: string;
}

/** An alarm item of the monitoring-tampering group (shaped like the extra groups' items). */
interface MonitoringTamperingItem extends Omit<ExtraAlarmItem, 'group'> {
  readonly group: MonitoringTamperingGroup;
}

const ISSUER = 'userIdentity.sessionContext.sessionIssuer.userName';

/** The monitoring-tampering alarm for the member resources of deployment monitoring. */
export function monitoringTamperingItems(monitoring: MonitoringTamperingTargets): MonitoringTamperingItem[] {
  const prefix = `${monitoring.memberNamePrefix}*`;
  const source = (service: string, ...clauses: string[]) => `(${equals('eventSource', `${service}.amazonaws.com`)} && ${or(...clauses)})`;
  return [
    {
      group: 'monitoring-tampering',
      slug: 'deployment-monitoring-tampering',
      title: 'Deployment monitoring of a member account was changed outside its StackSets',
      metricName: 'DeploymentMonitoringTampering',
      filterPattern: jsonPattern(
        isFalse('readOnly'),
        ...(monitoring.managementAccountId ? [notEquals('recipientAccountId', monitoring.managementAccountId)] : []),
        or(notExists(ISSUER), notEquals(ISSUER, `${STACKSETS_EXECUTION_ROLE_PREFIX}*`)),
        or(
          source('events', equals('requestParameters.name', prefix), equals('requestParameters.rule', prefix)),
          source('iam', equals('requestParameters.roleName', prefix)),
          source('cloudformation', equals('requestParameters.stackName', `*${monitoring.stackNamePrefix}*`)),
          source('sqs', equals('requestParameters.queueUrl', `*/${monitoring.deadLetterQueueName}`)),
        ),
      ),
      whatHappened: `Someone other than the StackSets execution role changed (or tried to change) a deployment-monitoring rule, role, dead-letter queue or stack (${prefix}, ${monitoring.stackNamePrefix}*) in a member account.`,
      whatToCheck:
        'In CloudWatch Logs Insights on the trail log group, find the matching events and check recipientAccountId, userIdentity, eventName and errorCode (AccessDenied: the guardrail held; otherwise the account may have stopped forwarding): compare the stack instances of both StackSets (aws cloudformation list-stack-instances) and re-run the StackSet operation for drifted accounts.',
    },
  ];
}
