import { Annotations } from 'cdktf';
import type { Construct } from 'constructs';
import { REPLICA_DEFAULTS } from '../modules/archive-replica';
import { bucketArn, iamRoleArn, logGroupArn, snsTopicArn } from '../modules/arns';
import { OrganizationGuardrails } from '../modules/organization-guardrails';
import { AccountStack } from './account-stack';
import { alarmTopicName } from './config/alarms';
import { logArchiveBucketNames, organizationTrailReference, trailAccountId, trailDeliveryNames } from './config/derived-names';
import type { OrganizationConfig } from './config/schema';
import type { StackContext, StackKind } from './registry';

export const ORGANIZATION_GUARDRAILS_STACK = 'organization-guardrails';

export const ORGANIZATION_GUARDRAILS_KIND: StackKind = {
  kind: 'organization-guardrails',
  order: 9,
  definitions: (config) =>
    config.guardrails.enabled
      ? [
          {
            name: ORGANIZATION_GUARDRAILS_STACK,
            accountId: config.managementAccountId,
            region: config.homeRegion,
            role: 'management (organization guardrails: SCPs, RCP)',
            build: (scope, context) => new OrganizationGuardrailsStack(scope, context),
          },
        ]
      : [],
};

/**
 * The management account's organization guardrails: service control policies that stop anyone but
 * the deployment and break-glass roles from stopping the trail or weakening the archive, keys,
 * log group, delivery roles and topic, and a resource control policy that keeps the archive's
 * buckets and keys inside the organization. Applied last: every resource it names exists by then.
 */
export class OrganizationGuardrailsStack extends AccountStack {
  public readonly guardrails: OrganizationGuardrails;

  constructor(scope: Construct, context: StackContext) {
    super(scope, context);
    const config = this.config;
    const g = config.guardrails;
    this.guardrails = new OrganizationGuardrails(this, 'Guardrails', {
      targetIds: g.targetIds,
      exemptRoleNames: [
        config.deployment.roleName,
        ...(config.deployment.breakGlassRoleName ? [config.deployment.breakGlassRoleName] : []),
      ],
      protect: protectedResources(config),
      perimeter: g.resourceControlPolicy
        ? {
            organizationId: config.organizationId,
            bucketArns: logArchiveBucketNames(config).map(bucketArn),
            keyAccountIds: [config.logArchiveAccountId],
            externalSourceAccountIds: config.externalAccountIds,
          }
        : undefined,
      namePrefix: g.namePrefix,
    });
    const root = g.targetIds.find((id) => id.startsWith('r-')) ?? '<root id>';
    const exempt = [config.deployment.roleName, ...(config.deployment.breakGlassRoleName ? [config.deployment.breakGlassRoleName] : [])];
    Annotations.of(this.guardrails).addInfo(
      `SCPs and RCPs do not apply to the management account (${config.managementAccountId}): its own administrators are held back only by the resource policies. Roles named ${exempt.join(' and ')} are exempt in every member account, so whoever may assume them is trusted with the evidence. Before applying, enable the policy types on the root: aws organizations enable-policy-type --root-id ${root} --policy-type SERVICE_CONTROL_POLICY (and RESOURCE_CONTROL_POLICY)`,
    );
    this.output(
      'service_control_policy_ids',
      this.guardrails.serviceControlPolicies.map((p) => p.id),
      'Service control policies protecting the trail and the archive',
    );
    if (this.guardrails.resourceControlPolicy) {
      this.output(
        'resource_control_policy_id',
        this.guardrails.resourceControlPolicy.id,
        'Resource control policy keeping the archive inside the organization',
      );
    }
  }
}

/** Every evidence-holding resource of the config, by literal ARN or alias. */
export function protectedResources(config: OrganizationConfig) {
  const trailAccount = trailAccountId(config);
  const names = trailDeliveryNames(config);
  const replication = config.archive.replication;
  return {
    trailArns: [organizationTrailReference(config).trailArn],
    bucketArns: logArchiveBucketNames(config).map(bucketArn),
    keyAliases: [
      config.archive.keyAlias,
      ...(replication ? [replication.keyAlias] : []),
      config.notifications.keyAlias,
      config.cloudWatchLogs.keyAlias,
      ...(config.alarms.enabled ? [config.alarms.keyAlias] : []),
    ],
    logGroupArns: [logGroupArn(config.homeRegion, trailAccount, names.logGroupName)],
    roleArns: [
      iamRoleArn(trailAccount, names.roleName),
      ...(replication ? [iamRoleArn(config.logArchiveAccountId, REPLICA_DEFAULTS.roleName(replication.bucketName))] : []),
    ],
    topicArns: [
      snsTopicArn(config.homeRegion, trailAccount, names.topicName),
      ...(config.alarms.enabled ? [snsTopicArn(config.homeRegion, trailAccount, alarmTopicName(config))] : []),
    ],
    alarmArns: config.alarms.enabled ? [`arn:aws:cloudwatch:${config.homeRegion}:${trailAccount}:alarm:${config.trailName}-*`] : [],
  };
}
