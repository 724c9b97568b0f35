import { memberResourceNames, memberStackNames } from '../../modules/deployment-monitoring/member-settings';
import type { ExemptRole, MonitoringProtection } from '../../modules/guardrail-targets';
import { trailAccountId } from './derived-names';
import { duplicates, type IssueFn } from './fields';
import type { ParsedConfig } from './parsed-config';

/** Enabled guardrails need somewhere to attach. */
export function checkGuardrails(c: ParsedConfig, issue: IssueFn): void {
  const g = c.guardrails;
  if (g.enabled && g.targetIds.length === 0) {
    issue(
      ['guardrails', 'targetIds'],
      g.targetIds,
      'is empty, but guardrails are on: the SCPs and RCP must be attached to the organization root or OUs. Fix: add the root ID from `aws organizations list-roots --query "Roots[0].Id"` (or OU IDs), or set guardrails.enabled to false (not recommended)',
    );
  }
  for (const i of duplicates(g.targetIds))
    issue(['guardrails', 'targetIds', i], g.targetIds[i], 'is listed twice. Fix: remove the duplicate');
  g.targetIds.forEach((id, i) => {
    if (id === c.managementAccountId) {
      issue(
        ['guardrails', 'targetIds', i],
        id,
        'is the management account; SCPs and RCPs do not apply to it, so attaching them there protects nothing. Fix: attach to the root or OUs',
      );
    }
  });
}

/**
 * The member accounts holding what the trail and archive guardrails protect, where the deployment
 * role must be exempt: the log-archive account, and the delegated administrator that creates the
 * trail (its log group, delivery role, topic and alarms live there). The management account is
 * never listed (SCPs do not reach it); the audit account, a StackSets delegated administrator and
 * external accounts hold nothing the trail and archive guardrails protect.
 */
export function guardedMemberAccounts(c: Pick<ParsedConfig, 'logArchiveAccountId' | 'managementAccountId' | 'trail'>): string[] {
  const trailAccount = trailAccountId(c);
  return [
    c.logArchiveAccountId,
    ...(trailAccount !== c.managementAccountId && trailAccount !== c.logArchiveAccountId ? [trailAccount] : []),
  ];
}

/**
 * The exempt roles, each pinned to where it is needed: the deployment role in the guarded member
 * accounts, the break-glass role in the log-archive account only (the archive's key and bucket
 * policies are the only ones that name it).
 */
export function guardrailExemptRoles(
  c: Pick<ParsedConfig, 'deployment' | 'logArchiveAccountId' | 'managementAccountId' | 'trail'>,
): ExemptRole[] {
  const breakGlass = c.deployment.breakGlassRoleName;
  return [
    { label: 'DeploymentRole', roleName: c.deployment.roleName, accountIds: guardedMemberAccounts(c) },
    ...(breakGlass ? [{ label: 'BreakGlassRole', roleName: breakGlass, accountIds: [c.logArchiveAccountId] }] : []),
  ];
}

/**
 * Deployment monitoring's member resources by name prefix, from the names the member templates give
 * them (every rule, role and the queue share `<namePrefix>-codedeploy-`; the stacks StackSets create
 * are named `StackSet-<stack set name>-<id>`, the prefix AWS's own Quick Setup policies match,
 * e.g. `stack/StackSet-AWS-QuickSetup-*` in AWSQuickSetupDeploymentRolePolicy).
 */
export function monitoringProtection(c: Pick<ParsedConfig, 'deploymentMonitoring'>): MonitoringProtection | undefined {
  const m = c.deploymentMonitoring;
  if (!m) return undefined;
  const names = memberResourceNames(m.stackSets.namePrefix);
  const stacks = memberStackNames(m.stackSets.namePrefix);
  const memberNames = [
    names.forwardingRole,
    names.forwardingRule,
    names.deadLetterQueue,
    ...m.instanceActions.map((a) => names.actionRule(a.name)),
  ];
  return {
    memberNamePrefix: commonPrefix([...memberNames, ...m.instanceActions.map((a) => names.actionRole(a.action))]),
    stackNamePrefix: `StackSet-${commonPrefix([stacks.global, stacks.regional])}`,
    deadLetterQueueName: names.deadLetterQueue,
  };
}

function commonPrefix(names: readonly string[]): string {
  let prefix = names[0] ?? '';
  for (const name of names) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}
