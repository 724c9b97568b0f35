import type { IssueFn } from './fields';
import type { ParsedConfig } from './parsed-config';
import { DEFAULT_DEPLOYMENT_ROLE, ORGANIZATION_ACCOUNT_ACCESS_ROLE } from './sections/deployment';

export {
  DEFAULT_DEPLOYMENT_ROLE,
  DEFAULT_LOCAL_STATE_DIRECTORY,
  deploymentSection,
  ORGANIZATION_ACCOUNT_ACCESS_ROLE,
} from './sections/deployment';

/**
 * The management account's role is explicit: Organizations creates OrganizationAccountAccessRole
 * only in member accounts it created (CreateAccount), never in the management account.
 */
export function checkDeployment(c: ParsedConfig, issue: IssueFn): void {
  const role = c.deployment.managementAccountRoleName;
  const why = `Organizations creates ${ORGANIZATION_ACCOUNT_ACCESS_ROLE} only in member accounts it created, never in the management account`;
  if (role === undefined) {
    issue(
      ['deployment', 'managementAccountRoleName'],
      undefined,
      `is required: the role Terraform assumes in the management account (${c.managementAccountId}) has no safe default (${why}). Fix: name a role that exists there and trusts whoever runs terraform`,
    );
  } else if (role === ORGANIZATION_ACCOUNT_ACCESS_ROLE) {
    issue(
      ['deployment', 'managementAccountRoleName'],
      role,
      `cannot exist in the management account: ${why}. Fix: create a dedicated role there and name it here`,
    );
  }
  if (c.deployment.breakGlassRoleName !== undefined && c.deployment.breakGlassRoleName === c.deployment.roleName) {
    issue(
      ['deployment', 'breakGlassRoleName'],
      c.deployment.breakGlassRoleName,
      'is the deployment role; a break-glass role is a separate, rarely used role that can recover the archive and its keys. Fix: name another role, or leave it out',
    );
  }
}

/**
 * `deployment.roleName: "OrganizationAccountAccessRole"` is a named choice that leaves a warning:
 * the role trusts the whole management account, and the deployment role is exempt from the
 * guardrails and administers the archive and its key.
 */
export function deploymentWarnings(c: Pick<ParsedConfig, 'deployment' | 'managementAccountId'>): string[] {
  if (c.deployment.roleName !== ORGANIZATION_ACCOUNT_ACCESS_ROLE) return [];
  return [
    `deployment.roleName: "${ORGANIZATION_ACCOUNT_ACCESS_ROLE}" trusts the whole management account (${c.managementAccountId}): anyone there allowed sts:AssumeRole on it becomes the deployment role, which the archive's bucket and key policies name as their administrator and the guardrails exempt, so every such principal is trusted with the evidence. Fix: create a dedicated role trusted only by whoever runs Terraform (README, Prerequisites) and set deployment.roleName to its name (default "${DEFAULT_DEPLOYMENT_ROLE}")`,
  ];
}

/** The role Terraform assumes in an account: the management account's own, or the member accounts' one. */
export function deploymentRoleName(c: Pick<ParsedConfig, 'deployment' | 'managementAccountId'>, accountId: string): string {
  if (accountId !== c.managementAccountId) return c.deployment.roleName;
  const role = c.deployment.managementAccountRoleName;
  if (!role) throw new Error('deployment.managementAccountRoleName is required (validated before synth)');
  return role;
}
