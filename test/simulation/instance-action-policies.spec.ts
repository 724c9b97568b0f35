/**
 * Policy simulation for the instance actions of the member templates: who may assume the rule role
 * and the runbook role, what each may do, request by request. Expected ARNs are written out here,
 * never read from the module code under test.
 */
import { globalMemberTemplate } from '../../modules/deployment-monitoring/member-templates';
import { resolvedInAccount, SETTINGS } from '../support/member-settings';
import { type ContextValues, type PolicyJson, simulate } from '../support/simulate';

const MEMBER = '444455556666';
const OTHER = '999988887777';
const REGION = 'eu-west-1';
const RULE_ROLE = `arn:aws:iam::${MEMBER}:role/acme-codedeploy-stop`;
const RUNBOOK_ROLE = `arn:aws:iam::${MEMBER}:role/acme-codedeploy-stop-runbook`;
const IMAGE_RUNBOOK_ROLE = `arn:aws:iam::${MEMBER}:role/acme-codedeploy-create-image-runbook`;
const STOP_RULE = `arn:aws:events:${REGION}:${MEMBER}:rule/acme-codedeploy-stop-failed-prod`;
const INSTANCE = (account = MEMBER) => `arn:aws:ec2:${REGION}:${account}:instance/i-0123456789abcdef0`;

/** A role's policies as IAM stores them in MEMBER: the template's `Fn::Sub` placeholders resolved. */
function rolePolicies(logicalId: string): { trust: PolicyJson; permissions: PolicyJson } {
  const properties = resolvedInAccount(globalMemberTemplate(SETTINGS).resource(logicalId).Properties, MEMBER) as Record<string, unknown>;
  const [inline] = properties.Policies as { PolicyDocument: PolicyJson }[];
  return { trust: properties.AssumeRolePolicyDocument as PolicyJson, permissions: inline.PolicyDocument };
}

const ruleRole = rolePolicies('StopActionRole');
const runbookRole = rolePolicies('StopRunbookRole');
const imageRunbookRole = rolePolicies('CreateImageRunbookRole');

const assume = (trust: PolicyJson, role: string, principal: string, context: ContextValues) =>
  simulate({ policy: trust, action: 'sts:AssumeRole', resource: role, resourceAccount: MEMBER, principal, context });

const as = (role: string, permissions: PolicyJson, action: string, resource: string, context: ContextValues = {}) =>
  simulate({
    policy: undefined,
    action,
    resource,
    resourceAccount: MEMBER,
    principal: `${role.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/')}/session`,
    identityPolicy: permissions,
    context,
  });

describe('instance action policies (simulated)', () => {
  describe('rule role', () => {
    it('is assumed by EventBridge for this account’s stop rules only', async () => {
      const events = (sourceArn: string, sourceAccount = MEMBER) =>
        assume(ruleRole.trust, RULE_ROLE, 'events.amazonaws.com', { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': sourceAccount });
      expect(await events(STOP_RULE)).toBe('Allowed');
      expect(await events(`arn:aws:events:us-west-2:${MEMBER}:rule/acme-codedeploy-stop-failed-prod`)).toBe('Allowed');
      expect(await events(`arn:aws:events:${REGION}:${MEMBER}:rule/acme-codedeploy-forward`)).toBe('ImplicitlyDenied');
      expect(await events(`arn:aws:events:${REGION}:${OTHER}:rule/acme-codedeploy-stop-failed-prod`, OTHER)).toBe('ImplicitlyDenied');
    });

    it('starts AWS-StopEC2Instance and no other runbook', async () => {
      // The simulator knows these ARNs with an account only (AWS's managed policies write none: the policy allows both).
      const start = (resource: string) => as(RULE_ROLE, ruleRole.permissions, 'ssm:StartAutomationExecution', resource);
      expect(await start(`arn:aws:ssm:${REGION}:${MEMBER}:automation-definition/AWS-StopEC2Instance:$DEFAULT`)).toBe('Allowed');
      expect(await start(`arn:aws:ssm:${REGION}:${MEMBER}:automation-definition/AWS-StopEC2Instance:1`)).toBe('Allowed');
      expect(await start(`arn:aws:ssm:${REGION}:${MEMBER}:document/AWS-StopEC2Instance`)).toBe('Allowed');
      expect(await start(`arn:aws:ssm:${REGION}:${MEMBER}:automation-execution/0123abcd-0123-4567-89ab-0123456789ab`)).toBe('Allowed');
      expect(await start(`arn:aws:ssm:${REGION}:${MEMBER}:automation-definition/AWS-TerminateEC2Instance:$DEFAULT`)).toBe(
        'ImplicitlyDenied',
      );
      expect(await start(`arn:aws:ssm:${REGION}:${MEMBER}:automation-definition/AWS-StopEC2InstanceWithApproval:$DEFAULT`)).toBe(
        'ImplicitlyDenied',
      );
      expect(await start(`arn:aws:ssm:${REGION}:${MEMBER}:document/AWS-RunShellScript`)).toBe('ImplicitlyDenied');
      expect(await start(`arn:aws:ssm:${REGION}:${OTHER}:automation-execution/0123abcd-0123-4567-89ab-0123456789ab`)).toBe(
        'ImplicitlyDenied',
      );
    });

    it('passes only the stop runbook role, and only to Systems Manager', async () => {
      const pass = (role: string, service: string) =>
        as(RULE_ROLE, ruleRole.permissions, 'iam:PassRole', role, { 'iam:PassedToService': service });
      expect(await pass(RUNBOOK_ROLE, 'ssm.amazonaws.com')).toBe('Allowed');
      expect(await pass(RUNBOOK_ROLE, 'ec2.amazonaws.com')).toBe('ImplicitlyDenied');
      expect(await pass(IMAGE_RUNBOOK_ROLE, 'ssm.amazonaws.com')).toBe('ImplicitlyDenied');
    });

    it('cannot act on instances itself', async () => {
      expect(await as(RULE_ROLE, ruleRole.permissions, 'ec2:StopInstances', INSTANCE())).toBe('ImplicitlyDenied');
    });
  });

  describe('runbook role', () => {
    it('is assumed by this account’s Automation only', async () => {
      const automation = (sourceArn: string, sourceAccount = MEMBER) =>
        assume(runbookRole.trust, RUNBOOK_ROLE, 'ssm.amazonaws.com', { 'aws:SourceArn': sourceArn, 'aws:SourceAccount': sourceAccount });
      expect(await automation(`arn:aws:ssm:${REGION}:${MEMBER}:automation-execution/0123abcd-0123-4567-89ab-0123456789ab`)).toBe('Allowed');
      expect(await automation(`arn:aws:ssm:${REGION}:${OTHER}:automation-execution/0123abcd-0123-4567-89ab-0123456789ab`, OTHER)).toBe(
        'ImplicitlyDenied',
      );
      const events = await assume(runbookRole.trust, RUNBOOK_ROLE, 'events.amazonaws.com', {
        'aws:SourceArn': STOP_RULE,
        'aws:SourceAccount': MEMBER,
      });
      expect(events).toBe('ImplicitlyDenied');
    });

    it('stops this account’s instances and does nothing else to them', async () => {
      expect(await as(RUNBOOK_ROLE, runbookRole.permissions, 'ec2:StopInstances', INSTANCE())).toBe('Allowed');
      expect(await as(RUNBOOK_ROLE, runbookRole.permissions, 'ec2:StopInstances', INSTANCE(OTHER))).toBe('ImplicitlyDenied');
      expect(await as(RUNBOOK_ROLE, runbookRole.permissions, 'ec2:TerminateInstances', INSTANCE())).toBe('ImplicitlyDenied');
      expect(await as(RUNBOOK_ROLE, runbookRole.permissions, 'ec2:DescribeInstanceStatus', '*')).toBe('Allowed');
    });

    it('images this account’s instances (create-image), creating the image and its snapshots', async () => {
      const create = (resource: string) => as(IMAGE_RUNBOOK_ROLE, imageRunbookRole.permissions, 'ec2:CreateImage', resource);
      expect(await create(INSTANCE())).toBe('Allowed');
      expect(await create(`arn:aws:ec2:${REGION}::image/ami-0123456789abcdef0`)).toBe('Allowed');
      expect(await create(`arn:aws:ec2:${REGION}::snapshot/snap-0123456789abcdef0`)).toBe('Allowed');
      expect(await create(INSTANCE(OTHER))).toBe('ImplicitlyDenied');
      expect(await as(IMAGE_RUNBOOK_ROLE, imageRunbookRole.permissions, 'ec2:StopInstances', INSTANCE())).toBe('ImplicitlyDenied');
    });
  });
});
