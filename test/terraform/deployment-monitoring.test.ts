/**
 * Terraform tier for the deployment-monitoring rollout constructs: the real terraform CLI and
 * provider 5.100.0 validate and plan (offline) a stack holding a `MemberAccountRollout` and a
 * `ManagementAccountForwarding` with agent logs linked to observability sinks, and an
 * `ObservabilitySink` per Region. The template bodies Terraform would send are exactly the
 * templates (Terraform reads `${` in strings as interpolation: the constructs escape the templates'
 * `Fn::Sub` placeholders, and this proves the round trip), and the sink ARNs reach CloudFormation
 * as the Regional template's parameter. One init, validate, plan and show: about 10 s. Skipped
 * with a banner without terraform, failed in CI.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack, Testing } from 'cdktf';
import { ManagementAccountForwarding } from '../../modules/deployment-monitoring/management-account-forwarding';
import { MemberAccountRollout } from '../../modules/deployment-monitoring/member-rollout';
import { globalMemberTemplate, regionalMemberTemplate } from '../../modules/deployment-monitoring/member-templates';
import { ObservabilitySink } from '../../modules/deployment-monitoring/observability-sink';
import {
  type CombinedResult,
  formatDiagnostic,
  moduleKey,
  plannedResources,
  type StackJson,
  Terraform,
  validateAndPlan,
} from '../../tooling/terraform';
import { AGENT_LOG_REGIONS, SINK_ARNS, WITH_AGENT_LOGS } from '../support/member-settings';
import { ORGANIZATION_ID } from '../support/modules';
import { requireToolchain, tfIt, warnIfNotRun } from './toolchain-gate';

const REGIONS: string[] = [...AGENT_LOG_REGIONS];
const SETTINGS = WITH_AGENT_LOGS;
const PARAMETERS = { ObservabilitySinkArns: `${SINK_ARNS['us-east-1']},${SINK_ARNS['eu-west-1']}` };
const STACK = 'deployment-monitoring';

warnIfNotRun('test/terraform/deployment-monitoring.test.ts');

let scratch = '';
let result: CombinedResult | undefined;

beforeAll(() => {
  const toolchain = requireToolchain();
  if (!toolchain) return;
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'deployment-monitoring-tier-'));
  const stack = new TerraformStack(Testing.app(), STACK);
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  const providers = Object.fromEntries(
    REGIONS.map((region) => [region, new AwsProvider(stack, `aws-${region}`, { region, alias: region.replace(/-/g, '_') })]),
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
  const json = JSON.parse(Testing.synth(stack)) as StackJson;
  result = validateAndPlan(new Terraform(toolchain, path.join(scratch, 'terraform-cli')), path.join(scratch, 'terraform'), [
    { prefix: '', stacks: [{ name: STACK, json }] },
  ]);
}, 180_000);

afterAll(() => {
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

function tier(): CombinedResult {
  if (!result) throw new Error('the terraform tier did not run (see beforeAll)');
  return result;
}

describe('deployment monitoring rollout, checked by terraform', () => {
  tfIt('validates with provider 5.100.0', () => {
    expect(tier().validate.unexpected.map(formatDiagnostic)).toEqual([]);
    expect(tier().validate.valid).toBe(true);
  });

  tfIt('plans the two stack sets, their instances and the management-account stacks', () => {
    expect(
      tier()
        .plan.diagnostics.filter((d) => d.severity === 'error')
        .map(formatDiagnostic),
    ).toEqual([]);
    const types = plannedResources(tier().plan.plan!, moduleKey('', STACK)).map((r) => r.type);
    expect(types.filter((t) => t === 'aws_cloudformation_stack_set')).toHaveLength(2);
    // One instances resource per stack set, every Region in one operation.
    expect(types.filter((t) => t === 'aws_cloudformation_stack_instances')).toHaveLength(2);
    expect(types.filter((t) => t === 'aws_cloudformation_stack_set_instance')).toHaveLength(0);
    expect(types.filter((t) => t === 'aws_cloudformation_stack')).toHaveLength(1 + REGIONS.length);
    expect(types.filter((t) => t === 'aws_oam_sink')).toHaveLength(REGIONS.length);
    expect(types.filter((t) => t === 'aws_oam_sink_policy')).toHaveLength(REGIONS.length);
  });

  tfIt('plans managed execution on both stack sets, and the instances of every governed Region with their preferences', () => {
    const planned = plannedResources(tier().plan.plan!, moduleKey('', STACK));
    for (const set of planned.filter((r) => r.type === 'aws_cloudformation_stack_set')) {
      expect(set.values.managed_execution).toEqual([{ active: true }]);
    }
    const instances = planned.filter((r) => r.type === 'aws_cloudformation_stack_instances');
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
    const withBodies = plannedResources(tier().plan.plan!, moduleKey('', STACK)).filter((r) => typeof r.values.template_body === 'string');
    for (const resource of withBodies) {
      const regional = !resource.address.includes('Global');
      // Unset parameters plan as null (stack sets) or unknown (stacks: computed).
      expect({ address: resource.address, parameters: resource.values.parameters ?? {} }).toEqual({
        address: resource.address,
        parameters: regional ? PARAMETERS : {},
      });
    }
  });

  tfIt('plans each sink policy as the literal organization policy, in its Region', () => {
    const policies = plannedResources(tier().plan.plan!, moduleKey('', STACK)).filter((r) => r.type === 'aws_oam_sink_policy');
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
    const withBodies = plannedResources(tier().plan.plan!, moduleKey('', STACK)).filter((r) => typeof r.values.template_body === 'string');
    expect(withBodies).toHaveLength(2 + 1 + REGIONS.length);
    for (const resource of withBodies) {
      // The stack-set body is sent as written; aws_cloudformation_stack normalizes key order.
      expect(JSON.parse(resource.values.template_body as string)).toEqual(expected(resource.address));
    }
  });
});
