import type { Construct } from 'constructs';
import { agentLogKinds, agentLogNames } from '../modules/deployment-monitoring/agent-logs';
import { MemberAccountRollout } from '../modules/deployment-monitoring/member-rollout';
import { AccountStack } from './account-stack';
import { memberRolloutSettings, monitoredRegions, monitoringSection, rolloutAccountId } from './config/deployment-monitoring-derived';
import { observabilitySinkArns } from './deployment-events-stack';
import type { StackContext, StackKind } from './registry';

export const DEPLOYMENT_ROLLOUT_STACK = 'deployment-rollout';

export const DEPLOYMENT_ROLLOUT_KIND: StackKind = {
  kind: 'deployment-rollout',
  order: 6,
  definitions: (config) =>
    config.deploymentMonitoring
      ? [
          {
            name: DEPLOYMENT_ROLLOUT_STACK,
            accountId: rolloutAccountId(config),
            region: config.homeRegion,
            role:
              config.deploymentMonitoring.stackSets.callAs === 'DELEGATED_ADMIN'
                ? 'StackSets delegated administrator (member rollout)'
                : 'management (member rollout: StackSets)',
            build: (scope, context) => new DeploymentRolloutStack(scope, context),
          },
        ]
      : [],
};

/**
 * The member rollout: two service-managed StackSets (IAM once per account in the home region; rules
 * and agent log groups in every governed region) deployed to the configured OUs, automatically to
 * accounts that join them. One StackSet resource and one instances resource per template, whatever
 * the number of accounts (the instances resource records a summary per account and region in state).
 */
export class DeploymentRolloutStack extends AccountStack {
  public readonly rollout: MemberAccountRollout;

  constructor(scope: Construct, context: StackContext) {
    super(scope, context);
    const m = monitoringSection(this.config);
    this.rollout = new MemberAccountRollout(this, 'Rollout', {
      settings: memberRolloutSettings(this.config),
      organizationalUnitIds: m.organizationalUnitIds,
      regions: monitoredRegions(this.config),
      callAs: m.stackSets.callAs,
      operationPreferences: {
        maxConcurrentPercentage: m.stackSets.maxConcurrentPercentage,
        maxConcurrentCount: m.stackSets.maxConcurrentCount,
        failureTolerancePercentage: m.stackSets.failureTolerancePercentage,
        failureToleranceCount: m.stackSets.failureToleranceCount,
        concurrencyMode: m.stackSets.concurrencyMode,
        regionConcurrencyType: m.stackSets.regionConcurrency,
      },
      retainStacksOnAccountRemoval: m.stackSets.retainStacksOnAccountRemoval,
      observabilitySinkArns: observabilitySinkArns(this.config, (name, id) => this.outputsOf(name, id)),
    });
    this.output(
      'stack_set_names',
      [this.rollout.globalStackSet.name, this.rollout.regionalStackSet.name],
      'StackSets that give every member account and governed region the forwarding rule and roles',
    );
    this.output(
      'failed_stack_instances',
      this.rollout.failedStackInstances(),
      'Stack instances whose last operation failed ("<account> <region>: <reason>"), within the failure tolerance: fix and re-run, or they are retried at the next template update',
    );
    const agentLogs = this.rollout.settings.agentLogs;
    if (agentLogs) {
      const names = agentLogNames(m.stackSets.namePrefix);
      this.output(
        'agent_log_group_names',
        agentLogKinds(agentLogs.platforms).map(names.logGroup),
        'CodeDeploy agent log groups in every governed region of every account',
      );
      this.output(
        'cloudwatch_agent_parameter_names',
        agentLogs.platforms.map(names.configurationParameter),
        'CloudWatch agent configurations to fetch on instances (ssm:<name>), in every governed region',
      );
      this.output(
        'agent_log_instance_policy_name',
        names.instancePolicy,
        'Managed policy in every account (export: the same name with -policy-arn) to attach to instance roles',
      );
    }
  }
}
