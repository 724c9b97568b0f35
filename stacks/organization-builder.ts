import type { TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { OrganizationConfig } from './config/schema';
import type { StackDefinition, StackKind, SynthContext } from './registry';
import { STACK_KINDS, stackDefinitions } from './stack-registry';

/** One built stack, with where it applies. */
export interface StackSummary {
  readonly name: string;
  readonly stack: TerraformStack;
  readonly accountId: string;
  readonly region: string;
  /** Human description of the account's role. */
  readonly role: string;
  /** Apply order group (lower first). */
  readonly order: number;
}

export interface OrganizationStacks {
  /** Every stack, in apply order. */
  readonly all: readonly StackSummary[];
  /** The stack of that name; throws when the config asks for no such stack. */
  get<T extends TerraformStack = TerraformStack>(name: string): T;
  /** Whether the config asks for a stack of that name. */
  has(name: string): boolean;
}

/** Builds every stack a validated config asks for, from the registry, in apply order. */
export function buildOrganization(
  scope: Construct,
  config: OrganizationConfig,
  context: SynthContext,
  kinds: readonly StackKind[] = STACK_KINDS,
): OrganizationStacks {
  const all: StackSummary[] = stackDefinitions(config, kinds).map((definition: StackDefinition) => ({
    name: definition.name,
    accountId: definition.accountId,
    region: definition.region,
    role: definition.role,
    order: definition.order,
    stack: definition.build(scope, { ...context, config, definition }),
  }));
  const byName = new Map(all.map((s) => [s.name, s]));
  return {
    all,
    has: (name) => byName.has(name),
    get: <T extends TerraformStack>(name: string): T => {
      const found = byName.get(name);
      if (!found) throw new Error(`no stack "${name}" in this organization (stacks: ${[...byName.keys()].join(', ')})`);
      return found.stack as T;
    },
  };
}
