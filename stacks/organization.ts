import type { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { OrganizationConfig } from './config';
import type { SynthContext } from './deployment';
import { LogArchiveStack } from './log-archive-stack';

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
  /** Every stack, in apply order. */
  readonly all: readonly StackSummary[];
}

/** Builds every stack of the organization from a validated config, in apply order. */
export function buildOrganization(scope: Construct, config: OrganizationConfig, context: SynthContext): OrganizationStacks {
  const logArchive = new LogArchiveStack(scope, config, context);
  const all: StackSummary[] = [
    { name: logArchive.node.id, stack: logArchive, accountId: logArchive.accountId, region: logArchive.region, role: 'log archive' },
  ];
  return { logArchive, all };
}
