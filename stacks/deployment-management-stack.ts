import type { TerraformProvider } from 'cdktf';
import type { Construct } from 'constructs';
import { ManagementAccountForwarding } from '../modules/deployment-monitoring/management-account-forwarding';
import { AccountStack } from './account-stack';
import { memberRolloutSettings, monitoredRegions } from './config/deployment-monitoring-derived';
import { observabilitySinkArns } from './deployment-events-stack';
import { accountProvider } from './providers';
import type { StackContext, StackKind } from './registry';

export const DEPLOYMENT_MANAGEMENT_STACK = 'deployment-management-account';

export const DEPLOYMENT_MANAGEMENT_KIND: StackKind = {
  kind: 'deployment-management-account',
  order: 6,
  definitions: (config) =>
    config.deploymentMonitoring
      ? [
          {
            name: DEPLOYMENT_MANAGEMENT_STACK,
            accountId: config.managementAccountId,
            region: config.homeRegion,
            role: 'management (its own CodeDeploy forwarding: StackSets skip it)',
            build: (scope, context) => new DeploymentManagementStack(scope, context),
          },
        ]
      : [],
};

/**
 * Service-managed StackSets never deploy to the management account, so it gets the same two
 * templates as plain CloudFormation stacks: one per governed region, the IAM one in the home region.
 */
export class DeploymentManagementStack extends AccountStack {
  public readonly forwarding: ManagementAccountForwarding;

  constructor(scope: Construct, context: StackContext) {
    super(scope, context);
    const providers: Record<string, TerraformProvider> = {};
    for (const region of monitoredRegions(this.config)) {
      providers[region] =
        region === this.region
          ? this.provider
          : accountProvider(this, `Aws-${region}`, this.config, { accountId: this.accountId, region, alias: region });
    }
    this.forwarding = new ManagementAccountForwarding(this, 'Forwarding', {
      settings: memberRolloutSettings(this.config),
      regions: monitoredRegions(this.config),
      providers,
      observabilitySinkArns: observabilitySinkArns(this.config, (name, id) => this.outputsOf(name, id)),
    });
  }
}
