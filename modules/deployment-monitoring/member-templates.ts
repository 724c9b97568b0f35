import { PARTITION } from '../arns';
import { getAtt, ref, sub, substitutePlaceholders } from '../cloudformation/intrinsics';
import { CloudFormationTemplate } from '../cloudformation/template';
import { PolicyDocument, PolicyStatement } from '../policy-document';
import { addAgentLogPolicy, addAgentLogResources } from './agent-log-templates';
import { codeDeployEventPattern } from './codedeploy-events';
import {
  INSTANCE_ACTION_RUNBOOKS,
  instanceActionTarget,
  runbookStatements,
  runbookTrustStatement,
  startRunbookStatements,
} from './instance-actions';
import {
  actionKindsOf,
  assertMemberRolloutSettings,
  instanceActionPattern,
  type MemberRolloutSettings,
  memberResourceNames,
  toLogicalId,
} from './member-settings';

/**
 * The two CloudFormation templates every member account gets (and the management account, through
 * plain stacks): the account-wide IAM roles and policy, deployed once in the home Region, and the
 * Regional EventBridge rules and agent log groups, deployed in every governed Region. Built from settings alone, so the same
 * text is rolled out everywhere and `${AWS::AccountId}` / `${AWS::Region}` resolve per stack.
 */

/** Fn::Sub placeholders, resolved by CloudFormation in each stack. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub placeholder, not a JavaScript template
const ACCOUNT = '${AWS::AccountId}';
// biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub placeholder, not a JavaScript template
const REGION = '${AWS::Region}';

/**
 * Forwarding retries: EventBridge's maximum and default, 24 hours and 185 attempts (EventBridge
 * user guide, eb-rule-dlq.html): a deployment event is evidence, keep trying as long as AWS allows.
 */
export const FORWARDING_RETRY_POLICY = { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 } as const;

/**
 * Instance-action retries: give up after an hour. Stopping or terminating an instance a day after
 * the deployment failed does more harm than good; what is given up lands in the dead-letter queue.
 */
export const INSTANCE_ACTION_RETRY_POLICY = { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 3_600 } as const;

/** Dead-letter queue retention: SQS's maximum, 14 days (SQS API, SetQueueAttributes). */
export const DEAD_LETTER_RETENTION_SECONDS = 1_209_600;

/**
 * The account-wide template (home Region only; IAM is global): the role the forwarding rules use to
 * put events on the central bus; per instance-action kind in use, the role its rules start the
 * runbook with and the role the runbook runs as (instance-actions.ts); and the managed policy
 * instance roles attach to ship their CodeDeploy agent logs.
 */
export function globalMemberTemplate(settings: MemberRolloutSettings): CloudFormationTemplate {
  assertMemberRolloutSettings(settings);
  const names = memberResourceNames(settings.namePrefix);
  const template = new CloudFormationTemplate({
    description: `CodeDeploy deployment monitoring (${settings.namePrefix}): account-wide roles for the EventBridge rules in every governed Region${settings.agentLogs ? ', and the instance policy for the CodeDeploy agent logs' : ''}`,
  });
  if (settings.forwardingKinds.length > 0) {
    const permissions = new PolicyStatement({
      sid: 'PutEventsOnCentralBus',
      actions: ['events:PutEvents'],
      resources: [settings.centralBusArn],
    });
    template.addResource(
      'ForwardingRole',
      eventBridgeRole(
        names.forwardingRole,
        [names.forwardingRule],
        'Lets the CodeDeploy forwarding rules put events on the central bus',
        permissions,
      ),
    );
    template.addOutput('ForwardingRoleArn', { Value: getAtt('ForwardingRole', 'Arn') });
  }
  for (const kind of actionKindsOf(settings)) {
    const { runbook } = INSTANCE_ACTION_RUNBOOKS[kind];
    const rules = settings.instanceActions.filter((a) => a.action === kind).map((a) => names.actionRule(a.name));
    const runbookRole = roleArn(names.runbookRole(kind));
    template.addResource(
      `${toLogicalId(kind)}ActionRole`,
      eventBridgeRole(
        names.actionRole(kind),
        rules,
        `Lets the CodeDeploy ${kind} rules start the ${runbook} runbook`,
        ...startRunbookStatements(kind, runbookRole),
      ),
    );
    template.addResource(`${toLogicalId(kind)}RunbookRole`, {
      Type: 'AWS::IAM::Role',
      Properties: {
        RoleName: names.runbookRole(kind),
        Description: `What ${runbook} may do when a CodeDeploy ${kind} rule starts it: ${INSTANCE_ACTION_RUNBOOKS[kind].does}`,
        AssumeRolePolicyDocument: substitutePlaceholders(new PolicyDocument([runbookTrustStatement()]).toJSON()),
        Policies: [
          { PolicyName: 'Permissions', PolicyDocument: substitutePlaceholders(new PolicyDocument(runbookStatements(kind)).toJSON()) },
        ],
      },
    });
  }
  if (settings.agentLogs) addAgentLogPolicy(template, settings.namePrefix, settings.agentLogs);
  return template;
}

/**
 * The Regional template (every governed Region): the rule forwarding CodeDeploy state changes
 * from the default bus to the central bus, the instance-action rules, the dead-letter queue
 * that keeps what their targets could not take, and the CodeDeploy agent log groups with the
 * CloudWatch agent configurations that fill them.
 *
 * It names the account-wide roles by ARN, built from their fixed names: no `Fn::ImportValue`, no
 * parameter, nothing CloudFormation resolves from the other stack. Automatic deployment gives no
 * order between the two StackSets' stacks in an account that joins (member-rollout.ts), so a
 * Regional stack may be created before the roles exist; a rule targets a role by ARN and uses it
 * only when it delivers an event. An event in that window fails on the missing role, which
 * EventBridge does not retry: it goes straight to the dead-letter queue (EventBridge user guide,
 * eb-rule-dlq.html, "missing permissions to a target").
 */
export function regionalMemberTemplate(settings: MemberRolloutSettings): CloudFormationTemplate {
  assertMemberRolloutSettings(settings);
  const names = memberResourceNames(settings.namePrefix);
  const template = new CloudFormationTemplate({
    description: `CodeDeploy deployment monitoring (${settings.namePrefix}): EventBridge rules forwarding to the central bus and instance actions${settings.agentLogs ? ', CodeDeploy agent log groups' : ''}`,
  });
  const ruleNames = [
    ...(settings.forwardingKinds.length > 0 ? [names.forwardingRule] : []),
    ...settings.instanceActions.map((a) => names.actionRule(a.name)),
  ];
  // Agent logs alone need no queue.
  if (ruleNames.length > 0) addDeadLetterQueue(template, names.deadLetterQueue, ruleNames);
  if (settings.forwardingKinds.length > 0) {
    template.addResource('ForwardingRule', {
      Type: 'AWS::Events::Rule',
      Properties: {
        Name: names.forwardingRule,
        Description: 'Forwards CodeDeploy deployment and instance state changes to the central event bus',
        State: 'ENABLED',
        EventPattern: codeDeployEventPattern({ kinds: settings.forwardingKinds }),
        Targets: [
          {
            Id: 'CentralEventBus',
            Arn: settings.centralBusArn,
            // Cross-account and cross-Region bus targets need a role (aws-facts §6, EventBridge PutTargets).
            RoleArn: sub(roleArn(names.forwardingRole)),
            RetryPolicy: FORWARDING_RETRY_POLICY,
            DeadLetterConfig: { Arn: getAtt('DeadLetterQueue', 'Arn') },
          },
        ],
      },
    });
    template.addOutput('ForwardingRuleArn', { Value: getAtt('ForwardingRule', 'Arn') });
  }
  for (const action of settings.instanceActions) {
    const { runbook, does } = INSTANCE_ACTION_RUNBOOKS[action.action];
    template.addResource(`${toLogicalId(action.name)}ActionRule`, {
      Type: 'AWS::Events::Rule',
      Properties: {
        Name: names.actionRule(action.name),
        Description: `Runs ${runbook} (${does}) on CodeDeploy instance state changes of EC2 instances (${action.name})`,
        State: 'ENABLED',
        EventPattern: instanceActionPattern(action),
        Targets: [
          {
            ...instanceActionTarget(action.action, roleArn(names.runbookRole(action.action))),
            // Automation targets take a role (Systems Manager user guide, automation-cwe-target.html).
            RoleArn: sub(roleArn(names.actionRole(action.action))),
            RetryPolicy: INSTANCE_ACTION_RETRY_POLICY,
            DeadLetterConfig: { Arn: getAtt('DeadLetterQueue', 'Arn') },
          },
        ],
      },
    });
  }
  if (ruleNames.length > 0) template.addOutput('DeadLetterQueueArn', { Value: getAtt('DeadLetterQueue', 'Arn') });
  if (settings.agentLogs) addAgentLogResources(template, settings.namePrefix, settings.agentLogs);
  return template;
}

/**
 * One standard queue per account and Region for events no target took (missing permissions,
 * a refused cross-account put, retries exhausted: eb-rule-dlq.html). SQS bills requests only
 * (no charge per queue) and SSE-SQS encryption is free, so an empty queue costs nothing per
 * account-Region; a customer managed key would add about $1 a month each, so none is used.
 */
function addDeadLetterQueue(template: CloudFormationTemplate, queueName: string, ruleNames: readonly string[]): void {
  const queueArn = `arn:${PARTITION}:sqs:${REGION}:${ACCOUNT}:${queueName}`;
  template.addResource('DeadLetterQueue', {
    Type: 'AWS::SQS::Queue',
    Properties: { QueueName: queueName, SqsManagedSseEnabled: true, MessageRetentionPeriod: DEAD_LETTER_RETENTION_SECONDS },
  });
  const policy = new PolicyDocument([
    new PolicyStatement({
      sid: 'AllowRulesOfThisTemplate',
      principal: { Service: 'events.amazonaws.com' },
      actions: ['sqs:SendMessage'],
      resources: [queueArn],
      // The rule ARN as aws:SourceArn scopes the grant to our rules (EventBridge user guide,
      // cross-service-confused-deputy-prevention.html and eb-rule-dlq.html).
      conditions: { ArnEquals: { 'aws:SourceArn': ruleNames.map((name) => `arn:${PARTITION}:events:${REGION}:${ACCOUNT}:rule/${name}`) } },
    }),
    new PolicyStatement({
      sid: 'DenyInsecureTransport',
      effect: 'Deny',
      principal: '*',
      actions: ['sqs:*'],
      resources: [queueArn],
      conditions: { Bool: { 'aws:SecureTransport': false } },
    }),
  ]);
  template.addResource('DeadLetterQueuePolicy', {
    Type: 'AWS::SQS::QueuePolicy',
    Properties: { Queues: [ref('DeadLetterQueue')], PolicyDocument: substitutePlaceholders(policy.toJSON()) },
  });
}

/**
 * A role only this account's EventBridge rules of the given names can assume. EventBridge sets
 * `aws:SourceArn` (the rule ARN) and `aws:SourceAccount` when it assumes a target role; AWS
 * recommends both against the confused deputy (EventBridge user guide,
 * cross-service-confused-deputy-prevention.html and eb-use-conditions.html). The Region is a
 * wildcard: one role serves the rules of every governed Region.
 */
function eventBridgeRole(roleName: string, ruleNames: readonly string[], description: string, ...permissions: PolicyStatement[]) {
  const trust = new PolicyDocument([
    new PolicyStatement({
      sid: 'AllowOwnEventBridgeRules',
      principal: { Service: 'events.amazonaws.com' },
      actions: ['sts:AssumeRole'],
      conditions: {
        StringEquals: { 'aws:SourceAccount': ACCOUNT },
        ArnLike: { 'aws:SourceArn': ruleNames.map((name) => `arn:${PARTITION}:events:*:${ACCOUNT}:rule/${name}`) },
      },
    }),
  ]);
  return {
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: roleName,
      Description: description,
      AssumeRolePolicyDocument: substitutePlaceholders(trust.toJSON()),
      Policies: [{ PolicyName: 'Permissions', PolicyDocument: substitutePlaceholders(new PolicyDocument(permissions).toJSON()) }],
    },
  };
}

function roleArn(roleName: string): string {
  return `arn:${PARTITION}:iam::${ACCOUNT}:role/${roleName}`;
}
