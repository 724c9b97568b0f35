import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { terraformLiteral } from '../../../modules/cloudformation/template';
import {
  ManagementAccountForwarding,
  type ManagementAccountForwardingProps,
} from '../../../modules/deployment-monitoring/management-account-forwarding';
import { MemberAccountRollout } from '../../../modules/deployment-monitoring/member-rollout';
import { globalMemberTemplate, regionalMemberTemplate } from '../../../modules/deployment-monitoring/member-templates';
import { AGENT_LOGS, SETTINGS, SINK_ARNS, WITH_AGENT_LOGS } from '../../support/member-settings';
import { addressAt, resourceAt } from '../../support/modules';
import { resourcesOf, synthJson } from '../../support/synth';

const REGIONS = ['us-east-1', 'eu-west-1'];

function managementStack() {
  const stack = new TerraformStack(Testing.app(), 'management');
  const providers = Object.fromEntries(
    REGIONS.map((region) => [region, new AwsProvider(stack, `aws-${region}`, { region, alias: region.replace(/-/g, '_') })]),
  );
  return { stack, providers };
}

function newForwarding(props: Partial<ManagementAccountForwardingProps> = {}) {
  const { stack, providers } = managementStack();
  const forwarding = new ManagementAccountForwarding(stack, 'Management', { settings: SETTINGS, regions: REGIONS, providers, ...props });
  return { stack, forwarding, json: synthJson(stack) };
}

describe('ManagementAccountForwarding', () => {
  it('creates the account-wide template as a stack in the home Region, with named IAM capability', () => {
    const { json } = newForwarding({ tags: { team: 'platform' } });
    expect(resourceAt(json, 'aws_cloudformation_stack', 'Management/GlobalStack')).toEqual({
      provider: 'aws.us_east_1',
      name: 'acme-codedeploy-global',
      template_body: terraformLiteral(globalMemberTemplate(SETTINGS).render()),
      capabilities: ['CAPABILITY_NAMED_IAM'],
      tags: { team: 'platform' },
    });
  });

  it('creates the Regional template as a stack in every governed Region, through its provider, after the roles', () => {
    const { json } = newForwarding();
    expect(Object.keys(resourcesOf(json, 'aws_cloudformation_stack'))).toHaveLength(1 + REGIONS.length);
    for (const region of REGIONS) {
      expect(resourceAt(json, 'aws_cloudformation_stack', `Management/RegionalStack-${region}`)).toEqual({
        provider: `aws.${region.replace(/-/g, '_')}`,
        name: 'acme-codedeploy-regional',
        template_body: terraformLiteral(regionalMemberTemplate(SETTINGS).render()),
        depends_on: [addressAt(json, 'aws_cloudformation_stack', 'Management/GlobalStack')],
      });
    }
  });

  it('gives the management account exactly the template text the member stack sets roll out', () => {
    const { stack, providers } = managementStack();
    const members = new MemberAccountRollout(stack, 'Members', {
      settings: SETTINGS,
      organizationalUnitIds: ['r-ab12'],
      regions: REGIONS,
      callAs: 'SELF',
    });
    const management = new ManagementAccountForwarding(stack, 'Management', { settings: SETTINGS, regions: REGIONS, providers });
    const json = synthJson(stack);
    expect(resourceAt(json, 'aws_cloudformation_stack', 'Management/GlobalStack').template_body).toBe(
      resourceAt(json, 'aws_cloudformation_stack_set', 'Members/GlobalStackSet').template_body,
    );
    for (const region of REGIONS) {
      expect(resourceAt(json, 'aws_cloudformation_stack', `Management/RegionalStack-${region}`).template_body).toBe(
        resourceAt(json, 'aws_cloudformation_stack_set', 'Members/RegionalStackSet').template_body,
      );
    }
    expect(management.regionalTemplate.render()).toBe(members.regionalTemplate.render());
  });

  it('gives every Regional stack the sink ARNs as the same parameter the member stack set gets', () => {
    expect([...AGENT_LOGS.regions]).toEqual(REGIONS);
    const { json, forwarding } = newForwarding({ settings: WITH_AGENT_LOGS, observabilitySinkArns: SINK_ARNS });
    for (const region of REGIONS) {
      expect(resourceAt(json, 'aws_cloudformation_stack', `Management/RegionalStack-${region}`)).toMatchObject({
        template_body: terraformLiteral(regionalMemberTemplate(WITH_AGENT_LOGS).render()),
        parameters: { ObservabilitySinkArns: `${SINK_ARNS['us-east-1']},${SINK_ARNS['eu-west-1']}` },
      });
    }
    expect(resourceAt(json, 'aws_cloudformation_stack', 'Management/GlobalStack').parameters).toBeUndefined();
    expect(forwarding.globalTemplate.resourceIds).toContain('AgentLogsPolicy');
  });

  it('refuses agent-log settings whose sinks are missing', () => {
    expect(() => newForwarding({ settings: WITH_AGENT_LOGS })).toThrow(
      'management/Management: observabilitySinkArns: is missing: settings.agentLogs.observabilitySink links every account to a sink per Region. Fix: give the ARN of the sink in each governed Region (ObservabilitySink.sinkArns)',
    );
  });

  it('passes synth validation within the TemplateBody limit', () => {
    const { forwarding } = newForwarding();
    expect(forwarding.globalStack.node.validate()).toEqual([]);
    for (const stack of Object.values(forwarding.regionalStacks)) expect(stack.node.validate()).toEqual([]);
  });

  it('refuses a governed Region without a provider, and regions without the home Region', () => {
    expect(() => newForwarding({ regions: ['us-east-1', 'eu-west-1', 'ap-south-1'] })).toThrow(
      'management/Management: providers: has no provider for governed Region "ap-south-1". Fix: add one (aliased) for the management account there',
    );
    expect(() => newForwarding({ regions: ['eu-west-1', 'eu-west-1'] })).toThrow(
      'management/Management: regions[1]: "eu-west-1" repeats entry [0]. Fix: list each entry once; regions: ["eu-west-1","eu-west-1"] leave out the home Region "us-east-1". Fix: add "us-east-1": governed Regions include it',
    );
  });
});
