import { eventRuleArn, iamRoleArn, PARTITION, sqsQueueArn } from './arns';
import type { GuardrailGroup } from './guardrail-statements';
import type { MonitoringProtection } from './guardrail-targets';
import { PolicyStatement } from './policy-document';
import {
  EVENT_RULE_PROTECTION_ACTIONS,
  QUEUE_PROTECTION_ACTIONS,
  ROLE_CREATION_ACTION,
  ROLE_PROTECTION_ACTIONS,
  STACK_PROTECTION_ACTIONS,
  STACKSETS_EXECUTION_ROLE_PREFIX,
} from './protection-actions';

/*
 * The service control policy that keeps member accounts in deployment monitoring: the rules that
 * forward CodeDeploy events and run instance actions, their roles, their dead-letter queue and the
 * stacks the StackSets created may be changed only through the StackSets execution role, the way
 * Control Tower keeps its own StackSet-deployed resources (mandatory controls, ArnNotLike on
 * `arn:aws:iam::*:role/stacksets-exec-*`; controltower/latest/userguide/mandatory-controls.html).
 * The execution role is trusted by name, so its name is protected too: only the StackSets
 * service-linked role creates and changes it, and SCPs do not restrict service-linked roles
 * (organizations/latest/userguide/orgs_manage_policies_scps.html). Whoever may create service-managed
 * StackSets (the management account, a StackSets delegated administrator) still deploys through it.
 */

/** `arn:aws:iam::*:role/stacksets-exec-*`: the principal the StackSets act as in member accounts. */
const STACKSETS_EXECUTION_ROLE_ARN_PATTERN = iamRoleArn('*', `${STACKSETS_EXECUTION_ROLE_PREFIX}*`);

/** The deployment-monitoring service control policy. */
export function monitoringGuardrailGroup(monitoring: MonitoringProtection): GuardrailGroup {
  const onlyStackSets = { ArnNotLike: { 'aws:PrincipalARN': STACKSETS_EXECUTION_ROLE_ARN_PATTERN } };
  const deny = (sid: string, actions: readonly string[], resources: readonly string[]) =>
    new PolicyStatement({ sid, effect: 'Deny', actions, resources, conditions: onlyStackSets });
  const withCreation = [...ROLE_PROTECTION_ACTIONS, ROLE_CREATION_ACTION].sort();
  const prefix = monitoring.memberNamePrefix;
  return {
    id: 'Monitoring',
    name: 'protect-deployment-monitoring',
    description: 'Nobody but the StackSets execution role may disable, delete or rewrite the deployment monitoring of the member accounts',
    statements: [
      // Rules on the default bus: arn:aws:events:<region>:<account>:rule/<name> (eb-manage-iam-access.html).
      deny('DenyForwardingRuleChanges', EVENT_RULE_PROTECTION_ACTIONS, [eventRuleArn('*', '*', 'default', `${prefix}*`)]),
      deny('DenyForwardingRoleChanges', withCreation, [iamRoleArn('*', `${prefix}*`)]),
      deny('DenyDeadLetterQueueChanges', QUEUE_PROTECTION_ACTIONS, [sqsQueueArn('*', '*', monitoring.deadLetterQueueName)]),
      // Stack ARNs end in /<stack id>, which the trailing wildcard matches.
      deny('DenyMonitoringStackChanges', STACK_PROTECTION_ACTIONS, [
        `arn:${PARTITION}:cloudformation:*:*:stack/${monitoring.stackNamePrefix}*`,
      ]),
      deny('DenyStackSetsExecutionRoleChanges', withCreation, [STACKSETS_EXECUTION_ROLE_ARN_PATTERN]),
    ],
  };
}
