import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { DataTerraformRemoteStateLocal, Fn, Token } from 'cdktf';
import { CLOUDFORMATION_TEMPLATE_BODY_LIMIT, terraformLiteral } from '../../../modules/cloudformation/template';
import { MemberAccountRollout, type MemberAccountRolloutProps } from '../../../modules/deployment-monitoring/member-rollout';
import { globalMemberTemplate, regionalMemberTemplate } from '../../../modules/deployment-monitoring/member-templates';
import { DEFAULT_OPERATION_PREFERENCES } from '../../../modules/deployment-monitoring/stack-set-preferences';
import { COMMERCIAL_REGIONS } from '../../../modules/rules/identifiers';
import { AGENT_LOGS, FORWARDING_ONLY, SETTINGS, SINK_ARNS, WITH_AGENT_LOGS } from '../../support/member-settings';
import { addressAt, resourceAt } from '../../support/modules';
import { resourceCount, resourcesOf, synthJson, testStack } from '../../support/synth';

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const TARGETS = ['r-ab12', 'ou-ab12-cdefgh34'];

function newRollout(props: Partial<MemberAccountRolloutProps> = {}, validate = true) {
  const stack = testStack();
  const rollout = new MemberAccountRollout(stack, 'Members', {
    settings: SETTINGS,
    organizationalUnitIds: TARGETS,
    regions: REGIONS,
    callAs: 'SELF',
    ...props,
  });
  return { stack, rollout, json: synthJson(stack, { validate }) };
}

/** The default preferences as the stack sets send them (provider 5.100.0's stack set has no concurrency_mode)... */
const STACK_SET_PREFERENCES = { max_concurrent_percentage: 25, failure_tolerance_percentage: 25, region_concurrency_type: 'PARALLEL' };
/** ...and as the instances resources send them. */
const INSTANCE_PREFERENCES = { ...STACK_SET_PREFERENCES, concurrency_mode: 'SOFT_FAILURE_TOLERANCE' };
const TIMEOUTS = { create: '4h', update: '4h', delete: '4h' };

describe('MemberAccountRollout', () => {
  describe('stack sets', () => {
    it('rolls the account-wide template out as a service-managed stack set with automatic deployment', () => {
      const { json } = newRollout();
      expect(resourceAt(json, 'aws_cloudformation_stack_set', 'Members/GlobalStackSet')).toEqual({
        name: 'acme-codedeploy-global',
        description: 'CodeDeploy deployment monitoring (acme), global template of every member account',
        permission_model: 'SERVICE_MANAGED',
        call_as: 'SELF',
        auto_deployment: { enabled: true, retain_stacks_on_account_removal: false },
        managed_execution: { active: true },
        capabilities: ['CAPABILITY_NAMED_IAM'],
        template_body: terraformLiteral(globalMemberTemplate(SETTINGS).render()),
        operation_preferences: STACK_SET_PREFERENCES,
        timeouts: { update: '4h' },
        lifecycle: { ignore_changes: ['administration_role_arn'] },
      });
    });

    it('escapes the templates’ Fn::Sub placeholders so Terraform does not interpolate them', () => {
      const body = resourceAt(newRollout().json, 'aws_cloudformation_stack_set', 'Members/RegionalStackSet').template_body as string;
      expect(body).toContain('"Fn::Sub":"arn:aws:iam::$${AWS::AccountId}:role/acme-codedeploy-forwarder"');
      expect(body).not.toMatch(/(^|[^$])\$\{/);
    });

    it('rolls the Regional template out the same way, without IAM capabilities', () => {
      const { json } = newRollout();
      const stackSet = resourceAt(json, 'aws_cloudformation_stack_set', 'Members/RegionalStackSet');
      expect(stackSet).toMatchObject({
        name: 'acme-codedeploy-regional',
        permission_model: 'SERVICE_MANAGED',
        auto_deployment: { enabled: true, retain_stacks_on_account_removal: false },
        managed_execution: { active: true },
        template_body: terraformLiteral(regionalMemberTemplate(SETTINGS).render()),
        lifecycle: { ignore_changes: ['administration_role_arn'] },
      });
      expect(stackSet.capabilities).toBeUndefined();
    });

    it('takes call_as, operation preferences, retention on removal and tags from props', () => {
      const { json } = newRollout({
        callAs: 'DELEGATED_ADMIN',
        operationPreferences: { maxConcurrentPercentage: 100, regionConcurrencyType: 'SEQUENTIAL' },
        retainStacksOnAccountRemoval: true,
        tags: { team: 'platform' },
      });
      for (const id of ['GlobalStackSet', 'RegionalStackSet']) {
        expect(resourceAt(json, 'aws_cloudformation_stack_set', `Members/${id}`)).toMatchObject({
          call_as: 'DELEGATED_ADMIN',
          auto_deployment: { enabled: true, retain_stacks_on_account_removal: true },
          operation_preferences: {
            max_concurrent_percentage: 100,
            failure_tolerance_percentage: 25,
            region_concurrency_type: 'SEQUENTIAL',
          },
          tags: { team: 'platform' },
        });
      }
    });

    it('sends counts instead of percentages when given, and the concurrency mode to the instances only', () => {
      const { json, rollout } = newRollout({
        operationPreferences: { maxConcurrentCount: 50, failureToleranceCount: 5, concurrencyMode: 'STRICT_FAILURE_TOLERANCE' },
      });
      const counts = { max_concurrent_count: 50, failure_tolerance_count: 5, region_concurrency_type: 'PARALLEL' };
      expect(resourceAt(json, 'aws_cloudformation_stack_set', 'Members/RegionalStackSet').operation_preferences).toEqual(counts);
      expect(resourceAt(json, 'aws_cloudformation_stack_instances', 'Members/RegionalInstances').operation_preferences).toEqual({
        ...counts,
        concurrency_mode: 'STRICT_FAILURE_TOLERANCE',
      });
      expect(rollout.operationPreferences).toEqual({
        maxConcurrentCount: 50,
        failureToleranceCount: 5,
        concurrencyMode: 'STRICT_FAILURE_TOLERANCE',
        regionConcurrencyType: 'PARALLEL',
      });
    });

    it('defaults to a quarter of the accounts at once, a quarter that may fail without slowing the rest, Regions in parallel', () => {
      expect(DEFAULT_OPERATION_PREFERENCES).toEqual({
        maxConcurrentPercentage: 25,
        failureTolerancePercentage: 25,
        concurrencyMode: 'SOFT_FAILURE_TOLERANCE',
        regionConcurrencyType: 'PARALLEL',
      });
    });

    it('uses the provider it is given', () => {
      const stack = testStack();
      const admin = new AwsProvider(stack, 'admin', { region: 'us-east-1', alias: 'stacksets_admin' });
      new MemberAccountRollout(stack, 'Members', {
        settings: SETTINGS,
        organizationalUnitIds: TARGETS,
        regions: REGIONS,
        callAs: 'DELEGATED_ADMIN',
        provider: admin,
      });
      const json = synthJson(stack);
      for (const resource of [
        ...Object.values(resourcesOf(json, 'aws_cloudformation_stack_set')),
        ...Object.values(resourcesOf(json, 'aws_cloudformation_stack_instances')),
      ]) {
        expect(resource.provider).toBe('aws.stacksets_admin');
      }
    });
  });

  describe('agent logs', () => {
    const regions = [...AGENT_LOGS.regions];

    it('rolls the agent-log templates out and passes the sink ARNs as the Regional stack set’s parameter', () => {
      const { json, rollout } = newRollout({ settings: WITH_AGENT_LOGS, regions, observabilitySinkArns: SINK_ARNS });
      const stackSet = resourceAt(json, 'aws_cloudformation_stack_set', 'Members/RegionalStackSet');
      expect(stackSet).toMatchObject({
        template_body: terraformLiteral(regionalMemberTemplate(WITH_AGENT_LOGS).render()),
        parameters: { ObservabilitySinkArns: `${SINK_ARNS['us-east-1']},${SINK_ARNS['eu-west-1']}` },
      });
      expect(resourceAt(json, 'aws_cloudformation_stack_set', 'Members/GlobalStackSet').parameters).toBeUndefined();
      expect(rollout.globalTemplate.resourceIds).toContain('AgentLogsPolicy');
      expect(rollout.settings).toBe(WITH_AGENT_LOGS);
      // Instances take the stack set's parameters: no per-instance overrides to update later.
      for (const instance of Object.values(resourcesOf(json, 'aws_cloudformation_stack_instances'))) {
        expect(instance.parameter_overrides).toBeUndefined();
      }
    });

    it('takes sink ARNs from another stack’s state as Terraform references, in Region order', () => {
      const stack = testStack();
      const state = new DataTerraformRemoteStateLocal(stack, 'Audit', { path: '/state/deployment-events.tfstate' });
      const arns = Object.fromEntries(regions.map((r) => [r, Token.asString(Fn.lookup(state.get('sinks'), r))]));
      new MemberAccountRollout(stack, 'Members', {
        settings: WITH_AGENT_LOGS,
        organizationalUnitIds: TARGETS,
        regions,
        callAs: 'SELF',
        observabilitySinkArns: arns,
      });
      expect(resourceAt(synthJson(stack), 'aws_cloudformation_stack_set', 'Members/RegionalStackSet').parameters).toEqual({
        ObservabilitySinkArns:
          // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform expression, not a JavaScript template
          '${data.terraform_remote_state.Audit.outputs.sinks["us-east-1"]},${data.terraform_remote_state.Audit.outputs.sinks["eu-west-1"]}',
      });
    });

    it('refuses missing sink ARNs, and agent-log Regions other than the rollout’s', () => {
      expect(() => newRollout({ settings: WITH_AGENT_LOGS, regions })).toThrow(
        'test/Members: observabilitySinkArns: is missing: settings.agentLogs.observabilitySink links every account to a sink per Region. Fix: give the ARN of the sink in each governed Region (ObservabilitySink.sinkArns)',
      );
      expect(() => newRollout({ settings: WITH_AGENT_LOGS, regions: REGIONS, observabilitySinkArns: SINK_ARNS })).toThrow(
        // The sink ARNs match the settings' Regions; the rollout's third Region is the mismatch.
        'test/Members: settings.agentLogs.regions: ["us-east-1","eu-west-1"] differ from regions (us-east-1, eu-west-1, ap-southeast-2); the instance policy and the observability link need the Regions the templates are deployed to. Fix: give both the same Regions',
      );
    });
  });

  describe('stack set instances', () => {
    it('deploys the account-wide template once, in the home Region, to the target OUs', () => {
      const { json } = newRollout();
      expect(resourceAt(json, 'aws_cloudformation_stack_instances', 'Members/GlobalInstances')).toEqual({
        stack_set_name: `\${${addressAt(json, 'aws_cloudformation_stack_set', 'Members/GlobalStackSet')}.name}`,
        regions: ['us-east-1'],
        call_as: 'SELF',
        deployment_targets: { organizational_unit_ids: TARGETS },
        operation_preferences: INSTANCE_PREFERENCES,
        timeouts: TIMEOUTS,
        lifecycle: { ignore_changes: ['operation_preferences'] },
      });
    });

    it('deploys the Regional template in every governed Region in one operation, after the roles', () => {
      const { json } = newRollout();
      // One instances resource per stack set: one operation each, never two at once on the same stack set.
      expect(Object.keys(resourcesOf(json, 'aws_cloudformation_stack_instances'))).toHaveLength(2);
      expect(resourceCount(json, 'aws_cloudformation_stack_set_instance')).toBe(0);
      expect(resourceAt(json, 'aws_cloudformation_stack_instances', 'Members/RegionalInstances')).toEqual({
        stack_set_name: `\${${addressAt(json, 'aws_cloudformation_stack_set', 'Members/RegionalStackSet')}.name}`,
        regions: REGIONS,
        call_as: 'SELF',
        deployment_targets: { organizational_unit_ids: TARGETS },
        operation_preferences: INSTANCE_PREFERENCES,
        timeouts: TIMEOUTS,
        lifecycle: { ignore_changes: ['operation_preferences'] },
        depends_on: [addressAt(json, 'aws_cloudformation_stack_instances', 'Members/GlobalInstances')],
      });
    });

    it('lists the failed stack instances of both stack sets for an output', () => {
      const { json, rollout } = newRollout();
      const failed = (id: string) =>
        `[for s in ${addressAt(json, 'aws_cloudformation_stack_instances', `Members/${id}`)}.stack_instance_summaries : "\${s.account_id} \${s.region}: \${s.status_reason}" if s.detailed_status == "FAILED"]`;
      expect(rollout.failedStackInstances()).toBe(`\${concat(${failed('GlobalInstances')}, ${failed('RegionalInstances')})}`);
    });

    it('exposes the templates as rolled out', () => {
      const { rollout } = newRollout();
      expect(rollout.globalTemplate.render()).toBe(globalMemberTemplate(SETTINGS).render());
      expect(rollout.regionalTemplate.render()).toBe(regionalMemberTemplate(SETTINGS).render());
    });
  });

  describe('validation', () => {
    it('passes synth validation for templates within the TemplateBody limit', () => {
      const { rollout } = newRollout();
      expect(rollout.globalStackSet.node.validate()).toEqual([]);
      expect(rollout.regionalStackSet.node.validate()).toEqual([]);
    });

    it('fails synth validation when a template outgrows 51,200 bytes', () => {
      const applications = Array.from({ length: 60 }, (_, i) => `application-${String(i).padStart(3, '0')}`);
      const settings = {
        ...FORWARDING_ONLY,
        instanceActions: Array.from({ length: 60 }, (_, i) => ({
          name: `stop-${i}`,
          action: 'stop' as const,
          applications,
          states: ['FAILURE' as const],
        })),
      };
      const { rollout } = newRollout({ settings }, false);
      const size = rollout.regionalTemplate.sizeBytes;
      expect(size).toBeGreaterThan(CLOUDFORMATION_TEMPLATE_BODY_LIMIT);
      expect(rollout.regionalStackSet.node.validate()).toEqual([
        `test/Members/RegionalStackSet: template is ${size} bytes; a CloudFormation template body holds at most 51200 bytes`,
      ]);
    });

    it('refuses bad props, listing every problem', () => {
      expect(() =>
        newRollout({
          settings: { ...SETTINGS, namePrefix: 'ACME' },
          organizationalUnitIds: ['o-abcdefghij', 'r-ab12', 'r-ab12'],
          regions: ['eu-west-1', 'eu-west-1', 'Europe'],
          operationPreferences: { maxConcurrentPercentage: 0, failureTolerancePercentage: 101, failureToleranceCount: 2 },
        }),
      ).toThrow(
        'test/Members: settings.namePrefix: "ACME" is not lowercase letters and digits separated by single hyphens. Fix: use a name like "acme-deploy"; ' +
          'organizationalUnitIds[0]: "o-abcdefghij" is not a root or OU ID (StackSets deploy to OUs). Fix: use r-... from `aws organizations list-roots` or ou-...-... ids; ' +
          'organizationalUnitIds[2]: "r-ab12" repeats entry [1]. Fix: list each entry once; ' +
          `regions[2]: "Europe" is not a commercial AWS region this module supports. Fix: use one of ${COMMERCIAL_REGIONS.join(', ')}; ` +
          'regions[1]: "eu-west-1" repeats entry [0]. Fix: list each entry once; ' +
          'regions: ["eu-west-1","eu-west-1","Europe"] leave out the home Region "us-east-1". Fix: add "us-east-1": governed Regions include it; ' +
          'operationPreferences.maxConcurrentPercentage: 0 is not an integer from 1 to 100. Fix: write a whole number from 1 to 100; ' +
          'operationPreferences.failureTolerancePercentage: 101 is not an integer from 0 to 100. Fix: write a whole number from 0 to 100; ' +
          'operationPreferences.failureToleranceCount: 2 is set and so is failureTolerancePercentage; CloudFormation takes one or the other. Fix: leave out failureToleranceCount or failureTolerancePercentage',
      );
    });

    it('refuses no targets, and more than the 50 OUs CloudFormation takes', () => {
      expect(() => newRollout({ organizationalUnitIds: [] })).toThrow(
        'test/Members: organizationalUnitIds: [] is empty. Fix: give the root (r-...) or OUs (ou-...-...)',
      );
      const many = Array.from({ length: 51 }, (_, i) => `ou-ab12-${String(i).padStart(8, '0')}`);
      expect(() => newRollout({ organizationalUnitIds: many })).toThrow(
        'test/Members: organizationalUnitIds.length: 51 is more than 50, the most CloudFormation takes in one call. Fix: target a parent OU or the root instead',
      );
      expect(() => newRollout({ regions: [] })).toThrow('test/Members: regions: [] is empty. Fix: give the governed Regions');
    });
  });
});
