/**
 * Policy simulation for the CodeDeploy agent logs: the audit account's observability sink policy
 * (who may link) and the instance policy the member templates give every account (what an
 * instance may write and read), evaluated request by request. The simulator knows `oam:CreateLink`
 * on a sink and its `oam:ResourceTypes` key. Expected ARNs are written out from the names below,
 * never read from the module code under test.
 */

import { globalMemberTemplate } from '../../modules/deployment-monitoring/member-templates';
import { ObservabilitySink } from '../../modules/deployment-monitoring/observability-sink';
import { resolvedInAccount, WITH_AGENT_LOGS } from '../support/member-settings';
import { AUDIT, ORGANIZATION_ID } from '../support/modules';
import { allowIdentity, type PolicyJson, policyAt, simulate, synthesizedPolicies } from '../support/simulate';
import { testStack } from '../support/synth';

const REGION = 'eu-west-1';
const MEMBER = '444455556666';
const OUTSIDER = '999988887777';
const OTHER_ORGANIZATION = 'o-zzzzzzzzzz';
const SINK = `arn:aws:oam:${REGION}:${AUDIT}:sink/0a1b2c3d-1111-4e5f-8a9b-0c1d2e3f4a5b`;
/** The role CloudFormation StackSets uses in a member account (service-managed permissions). */
const STACKSETS_EXEC = `arn:aws:sts::${MEMBER}:assumed-role/stacksets-exec-0123456789abcdef0123456789abcdef/StackSet-session`;
const INSTANCE = `arn:aws:sts::${MEMBER}:assumed-role/checkout-instance/i-0123456789abcdef0`;
const group = (name: string, region = REGION, account = MEMBER) => `arn:aws:logs:${region}:${account}:log-group:${name}`;
const stream = (name: string, region = REGION) => `${group(name, region)}:log-stream:i-0123456789abcdef0`;
const parameter = (name: string, region = REGION) => `arn:aws:ssm:${region}:${MEMBER}:parameter/${name}`;
const AGENT = '/aws/codedeploy-agent/acme/agent';
const DEPLOYMENTS = '/aws/codedeploy-agent/acme/deployments';
const LINUX_CONFIG = 'AmazonCloudWatch-acme-codedeploy-agent-linux';

const stack = testStack(REGION, 'audit');
new ObservabilitySink(stack, 'Sink', { sinkName: 'acme-codedeploy-agent-logs', organizationId: ORGANIZATION_ID });
const sinkPolicy = policyAt(synthesizedPolicies(stack), 'audit/Sink/Policy');

/** The instance policy as IAM stores it in MEMBER: the template's `Fn::Sub` placeholders resolved. */
function instancePolicy(): PolicyJson {
  const resource = globalMemberTemplate(WITH_AGENT_LOGS).resource('AgentLogsPolicy');
  return resolvedInAccount(resource.Properties?.PolicyDocument, MEMBER) as PolicyJson;
}

describe('agent log policies (simulated)', () => {
  describe('observability sink policy', () => {
    const createLink = (principal: string, organizationId: string, resourceTypes: string[]) =>
      simulate({
        policy: sinkPolicy,
        action: 'oam:CreateLink',
        resource: SINK,
        resourceAccount: AUDIT,
        principal,
        identityPolicy: allowIdentity(['oam:CreateLink']),
        context: { 'aws:PrincipalOrgID': organizationId, 'oam:ResourceTypes': resourceTypes },
      });

    it('lets a member account link its log groups', async () => {
      expect(await createLink(STACKSETS_EXEC, ORGANIZATION_ID, ['AWS::Logs::LogGroup'])).toBe('Allowed');
    });

    it('refuses an account outside the organization, even with its own identity allow', async () => {
      const outsider = `arn:aws:sts::${OUTSIDER}:assumed-role/admin/session`;
      expect(await createLink(outsider, OTHER_ORGANIZATION, ['AWS::Logs::LogGroup'])).toBe('ImplicitlyDenied');
    });

    it('refuses a member link that shares more than log groups', async () => {
      expect(await createLink(STACKSETS_EXEC, ORGANIZATION_ID, ['AWS::Logs::LogGroup', 'AWS::CloudWatch::Metric'])).toBe(
        'ImplicitlyDenied',
      );
      expect(await createLink(STACKSETS_EXEC, ORGANIZATION_ID, ['AWS::XRay::Trace'])).toBe('ImplicitlyDenied');
    });

    it('lets no member change or delete the sink itself', async () => {
      for (const action of ['oam:PutSinkPolicy', 'oam:DeleteSink']) {
        const decision = await simulate({
          policy: sinkPolicy,
          action,
          resource: SINK,
          resourceAccount: AUDIT,
          principal: STACKSETS_EXEC,
          identityPolicy: allowIdentity(['oam:*']),
          context: { 'aws:PrincipalOrgID': ORGANIZATION_ID },
        });
        expect({ action, decision }).toEqual({ action, decision: 'ImplicitlyDenied' });
      }
    });
  });

  describe('instance policy', () => {
    const policy = instancePolicy();
    const request = (action: string, resource: string, region = REGION) =>
      simulate({
        policy: undefined,
        action,
        resource,
        resourceAccount: MEMBER,
        principal: INSTANCE,
        identityPolicy: policy,
        context: { 'aws:RequestedRegion': region },
      });

    it('lets an instance create its stream and put events in the agent log groups of a governed Region', async () => {
      for (const name of [AGENT, DEPLOYMENTS]) {
        expect(await request('logs:CreateLogStream', stream(name))).toBe('Allowed');
        expect(await request('logs:PutLogEvents', stream(name))).toBe('Allowed');
        expect(await request('logs:DescribeLogStreams', group(name))).toBe('Allowed');
      }
      expect(await request('logs:PutLogEvents', stream(AGENT, 'us-east-1'), 'us-east-1')).toBe('Allowed');
    });

    it('refuses the same log group in a Region that is not governed', async () => {
      expect(await request('logs:PutLogEvents', stream(AGENT, 'ap-south-1'), 'ap-south-1')).toBe('ImplicitlyDenied');
    });

    it('refuses any other log group, creating log groups and changing retention', async () => {
      expect(await request('logs:PutLogEvents', stream('/aws/codedeploy-agent/acme/agent-copy'))).toBe('ImplicitlyDenied');
      expect(await request('logs:PutLogEvents', stream('/var/log/messages'))).toBe('ImplicitlyDenied');
      expect(await request('logs:CreateLogGroup', group('/aws/codedeploy-agent/acme/other'))).toBe('ImplicitlyDenied');
      expect(await request('logs:PutRetentionPolicy', group(AGENT))).toBe('ImplicitlyDenied');
      expect(await request('logs:DeleteLogGroup', group(AGENT))).toBe('ImplicitlyDenied');
    });

    it('lets an instance read the agent configurations, and no other parameter', async () => {
      expect(await request('ssm:GetParameter', parameter(LINUX_CONFIG))).toBe('Allowed');
      expect(await request('ssm:GetParameter', parameter('AmazonCloudWatch-acme-codedeploy-agent-windows'))).toBe('Allowed');
      expect(await request('ssm:GetParameter', parameter('AmazonCloudWatch-someone-else'))).toBe('ImplicitlyDenied');
      expect(await request('ssm:GetParameter', parameter(LINUX_CONFIG, 'ap-south-1'), 'ap-south-1')).toBe('ImplicitlyDenied');
      expect(await request('ssm:PutParameter', parameter(LINUX_CONFIG))).toBe('ImplicitlyDenied');
    });
  });
});
