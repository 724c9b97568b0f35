import { Annotations } from 'cdktf';
import type { Construct } from 'constructs';
import { TRAIL_ALARMS_DEFAULTS } from '../modules/alarms/trail-alarms';
import { REPLICA_DEFAULTS } from '../modules/archive-replica';
import { bucketArn, iamRoleArn, logGroupArn, snsTopicArn } from '../modules/arns';
import type { ExemptRole } from '../modules/guardrail-targets';
import { OrganizationGuardrails, POLICIES_PER_TARGET } from '../modules/organization-guardrails';
import { AccountStack } from './account-stack';
import { alarmTopicName } from './config/alarms';
import { logArchiveBucketNames, organizationTrailReference, trailAccountId, trailDeliveryNames } from './config/derived-names';
import { guardrailExemptRoles, monitoringProtection } from './config/guardrails';
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
 * the deployment and break-glass roles (pinned to the member accounts where they are needed) from
 * stopping the trail or weakening the archive, keys, log group, delivery roles and topic, that keep
 * those roles from being changed or assumed by anyone else there, and that keep member accounts in
 * deployment monitoring; and a resource control policy that keeps the archive's buckets and keys
 * inside the organization. Applied last: every resource it names exists by then. Resources in the
 * management account are left out: no SCP reaches them (the review note says what protects them).
 */
export class OrganizationGuardrailsStack extends AccountStack {
  public readonly guardrails: OrganizationGuardrails;

  constructor(scope: Construct, context: StackContext) {
    super(scope, context);
    const config = this.config;
    const g = config.guardrails;
    const exemptRoles = guardrailExemptRoles(config);
    this.guardrails = new OrganizationGuardrails(this, 'Guardrails', {
      targetIds: g.targetIds,
      exemptRoles,
      protect: protectedResources(config),
      monitoring: monitoringProtection(config),
      managementAccountId: config.managementAccountId,
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
    for (const note of guardrailNotes(config, exemptRoles, this.guardrails)) Annotations.of(this.guardrails).addInfo(note);
    this.output(
      'service_control_policy_ids',
      this.guardrails.serviceControlPolicies.map((p) => p.id),
      'Service control policies protecting the trail, the archive, the exempt roles and deployment monitoring',
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

/**
 * Every evidence-holding resource of the config that a member-account principal could change, by
 * literal ARN or alias: the archive's buckets, keys and replication role (log-archive account), the
 * organization trail (which CloudTrail delegated administrators, member accounts, may manage), and
 * the trail's delivery resources only when a delegated administrator holds them. In the management
 * account no SCP applies, so listing them there would protect nothing.
 */
export function protectedResources(config: OrganizationConfig) {
  const trailAccount = trailAccountId(config);
  const inMember = trailAccount !== config.managementAccountId;
  const names = trailDeliveryNames(config);
  const replication = config.archive.replication;
  const alarms = config.alarms.enabled && inMember;
  return {
    trailArns: [organizationTrailReference(config).trailArn],
    bucketArns: logArchiveBucketNames(config).map(bucketArn),
    keyAliases: [
      config.archive.keyAlias,
      ...(replication ? [replication.keyAlias] : []),
      ...(inMember ? [config.notifications.keyAlias, config.cloudWatchLogs.keyAlias] : []),
      ...(alarms ? [config.alarms.keyAlias] : []),
    ],
    logGroupArns: inMember ? [logGroupArn(config.homeRegion, trailAccount, names.logGroupName)] : [],
    roleArns: [
      ...(inMember ? [iamRoleArn(trailAccount, names.roleName)] : []),
      ...(replication ? [iamRoleArn(config.logArchiveAccountId, REPLICA_DEFAULTS.roleName(replication.bucketName))] : []),
    ],
    topicArns: inMember
      ? [
          snsTopicArn(config.homeRegion, trailAccount, names.topicName),
          ...(alarms ? [snsTopicArn(config.homeRegion, trailAccount, alarmTopicName(config))] : []),
        ]
      : [],
    alarmArns: alarms ? [`arn:aws:cloudwatch:${config.homeRegion}:${trailAccount}:alarm:${config.trailName}-*`] : [],
    alarmMetrics: alarms ? { accountId: trailAccount, region: config.homeRegion, namespaces: alarmNamespaces(config) } : undefined,
  };
}

/** The namespaces the trail alarms' metric filters publish to: the configured one, or the two defaults. */
function alarmNamespaces(config: OrganizationConfig): string[] {
  const namespace = config.alarms.namespace;
  return namespace ? [namespace] : [TRAIL_ALARMS_DEFAULTS.cisNamespace, TRAIL_ALARMS_DEFAULTS.extraNamespace];
}

/** The review notes: what the guardrails cannot cover, whom they trust, what the plan cannot check. */
function guardrailNotes(config: OrganizationConfig, exemptRoles: readonly ExemptRole[], guardrails: OrganizationGuardrails): string[] {
  const management = config.managementAccountId;
  const targets = config.guardrails.targetIds;
  const root = targets.find((id) => id.startsWith('r-')) ?? '<root id>';
  const scps = guardrails.serviceControlPolicies.length;
  const rcps = guardrails.resourceControlPolicy ? 1 : 0;
  const trailAccount = trailAccountId(config);
  const coverage =
    trailAccount === management
      ? `SCPs and RCPs do not apply to the management account (${management}), which holds the trail's log group, delivery role and topic${config.alarms.enabled ? ', the alarms' : ''} and their keys: no guardrail covers them. What protects them: their resource policies (topic and key policies refuse other accounts), CloudTrail itself (member accounts cannot change an organization trail; only CloudTrail delegated administrators can, and the SCP denies them that)${config.alarms.enabled && config.alarms.groups.trailTampering ? ', the trail-tampering alarm' : ''}, and who holds the management account's administrator credentials. Fix: create the trail from a delegated administrator (trail.delegatedAdministratorAccountId) to bring them under the SCPs`
      : `SCPs and RCPs do not apply to the management account (${management}): its administrators are held back only by the resource policies. The trail's delivery resources live in the delegated administrator ${trailAccount}, where the SCPs protect them`;
  const exempt = exemptRoles.map((r) => `role ${r.roleName} in ${r.accountIds.join(', ')}`).join(' and ');
  const others = (n: number) => {
    const left = POLICIES_PER_TARGET - 1 - n;
    return `at most ${left} other ${left === 1 ? 'policy' : 'policies'}`;
  };
  const limits = `Each target (${targets.join(', ')}) gets ${scps} SCPs${rcps ? ` and ${rcps} RCP` : ''}. AWS attaches at most ${POLICIES_PER_TARGET} of each kind to one target, FullAWSAccess${rcps ? ' and RCPFullAWSAccess' : ''} included, and the plan cannot see what is already attached: before applying, check that aws organizations list-policies-for-target --target-id <target> --filter SERVICE_CONTROL_POLICY lists ${others(scps)} besides FullAWSAccess${rcps ? ` and --filter RESOURCE_CONTROL_POLICY ${others(rcps)} besides RCPFullAWSAccess` : ''}`;
  return [
    coverage,
    `Exempt from the trail and archive SCPs: ${exempt}. Nobody else in those accounts may change or assume them, so whoever may assume them from outside is trusted with the evidence; the same role names elsewhere are not exempt`,
    limits,
    `Before applying, enable the policy types on the root: aws organizations enable-policy-type --root-id ${root} --policy-type SERVICE_CONTROL_POLICY (and RESOURCE_CONTROL_POLICY)`,
  ];
}
