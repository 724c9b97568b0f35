import { eventBusArn } from '../../modules/arns';
import type { MemberRolloutSettings } from '../../modules/deployment-monitoring/member-settings';
import type { ParsedConfig } from './parsed-config';
import type { DeploymentMonitoringConfig } from './sections/deployment-monitoring';

/* Values of the deployment-monitoring stacks derived from the config, computed once. */

/** The section, or an error when a deployment-monitoring stack is built without it (the registry never does). */
export function monitoringSection(c: Pick<ParsedConfig, 'deploymentMonitoring'>): DeploymentMonitoringConfig {
  if (!c.deploymentMonitoring) throw new Error('deploymentMonitoring is not configured');
  return c.deploymentMonitoring;
}

/** Literal ARN of the central bus in the audit account and home region. */
function centralBusArn(c: ParsedConfig): string {
  return eventBusArn(c.homeRegion, c.auditAccountId, monitoringSection(c).busName);
}

/** Governed regions the rollout covers (the section's list, else every governed region). */
export function monitoredRegions(c: ParsedConfig): string[] {
  return [...(monitoringSection(c).regions ?? c.regions)];
}

/** The account that creates the StackSets: a StackSets delegated administrator, else the management account. */
export function rolloutAccountId(c: ParsedConfig): string {
  return monitoringSection(c).stackSets.delegatedAdministratorAccountId ?? c.managementAccountId;
}

/** What every member account (and the management account) gets, as the templates take it. */
export function memberRolloutSettings(c: ParsedConfig): MemberRolloutSettings {
  const m = monitoringSection(c);
  return {
    namePrefix: m.stackSets.namePrefix,
    centralBusArn: centralBusArn(c),
    homeRegion: c.homeRegion,
    forwardingKinds: [...m.forwardKinds],
    instanceActions: m.instanceActions.map((a) => ({
      name: a.name,
      action: a.action,
      applications: a.applications,
      deploymentGroups: a.deploymentGroups,
      states: a.states,
    })),
    ...(m.agentLogs.enabled
      ? {
          agentLogs: {
            retentionInDays: m.agentLogs.retentionDays,
            platforms: [...m.agentLogs.platforms],
            regions: monitoredRegions(c),
            encryptWithCustomerManagedKey: m.agentLogs.customerManagedKeys,
            ...(m.agentLogs.observabilitySink ? { observabilitySink: { accountId: c.auditAccountId } } : {}),
          },
        }
      : {}),
  };
}

/** Whether the audit account holds observability sinks and every account links its agent logs to them. */
export function observabilitySinkEnabled(c: ParsedConfig): boolean {
  const a = monitoringSection(c).agentLogs;
  return a.enabled && a.observabilitySink;
}

/** Name of the audit account's observability sink, the same in every governed region. */
export function observabilitySinkName(c: ParsedConfig): string {
  return `${monitoringSection(c).stackSets.namePrefix}-codedeploy-agent-logs`;
}

/** The output of the deployment-events stack that holds the sink ARNs by region, read by the rollout stacks. */
export const OBSERVABILITY_SINK_ARNS_OUTPUT = 'observability_sink_arns';
