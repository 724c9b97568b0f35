import { PARTITION } from '../arns';
import { sub, type TemplateValue } from '../cloudformation/intrinsics';
import { PolicyStatement } from '../policy-document';

/**
 * EC2 actions on the instance a CodeDeploy instance event names, run through AWS-owned Systems
 * Manager Automation runbooks. EventBridge's built-in EC2 targets (stop-instance, reboot-instance,
 * ...) are not used: "Creating rules with built-in targets is supported only in the AWS Management
 * Console" (EventBridge API reference, PutTargets), so a template or Terraform cannot create them.
 * An Automation target can be created through the API (Systems Manager user guide,
 * automation-cwe-target.html: `arn:aws:ssm:<region>:<account>:automation-definition/<runbook>` with
 * a role that starts the automation).
 *
 * Each action involves two roles in the member account:
 * - the rule's role (`<prefix>-codedeploy-<kind>`), which EventBridge assumes to call
 *   `ssm:StartAutomationExecution` on that one runbook and to pass the runbook role to Systems Manager;
 * - the runbook role (`<prefix>-codedeploy-<kind>-runbook`), which Automation assumes
 *   (`AutomationAssumeRole`) to make the EC2 calls of the runbook's steps. Without it Automation would
 *   run with the caller's short-lived session; AWS recommends a service role ("Run an automated
 *   operation powered by Systems Manager Automation", automation-working.html).
 */
export type InstanceActionKind = 'stop' | 'terminate' | 'restart' | 'create-image';

export interface InstanceActionRunbook {
  /** The AWS-owned runbook (Systems Manager Automation runbook reference). */
  readonly runbook: string;
  /** What the runbook does to the instance, for descriptions and the README. */
  readonly does: string;
  /** EC2 actions of its steps on the instance, granted on this account's instances only. */
  readonly ec2Actions: readonly string[];
  /** Resources those actions also authorize besides the instance (Service Authorization Reference, EC2). */
  readonly alsoOn?: readonly ('image' | 'snapshot')[];
  /** Read-only EC2 actions its steps poll with; they support no resource-level permissions (`*`). */
  readonly describeActions: readonly string[];
  /** Runbook parameters besides `InstanceId` and `AutomationAssumeRole`, as Automation takes them (lists of strings). */
  readonly parameters: Readonly<Record<string, readonly string[]>>;
}

/**
 * The runbook of each action and what its steps call. AWS-StopEC2Instance, AWS-TerminateEC2Instance
 * and AWS-RestartEC2Instance take `InstanceId` (StringList) and `AutomationAssumeRole`; their steps
 * change the instance state and poll it (aws:changeInstanceState, Systems Manager user guide,
 * automation-action-changestate.html). AWS documents no permission list for these three, so the
 * state calls are those of AmazonSSMAutomationRole (the policy AWS's setup attaches for `AWS-*`
 * runbooks: ec2:StopInstances, StartInstances, TerminateInstances, DescribeInstanceStatus) plus
 * DescribeInstances, read-only, for either polling call. AWS-RestartEC2Instance stops, then starts
 * the instance: it is not an operating-system reboot. AWS-CreateImage takes `InstanceId` (String),
 * `NoReboot` and `AutomationAssumeRole`, and documents ec2:CreateImage and ec2:DescribeImages; the
 * image covers every EBS volume of the instance, which is how a snapshot is taken from an event that
 * names no volume (AWS-CreateSnapshot needs a `VolumeId`). `NoReboot` is true: the action must not
 * restart an instance on its own (a crash-consistent image, EC2 CreateImage).
 */
export const INSTANCE_ACTION_RUNBOOKS: Readonly<Record<InstanceActionKind, InstanceActionRunbook>> = {
  stop: {
    runbook: 'AWS-StopEC2Instance',
    does: 'stops the instance',
    ec2Actions: ['ec2:StopInstances'],
    describeActions: ['ec2:DescribeInstanceStatus', 'ec2:DescribeInstances'],
    parameters: {},
  },
  terminate: {
    runbook: 'AWS-TerminateEC2Instance',
    does: 'terminates the instance',
    ec2Actions: ['ec2:TerminateInstances'],
    describeActions: ['ec2:DescribeInstanceStatus', 'ec2:DescribeInstances'],
    parameters: {},
  },
  restart: {
    runbook: 'AWS-RestartEC2Instance',
    does: 'stops and starts the instance',
    ec2Actions: ['ec2:StopInstances', 'ec2:StartInstances'],
    describeActions: ['ec2:DescribeInstanceStatus', 'ec2:DescribeInstances'],
    parameters: {},
  },
  'create-image': {
    runbook: 'AWS-CreateImage',
    does: 'creates an AMI with snapshots of every EBS volume of the instance, without rebooting it',
    ec2Actions: ['ec2:CreateImage'],
    alsoOn: ['image', 'snapshot'],
    describeActions: ['ec2:DescribeImages'],
    parameters: { NoReboot: ['true'] },
  },
};

export const INSTANCE_ACTION_KINDS = Object.keys(INSTANCE_ACTION_RUNBOOKS) as readonly InstanceActionKind[];

/** Action kinds of earlier versions, which used EventBridge's console-only built-in targets, and what replaces each. */
const RETIRED_ACTIONS: Readonly<Record<string, string>> = {
  reboot: '"restart" (AWS-RestartEC2Instance stops and starts the instance)',
  'create-snapshot': '"create-image" (AWS-CreateImage snapshots every EBS volume of the instance the event names)',
};

/** For an action kind of an earlier version: why it is gone (the rule) and what to use instead (the fix). */
export function retiredAction(kind: string): { readonly rule: string; readonly fix: string } | undefined {
  const instead = RETIRED_ACTIONS[kind];
  return instead
    ? { rule: "EventBridge's built-in EC2 targets it used can be created only in the console", fix: `use ${instead}` }
    : undefined;
}

/** The variable the input transformer fills from the event. */
const INSTANCE_ID_VARIABLE = 'instanceId';

// biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub placeholder, not a JavaScript template
const ACCOUNT = '${AWS::AccountId}';
// biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation Fn::Sub placeholder, not a JavaScript template
const REGION = '${AWS::Region}';

/**
 * The Automation target of a rule. The ARN is the form of Systems Manager's EventBridge example
 * (automation-cwe-target.html), without a version: the runbook's default version runs. The input
 * transformer takes `detail.instanceId` from the CodeDeploy instance event (EventBridge user guide,
 * eb-transform-target-input.html: an unquoted `<var>` holding a string is written as that JSON
 * string) and produces the runbook's parameters, each a list of strings as StartAutomationExecution
 * takes them: `{"InstanceId":["i-..."],"AutomationAssumeRole":["arn:aws:iam::<account>:role/..."]}`.
 */
export function instanceActionTarget(kind: InstanceActionKind, runbookRoleArn: string): Record<string, TemplateValue> {
  const { runbook, parameters } = INSTANCE_ACTION_RUNBOOKS[kind];
  const constants = Object.entries({ AutomationAssumeRole: [runbookRoleArn], ...parameters })
    .map(([name, values]) => `${JSON.stringify(name)}:${JSON.stringify(values)}`)
    .join(',');
  return {
    Id: runbook,
    Arn: sub(`arn:${PARTITION}:ssm:${REGION}:${ACCOUNT}:automation-definition/${runbook}`),
    InputTransformer: {
      InputPathsMap: { [INSTANCE_ID_VARIABLE]: '$.detail.instanceId' },
      InputTemplate: sub(`{"InstanceId":[<${INSTANCE_ID_VARIABLE}>],${constants}}`),
    },
  };
}

/**
 * What the rule's role may do: start this one runbook, and pass only the runbook role, only to
 * Systems Manager. StartAutomationExecution authorizes the automation definition
 * (`arn:aws:ssm:<region>:<account>:automation-definition/<name>:<version>`), the document and the
 * new execution (Service Authorization Reference, Systems Manager). Which account an AWS-owned
 * runbook's ARNs carry is not documented: AWS's own managed policies write none
 * (AWSElasticDisasterRecoveryLaunchActionsPolicy: `arn:aws:ssm:*::automation-definition/AWS-*:*`),
 * Systems Manager's EventBridge example writes the caller's. So the account is a wildcard, which
 * widens nothing: only AWS may name documents `AWS-...` (SSM CreateDocument, Name: reserved
 * prefixes). The definition is listed with and without a version, the target naming none. The
 * Region is a wildcard: one account-wide role serves the rules of every governed Region.
 */
export function startRunbookStatements(kind: InstanceActionKind, runbookRoleArn: string): PolicyStatement[] {
  const { runbook } = INSTANCE_ACTION_RUNBOOKS[kind];
  return [
    new PolicyStatement({
      sid: 'StartRunbook',
      actions: ['ssm:StartAutomationExecution'],
      resources: [
        `arn:${PARTITION}:ssm:*:*:automation-definition/${runbook}`,
        `arn:${PARTITION}:ssm:*:*:automation-definition/${runbook}:*`,
        `arn:${PARTITION}:ssm:*:*:document/${runbook}`,
        `arn:${PARTITION}:ssm:*:${ACCOUNT}:automation-execution/*`,
      ],
    }),
    new PolicyStatement({
      sid: 'PassRunbookRole',
      actions: ['iam:PassRole'],
      resources: [runbookRoleArn],
      // The caller of StartAutomationExecution passes the AutomationAssumeRole (Systems Manager user
      // guide, automation-setup-iam.html, "Configure user access"); iam:PassedToService limits it to Automation.
      conditions: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
    }),
  ];
}

/** What the runbook role may do: its steps' EC2 calls, on this account's instances only. */
export function runbookStatements(kind: InstanceActionKind): PolicyStatement[] {
  const { ec2Actions, alsoOn = [], describeActions } = INSTANCE_ACTION_RUNBOOKS[kind];
  const created = { image: `arn:${PARTITION}:ec2:*::image/*`, snapshot: `arn:${PARTITION}:ec2:*::snapshot/*` };
  return [
    new PolicyStatement({
      sid: 'ActOnInstancesOfThisAccount',
      actions: ec2Actions,
      resources: [`arn:${PARTITION}:ec2:*:${ACCOUNT}:instance/*`, ...alsoOn.map((type) => created[type])],
    }),
    new PolicyStatement({ sid: 'ReadInstanceState', actions: describeActions, resources: ['*'] }),
  ];
}

/**
 * Trust of the runbook role: Systems Manager Automation of this account only, with the
 * confused-deputy conditions AWS gives for Automation (automation-setup-iam.html:
 * `aws:SourceAccount` and `aws:SourceArn` = `arn:aws:ssm:*:<account>:automation-execution/*`).
 */
export function runbookTrustStatement(): PolicyStatement {
  return new PolicyStatement({
    sid: 'AllowAutomationOfThisAccount',
    principal: { Service: 'ssm.amazonaws.com' },
    actions: ['sts:AssumeRole'],
    conditions: {
      StringEquals: { 'aws:SourceAccount': ACCOUNT },
      ArnLike: { 'aws:SourceArn': `arn:${PARTITION}:ssm:*:${ACCOUNT}:automation-execution/*` },
    },
  });
}
