import type { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { OrganizationConfig } from './config';
import type { SynthContext } from './deployment';
import { ExternalAccountTrailStack } from './external-account-stack';
import { LogArchiveStack } from './log-archive-stack';
import { OrganizationManagementStack } from './organization-management-stack';
import { OrganizationTrailStack } from './organization-trail-stack';

/** One synthesized stack, with where it applies. */
export interface StackSummary {
  readonly name: string;
  readonly stack: TerraformStack;
  readonly accountId: string;
  readonly region: string;
  /** Human description of the account's role. */
  readonly role: string;
}

export interface OrganizationStacks {
  readonly logArchive: LogArchiveStack;
  /** Present only when a CloudTrail delegated administrator is configured. */
  readonly management?: OrganizationManagementStack;
  readonly trail: OrganizationTrailStack;
  readonly externalAccounts: readonly ExternalAccountTrailStack[];
  /** Every stack, in apply order. */
  readonly all: readonly StackSummary[];
}

/**
 * Builds every stack of the organization from a validated config, in apply order:
 * log archive, then (with a delegated administrator) the management account's registration,
 * then the organization trail, then the trails of accounts outside the organization.
 */
export function buildOrganization(scope: Construct, config: OrganizationConfig, context: SynthContext): OrganizationStacks {
  const logArchive = new LogArchiveStack(scope, config, context);
  const management = config.trail.delegatedAdministratorAccountId ? new OrganizationManagementStack(scope, config, context) : undefined;
  const trail = new OrganizationTrailStack(scope, config, context);
  const externalAccounts = config.externalAccountIds.map((accountId) => new ExternalAccountTrailStack(scope, config, accountId, context));

  const summary = (stack: TerraformStack & { accountId: string; region: string }, role: string): StackSummary => ({
    name: stack.node.id,
    stack,
    accountId: stack.accountId,
    region: stack.region,
    role,
  });
  const all: StackSummary[] = [
    summary(logArchive, 'log archive'),
    ...(management ? [summary(management, 'management (delegated admin registration)')] : []),
    summary(
      trail,
      config.trail.delegatedAdministratorAccountId ? 'organization trail (delegated administrator)' : 'organization trail (management)',
    ),
    ...externalAccounts.map((stack) => summary(stack, 'external account trail')),
  ];
  return { logArchive, management, trail, externalAccounts, all };
}
