// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings hold Terraform expressions, not JavaScript templates
/**
 * The CodeDeploy agent logs across the deployment-monitoring stacks of the example: the audit
 * account's observability sinks (one per governed region, each through its region's provider), the
 * sink ARNs handed to the member rollout through the deployment-events state, and the same
 * templates and parameters for the management account.
 */
import { memberRolloutSettings } from '../../stacks/config/deployment-monitoring-derived';
import { exampleConfig } from '../support/config';
import { type BuiltOrganization, buildExample, resourceCount, resourcesOf } from '../support/synth';

const example = exampleConfig();
const built = buildExample(example);
const REGIONS = example.regions;
const SINK_NAME = 'acme-deploy-monitoring-codedeploy-agent-logs';
const state = (region: string) => `\${data.terraform_remote_state.DeploymentEventsState.outputs.observability_sink_arns["${region}"]}`;
const PARAMETER = REGIONS.map(state).join(',');

/** The example with agent logs changed (or removed). */
function variant(change: (agentLogs: Record<string, unknown>) => void): BuiltOrganization {
  return buildExample(
    exampleConfig((c) => {
      change(c.deploymentMonitoring!.agentLogs as unknown as Record<string, unknown>);
    }),
  );
}

describe('deployment monitoring stacks with agent logs', () => {
  it('derives the member settings from the config: both platforms, 30 days, every governed region, the audit account’s sinks', () => {
    expect(memberRolloutSettings(example).agentLogs).toEqual({
      retentionInDays: 30,
      platforms: ['linux', 'windows'],
      regions: REGIONS,
      encryptWithCustomerManagedKey: false,
      observabilitySink: { accountId: example.auditAccountId },
    });
  });

  describe('deployment-events (audit account)', () => {
    const json = built.synth('deployment-events');

    it('creates one sink with its policy in every governed region, each through that region’s provider', () => {
      const sinks = Object.values(resourcesOf(json, 'aws_oam_sink'));
      expect(sinks.map((s) => [s.name, s.provider]).sort()).toEqual([
        [SINK_NAME, 'aws'],
        [SINK_NAME, 'aws.eu-central-1'],
        [SINK_NAME, 'aws.us-east-1'],
      ]);
      const policies = Object.values(resourcesOf(json, 'aws_oam_sink_policy'));
      expect(policies.map((p) => p.provider).sort()).toEqual(['aws', 'aws.eu-central-1', 'aws.us-east-1']);
      expect(json.provider.aws.map((p) => [p.alias ?? 'default', p.region, p.allowed_account_ids])).toEqual([
        ['default', 'eu-west-1', [example.auditAccountId]],
        ['eu-central-1', 'eu-central-1', [example.auditAccountId]],
        ['us-east-1', 'us-east-1', [example.auditAccountId]],
      ]);
    });

    it('outputs the sink ARNs by region for the rollout stacks', () => {
      const value = json.output?.observability_sink_arns.value as Record<string, string>;
      expect(Object.keys(value).sort()).toEqual([...REGIONS].sort());
      for (const [region, arn] of Object.entries(value)) {
        expect(arn).toMatch(new RegExp(`^\\$\\{aws_oam_sink\\.ObservabilitySink-${region}_Sink_[A-F0-9]{8}\\.arn\\}$`));
      }
    });

    it('creates no sink and no extra provider without observabilitySink', () => {
      const off = variant((a) => {
        a.observabilitySink = false;
      }).synth('deployment-events');
      expect(resourceCount(off, 'aws_oam_sink')).toBe(0);
      expect(off.output?.observability_sink_arns).toBeUndefined();
      expect(off.provider.aws).toHaveLength(1);
    });
  });

  describe('deployment-rollout (member accounts)', () => {
    const json = built.synth('deployment-rollout');

    it('passes the sink ARNs read from the deployment-events state as the Regional stack set’s parameter', () => {
      const regional = Object.values(resourcesOf(json, 'aws_cloudformation_stack_set')).find(
        (s) => s.name === 'acme-deploy-monitoring-codedeploy-regional',
      );
      expect(regional?.parameters).toEqual({ ObservabilitySinkArns: PARAMETER });
      expect(json.data?.terraform_remote_state?.DeploymentEventsState).toMatchObject({
        backend: 's3',
        config: { key: 'org-logging/deployment-events.tfstate' },
      });
    });

    it('outputs the names instance owners need', () => {
      expect(json.output?.agent_log_group_names.value).toEqual([
        '/aws/codedeploy-agent/acme-deploy-monitoring/agent',
        '/aws/codedeploy-agent/acme-deploy-monitoring/deployments',
        '/aws/codedeploy-agent/acme-deploy-monitoring/updater',
      ]);
      expect(json.output?.cloudwatch_agent_parameter_names.value).toEqual([
        'AmazonCloudWatch-acme-deploy-monitoring-codedeploy-agent-linux',
        'AmazonCloudWatch-acme-deploy-monitoring-codedeploy-agent-windows',
      ]);
      expect(json.output?.agent_log_instance_policy_name.value).toBe('acme-deploy-monitoring-codedeploy-agent-logs');
    });

    it('reads no state and passes no parameter without observabilitySink, and rolls out no agent logs when disabled', () => {
      const noSink = variant((a) => {
        a.observabilitySink = false;
      }).synth('deployment-rollout');
      expect(noSink.data?.terraform_remote_state).toBeUndefined();
      const stackSets = Object.values(resourcesOf(noSink, 'aws_cloudformation_stack_set'));
      expect(stackSets.length).toBeGreaterThan(0);
      for (const s of stackSets) expect(s.parameters).toBeUndefined();
      const disabled = variant((a) => {
        a.enabled = false;
        a.observabilitySink = false;
      }).synth('deployment-rollout');
      expect(disabled.output?.agent_log_group_names).toBeUndefined();
      for (const s of Object.values(resourcesOf(disabled, 'aws_cloudformation_stack_set'))) {
        expect(s.template_body).not.toContain('AgentLog');
      }
    });
  });

  describe('deployment-management-account', () => {
    const json = built.synth('deployment-management-account');

    it('gives each regional stack the same parameter as the member stack set', () => {
      const stacks = Object.values(resourcesOf(json, 'aws_cloudformation_stack'));
      const regional = stacks.filter((s) => s.name === 'acme-deploy-monitoring-codedeploy-regional');
      expect(regional).toHaveLength(REGIONS.length);
      for (const s of regional) expect(s.parameters).toEqual({ ObservabilitySinkArns: PARAMETER });
      const rollout = built.synth('deployment-rollout');
      const memberBody = Object.values(resourcesOf(rollout, 'aws_cloudformation_stack_set')).find(
        (s) => s.name === 'acme-deploy-monitoring-codedeploy-regional',
      )?.template_body;
      for (const s of regional) expect(s.template_body).toBe(memberBody);
    });
  });
});
