/**
 * The deployment-monitoring rollout constructs checked by the real terraform CLI and provider
 * 5.100.0 in the tier's combined root: a stack holding a `MemberAccountRollout` and a
 * `ManagementAccountForwarding` with agent logs linked to observability sinks, and an
 * `ObservabilitySink` per Region. The template bodies Terraform would send are exactly the
 * templates (Terraform reads `${` in strings as interpolation: the constructs escape the templates'
 * `Fn::Sub` placeholders, and this proves the round trip), and the sink ARNs reach CloudFormation
 * as the Regional template's parameter.
 */
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { ManagementAccountForwarding } from '../../modules/deployment-monitoring/management-account-forwarding';
import { MemberAccountRollout } from '../../modules/deployment-monitoring/member-rollout';
import { globalMemberTemplate, regionalMemberTemplate } from '../../modules/deployment-monitoring/member-templates';
import { ObservabilitySink } from '../../modules/deployment-monitoring/observability-sink';
import {
  formatDiagnostic,
  moduleKey,
  type PlannedResource,
  plannedResources,
  type StackJson,
  type StackResult,
  splitByStack,
} from '../../tooling/terraform';
import { AGENT_LOG_REGIONS, SINK_ARNS, WITH_AGENT_LOGS } from '../support/member-settings';
import { ORGANIZATION_ID } from '../support/modules';
import { type ConstructStack, exampleDefaultTags, getPlan, getTier } from './tier';
import { tfIt } from './toolchain-gate';

const REGIONS: string[] = [...AGENT_LOG_REGIONS];
const SETTINGS = WITH_AGENT_LOGS;
const PARAMETERS = { ObservabilitySinkArns: `${SINK_ARNS['us-east-1']},${SINK_ARNS['eu-west-1']}` };
const PREFIX = 'dm';
const STACK = 'deployment-monitoring';
const KEY = moduleKey(PREFIX, STACK);

export function deploymentMonitoringStack(): ConstructStack {
  const stack = new TerraformStack(Testing.app(), STACK);
  new AwsProvider(stack, 'aws', { region: 'us-east-1', defaultTags: exampleDefaultTags() });
  const providers = Object.fromEntries(
    REGIONS.map((region) => [
      region,
      new AwsProvider(stack, `aws-${region}`, { region, alias: region.replace(/-/g, '_'), defaultTags: exampleDefaultTags() }),
    ]),
  );
  new MemberAccountRollout(stack, 'Members', {
    settings: SETTINGS,
    organizationalUnitIds: ['r-ab12'],
    regions: REGIONS,
    callAs: 'DELEGATED_ADMIN',
    observabilitySinkArns: SINK_ARNS,
  });
  new ManagementAccountForwarding(stack, 'Management', {
    settings: SETTINGS,
    regions: REGIONS,
    providers,
    observabilitySinkArns: SINK_ARNS,
  });
  for (const region of REGIONS) {
    new ObservabilitySink(stack, `Sink-${region}`, {
      sinkName: 'acme-codedeploy-agent-logs',
      organizationId: ORGANIZATION_ID,
      provider: providers[region],
    });
  }
  return { prefix: PREFIX, name: STACK, json: JSON.parse(Testing.synth(stack)) as StackJson };
}

function result(): StackResult {
  const found = splitByStack(getTier()).stacks.find((s) => s.module.key === KEY);
  if (!found) throw new Error('the deployment-monitoring stack is not in the combined root');
  return found;
}

const planned = (): PlannedResource[] => plannedResources(getPlan(), KEY);

export function describeDeploymentMonitoring(): void {
  describe('deployment monitoring rollout, checked by terraform', () => {
    tfIt('validates with provider 5.100.0', () => {
      expect(result().validateDiagnostics.map(formatDiagnostic)).toEqual([]);
      expect(getTier().validate.valid).toBe(true);
    });

    tfIt('plans the two stack sets, their instances and the management-account stacks', () => {
      expect(
        result()
          .planDiagnostics.filter((d) => d.severity === 'error')
          .map(formatDiagnostic),
      ).toEqual([]);
      const types = planned().map((r) => r.type);
      expect(types.filter((t) => t === 'aws_cloudformation_stack_set')).toHaveLength(2);
      // One instances resource per stack set, every Region in one operation.
      expect(types.filter((t) => t === 'aws_cloudformation_stack_instances')).toHaveLength(2);
      expect(types.filter((t) => t === 'aws_cloudformation_stack_set_instance')).toHaveLength(0);
      expect(types.filter((t) => t === 'aws_cloudformation_stack')).toHaveLength(1 + REGIONS.length);
      expect(types.filter((t) => t === 'aws_oam_sink')).toHaveLength(REGIONS.length);
      expect(types.filter((t) => t === 'aws_oam_sink_policy')).toHaveLength(REGIONS.length);
    });

    tfIt('plans managed execution on both stack sets, and the instances of every governed Region with their preferences', () => {
      for (const set of planned().filter((r) => r.type === 'aws_cloudformation_stack_set')) {
        expect(set.values.managed_execution).toEqual([{ active: true }]);
      }
      const instances = planned().filter((r) => r.type === 'aws_cloudformation_stack_instances');
      expect(instances.map((r) => [...(r.values.regions as string[])].sort())).toEqual([['us-east-1'], [...REGIONS].sort()]);
      for (const r of instances) {
        expect(r.values.operation_preferences).toEqual([
          expect.objectContaining({
            concurrency_mode: 'SOFT_FAILURE_TOLERANCE',
            failure_tolerance_percentage: 25,
            max_concurrent_percentage: 25,
            region_concurrency_type: 'PARALLEL',
          }),
        ]);
      }
    });

    tfIt('plans the sink ARNs as the parameter of every Regional template, and none on the account-wide one', () => {
      for (const resource of planned().filter((r) => typeof r.values.template_body === 'string')) {
        const regional = !resource.address.includes('Global');
        // Unset parameters plan as null (stack sets) or unknown (stacks: computed).
        expect({ address: resource.address, parameters: resource.values.parameters ?? {} }).toEqual({
          address: resource.address,
          parameters: regional ? PARAMETERS : {},
        });
      }
    });

    tfIt('plans each sink policy as the literal organization policy, in its Region', () => {
      const policies = planned().filter((r) => r.type === 'aws_oam_sink_policy');
      expect(policies).toHaveLength(REGIONS.length);
      for (const policy of policies) {
        expect(JSON.parse(policy.values.policy as string).Statement[0].Condition).toEqual({
          StringEquals: { 'aws:PrincipalOrgID': ORGANIZATION_ID },
          'ForAllValues:StringEquals': { 'oam:ResourceTypes': 'AWS::Logs::LogGroup' },
        });
      }
      expect(policies).toHaveLength(REGIONS.length);
    });

    tfIt('sends exactly the member templates as template bodies', () => {
      const expected = (address: string) =>
        (address.includes('Global') ? globalMemberTemplate(SETTINGS) : regionalMemberTemplate(SETTINGS)).toJSON();
      const withBodies = planned().filter((r) => typeof r.values.template_body === 'string');
      expect(withBodies).toHaveLength(2 + 1 + REGIONS.length);
      for (const resource of withBodies) {
        // The stack-set body is sent as written; aws_cloudformation_stack normalizes key order.
        expect(JSON.parse(resource.values.template_body as string)).toEqual(expected(resource.address));
      }
    });
  });
}
